"""Correcting and reviewing figures, and what follows from a correction.

A corrected figure changes the findings over it, and through them the lessons
and questions: the scope is re-analysed and rebuilt at once, so that every
number a lesson states stays computed from the figures.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.models import Figure, Lesson

from .analysis import analyse, analysis_scope
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
    scope = analysis_scope(figure.article)
    has_lessons = Lesson.objects.filter(articles=figure.article).exists()
    if not has_lessons:
        analyse(**scope)  # type: ignore[arg-type]
        return figure, None
    published = Lesson.objects.filter(
        articles=figure.article, status="published"
    ).exists()
    return figure, build_lessons(**scope, publish=published)  # type: ignore[arg-type]
