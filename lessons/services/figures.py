"""Correcting and reviewing figures, and what follows from a correction.

A corrected figure changes the findings over it, and through them the lessons
and questions: the scope is re-analysed and rebuilt at once, so that every
number a lesson states stays computed from the figures.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.engine import types as engine
from lessons.models import Article, Figure, Lesson

from .analysis import analyse, analysis_scope
from .articles import store_spans_and_hops
from .generation import BuildReport, build_lessons

CORRECTABLE = frozenset(
    {
        "low",
        "high",
        "bound",
        "kind",
        "unit",
        "quantity",
        "subject",
        "location",
        "time_text",
        "time_kind",
        "time_start",
        "time_end",
        "method",
        "method_text",
        "note",
    }
)


@transaction.atomic
def correct_figure(
    *, figure: Figure, changes: dict[str, Any]
) -> tuple[Figure, BuildReport | None]:
    """Apply a reviewer's corrections, mark the figure reviewed, and rebuild.

    Findings of the figure's scope are recomputed; if the scope has lessons,
    they are rebuilt too (questions whose content changed get new versions,
    published ones stay published, edited ones are left alone).
    """
    unknown = sorted(set(changes) - CORRECTABLE)
    if unknown:
        raise ValidationError(
            f"These fields cannot be corrected: {', '.join(unknown)}."
        )
    for name, value in changes.items():
        setattr(figure, name, value)
    figure.reviewed = True
    figure.full_clean(exclude=["article"])  # runs the model's check constraints too
    figure.save()
    return figure, _rebuild(figure.article)


def _rebuild(article: Article) -> BuildReport | None:
    """Findings (and lessons, where the scope has them) follow the figures."""
    scope = analysis_scope(article)
    if not Lesson.objects.filter(articles=article).exists():
        analyse(**scope)  # type: ignore[arg-type]
        return None
    published = Lesson.objects.filter(articles=article, status="published").exists()
    return build_lessons(**scope, publish=published)  # type: ignore[arg-type]


@transaction.atomic
def confirm_figure(*, figure: Figure) -> Figure:
    """A reviewer checked an extracted figure and found it right."""
    if not figure.reviewed:
        figure.reviewed = True
        figure.save(update_fields=["reviewed", "updated"])
    return figure


@transaction.atomic
def delete_figure(*, figure: Figure) -> None:
    """Remove a figure the extractor got wrong; findings and lessons follow."""
    article = figure.article
    figure.delete()
    _rebuild(article)


def _next_key(article: Article) -> str:
    used = set(article.figures.values_list("key", flat=True))
    number = len(used) + 1
    while f"t{number}" in used:
        number += 1
    return f"t{number}"


@transaction.atomic
def add_figure(
    *, article: Article, start: int, end: int, values: dict[str, Any]
) -> Figure:
    """A figure the extractor missed, added by selecting its words in the text."""
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or not 0 <= start < end <= len(article.text)
    ):
        raise ValidationError(
            f"The selection [{start}, {end}) is not a stretch of the article's "
            f"{len(article.text):,} characters."
        )
    unknown = sorted(set(values) - CORRECTABLE)
    if unknown:
        raise ValidationError(f"Unknown figure fields: {', '.join(unknown)}.")
    if article.figures.filter(start__lt=end, end__gt=start).exists():
        raise ValidationError("That selection overlaps a figure already marked.")
    figure = Figure(
        article=article,
        key=_next_key(article),
        start=start,
        end=end,
        reviewed=True,
        rule="teacher",
        **values,
    )
    figure.anchor(article.text)
    figure.full_clean(exclude=["article"])
    figure.save()
    _rebuild(article)
    return figure


@transaction.atomic
def set_attribution(*, figure: Figure, hops: list[dict[str, Any]]) -> Figure:
    """Replace a figure's chain: first-hand source first, then each outlet.

    Each hop is {speaker, kind, named, role?, organisation?, verb?, start?, end?};
    start/end, when given, mark the words that name the source.
    """
    article = figure.article
    kinds = {k.value for k in engine.SourceKind}
    cleaned = []
    for number, hop in enumerate(hops, 1):
        if not isinstance(hop, dict):
            raise ValidationError(f"Hop {number} is not an object.")
        speaker = str(hop.get("speaker", "")).strip()
        if not speaker:
            raise ValidationError(f"Hop {number} has no speaker.")
        kind = hop.get("kind", "unknown")
        if kind not in kinds:
            raise ValidationError(f"Hop {number}: unknown kind {kind!r}.")
        start, end = hop.get("start"), hop.get("end")
        if (start is None) != (end is None) or (
            start is not None
            and not (
                isinstance(start, int)
                and isinstance(end, int)
                and 0 <= start < end <= len(article.text)
            )
        ):
            raise ValidationError(f"Hop {number}: the selection is not in the text.")
        cleaned.append(
            engine.Hop(
                speaker=speaker,
                kind=engine.SourceKind(kind),
                named=bool(hop.get("named", True)),
                role=str(hop.get("role", "")),
                organisation=str(hop.get("organisation", "")),
                verb=str(hop.get("verb", "")),
                span=engine.TextSpan(start, end, "source")
                if isinstance(start, int) and isinstance(end, int)
                else None,
            )
        )
    figure.hops.all().delete()
    figure.spans.filter(role="source").delete()
    store_spans_and_hops(figure, spans=[], hops=cleaned)
    figure.reviewed = True
    figure.save(update_fields=["reviewed", "updated"])
    _rebuild(article)
    return figure
