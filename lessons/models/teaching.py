"""Skills, findings, lessons and questions.

Questions are versioned: a response points at the version it answered, so a
corrected key or a regenerated question never changes what a past attempt saw.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lessons.engine import types as engine
from lessons.engine.questions import QuestionType

from .articles import Article, Figure, Story, _choices


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Skill(models.Model):
    """A media-literacy skill; seeded from ``lessons.engine.skills.TAXONOMY``."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    question = models.CharField(
        _("the question a reader learns to ask"), max_length=200
    )
    description = models.TextField(_("description"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class FindingQuerySet(models.QuerySet["Finding"]):
    def for_scope(
        self, *, article: Article | None = None, story: Story | None = None
    ) -> FindingQuerySet:
        if story is not None:
            return self.filter(story=story)
        return self.filter(article=article)


class Finding(models.Model):
    """A check's result over one article's figures, or a story's."""

    key = models.CharField(_("key"), max_length=300)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("article"),
    )
    story = models.ForeignKey(
        Story,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("story"),
    )
    kind = models.CharField(_("kind"), max_length=50)
    verdict = models.CharField(
        _("verdict"), max_length=20, choices=_choices(engine.Verdict)
    )
    explanation = models.TextField(_("explanation"))
    skill = models.ForeignKey(
        Skill,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("skill"),
    )
    values = models.JSONField(_("computed values"), default=dict, blank=True)
    figures: models.ManyToManyField[Figure, FindingFigure] = models.ManyToManyField(
        Figure,
        through="FindingFigure",
        related_name="findings",
        verbose_name=_("figures"),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=True, story__isnull=False)
                | Q(article__isnull=False, story__isnull=True),
                name="finding_one_scope",
            ),
            models.UniqueConstraint(
                fields=["article", "key"],
                condition=Q(article__isnull=False),
                name="finding_unique_key_in_article",
            ),
            models.UniqueConstraint(
                fields=["story", "key"],
                condition=Q(story__isnull=False),
                name="finding_unique_key_in_story",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.verdict}"


class FindingFigure(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE)
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["finding", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding", "position"], name="findingfigure_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.finding_id}#{self.position}"


class LessonQuerySet(models.QuerySet["Lesson"]):
    def published(self) -> LessonQuerySet:
        return self.filter(status=Status.PUBLISHED)


class Lesson(models.Model):
    key = models.CharField(
        _("key"),
        max_length=300,
        unique=True,
        help_text=_("Generator key, or 'hand-…'."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(
        _("body"), help_text=_("Markdown, sanitised when rendered.")
    )
    skills = models.ManyToManyField(
        Skill, related_name="lessons", verbose_name=_("skills")
    )
    articles = models.ManyToManyField(
        Article, related_name="lessons", verbose_name=_("articles")
    )
    figures = models.ManyToManyField(
        Figure, related_name="lessons", blank=True, verbose_name=_("figures")
    )
    findings = models.ManyToManyField(
        Finding, related_name="lessons", blank=True, verbose_name=_("findings")
    )
    story = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("story"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("author"),
    )
    generated = models.BooleanField(_("generated"), default=True)
    edited = models.BooleanField(
        _("edited by a teacher"),
        default=False,
        help_text=_("Generation never overwrites an edited lesson."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    position = models.PositiveIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson-detail", kwargs={"slug": self.slug})


class Question(models.Model):
    """A question's identity; its content lives in versions."""

    key = models.CharField(_("key"), max_length=300, unique=True)
    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("lesson"),
    )
    type = models.CharField(_("type"), max_length=10, choices=_choices(QuestionType))
    skill = models.ForeignKey(
        Skill,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("skill"),
    )
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), default=2)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("finding"),
    )
    figures = models.ManyToManyField(
        Figure, related_name="questions", blank=True, verbose_name=_("figures")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    generated = models.BooleanField(_("generated"), default=True)
    edited = models.BooleanField(
        _("edited by a teacher"),
        default=False,
        help_text=_("Generation never overwrites an edited question."),
    )
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_("No longer produced by generation; kept for past attempts."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("author"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    current = models.ForeignKey(
        "QuestionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["lesson", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__gte=1) & Q(difficulty__lte=3),
                name="question_difficulty_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        stem = self.current.stem if self.current else self.key
        return stem[:80]


class QuestionVersion(models.Model):
    """The frozen content of a question as it stood at one time."""

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("question"),
    )
    number = models.PositiveIntegerField(_("number"))
    stem = models.TextField(_("stem"))
    explanation = models.TextField(_("explanation"))
    answer = models.JSONField(
        _("answer data"), help_text=_("Per-type key; never sent early.")
    )
    evidence = models.JSONField(_("evidence spans"), default=list, blank=True)
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the content, to spot changes."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="questionversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="questionversion_number_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    @property
    def content(self) -> dict[str, Any]:
        return {
            "stem": self.stem,
            "explanation": self.explanation,
            "answer": self.answer,
            "evidence": self.evidence,
        }
