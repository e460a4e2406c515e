"""Shared reads: the engine's view of stored articles and figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Prefetch, QuerySet

from lessons.engine import types as engine

from .models import (
    Article,
    Attempt,
    AttributionHop,
    Figure,
    Question,
    Quiz,
    Response,
    Skill,
    Span,
    Story,
)


def figures_with_detail() -> QuerySet[Figure]:
    return Figure.objects.select_related("article").prefetch_related(
        Prefetch("hops", queryset=AttributionHop.objects.select_related("source", "span")),
        Prefetch("spans", queryset=Span.objects.order_by("start")),
    )


def _span(span: Span | None, article_key: str) -> engine.TextSpan | None:
    if span is None:
        return None
    return engine.TextSpan(span.start, span.end, span.role, article_key)


def figure_as_engine(figure: Figure) -> engine.Figure:
    """The engine's Figure for a stored one (hops and spans prefetched)."""
    article_key = figure.article.key
    time = None
    if figure.time_text or figure.time_kind:
        time = engine.TimeRef(
            text=figure.time_text,
            kind=engine.TimeKind(figure.time_kind or engine.TimeKind.POINT),
            start=figure.time_start,
            end=figure.time_end,
            span=next(
                (_span(s, article_key) for s in figure.spans.all() if s.role == "time"), None
            ),
        )
    hops = tuple(
        engine.Hop(
            speaker=hop.speaker,
            kind=engine.SourceKind(hop.source.kind),
            named=hop.source.named,
            role=hop.role,
            organisation=hop.organisation,
            verb=hop.verb,
            span=_span(hop.span, article_key),
        )
        for hop in figure.hops.all()
    )
    spans = (engine.TextSpan(figure.start, figure.end, "value", article_key),) + tuple(
        engine.TextSpan(s.start, s.end, s.role, article_key) for s in figure.spans.all()
    )
    return engine.Figure(
        start=figure.start,
        end=figure.end,
        quote=figure.exact,
        low=_decimal(figure.low),
        high=_decimal(figure.high),
        bound=engine.Bound(figure.bound),
        kind=engine.FigureKind(figure.kind),
        unit=figure.unit,
        quantity=figure.quantity,
        subject=figure.subject,
        time=time,
        method=engine.Method(figure.method),
        hops=hops,
        location=engine.Location(figure.location),
        spans=spans,
        rule=figure.rule,
        key=figure.engine_key,
        article=article_key,
        reviewed=figure.reviewed,
    )


def _decimal(value: Decimal | None) -> Decimal | None:
    # The database pads to six places; the engine wants the value as stated.
    return None if value is None else value.normalize()


def scope_articles(*, article: Article | None = None, story: Story | None = None) -> list[Article]:
    if story is not None:
        return list(story.articles.select_related("outlet").order_by("key"))
    if article is None:
        raise ValueError("give an article or a story")
    return [article]


def corpus_for(*, article: Article | None = None, story: Story | None = None) -> engine.Corpus:
    """Every figure of an article, or of all the articles of a story."""
    articles = scope_articles(article=article, story=story)
    figures = figures_with_detail().filter(article__in=articles).order_by("article__key", "start")
    return engine.Corpus(
        articles={a.key: a.as_engine() for a in articles},
        figures=tuple(figure_as_engine(f) for f in figures),
    )


# --- students: attempts, scores, progress ---------------------------------------


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions in the order shown, with current versions (1 query)."""
    by_id = {
        q.pk: q
        for q in Question.objects.select_related("current", "skill").filter(
            pk__in=attempt.question_order
        )
    }
    return [by_id[pk] for pk in attempt.question_order if pk in by_id]


def attempt_responses(attempt: Attempt) -> dict[int, Response]:
    """The attempt's responses by question id (1 query)."""
    return {
        r.question_id: r
        for r in Response.objects.select_related("version").filter(attempt=attempt)
    }


def counted_score(attempts: Sequence[Attempt], grading: str) -> Decimal | None:
    """The score that counts under a quiz's rule, of closed, graded attempts."""
    scores = [a.score for a in sorted(attempts, key=lambda a: a.number) if a.score is not None and not a.is_open]
    if not scores:
        return None
    if grading == Quiz.Grading.HIGHEST:
        return max(scores)
    if grading == Quiz.Grading.FIRST:
        return scores[0]
    if grading == Quiz.Grading.LAST:
        return scores[-1]
    return (sum(scores) / len(scores)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class SkillProgress:
    skill: Skill
    answered: int
    average: Decimal | None  # 0..1 over graded answers


def progress_by_skill(student: Any) -> list[SkillProgress]:
    """Every skill with the student's answered count and average score (2 queries)."""
    rows = {
        row["question__skill"]: row
        for row in Response.objects.filter(
            attempt__student=student, attempt__submitted__isnull=False
        )
        .values("question__skill")
        .annotate(answered=Count("id"), average=Avg("score"))
    }
    progress = []
    for skill in Skill.objects.all():
        row = rows.get(skill.pk)
        average = row["average"] if row else None
        progress.append(
            SkillProgress(
                skill=skill,
                answered=row["answered"] if row else 0,
                average=None if average is None else Decimal(average).quantize(Decimal("0.0001")),
            )
        )
    return progress
