"""Reading the times of English news text.

``find_times`` finds the time expressions of a text ("since 2009", "in
October", "on Monday", "last winter", "in three days", "4 July 1976")
and turns each into a ``TimeRef``: its words, its kind, and where the
article's publication date allows, the dates it covers. ``resolve_time`` does
the same for one expression on its own.

How the words become dates (``published`` is the article's date):

- A named month or weekday without a year is the most recent one on or
  before ``published`` ("in October" in an article of 3 March 2016 is October
  2015; "on Monday" in an article of a Monday is that day, as in news
  style "said Monday"). "last October" is the most recent before the current
  month, "next October" the first after it. A day without a year ("January 21")
  is the occurrence nearest to ``published``.
- "this year/month/week" is the whole calendar unit; "earlier this year" runs
  from its start to ``published``, "later this year" from ``published`` to its
  end (FUTURE). Weeks start on Monday.
- Seasons are northern-hemisphere meteorological ones: spring March-May,
  summer June-August, autumn September-November, winter December-February.
  "last summer" is the latest summer that ended before ``published``.
- "since X" is SINCE from the start of X to ``published``; "by X", "until X"
  are UNTIL with no start and the end of X as end; "before X" ends the day
  before X starts; "after X" is SINCE the day after X.
- "in three days", "within two weeks", "in the coming weeks" are FUTURE from
  ``published``; "in a period of 48 hours", "in the past three years",
  "in recent weeks" are PERIODs that end at ``published`` (recent days: 7 days,
  weeks: 28 days, months: 90 days, years: 3 years). "three days ago" is a
  POINT.
- Without ``published`` every kind and text is kept and only the dates that
  the words alone fix (years, "May 1999", "4 July 1976") are set.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .numbers import parse_number
from .types import TextSpan, TimeKind, TimeRef

__all__ = ["find_times", "resolve_time"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_UNIT_DAYS = {
    "second": Decimal(1) / 86400,
    "minute": Decimal(1) / 1440,
    "hour": Decimal(1) / 24,
    "day": Decimal(1),
    "week": Decimal(7),
    "fortnight": Decimal(14),
    "month": Decimal("30.4375"),
    "year": Decimal("365.25"),
    "decade": Decimal("3652.5"),
}
_RECENT_DAYS = {"day": 7, "week": 28, "month": 90, "year": 3 * 365}

_MONTH = (
    r"(?P<month>"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")(?:(?<=Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|ept|Oct|Nov|Dec)\.|\b)"
)
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b"
_YEAR = r"(?<![\d,.$£€/])(?<!\d-)(?P<year>19\d\d|20\d\d|2100)(?![\d]|[,.]\d|['’]?s\b)"
_YEAR2 = r"(?P<year2>19\d\d|20\d\d|2100)(?![\d]|[,.]\d|['’]?s\b)"
_YY = r"(?P<yy>\d\d)(?![\d]|[,.]\d|['’]?s\b)"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_LEAD = (
    r"(?:\b(?P<lead>(?i:as\s+of|around|circa|in|during|since|by|until|till|through|throughout|"
    r"before|after|from|on|of|at|for))\s+)?"
)
_PART = (
    r"(?:(?P<part>(?i:early|mid|late|the\s+end\s+of|the\s+start\s+of|"
    r"the\s+beginning\s+of|the\s+middle\s+of|the\s+first\s+half\s+of|"
    r"the\s+second\s+half\s+of))(?:-|\s+))?"
)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_COUNT = (
    r"(?P<count>\d+(?:\.\d+)?|(?i:a\s+few|a\s+couple\s+of|several|an?|"
    + _NUMBER_WORDS
    + r"))"
)
_UNIT = r"(?P<unit>(?i:second|minute|hour|day|week|fortnight|month|year|decade))s?\b"
# Words after a number that make it an amount, not a year.
_NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|(?i:percent|per\s+cent|million|billion|thousand|square|km|kilomet|"
    r"miles|dollars|euros|pounds|hours|days|weeks|months|years)\b)"
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?i:at\s+least|more\s+than|fewer\s+than|less\s+than|up\s+to|as\s+many\s+as|"
    r"no\s+more\s+than|no\s+fewer\s+than|over|under|some)\s+$"
)


@dataclass(frozen=True)
class _Dates:
    kind: TimeKind
    start: date | None
    end: date | None


_Resolver = Callable[["re.Match[str]", date | None], _Dates | None]


# --------------------------------------------------------------------------
# calendar arithmetic


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _recent_month(month: int, published: date) -> int:
    """The year of the latest ``month`` on or before ``published``."""
    return published.year if month <= published.month else published.year - 1


def _nearest_day(month: int, day: int, published: date) -> date | None:
    best: date | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - published) < abs(best - published):
            best = candidate
    return best


def _season(name: str, year: int) -> tuple[date, date]:
    """The season ``name`` that starts in ``year``."""
    first = _SEASONS[name]
    start = date(year, first, 1)
    last_month = first + 2
    end = _month_end(year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)
    return start, end


def _add_days(day: date, days: Decimal) -> date:
    return day + timedelta(days=float(days))


def _count(words: str) -> Decimal | None:
    w = " ".join(words.lower().split())
    if w in ("a", "an"):
        return Decimal(1)
    if w in ("a few", "a couple of", "several"):
        return None
    try:
        return parse_number(w)
    except ValueError:
        return None


def _with_lead(
    lead: str | None,
    kind: TimeKind,
    start: date | None,
    end: date | None,
    published: date | None,
) -> _Dates:
    """Applies "since", "by", "before", "after" to a period."""
    word = " ".join((lead or "").lower().split())
    if word == "since":
        return _Dates(TimeKind.SINCE, start, published)
    if word in ("by", "until", "till"):
        return _Dates(TimeKind.UNTIL, None, end)
    if word == "before":
        return _Dates(
            TimeKind.UNTIL, None, None if start is None else start - timedelta(days=1)
        )
    if word == "after":
        return _Dates(
            TimeKind.SINCE, None if end is None else end + timedelta(days=1), published
        )
    return _Dates(kind, start, end)


def _part_of(part: str | None, start: date, end: date) -> tuple[date, date]:
    """ "early 2011" is its first third (January-April), "late 2011" its last.

    Periods of whole months are cut at month boundaries; a single month is
    cut by days ("early March" is 1-10 March).
    """
    if not part:
        return start, end
    p = " ".join(part.lower().split())
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months >= 3:

        def month_start(offset: int) -> date:
            index = start.year * 12 + start.month - 1 + offset
            return date(index // 12, index % 12 + 1, 1)

        def before(offset: int) -> date:
            return month_start(offset) - timedelta(days=1)

        third, half = months // 3, months // 2
        cuts = {
            "early": (start, before(third)),
            "mid": (month_start(third), before(months - third)),
            "late": (month_start(months - third), end),
            "the first half of": (start, before(half)),
            "the second half of": (month_start(half), end),
        }
    else:
        days = (end - start).days + 1
        third, half = days // 3, days // 2
        cuts = {
            "early": (start, start + timedelta(days=third - 1)),
            "mid": (start + timedelta(days=third), end - timedelta(days=third)),
            "late": (end - timedelta(days=third - 1), end),
            "the first half of": (start, start + timedelta(days=half - 1)),
            "the second half of": (start + timedelta(days=half), end),
        }
    if p in ("the start of", "the beginning of"):
        p = "early"
    elif p == "the middle of":
        p = "mid"
    elif p == "the end of":
        p = "late"
    return cuts.get(p, (start, end))


# --------------------------------------------------------------------------
# resolvers, one for each pattern


def _month_year(m: re.Match[str], published: date | None) -> _Dates | None:
    year, month = int(m["year"]), _MONTHS[m["month"].rstrip(".")]
    start, end = _part_of(m["part"], date(year, month, 1), _month_end(year, month))
    return _with_lead(m["lead"], TimeKind.PERIOD, start, end, published)


def _year_span(m: re.Match[str], published: date | None) -> _Dates | None:
    first = int(m["year"])
    if m["yy"] and not m["dash"]:
        return None  # "in 2009 to 12 others": a count, not 2009 to 2012
    second = first // 100 * 100 + int(m["yy"]) if m["yy"] else int(m["year2"])
    if second <= first:
        return None
    return _with_lead(
        m["lead"], TimeKind.PERIOD, date(first, 1, 1), date(second, 12, 31), published
    )


def _decade(m: re.Match[str], published: date | None) -> _Dates | None:
    first = int(m["decade"])
    start, end = _part_of(m["part"], date(first, 1, 1), date(first + 9, 12, 31))
    return _with_lead(m["lead"], TimeKind.PERIOD, start, end, published)


def _year(m: re.Match[str], published: date | None) -> _Dates | None:
    text = m.string
    if _NOT_YEAR_AFTER.match(text, m.end()) or _NOT_YEAR_BEFORE.search(
        text, 0, m.start("year")
    ):
        return None
    year = int(m["year"])
    start, end = _part_of(m["part"], date(year, 1, 1), date(year, 12, 31))
    return _with_lead(m["lead"], TimeKind.PERIOD, start, end, published)


def _month_alone(m: re.Match[str], published: date | None) -> _Dates | None:
    month = _MONTHS[m["month"].rstrip(".")]
    which = (m["which"] or "").lower()
    lead = m["lead"]
    if m["month"] == "May" and not (lead or which or m["part"]):
        return None
    if not (lead or which or m["part"]):
        return None
    kind = TimeKind.FUTURE if which == "next" else TimeKind.PERIOD
    if published is None:
        return _with_lead(lead, kind, None, None, None)
    if which == "next":
        year = published.year if month > published.month else published.year + 1
    elif which == "last":
        year = published.year if month < published.month else published.year - 1
    elif which == "this":
        year = published.year
    else:
        year = _recent_month(month, published)
    start, end = _part_of(m["part"], date(year, month, 1), _month_end(year, month))
    return _with_lead(lead, kind, start, end, published)


def _relative(m: re.Match[str], published: date | None) -> _Dates | None:
    which = m["which"].lower()
    unit = m["runit"].lower()
    when = (m["when"] or "").lower()
    future = which in ("next", "coming")
    kind = TimeKind.FUTURE if future or when == "later" else TimeKind.PERIOD
    if published is None:
        return _with_lead(m["lead"], kind, None, None, None)
    p = published
    start: date
    end: date
    if which == "past" or (which == "last" and m["the"]):
        days = {"week": 7, "month": 30, "year": 365, "decade": 3652, "weekend": 7}.get(
            unit
        )
        if days is None:
            return _Dates(TimeKind.PERIOD, None, p)
        return _with_lead(m["lead"], TimeKind.PERIOD, p - timedelta(days=days), p, p)
    if unit in _SEASONS:
        start, end = _season_instance(unit, which, p)
    else:
        offset = {"this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[which]
        if unit == "year":
            start, end = date(p.year + offset, 1, 1), date(p.year + offset, 12, 31)
        elif unit == "month":
            index = p.year * 12 + p.month - 1 + offset
            start = date(index // 12, index % 12 + 1, 1)
            end = _month_end(start.year, start.month)
        elif unit in ("week", "weekend"):
            monday = p - timedelta(days=p.weekday()) + timedelta(weeks=offset)
            start, end = monday, monday + timedelta(days=6)
            if unit == "weekend":
                start = monday + timedelta(days=5)
        elif unit == "decade" and offset == 0:
            first = p.year // 10 * 10
            start, end = date(first, 1, 1), date(first + 9, 12, 31)
        elif unit == "decade":
            # "over the next decade" means the ten years from now.
            ten_years = timedelta(days=3652)
            start, end = (p, p + ten_years) if offset > 0 else (p - ten_years, p)
        else:
            return None
    if when == "earlier":
        end = min(end, p)
    elif when == "later":
        start = max(start, p)
    return _with_lead(m["lead"], kind, start, end, published)


def _season_instance(name: str, which: str, published: date) -> tuple[date, date]:
    instances = [
        _season(name, year) for year in range(published.year - 2, published.year + 2)
    ]
    if which in ("last", "previous"):
        return [s for s in instances if s[1] < published][-1]
    if which in ("next", "coming"):
        return next(s for s in instances if s[0] > published)
    containing = [s for s in instances if s[0] <= published <= s[1]]
    if containing:
        return containing[0]
    if name == "winter" and published.month < 12:
        return _season(
            name, published.year if published.month > 2 else published.year - 1
        )
    return _season(name, published.year)


def _season_alone(m: re.Match[str], published: date | None) -> _Dates | None:
    name = m["season"].lower()
    if m["year"]:
        year = int(m["year"])
        start, end = _season(name, year)
        return _with_lead(m["lead"], TimeKind.PERIOD, start, end, published)
    return None


def _day_word(m: re.Match[str], published: date | None) -> _Dates | None:
    word = m["dayword"].lower()
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    kind = TimeKind.FUTURE if offset > 0 else TimeKind.POINT
    if published is None:
        return _Dates(kind, None, None)
    point = published + timedelta(days=offset)
    return _with_lead(m["lead"], kind, point, point, published)


def _weekday(m: re.Match[str], published: date | None) -> _Dates | None:
    which = (m["which"] or "").lower()
    kind = TimeKind.FUTURE if which == "next" else TimeKind.POINT
    if published is None:
        return _with_lead(m["lead"], kind, None, None, None)
    wanted = _WEEKDAYS[m["weekday"]]
    back = (published.weekday() - wanted) % 7
    if which == "next":
        point = published + timedelta(days=(wanted - published.weekday()) % 7 or 7)
    elif which == "last":
        point = published - timedelta(days=back or 7)
    else:
        point = published - timedelta(days=back)
    return _with_lead(m["lead"], kind, point, point, published)


def _span_of(m: re.Match[str]) -> Decimal | None:
    count = _count(m["count"])
    if count is None:
        return None
    return count * _UNIT_DAYS[m["unit"].lower()]


_PAST_VERB = re.compile(
    r"(?i:\b(?:\w+ed|fell|was|were|had|lost|took|won|rose|grew|came|went|made|"
    r"left|saw|gave|began|fought|ran|seized|held|built|spent|paid|sold|"
    r"bought|drew|brought|caught)\s+)$"
)


_FUTURE_WORD = re.compile(
    r"(?i:\b(?:will|would|could|shall|expected|scheduled|due|set\s+to|going\s+to|"
    r"plans?|planned|aims?)\b)"
)


def _duration(m: re.Match[str], published: date | None) -> _Dates | None:
    lead = " ".join(m["dlead"].lower().split())
    span = _span_of(m)
    past = "past" in lead or "last" in lead or "previous" in lead or "period" in lead
    if not past and lead == "in":
        window = max(0, m.start() - 60)
        if not _FUTURE_WORD.search(m.string, window, m.start()) and _PAST_VERB.search(
            m.string, window, m.start()
        ):
            # "rain fell in three days": a past period of unknown dates.
            return _Dates(TimeKind.PERIOD, None, None)
    kind = TimeKind.PERIOD if past else TimeKind.FUTURE
    if published is None or span is None:
        return _Dates(kind, None, None)
    if past:
        return _Dates(kind, _add_days(published, -span), published)
    return _Dates(kind, published, _add_days(published, span))


def _ago(m: re.Match[str], published: date | None) -> _Dates | None:
    span = _span_of(m)
    if published is None or span is None:
        return _Dates(TimeKind.POINT, None, None)
    point = _add_days(published, -span)
    return _Dates(TimeKind.POINT, point, point)


def _recent(m: re.Match[str], published: date | None) -> _Dates | None:
    unit = m["unit"].lower()
    if m["which"].lower() == "coming":
        if published is None:
            return _Dates(TimeKind.FUTURE, None, None)
        return _Dates(
            TimeKind.FUTURE, published, published + timedelta(days=_RECENT_DAYS[unit])
        )
    if published is None:
        return _Dates(TimeKind.PERIOD, None, None)
    return _Dates(
        TimeKind.PERIOD, published - timedelta(days=_RECENT_DAYS[unit]), published
    )


def _resolve_full(m: re.Match[str], published: date | None) -> _Dates | None:
    month_text = m["month"] or m["month2"]
    day_text = m["day"] or m["day2"]
    month = _MONTHS[month_text.rstrip(".")]
    day = int(day_text)
    if m["year"]:
        try:
            point: date | None = date(int(m["year"]), month, day)
        except ValueError:
            return None
    elif published is not None:
        point = _nearest_day(month, day, published)
    else:
        point = None
    return _with_lead(m["lead"], TimeKind.POINT, point, point, published)


_WHICH = r"(?P<which>(?i:last|next|this|past|previous|coming))"
_PATTERNS: list[tuple[re.Pattern[str], _Resolver]] = [
    (
        re.compile(
            _LEAD
            + r"(?:"
            + _WEEKDAY.replace("?P<weekday>", "?:")
            + r",?\s+)?(?:"
            + r"(?:the\s+)?"
            + _DAY
            + r"(?:\s+of)?\s+"
            + _MONTH
            + r"|"
            + _MONTH2
            + r"\s+(?P<day2>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
            + r")(?:,?\s+"
            + _YEAR
            + r")?"
        ),
        _resolve_full,
    ),
    (re.compile(_LEAD + _PART + _MONTH + r",?\s+" + _YEAR), _month_year),
    (
        re.compile(
            r"(?:(?P<lead>(?i:from|between|in|during|since|for|over))\s+)?"
            + _YEAR
            + r"(?:\s*(?P<dash>-|–|/)\s*|\s+(?i:to|and|through|until)\s+)(?:"
            + _YEAR2
            + "|"
            + _YY
            + ")"
        ),
        _year_span,
    ),
    (
        re.compile(
            _LEAD + r"(?i:the\s+)" + _PART + r"(?P<decade>(?:19|20)\d0)['’]?s\b"
        ),
        _decade,
    ),
    (re.compile(_LEAD + _PART + _YEAR), _year),
    (
        re.compile(
            _LEAD
            + r"(?:(?P<which>(?i:last|next|this))\s+)?"
            + _PART
            + _MONTH
            + r"(?!\s*\d)"
        ),
        _month_alone,
    ),
    (
        re.compile(
            _LEAD
            + r"(?:(?P<when>(?i:earlier|later|early|late))\s+)?"
            + r"(?P<the>(?i:the)\s+)?"
            + _WHICH
            + r"\s+(?P<runit>(?i:year|month|week|weekend|decade|spring|summer|autumn|"
            r"fall|winter))\b"
        ),
        _relative,
    ),
    (
        re.compile(
            _LEAD
            + r"(?:(?i:the)\s+)?(?P<season>(?i:spring|summer|autumn|winter))"
            + r"\s+(?:of\s+)?"
            + _YEAR
        ),
        _season_alone,
    ),
    (
        re.compile(_LEAD + r"(?P<dayword>(?i:yesterday|today|tonight|tomorrow))\b"),
        _day_word,
    ),
    (
        re.compile(
            _LEAD
            + r"(?:(?P<which>(?i:last|next|this))\s+)?"
            + _WEEKDAY
            + r"(?:\s+(?i:morning|afternoon|evening|night))?"
        ),
        _weekday,
    ),
    (
        re.compile(
            r"(?P<dlead>(?i:(?:in|within|over|during)\s+(?:a\s+period\s+of|"
            r"the\s+(?:past|last|next|coming|previous|following))|"
            r"(?:in|within)|(?:(?:for|over)\s+the\s+(?:past|last|previous))|"
            r"(?:the\s+(?:past|last|next|coming))))\s+" + _COUNT + r"\s+" + _UNIT
        ),
        _duration,
    ),
    (re.compile(r"\b" + _COUNT + r"\s+" + _UNIT + r"\s+(?i:ago)\b"), _ago),
    (
        re.compile(
            r"(?i:in|over|during)\s+(?i:the\s+)?(?P<which>(?i:recent|coming|past|last))\s+"
            r"(?P<unit>(?i:day|week|month|year))s\b"
        ),
        _recent,
    ),
]


def _is_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def find_times(text: str, published: date | None = None) -> list[TimeRef]:
    """Every time expression in ``text``, sorted and never overlapping."""
    candidates: list[tuple[int, int, int, TimeRef]] = []
    for order, (pattern, resolver) in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            start, end = m.span()
            if start == end or not _is_word_boundary(text, start, end):
                continue
            dates = resolver(m, published)
            if dates is None:
                # A lead word may have pulled in a match that fails; the same
                # words without it are tried by the next patterns.
                continue
            ref = TimeRef(
                text=text[start:end],
                kind=dates.kind,
                start=dates.start,
                end=dates.end,
                span=TextSpan(start, end, role="time"),
            )
            candidates.append((start, -(end - start), order, ref))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    chosen: list[TimeRef] = []
    taken_until = -1
    for start, _neg, _order, ref in candidates:
        if start < taken_until:
            continue
        chosen.append(ref)
        taken_until = start - _neg
    return chosen


def resolve_time(words: str, published: date | None = None) -> TimeRef:
    """The one time expression ``words`` are, e.g. "since 2009" or "last winter".

    The span of the result is into ``words``. Raises ``ValueError`` when the
    words hold no time expression, or more than one.
    """
    stripped = words.strip(" \t\n,.;:")
    found = find_times(words, published)
    if len(found) == 1 and found[0].text == stripped:
        return found[0]
    if not found:
        raise ValueError(f"{words!r} is not a time expression")
    raise ValueError(f"{words!r} is not one time expression: {[t.text for t in found]}")
