"""A student's attempts at a quiz and the responses saved in them."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .quizzes import Quiz
from .teaching import Question, QuestionVersion


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        AWAITING_GRADING = "awaiting_grading", _("awaiting grading")
        GRADED = "graded", _("graded")

    quiz = models.ForeignKey(
        Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("student"),
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    started = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("From the time limit.")
    )
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(
        _("score"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("0..1 of the points; set on submission."),
    )
    points = models.DecimalField(
        _("points scored"), max_digits=8, decimal_places=4, default=0
    )
    max_points = models.DecimalField(
        _("points possible"), max_digits=8, decimal_places=2, default=0
    )
    question_order = models.JSONField(
        _("question order"),
        default=list,
        help_text=_("Question ids as shown to the student."),
    )
    question_points = models.JSONField(
        _("points per question"),
        default=dict,
        help_text=_("Frozen at the start: question id -> points, as decimal strings."),
    )
    seed = models.CharField(_("shuffle seed"), max_length=32, blank=True)

    class Meta:
        ordering = ["quiz", "student", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "student", "number"], name="attempt_unique_number"
            ),
            # At most one open attempt per student and quiz.
            models.UniqueConstraint(
                fields=["quiz", "student"],
                condition=Q(state="in_progress"),
                name="attempt_one_in_progress",
            ),
            # Submitted exactly when no longer in progress; a score with it.
            models.CheckConstraint(
                condition=(Q(state="in_progress") & Q(submitted__isnull=True))
                | (~Q(state="in_progress") & Q(submitted__isnull=False)),
                name="attempt_submitted_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(submitted__isnull=True) | Q(submitted__gte=F("started")),
                name="attempt_submitted_after_start",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="attempt_score_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} on {self.quiz} (#{self.number})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    def is_overdue(self, now: datetime) -> bool:
        return self.is_open and self.deadline is not None and now >= self.deadline

    @property
    def answers_final_once_given(self) -> bool:
        """Under immediate feedback an answer is final once given: the student
        has seen its feedback, and changing it would make feedback a way to
        find the key."""
        return self.quiz.feedback == Quiz.Feedback.IMMEDIATELY

    def feedback_visible(self, now: datetime) -> bool:
        """Whether the quiz's rule lets this student see feedback and answers now."""
        rule = self.quiz.feedback
        if rule == Quiz.Feedback.IMMEDIATELY:
            return True
        if self.is_open:
            return False
        if rule == Quiz.Feedback.AFTER_CLOSE and self.quiz.closes_at is not None:
            return now >= self.quiz.closes_at
        return True


class Response(models.Model):
    """One answer in an attempt: one per question, enforced by the database."""

    attempt = models.ForeignKey(
        Attempt,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("attempt"),
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("question"),
    )
    version = models.ForeignKey(
        QuestionVersion,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("question version"),
    )
    answer = models.JSONField(_("answer"))
    score = models.DecimalField(
        _("score"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("0..1; empty while awaiting a teacher's grading."),
    )
    correct = models.BooleanField(_("correct"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    detail = models.JSONField(_("grading detail"), default=dict, blank=True)
    needs_manual = models.BooleanField(_("awaits a teacher's grading"), default=False)
    answered_at = models.DateTimeField(_("answered at"))
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    comment = models.TextField(_("teacher's comment"), blank=True)

    class Meta:
        ordering = ["attempt", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="response_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                name="response_score_0_to_1",
            ),
            models.CheckConstraint(
                condition=Q(needs_manual=True) | Q(score__isnull=False),
                name="response_scored_unless_manual",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"
