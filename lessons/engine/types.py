"""The engine's vocabulary: plain, immutable dataclasses shared by every part.

Offsets are Python code-point offsets into the article text, end exclusive.
Decimals are used for every stated value so that "1.7 billion" and "one-third"
survive a round trip through the database unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any


class Bound(StrEnum):
    """How a stated value bounds the true one."""

    EXACT = "exact"  # "killed 200 fighters"
    APPROX = "approx"  # about, around, nearly, close to, an estimated, roughly
    AT_LEAST = "at_least"  # at least, no fewer than, a minimum of
    MORE_THAN = "more_than"  # more than, over, upwards of
    AT_MOST = "at_most"  # up to, as many as, at most, no more than
    LESS_THAN = "less_than"  # less than, fewer than, under
    RANGE = "range"  # between X and Y, X to Y, X-Y


class FigureKind(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    FRACTION = "fraction"
    AREA = "area"
    LENGTH = "length"
    MONEY = "money"
    DURATION = "duration"
    RATIO = "ratio"
    OTHER = "other"


class Method(StrEnum):
    """How the figure was arrived at, where the text says."""

    COUNT = "count"  # a tally: "left more than 200 bodies"
    ESTIMATE = "estimate"  # "estimates", "an estimated", "conservative estimate"
    PROJECTION = "projection"  # "will have", "could reach", "expected to"
    UNKNOWN = "unknown"


class Location(StrEnum):
    """Where in the article a figure stands: headlines and captions read apart."""

    HEADLINE = "headline"
    CAPTION = "caption"
    BODY = "body"


class TimeKind(StrEnum):
    POINT = "point"  # "on Thursday", "in February" read as an as-of date
    PERIOD = "period"  # "in 2015", "this year", "in a period of 24 hours"
    SINCE = "since"  # "since 2014": from then until the article's date
    UNTIL = "until"  # "by August", "already ... by"
    FUTURE = "future"  # "in five days", "next year"


class SourceKind(StrEnum):
    OUTLET = "outlet"
    GOVERNMENT = "government"
    MILITARY = "military"
    INTELLIGENCE = "intelligence"
    EXPERT = "expert"
    ORGANISATION = "organisation"
    PERSON = "person"
    DOCUMENT = "document"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    CONFLICT = "conflict"
    NEEDS_EXPLANATION = "needs_explanation"
    NOT_COMPARABLE = "not_comparable"


@dataclass(frozen=True)
class TextSpan:
    """A stretch of an article's text, with the role it plays for a figure."""

    start: int
    end: int
    role: str = "value"  # value, hedge, source, time, quantity, subject, method
    article: str = ""  # article key, where spans of several articles meet

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or negative")

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class TimeRef:
    """A time expression in the article's words and, where possible, as dates."""

    text: str
    kind: TimeKind
    start: date | None = None
    end: date | None = None
    span: TextSpan | None = None


@dataclass(frozen=True)
class Hop:
    """One link of an attribution chain, from the origin of a figure outwards."""

    speaker: str  # "Lt. Gen. Sean MacFarland", "a senior U.S. military official", "BBC"
    kind: SourceKind = SourceKind.UNKNOWN
    named: bool = True
    role: str = ""  # "White House Press Secretary"
    organisation: str = ""  # "U.S. military"
    verb: str = ""  # "said", "reported", "quoted ... as saying"
    span: TextSpan | None = None


@dataclass(frozen=True)
class Figure:
    """A figure stated in an article, as the extractor or an annotator read it.

    ``low``/``high`` are the values as stated: "at least 50,000" has low 50000
    and no high; "about 25,000" has both 25000 with the bound APPROX; "half to
    one-third" has low 1/3 and high 1/2. ``hops`` run from the first-hand
    source outwards; the article's own outlet is not a hop.
    """

    start: int
    end: int
    quote: str
    low: Decimal | None
    high: Decimal | None
    bound: Bound
    kind: FigureKind = FigureKind.COUNT
    unit: str = ""  # "fighters", "percent", "square kilometers"
    quantity: str = ""  # the counted thing: "militants killed"
    subject: str = ""  # whose: "ISIS"
    time: TimeRef | None = None
    method: Method = Method.UNKNOWN
    hops: tuple[Hop, ...] = ()
    location: Location = Location.BODY
    spans: tuple[TextSpan, ...] = ()
    rule: str = ""  # the extractor rule, or "annotation"
    key: str = ""  # stable id within its article ("f3", or the database id)
    article: str = ""  # article key, for checks across articles
    reviewed: bool = False

    def __post_init__(self) -> None:
        if self.low is None and self.high is None:
            raise ValueError(f"figure {self.quote!r} has neither low nor high")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"figure {self.quote!r} has low > high")

    @property
    def first_hand(self) -> Hop | None:
        return self.hops[0] if self.hops else None


@dataclass(frozen=True)
class Finding:
    """The result of one check over one or more figures.

    ``values`` holds the computed numbers as JSON-ready data (Decimals as
    strings) so that lessons and answer keys can quote them without recomputing.
    """

    kind: str  # "stock_vs_flow", "fraction_of_total", ...
    figures: tuple[str, ...]  # Figure.key of each figure involved, in order
    verdict: Verdict
    explanation: str
    skill: str  # a skills.Skill slug
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Deterministic identity: the same check on the same figures."""
        return f"{self.kind}:{'+'.join(self.figures)}"


@dataclass(frozen=True)
class ArticleInfo:
    """What checks and generators need to know of an article."""

    key: str
    headline: str
    outlet: str
    text: str
    published: date | None = None
    published_inferred: bool = False


@dataclass(frozen=True)
class Corpus:
    """The figures of one article, or of several articles on one story."""

    articles: Mapping[str, ArticleInfo]
    figures: tuple[Figure, ...]

    @cached_property
    def _by_key(self) -> dict[str, Figure]:
        return {figure.key: figure for figure in self.figures}

    def figure(self, key: str) -> Figure:
        """The figure with this key; checks look figures up once per finding."""
        return self._by_key[key]

    def article_of(self, figure: Figure) -> ArticleInfo:
        return self.articles[figure.article]
