"""Helpers shared by the checks: reading figures, pairing them, formatting.

Figure summary
--------------
Wherever a kind's ``values`` holds a figure, it is this dict
(``summarize(figure, corpus)``):

- ``key``, ``article``, ``quote``: as on the Figure
- ``text``: the figure in plain English with its unit
  (``formatting.figure_text``), e.g. "at least 12,000 deaths", "about 8,000
  members", "900 to 1,800 nurses", "one-third to one-half", "20 to 25
  percent", "more than 40 hectares"
- ``value_text``: the same without the unit ("at least 12,000")
- ``bound``, ``kind``, ``unit``, ``quantity``, ``subject``, ``location``,
  ``method``: the Figure's fields (enum values as strings)
- ``stated``: interval, the values as written (low/high of the Figure)
- ``allows``: interval, what the hedge allows (``Interval.from_bound``: "about"
  widens by 10% each way, "at least"/"more than" leave the top open)
- ``at_stated``: interval, the figure at its stated value (hedges dropped,
  real ranges kept)
- ``time``: ``{"text", "kind", "start", "end"}`` (ISO dates or None) or None
- ``as_of``: ISO date the figure holds at (time end, else start, else the
  article's published date), or None
- ``source``: the first-hand speaker, or None when unsourced;
  ``source_named``: bool or None; ``hops``: number of hops
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from ..formatting import FRACTION_NAMES, at_stated, figure_text, unit_label
from ..intervals import Interval
from ..types import Corpus, Figure, FigureKind, Location, TimeKind


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Word lists (singular, lower case; see ``stem``). General vocabulary of news
# figures, never the words of one story.

STOPWORDS = _words(
    """
    a an the of in on at by for to from with and or its their his her our
    your this that these those has have had is are was were be been being
    who whose which where when there what as than per into over under
    about some other s it they can could will would may might including
    include more less
    """
)

# A flow counts events over a period: people killed, members arrested, cases.
FLOW_WORDS = _words(
    """
    kill killed killing dead death died die casualty fatality lost lose
    loss arrest arrested detained detention displaced displacement fled
    refugee evacuated injured injury wounded recruited recruit hired hire
    fired dismissed laid layoff quit resigned resignation joined admitted
    admission infected infection case sold deported captured body executed
    abducted kidnapped missing defected deserted struck striking walkout
    departure birth born donation donated
    """
)

# Headcounts: the people a stock counts.
PEOPLE_WORDS = _words(
    """
    people person fighter militant combatant troop soldier force member
    staff employee worker resident population inhabitant personnel army
    volunteer student teacher nurse doctor patient civilian citizen voter
    donor subscriber user customer official officer police adult child man
    woman recruit striker refugee commander insurgent rebel jihadist crew
    player supporter follower migrant prisoner detainee victim individual
    death casualty fatality body
    """
)

# States that pick out a part of what is counted: homes *damaged*, roads
# *closed*. With the flows, the words that make two counts of one unit count
# different things (see ``qualifiers``).
STATE_WORDS = _words(
    """
    damaged destroyed flooded submerged inundated affected burned burnt
    collapsed demolished closed shut reopened open opened rescued treated
    vaccinated tested confirmed suspected insured uninsured unemployed employed
    homeless hospitalised hospitalized stranded trapped cut cancelled canceled
    delayed repaired rebuilt abandoned occupied vacant empty flagged approved
    rejected
    """
)

TOTAL_WORDS = _words(
    """
    total overall whole entire combined altogether all
    """
)
REMAINDER_WORDS = _words(
    """
    remaining remain remains still surviving rest
    """
)

# Losses a party likes to report of its opponent.
LOSS_WORDS = _words(
    """
    kill killed killing lost lose loss casualty body captured destroyed
    defeated eliminated neutralised neutralized arrested detained
    surrendered dead defected deserted
    """
)
# Gains a party likes to report of itself.
GAIN_WORDS = _words(
    """
    gained gain won win retook retaken recaptured reclaimed reclaiming
    liberated liberating seized captured recruited joined grew growth
    raised increased saved created
    """
)

CUMULATIVE_TIMES = (TimeKind.SINCE, TimeKind.UNTIL)

_WORD = re.compile(r"[a-z0-9]+")

# Units that name the same thing; applied when comparing units only.
UNIT_SYNONYMS = {
    "nation": "country",
    "dollar": "usd",
    "km": "kilometer",
    "kilometre": "kilometer",
}


def stem(word: str) -> str:
    """A crude singular: fighters -> fighter, casualties -> casualty."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def tokens(text: str) -> frozenset[str]:
    """Content words of ``text``, stemmed, without stopwords."""
    return (
        frozenset(
            stem(w)
            for w in _WORD.findall(text.lower())
            if w not in STOPWORDS and len(w) > 1 and not w.isdigit()
        )
        - STOPWORDS
    )


def words_of(figure: Figure) -> frozenset[str]:
    """The words that say what a figure counts: its quantity and unit."""
    return tokens(f"{figure.quantity} {figure.unit}")


def subject_tokens(figure: Figure) -> frozenset[str]:
    return tokens(figure.subject)


def signature(figure: Figure) -> frozenset[str]:
    """What is counted, without whose: quantity and unit words minus the subject."""
    return words_of(figure) - subject_tokens(figure)


def same_subject(a: Figure, b: Figure) -> bool:
    """Both figures name a subject and one's words include the other's."""
    sa, sb = subject_tokens(a), subject_tokens(b)
    return bool(sa) and bool(sb) and (sa <= sb or sb <= sa)


def flow_words(figure: Figure) -> frozenset[str]:
    return words_of(figure) & FLOW_WORDS


def qualifiers(figure: Figure) -> frozenset[str]:
    """The flow and state words of what a figure counts ("damaged" of "homes
    damaged", "killed" of "fighters killed"): what picks out a part of the thing."""
    return signature(figure) & (FLOW_WORDS | STATE_WORDS)


def is_flow(figure: Figure) -> bool:
    """Counts events over a period (killed, arrested, cases), not a headcount."""
    return bool(flow_words(figure))


def is_cumulative(figure: Figure) -> bool:
    """A running total: a flow counted since a start or up to a date."""
    return (
        is_flow(figure)
        and figure.time is not None
        and figure.time.kind in CUMULATIVE_TIMES
    )


def role(figure: Figure) -> str:
    """ "remainder", "total" or "" from the figure's own words."""
    words = tokens(f"{figure.quantity} {figure.unit} {figure.quote}")
    if words & REMAINDER_WORDS:
        return "remainder"
    if words & TOTAL_WORDS:
        return "total"
    return ""


def unit_family(figure: Figure) -> str:
    """What one unit is, coarsely: "people", "percent", "area:square kilometer"."""
    if figure.kind is FigureKind.PERCENT:
        return "percent"
    if figure.kind is FigureKind.FRACTION:
        return "fraction"
    unit = frozenset(UNIT_SYNONYMS.get(w, w) for w in tokens(figure.unit))
    if figure.kind in (FigureKind.AREA, FigureKind.LENGTH, FigureKind.MONEY):
        return f"{figure.kind.value}:{' '.join(sorted(unit))}"
    if unit & PEOPLE_WORDS or (not unit and words_of(figure) & PEOPLE_WORDS):
        return "people"
    if unit:
        return "unit:" + " ".join(sorted(unit))
    return "unit:" + " ".join(sorted(signature(figure)))


def same_unit(a: Figure, b: Figure) -> bool:
    return a.kind is b.kind and unit_family(a) == unit_family(b)


def counted_nouns(figure: Figure) -> frozenset[str]:
    """What is counted, without flow, total or share words and the subject."""
    return signature(figure) - FLOW_WORDS - TOTAL_WORDS - REMAINDER_WORDS - SHARE_WORDS


SHARE_WORDS = frozenset({"share", "percent", "percentage", "proportion", "fraction"})


def shares_comparable(a: Figure, b: Figure) -> bool:
    """Counts compare by unit; shares only when they are shares of one thing."""
    share_kinds = (FigureKind.PERCENT, FigureKind.FRACTION)
    if a.kind not in share_kinds and b.kind not in share_kinds:
        return True
    return bool(counted_nouns(a) & counted_nouns(b))


def is_body(figure: Figure) -> bool:
    return figure.location is Location.BODY


def ordered(corpus: Corpus, figures: Iterable[Figure] | None = None) -> list[Figure]:
    """Figures in a stable order: article, then text position, then key."""
    pool = corpus.figures if figures is None else figures
    return sorted(pool, key=lambda f: (f.article, f.start, f.end, f.key))


def body_figures(corpus: Corpus) -> list[Figure]:
    return [f for f in ordered(corpus) if is_body(f)]


def pairs(figures: list[Figure]) -> Iterator[tuple[Figure, Figure]]:
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            yield a, b


# Values -----------------------------------------------------------------------


def allows(figure: Figure) -> Interval:
    """Every value the stated figure allows."""
    return Interval.from_bound(figure.low, figure.high, figure.bound)


def stated_value(figure: Figure) -> Decimal:
    """One number for the figure: the stated point, or a range's midpoint."""
    iv = at_stated(figure)
    mid = iv.midpoint
    assert mid is not None
    return mid


def as_share(iv: Interval, kind: FigureKind) -> Interval:
    """A percent or fraction figure's interval as a share of one.

    A fraction written down as a rounded decimal ("0.333333" for one-third) is
    snapped to the named fraction it stands for, so that 600 as one-third of a total
    gives 1,800, not 1,800.0018.
    """
    if kind is FigureKind.PERCENT:
        return iv.scale(Decimal("0.01"))
    if kind is FigureKind.FRACTION:
        return Interval(_snap(iv.low), _snap(iv.high))
    return iv


def _snap(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    for exact, _name in FRACTION_NAMES:
        if abs(value - exact) < Decimal("0.00001"):
            return exact
    return value


def reference_date(figure: Figure, corpus: Corpus) -> date | None:
    """The date a figure holds at: its time's end, else start, else publication."""
    t = figure.time
    if t is not None:
        if t.end is not None:
            return t.end
        if t.kind is TimeKind.SINCE:
            return _published(figure, corpus)
        if t.start is not None:
            return t.start
        return None
    return _published(figure, corpus)


def _published(figure: Figure, corpus: Corpus) -> date | None:
    info = corpus.articles.get(figure.article)
    return None if info is None else info.published


def time_class(figure: Figure) -> str:
    """ "cumulative", "snapshot", "period", "future" or "" (no time stated)."""
    t = figure.time
    if t is None:
        return ""
    if t.kind in CUMULATIVE_TIMES:
        return "cumulative"
    if t.kind is TimeKind.POINT:
        return "snapshot"
    if t.kind is TimeKind.PERIOD:
        return "period"
    return "future"


# Two figures whose reference dates lie this many days apart or less count as
# the same time.
SAME_TIME_DAYS = 31


def same_time(a: Figure, b: Figure, corpus: Corpus) -> bool:
    """No clash of time class (a running total against a snapshot ...) and
    reference dates, where both have one, within ``SAME_TIME_DAYS``."""
    ca, cb = time_class(a), time_class(b)
    if ca and cb and ca != cb:
        return False
    da, db = reference_date(a, corpus), reference_date(b, corpus)
    return da is None or db is None or abs((da - db).days) <= SAME_TIME_DAYS


def days_between(a: date, b: date) -> int:
    return (b - a).days


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end of the paragraph (blank-line separated) holding ``position``."""
    start = text.rfind("\n\n", 0, position)
    end = text.find("\n\n", position)
    return (0 if start < 0 else start + 2, len(text) if end < 0 else end)


def same_paragraph(a: Figure, b: Figure, corpus: Corpus, *, window: int = 400) -> bool:
    """Both in one article, within ``window`` characters and one paragraph."""
    if a.article != b.article:
        return False
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.start - first.end > window:
        return False
    info = corpus.articles.get(a.article)
    if info is None or not info.text:
        return True
    return paragraph_bounds(info.text, first.start) == paragraph_bounds(
        info.text, second.start
    )


# JSON -------------------------------------------------------------------------


def ivj(iv: Interval | None) -> dict[str, str | None] | None:
    """An interval as JSON, None staying None."""
    return None if iv is None else iv.as_json()


def num(value: Decimal) -> str:
    """A decimal as a plain string, as in ``Interval.as_json``."""
    plain = Interval.point(value).as_json()["low"]
    assert plain is not None
    return plain


def summarize(figure: Figure, corpus: Corpus) -> dict[str, Any]:
    """The figure summary documented at the top of this module."""
    t = figure.time
    as_of = reference_date(figure, corpus)
    hop = figure.first_hand
    return {
        "key": figure.key,
        "article": figure.article,
        "quote": figure.quote,
        "text": figure_text(figure),
        "value_text": figure_text(figure, with_unit=False),
        "bound": figure.bound.value,
        "kind": figure.kind.value,
        "unit": figure.unit,
        "quantity": figure.quantity,
        "subject": figure.subject,
        "location": figure.location.value,
        "method": figure.method.value,
        "stated": {
            "low": None if figure.low is None else num(figure.low),
            "high": None if figure.high is None else num(figure.high),
        },
        "allows": allows(figure).as_json(),
        "at_stated": at_stated(figure).as_json(),
        "time": None
        if t is None
        else {
            "text": t.text,
            "kind": t.kind.value,
            "start": None if t.start is None else t.start.isoformat(),
            "end": None if t.end is None else t.end.isoformat(),
        },
        "as_of": None if as_of is None else as_of.isoformat(),
        "source": None if hop is None else hop.speaker,
        "source_named": None if hop is None else hop.named,
        "hops": len(figure.hops),
    }


# Reading figures out ------------------------------------------------------------


def time_text(figure: Figure) -> str:
    return "" if figure.time is None else figure.time.text


def described(figure: Figure) -> str:
    """The figure with what it counts: "at least 300 members arrested"."""
    quantity = figure.quantity.strip()
    if not quantity:
        return figure_text(figure)
    unit_words = tokens(unit_label(figure))
    if unit_words <= tokens(quantity):
        return f"{figure_text(figure, with_unit=False)} {quantity}"
    return f"{figure_text(figure)} ({quantity})"


def quoted(figure: Figure) -> str:
    """How explanations name a figure: what it counts and, if any, its time."""
    when = time_text(figure)
    return f"{described(figure)} ({when})" if when else described(figure)


# Arithmetic helpers --------------------------------------------------------------

DAYS_PER_MONTH = Decimal("30.44")


def non_negative(iv: Interval) -> Interval:
    """``iv`` with negative values cut off (counts cannot be negative)."""
    zero = Decimal(0)
    lo = zero if iv.low is None else max(zero, iv.low)
    hi = None if iv.high is None else max(zero, iv.high)
    return Interval(lo, hi)


def period_dates(figure: Figure, corpus: Corpus) -> tuple[date, date] | None:
    """Start and end of a figure's period, the end of "since" being publication."""
    t = figure.time
    if t is None or t.start is None:
        return None
    end = t.end if t.end is not None else reference_date(figure, corpus)
    if end is None or end <= t.start:
        return None
    return t.start, end


def months(days: int) -> Decimal:
    return Decimal(days) / DAYS_PER_MONTH


def first_speaker(figure: Figure) -> str:
    hop = figure.first_hand
    return "" if hop is None else hop.speaker.strip().lower()
