"""Builders of synthetic figures and corpora for the check tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lessons.engine.types import (
    ArticleInfo,
    Bound,
    Corpus,
    Figure,
    FigureKind,
    Hop,
    Location,
    Method,
    SourceKind,
    TimeKind,
    TimeRef,
)

PUBLISHED = date(2024, 3, 1)


def when(
    text: str,
    kind: TimeKind,
    start: date | None = None,
    end: date | None = None,
) -> TimeRef:
    return TimeRef(text=text, kind=kind, start=start, end=end)


def hop(
    speaker: str,
    kind: SourceKind = SourceKind.PERSON,
    *,
    named: bool = True,
    organisation: str = "",
    role: str = "",
    verb: str = "said",
) -> Hop:
    return Hop(
        speaker=speaker,
        kind=kind,
        named=named,
        organisation=organisation,
        role=role,
        verb=verb,
    )


def fig(
    key: str,
    low: str | int | Decimal | None,
    high: str | int | Decimal | None = "same",
    *,
    bound: Bound = Bound.EXACT,
    kind: FigureKind = FigureKind.COUNT,
    unit: str = "",
    quantity: str = "",
    subject: str = "",
    time: TimeRef | None = None,
    method: Method = Method.UNKNOWN,
    hops: tuple[Hop, ...] = (),
    location: Location = Location.BODY,
    article: str = "a",
    start: int | None = None,
    quote: str = "",
) -> Figure:
    """A figure; ``high`` defaults to ``low`` except for open-ended bounds."""
    lo = None if low is None else Decimal(str(low))
    if high == "same":
        open_top = bound in (Bound.AT_LEAST, Bound.MORE_THAN)
        hi = None if open_top else lo
        if bound in (Bound.AT_MOST, Bound.LESS_THAN):
            lo, hi = None, lo
    else:
        hi = None if high is None else Decimal(str(high))
    position = start if start is not None else 10 * (int(key.strip("f") or 0) + 1)
    return Figure(
        start=position,
        end=position + 5,
        quote=quote or str(low),
        low=lo,
        high=hi,
        bound=bound,
        kind=kind,
        unit=unit,
        quantity=quantity,
        subject=subject,
        time=time,
        method=method,
        hops=hops,
        location=location,
        key=key,
        article=article,
    )


def corpus(
    *figures: Figure,
    published: date | None = PUBLISHED,
    texts: dict[str, str] | None = None,
    outlets: dict[str, str] | None = None,
) -> Corpus:
    keys = sorted({f.article for f in figures} | set(texts or {}))
    articles = {
        k: ArticleInfo(
            key=k,
            headline=f"Headline {k}",
            outlet=(outlets or {}).get(k, "The Daily Test"),
            text=(texts or {}).get(k, ""),
            published=published,
        )
        for k in keys
    }
    return Corpus(articles=articles, figures=tuple(figures))
