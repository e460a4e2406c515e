"""Quizzes: ordered questions and the rules for taking them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .teaching import Lesson, Question, Skill, Status


class QuizQuerySet(models.QuerySet["Quiz"]):
    def published(self) -> QuizQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> QuizQuerySet:
        """What students see and teachers assign: published quizzes of a
        published lesson, or of none (a quiz is about its lesson's content)."""
        return self.filter(
            Q(lesson__isnull=True) | Q(lesson__status=Status.PUBLISHED),
            status=Status.PUBLISHED,
        )


class Quiz(models.Model):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("highest attempt")
        LAST = "last", _("last attempt")
        FIRST = "first", _("first attempt")
        AVERAGE = "average", _("average of attempts")

    class Feedback(models.TextChoices):
        IMMEDIATELY = "immediately", _("immediately, after each answer")
        AFTER_SUBMIT = "after_submit", _("after the attempt is submitted")
        AFTER_CLOSE = "after_close", _("after the quiz closes")

    key = models.CharField(_("key"), max_length=300, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("lesson"),
    )
    questions: models.ManyToManyField[Question, QuizItem] = models.ManyToManyField(
        Question,
        through="QuizItem",
        related_name="quizzes",
        verbose_name=_("questions"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("author"),
    )
    generated = models.BooleanField(_("generated"), default=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 for no limit.")
    )
    grading = models.CharField(
        _("which attempt counts"),
        max_length=10,
        choices=Grading.choices,
        default=Grading.HIGHEST,
    )
    time_limit = models.DurationField(_("time limit"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    feedback = models.CharField(
        _("when feedback and answers are shown"),
        max_length=15,
        choices=Feedback.choices,
        default=Feedback.AFTER_SUBMIT,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=F("closes_at")),
                name="quiz_opens_before_closes",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:quiz-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether ``Quiz.objects.public()`` holds this quiz (reads its lesson)."""
        if self.status != Status.PUBLISHED:
            return False
        lesson = self.lesson if self.lesson_id is not None else None
        return lesson is None or lesson.status == Status.PUBLISHED


class QuizItem(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="quiz_items"
    )
    position = models.PositiveIntegerField(_("position"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "position"], name="quizitem_unique_position"
            ),
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quizitem_unique_question"
            ),
            models.CheckConstraint(
                condition=Q(points__gt=0), name="quizitem_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz_id}#{self.position}"


class QuizDraw(models.Model):
    """A random draw of ``count`` published questions of one skill, per attempt."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("questions to draw"))
    points = models.DecimalField(
        _("points each"), max_digits=6, decimal_places=2, default=1
    )

    class Meta:
        ordering = ["quiz", "skill"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "skill"], name="quizdraw_unique_skill"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="quizdraw_count_positive"
            ),
            models.CheckConstraint(
                condition=Q(points__gt=0), name="quizdraw_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.skill} in {self.quiz_id}"
