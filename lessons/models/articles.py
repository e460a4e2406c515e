"""Articles as given, and the figures read from them.

The text of an article is frozen once stored: every span is a pair of
code-point offsets into it, so editing it would silently move every figure.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lessons.engine import types as engine

ANCHOR_CONTEXT = 32  # characters of prefix and suffix kept to re-anchor a span


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


class Source(models.Model):
    """A publisher or a speaker: an outlet, an official, a document."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=_choices(engine.SourceKind), default="unknown"
    )
    named = models.BooleanField(
        _("named"),
        default=True,
        help_text=_("False for 'a senior official' and the like."),
    )
    url = models.URLField(_("URL"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "kind"], name="source_unique_name_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """Several articles on one story, whose figures are compared."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    key = models.SlugField(
        _("key"), max_length=100, unique=True, help_text=_("Stable identifier.")
    )
    headline = models.CharField(_("headline"), max_length=500)
    outlet = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("outlet"),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    published_inferred = models.BooleanField(
        _("published date inferred"),
        default=False,
        help_text=_("The text carries no date; it was inferred from the events."),
    )
    published_note = models.TextField(_("how the date was inferred"), blank=True)
    story = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("story"),
    )
    text = models.TextField(_("text"), help_text=_("Stored exactly as given; frozen."))
    text_sha256 = models.CharField(_("text SHA-256"), max_length=64, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("owner"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-published", "headline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(text_sha256__regex=r"^[0-9a-f]{64}$"),
                name="article_sha256_hex",
            ),
            models.CheckConstraint(
                condition=~Q(text=""), name="article_text_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args: object, **kwargs: object) -> None:
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        if self.pk is not None and self.text_sha256 and digest != self.text_sha256:
            raise ValidationError(
                _("The text of an article is frozen: its figures are anchored to it.")
            )
        self.text_sha256 = digest
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("lessons:article-detail", kwargs={"key": self.key})

    def as_engine(self) -> engine.ArticleInfo:
        return engine.ArticleInfo(
            key=self.key,
            headline=self.headline,
            outlet=self.outlet.name,
            text=self.text,
            published=self.published,
            published_inferred=self.published_inferred,
        )


class TextSelector(models.Model):
    """Code-point offsets into an article's text, with quotes to re-anchor them.

    The exact/prefix/suffix triple follows the W3C TextQuoteSelector, so a
    span can be found again if it ever has to move to another copy of the text.
    """

    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"), help_text=_("Exclusive."))
    exact = models.TextField(_("exact quote"))
    prefix = models.CharField(_("prefix"), max_length=ANCHOR_CONTEXT, blank=True)
    suffix = models.CharField(_("suffix"), max_length=ANCHOR_CONTEXT, blank=True)

    class Meta:
        abstract = True

    def anchor(self, text: str) -> None:
        """Fill the quotes from the article's text; the offsets must fit it."""
        if not 0 <= self.start < self.end <= len(text):
            raise ValidationError(
                _(
                    "Span [%(start)s, %(end)s) lies outside the text (%(length)s characters)."
                ),
                params={"start": self.start, "end": self.end, "length": len(text)},
            )
        self.exact = text[self.start : self.end]
        self.prefix = text[max(0, self.start - ANCHOR_CONTEXT) : self.start]
        self.suffix = text[self.end : self.end + ANCHOR_CONTEXT]


class Figure(TextSelector):
    """A figure stated in an article, anchored at its value ("at least 50,000")."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("article"),
    )
    key = models.SlugField(_("key"), max_length=100)
    low = models.DecimalField(
        _("low"), max_digits=30, decimal_places=6, null=True, blank=True
    )
    high = models.DecimalField(
        _("high"), max_digits=30, decimal_places=6, null=True, blank=True
    )
    bound = models.CharField(_("bound"), max_length=12, choices=_choices(engine.Bound))
    kind = models.CharField(
        _("kind"), max_length=12, choices=_choices(engine.FigureKind), default="count"
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    quantity = models.CharField(
        _("counted thing"),
        max_length=200,
        blank=True,
        help_text=_("e.g. 'fighters killed'"),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    location = models.CharField(
        _("location"), max_length=10, choices=_choices(engine.Location), default="body"
    )
    time_text = models.CharField(
        _("time, in the article's words"), max_length=200, blank=True
    )
    time_kind = models.CharField(
        _("time kind"), max_length=10, choices=_choices(engine.TimeKind), blank=True
    )
    time_start = models.DateField(_("time from"), null=True, blank=True)
    time_end = models.DateField(_("time to"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=12, choices=_choices(engine.Method), default="unknown"
    )
    method_text = models.CharField(
        _("method, in the article's words"), max_length=200, blank=True
    )
    reviewed = models.BooleanField(
        _("reviewed"),
        default=False,
        help_text=_("Checked by a person, not only extracted."),
    )
    rule = models.CharField(
        _("rule"),
        max_length=100,
        blank=True,
        help_text=_("The extractor rule, or 'annotation'."),
    )
    note = models.TextField(_("note"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "key"], name="figure_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="figure_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=False) | Q(high__isnull=False),
                name="figure_has_value",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True)
                | Q(high__isnull=True)
                | Q(low__lte=F("high")),
                name="figure_low_le_high",
            ),
            models.CheckConstraint(
                condition=~Q(bound="range")
                | (Q(low__isnull=False) & Q(high__isnull=False)),
                name="figure_range_has_both_ends",
            ),
            models.CheckConstraint(
                condition=Q(time_start__isnull=True)
                | Q(time_end__isnull=True)
                | Q(time_start__lte=F("time_end")),
                name="figure_time_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exact} ({self.quantity or self.unit or self.kind})"

    @property
    def engine_key(self) -> str:
        return f"{self.article.key}/{self.key}"


class Span(TextSelector):
    """A supporting stretch of text: the hedge, time or source of a figure."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="spans",
        verbose_name=_("article"),
    )
    figure = models.ForeignKey(
        Figure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="spans",
        verbose_name=_("figure"),
    )
    role = models.CharField(_("role"), max_length=20)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="span_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.exact}"


class AttributionHop(models.Model):
    """One link of a figure's attribution chain; order 0 is the first-hand source."""

    figure = models.ForeignKey(
        Figure, on_delete=models.CASCADE, related_name="hops", verbose_name=_("figure")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="hops", verbose_name=_("source")
    )
    speaker = models.CharField(_("speaker, as written"), max_length=300)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    verb = models.CharField(_("verb"), max_length=100, blank=True)
    span = models.ForeignKey(
        Span,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("span"),
    )

    class Meta:
        ordering = ["figure", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "order"], name="hop_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.speaker}"
