"""Figures and numbers as a reader reads them: the one place text is made.

The checks (explanations, the ``text`` of figure summaries) and the generators
(lessons, questions, feedback) both write numbers; they use these helpers so
that one figure reads the same everywhere:

- numbers with thousands separators, rounded to what a reader needs
  ("12,000", "1.82", "0.0013");
- fractions as words ("one-third", "two-fifths", "five-twelfths"), and a
  share that has no such name as a percentage ("37 percent"), never a raw
  decimal; a range of shares is all words or all percentages ("one-third to
  one-half", "30 to 37 percent", never "three-tenths to 0.37");
- intervals as ranges, floors and ceilings ("9,000 to 18,000 fighters",
  "600 or more", "up to 5"); "to" rather than a hyphen, so that a range never
  reads as a subtraction in worked sums ("6,000 ÷ one-third to one-half");
- a figure as stated, with its hedge ("at least 50,000 militants", "up to"
  figures by their ceiling).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .intervals import Interval
from .numbers import NUMBER_WORDS
from .types import Bound, Figure, FigureKind

# Fractions with a common name; a computed share close to one of these is that
# fraction (see ``fmt_share`` and the checks' snapping of rounded decimals).
FRACTION_NAMES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(1) / 2, "one-half"),
    (Decimal(1) / 3, "one-third"),
    (Decimal(2) / 3, "two-thirds"),
    (Decimal(1) / 4, "one-quarter"),
    (Decimal(3) / 4, "three-quarters"),
    (Decimal(1) / 5, "one-fifth"),
    (Decimal(2) / 5, "two-fifths"),
    (Decimal(1) / 10, "one-tenth"),
)

# What precedes a figure's value when it is read out ("at least 12,000").
BOUND_WORDS = {
    Bound.EXACT: "",
    Bound.APPROX: "about ",
    Bound.AT_LEAST: "at least ",
    Bound.MORE_THAN: "more than ",
    Bound.AT_MOST: "at most ",
    Bound.LESS_THAN: "less than ",
    Bound.RANGE: "",
}

# A fraction written as a decimal names the fraction if it is this close.
_FRACTION_TOLERANCE = Decimal("0.0005")
_MAX_DENOMINATOR = 12

# Denominator: (singular, plural).
_DENOMINATORS = {
    2: ("half", "halves"),
    3: ("third", "thirds"),
    4: ("quarter", "quarters"),
    5: ("fifth", "fifths"),
    6: ("sixth", "sixths"),
    7: ("seventh", "sevenths"),
    8: ("eighth", "eighths"),
    9: ("ninth", "ninths"),
    10: ("tenth", "tenths"),
    11: ("eleventh", "elevenths"),
    12: ("twelfth", "twelfths"),
}


def fraction_words(value: Decimal) -> str | None:
    """A share of one between 0 and 1 in words ("two-fifths"), if it is simple.

    Simple: within 0.0005 of a fraction with a denominator of at most 12.
    """
    if not 0 < value < 1:
        return None
    frac = Fraction(value).limit_denominator(_MAX_DENOMINATOR)
    exact = Decimal(frac.numerator) / Decimal(frac.denominator)
    if frac.numerator == 0 or abs(exact - value) >= _FRACTION_TOLERANCE:
        return None
    singular, plural = _DENOMINATORS[frac.denominator]
    return (
        f"{NUMBER_WORDS[frac.numerator]}-{singular if frac.numerator == 1 else plural}"
    )


def fmt_number(value: Decimal, kind: FigureKind | None = None) -> str:
    """A number for a reader: "12,000", "1.82", "0.0013"; "one-third" for a fraction.

    Rounded half up to whole numbers from 100, one place from 10, two places
    from 0.1 and four places below that (so a small rate does not read as 0).
    """
    if kind is FigureKind.FRACTION:
        words = _share_name(value)
        return words if words is not None else f"{fmt_number(value * 100)} percent"
    magnitude = abs(value)
    if magnitude >= 100:
        places = Decimal(1)
    elif magnitude >= 10:
        places = Decimal("0.1")
    elif magnitude >= Decimal("0.1") or magnitude == 0:
        places = Decimal("0.01")
    else:
        places = Decimal("0.0001")
    rounded = value.quantize(places, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return format(rounded.normalize(), ",f")


def _share_name(value: Decimal, *, common: bool = False) -> str | None:
    """A share of one in words: a simple fraction ("five-twelfths"), or with
    ``common`` only one of ``FRACTION_NAMES``; "all" for one."""
    if value == 1:
        return "all"
    if common:
        for exact, name in FRACTION_NAMES:
            if abs(value - exact) < _FRACTION_TOLERANCE:
                return name
        return None
    return fraction_words(value)


def fmt_share(value: Decimal) -> str:
    """A share of one as words where it has a common name, else a percentage."""
    name = _share_name(value, common=True)
    if name is not None and value != 1:
        return name
    return f"{fmt_number(value * 100)} percent"


def fmt_share_interval(iv: Interval, *, common: bool = False) -> str:
    """A range of shares of one, all in words or all in percent.

    Words when every end has a name (a simple fraction; with ``common`` one of
    ``FRACTION_NAMES``): "one-third to one-half", "one-quarter or more";
    otherwise every end as a percentage: "30 to 37 percent", never
    "three-tenths to 0.37".
    """
    ends = [v for v in (iv.low, iv.high) if v is not None]
    names = [_share_name(v, common=common) for v in ends]
    if ends and all(n is not None for n in names) and not (common and 1 in ends):
        lo = None if iv.low is None else _share_name(iv.low, common=common)
        hi = None if iv.high is None else _share_name(iv.high, common=common)
        return _range_text(lo, hi)
    lo = None if iv.low is None else fmt_number(iv.low * 100)
    hi = None if iv.high is None else fmt_number(iv.high * 100)
    return _range_text(lo, hi, " percent")


def fmt_numbers(values: Sequence[Decimal], kind: FigureKind | None = None) -> list[str]:
    """Several numbers that one sentence sets side by side, in one style: for
    a fraction all in words if each has a name, else all as percentages
    ("30 percent", "33.5 percent", "37 percent", not "three-tenths", "0.335"
    and "0.37"); other kinds as ``fmt_number``."""
    if kind is FigureKind.FRACTION and not all(
        _share_name(v) is not None for v in values
    ):
        return [f"{fmt_number(v * 100)} percent" for v in values]
    return [fmt_number(v, kind) for v in values]


def _range_text(lo: str | None, hi: str | None, unit: str = "") -> str:
    if lo is not None and hi is not None:
        return f"{lo}{unit}" if lo == hi else f"{lo} to {hi}{unit}"
    if lo is not None:
        return f"{lo}{unit} or more"
    if hi is not None:
        return f"up to {hi}{unit}"
    return "any number"


def fmt_interval(iv: Interval, unit: str = "", kind: FigureKind | None = None) -> str:
    """ "1,200 to 1,800 members", "600 or more", "up to 5", "any number".

    Fractions read as shares (``fmt_share_interval``): both ends in words or
    both as percentages.
    """
    if kind is FigureKind.FRACTION and (iv.low is not None or iv.high is not None):
        return f"{fmt_share_interval(iv)} {unit}".strip()
    lo = None if iv.low is None else fmt_number(iv.low, kind)
    hi = None if iv.high is None else fmt_number(iv.high, kind)
    if lo is not None and hi is not None:
        text = lo if lo == hi else f"{lo} to {hi}"
    elif lo is not None:
        text = f"{lo} or more"
    elif hi is not None:
        text = f"up to {hi}"
    else:
        text = "any number"
    return f"{text} {unit}".strip()


def unit_label(figure: Figure) -> str:
    """The unit a figure's value is read with: "percent", "" for a fraction."""
    if figure.kind is FigureKind.FRACTION:
        return ""
    if figure.kind is FigureKind.PERCENT:
        return "percent"
    return figure.unit


def stated(figure: Figure) -> Decimal:
    """The single number a figure states: its low, else its high."""
    value = figure.low if figure.low is not None else figure.high
    assert value is not None  # a Figure has a low or a high
    return value


def is_ceiling(figure: Figure) -> bool:
    """ "at most" or "less than": the stated number is the top."""
    return figure.bound in (Bound.AT_MOST, Bound.LESS_THAN)


def at_stated(figure: Figure) -> Interval:
    """The figure at its stated value: hedges dropped, real ranges kept.

    A ceiling ("up to 5") is taken at its top.
    """
    if is_ceiling(figure) and figure.high is not None:
        return Interval.point(figure.high)
    if figure.low is not None and figure.high is not None:
        return Interval(figure.low, figure.high)
    return Interval.point(stated(figure))


def figure_text(figure: Figure, *, with_unit: bool = True) -> str:
    """The figure as a reader would say it: "at least 50,000 militants"."""
    if (
        figure.bound is Bound.RANGE
        and figure.low is not None
        and figure.high is not None
    ):
        text = fmt_interval(Interval(figure.low, figure.high), "", figure.kind)
    else:
        top = figure.high if is_ceiling(figure) else None
        number = top if top is not None else stated(figure)
        text = BOUND_WORDS[figure.bound] + fmt_number(number, figure.kind)
    unit = unit_label(figure) if with_unit else ""
    return f"{text} {unit}".strip()
