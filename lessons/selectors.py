"""Shared reads: the engine's view of stored articles and figures."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch

from lessons.engine import types as engine

from .models import Article, AttributionHop, Figure, Span, Story


def figures_with_detail() -> Iterable[Figure]:
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
