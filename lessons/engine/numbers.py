"""Reading the numbers of English news text.

``parse_number`` reads one number written any way a news article writes it
("12,500", "1.7 billion", "sixty thousand", "$2bn", "two-thirds", "1 in 4").
``find_quantities`` finds every figure in a text with its hedge ("at least",
"about"), its bound, its unit ("percent", "square kilometers", "dollars") and
its kind, and leaves out the numbers that are not figures: years, days of the
month, clock times, ordinals, identifiers and "one" used as a pronoun.

Decisions a reader of the results needs to know:

- Fractions that do not terminate are rounded to six decimal places
  (``FRACTION_PLACES``): "one-third" is ``Decimal("0.333333")`` and
  "two-thirds" ``Decimal("0.666667")``; "half" and "1 in 4" stay exact.
- A percentage keeps its number: "20 percent" has the value 20, not 0.2.
- "X to Y" is a range only when both ends are the same quantity and it rises
  ("3,000 to 4,500", "10 percent to 15 percent"). A falling pair such as a
  vote "52 percent to 48 percent" or a score "3-1" is two figures, and so is a
  change ("rose from 4 to 9") or any pair with other words between them
  ("from 4 states in 2011 to 9 this year"). Fractions are the exception:
  "two-thirds to a half" is a range in either order, low the smaller.
- Vague amounts are lower bounds: "thousands of" is at least 2,000, "hundreds
  of" 200, "dozens of" 24, "scores of" 40, "tens of thousands" 20,000. Their
  span runs to the end of the "of" and ``hedge`` is the words themselves.
- Small vague amounts count only right before a plural noun ("several
  schools", not "several of them"): "several" is at least 3 (like "several
  hundred", at least 300); "a couple of" is about 2 (APPROX; "a couple of
  hundred" about 200); "a handful of" is the RANGE 3 to 6 -- more than a
  couple, rarely more than half a dozen -- so the hedge check reports it as
  a range whose top is twice its bottom.
- A trailing "or more"/"or so"/"+" is a hedge too; it is inside ``end``. So
  are "give or take", "or thereabouts", "more or less" and "roughly
  speaking" (APPROX); these (and "or so") may also follow the counted noun
  ("4,500 homes, give or take"), up to four words on; then the hedge lies
  outside ``end`` (the noun stays the counted thing) and only
  ``hedge_start``/``hedge_end`` point at it. Where the words could mean
  something else ("more or less full", ", or so they said") the hedge must
  end its clause.
- ``hedge`` is the hedge words alone, never the currency sign after them
  ("roughly" of "roughly £2m").
- Phone numbers are not figures: a whole number after "call", "dial",
  "phone", "ring" or "text" ("call 999", "text HELP to 80888") unless a unit
  or plural noun follows ("called 12 witnesses"), and digit groups written
  as a phone number ("0800 123 456", "+44 20 7946 0958").
- "one" on its own is a figure only with a unit ("one day", "one percent") or
  a bound ("at least one"), in a range ("one or two") or as a ratio: otherwise
  it is almost always a pronoun ("one of the", "no one").
- A bare four-digit number from 1900 to 2100 is a year unless a currency, a
  scale, a unit or a bound marks it as an amount ("$2000", "at least 2000");
  "about"/"around" do not ("around 2011" is a year).
- An "m" glued to a number ("3.5m") is million, as in news style, not metres.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from .types import Bound, FigureKind

__all__ = [
    "FRACTION_PLACES",
    "HEDGE_PHRASES",
    "NUMBER_WORDS",
    "Quantity",
    "find_quantities",
    "parse_number",
]

FRACTION_PLACES = 6
_QUANTUM = Decimal(1).scaleb(-FRACTION_PLACES)

# --------------------------------------------------------------------------
# vocabulary

# The numbers below twenty in words, in order (also used to write fractions).
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_SMALL = {word: n for n, word in enumerate(NUMBER_WORDS)}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
        start=2,
    )
}
_SCALES = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
# Written straight after the digits: "3.5m", "$2bn", "5k".
_GLUED_SCALES = {
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "bn": 10**9,
    "bln": 10**9,
    "tn": 10**12,
    "trn": 10**12,
}
_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
    "hundredth": 100,
    "hundredths": 100,
}
_RATIO_WORDS: dict[str, Decimal | int] = {
    "twice": 2,
    "doubled": 2,
    "doubling": 2,
    "doubles": 2,
    "tripled": 3,
    "tripling": 3,
    "triples": 3,
    "trebled": 3,
    "quadrupled": 4,
    "quadrupling": 4,
    "halved": Decimal("0.5"),
    "halving": Decimal("0.5"),
}
# "double"/"triple" are ratios only before words like these ("double the").
_RATIO_ADJECTIVES: dict[str, Decimal | int] = {
    "double": 2,
    "triple": 3,
    "treble": 3,
    "quadruple": 4,
}
_RATIO_FOLLOWERS = {
    "that",
    "the",
    "this",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "what",
    "in",
    "since",
    "from",
    "last",
    "previous",
    "earlier",
}
_TIMES_FOLLOWERS = {
    "as",
    "the",
    "that",
    "this",
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "larger",
    "bigger",
    "greater",
    "smaller",
    "faster",
    "longer",
    "than",
    "its",
    "their",
    "what",
    "over",
}
_VAGUE = [
    (("tens", "of", "thousands"), 20_000),
    (("hundreds", "of", "thousands"), 200_000),
    (("tens", "of", "millions"), 20_000_000),
    (("hundreds", "of", "millions"), 200_000_000),
    (("tens", "of", "billions"), 20_000_000_000),
    (("hundreds", "of", "billions"), 200_000_000_000),
    (("thousands",), 2_000),
    (("millions",), 2_000_000),
    (("billions",), 2_000_000_000),
    (("hundreds",), 200),
    (("dozens",), 24),
    (("scores",), 40),
]
# Vague words that are something else unless "of" or "more" follows.
_VAGUE_NEEDS_OF = {"dozens", "scores", "hundreds"}
_FEW = {("a", "few"): 2, ("several",): 3, ("a", "couple", "of"): 2}
# Small vague amounts, read only right before a plural noun ("several schools",
# not "several of them"): (low, high, bound).
_SMALL_VAGUE: dict[tuple[str, ...], tuple[int, int | None, Bound]] = {
    ("a", "couple", "of"): (2, 2, Bound.APPROX),
    ("a", "handful", "of"): (3, 6, Bound.RANGE),
    ("several",): (3, None, Bound.AT_LEAST),
}
# Plurals without a final "s", and words ending in "s" that are no plural noun.
_IRREGULAR_PLURALS = {
    "people",
    "children",
    "men",
    "women",
    "police",
    "cattle",
    "sheep",
    "livestock",
    "staff",
    "personnel",
    "feet",
    "teeth",
    "mice",
    "geese",
}
_NOT_PLURALS = {"times", "this", "thus", "always", "perhaps", "whereas", "towards"}

_CHANGE_VERBS = {
    "rose",
    "risen",
    "rise",
    "rises",
    "rising",
    "increased",
    "increase",
    "increases",
    "increasing",
    "grew",
    "grown",
    "grow",
    "grows",
    "growing",
    "jumped",
    "jump",
    "jumps",
    "climbed",
    "climb",
    "climbs",
    "fell",
    "fallen",
    "fall",
    "falls",
    "falling",
    "dropped",
    "drop",
    "drops",
    "declined",
    "decline",
    "declines",
    "decreased",
    "decrease",
    "slipped",
    "soared",
    "surged",
    "expanded",
    "expand",
    "shrank",
    "shrunk",
    "went",
    "gone",
    "up",
    "down",
    "cut",
    "reduced",
    "raised",
    "lowered",
    "changed",
    "moved",
    "extended",
    "swelled",
    "plunged",
    "plummeted",
    "spread",
    "tripled",
    "doubled",
}

_HEDGES: dict[tuple[str, ...], Bound] = {}
for _bound, _phrases in (
    (
        Bound.AT_LEAST,
        "at least|no fewer than|no less than|not less than|a minimum of|at minimum",
    ),
    (
        Bound.MORE_THAN,
        "more than|over|upwards of|upward of|in excess of|greater than|higher than|"
        "above|well over|just over|well above|just above|north of|some more than",
    ),
    (
        Bound.AT_MOST,
        "up to|as many as|as much as|as high as|at most|no more than|not more than|"
        "a maximum of|at the most",
    ),
    (
        Bound.LESS_THAN,
        "less than|fewer than|under|below|just under|just below|well under|well below",
    ),
    (
        Bound.APPROX,
        "about|around|roughly|approximately|approx|nearly|almost|close to|"
        "some|an estimated|estimated|circa|more or less|just about|"
        "an approximate|roughly about|about an estimated|some estimated",
    ),
):
    for _phrase in _phrases.split("|"):
        _HEDGES[tuple(_phrase.split())] = _bound
_MAX_HEDGE = max(len(k) for k in _HEDGES)
# The hedge phrases before a value, as text (the annotation loader uses them).
HEDGE_PHRASES = tuple(" ".join(k) for k in _HEDGES)

_RANGE_PREFIXES = (
    ("anywhere", "from"),
    ("anywhere", "between"),
    ("somewhere", "between"),
    ("ranging", "from"),
    ("range", "from"),
    ("between",),
    ("from",),
)
_TRAILING_HEDGES: dict[tuple[str, ...], Bound] = {
    ("or", "more"): Bound.AT_LEAST,
    ("or", "so"): Bound.APPROX,
    ("or", "fewer"): Bound.AT_MOST,
    ("or", "less"): Bound.AT_MOST,
    ("and", "counting"): Bound.AT_LEAST,
    ("give", "or", "take"): Bound.APPROX,
    ("or", "thereabouts"): Bound.APPROX,
    ("more", "or", "less"): Bound.APPROX,
    ("roughly", "speaking"): Bound.APPROX,
}
# Trailing hedges that may also stand after the counted noun ("4,500 homes,
# give or take"): at most this many words away, and then only where the hedge
# ends its clause, except the hedges that cannot mean anything else.
_DISTANT_HEDGES = {
    ("give", "or", "take"),
    ("or", "thereabouts"),
    ("or", "so"),
    ("more", "or", "less"),
    ("roughly", "speaking"),
}
_UNAMBIGUOUS_HEDGES = {("give", "or", "take"), ("or", "thereabouts")}
_MAX_HEDGE_DISTANCE = 4

_CURRENCY_SYMBOLS = {
    "$": "dollars",
    "£": "pounds",
    "€": "euros",
    "¥": "yen",
    "₹": "rupees",
}
_CURRENCY_SYMBOL_PREFIXES = {"US", "A", "C", "HK", "NZ", "S", "AU", "CA", "NT"}
_CURRENCY_CODES = {
    "USD": "dollars",
    "US$": "dollars",
    "EUR": "euros",
    "GBP": "pounds",
    "JPY": "yen",
    "CNY": "yuan",
    "RMB": "yuan",
    "INR": "rupees",
    "Rs": "rupees",
    "CHF": "francs",
}

_UNITS: dict[tuple[str, ...], tuple[FigureKind, str]] = {}


def _add_units(kind: FigureKind, unit: str, *forms: str) -> None:
    for form in forms:
        _UNITS[tuple(form.split())] = (kind, unit)


_add_units(FigureKind.PERCENT, "percent", "percent", "per cent", "pct", "%")
_add_units(
    FigureKind.PERCENT,
    "percentage points",
    "percentage points",
    "percentage point",
    "percent points",
)
for _sq, _name in (
    ("kilometers", "kilometers"),
    ("kilometres", "kilometers"),
    ("kilometer", "kilometers"),
    ("kilometre", "kilometers"),
    ("km", "kilometers"),
    ("miles", "miles"),
    ("mile", "miles"),
    ("mi", "miles"),
    ("meters", "meters"),
    ("metres", "meters"),
    ("meter", "meters"),
    ("metre", "meters"),
    ("m", "meters"),
    ("feet", "feet"),
    ("foot", "feet"),
    ("ft", "feet"),
    ("yards", "yards"),
):
    _add_units(FigureKind.AREA, f"square {_name}", f"square {_sq}", f"sq {_sq}")
_add_units(FigureKind.AREA, "square kilometers", "km2", "km²", "sqkm", "sq.km")
_add_units(FigureKind.AREA, "square miles", "mi2", "mi²", "sq.mi")
_add_units(FigureKind.AREA, "square meters", "m2", "m²")
_add_units(FigureKind.AREA, "hectares", "hectares", "hectare", "ha")
_add_units(FigureKind.AREA, "acres", "acres", "acre")
_add_units(
    FigureKind.LENGTH,
    "kilometers",
    "kilometers",
    "kilometres",
    "kilometer",
    "kilometre",
    "km",
    "kms",
)
_add_units(FigureKind.LENGTH, "miles", "miles", "mile", "nautical miles")
_add_units(FigureKind.LENGTH, "meters", "meters", "metres", "meter", "metre")
_add_units(FigureKind.LENGTH, "feet", "feet", "foot", "ft")
_add_units(FigureKind.LENGTH, "yards", "yards", "yard")
_add_units(FigureKind.LENGTH, "inches", "inches", "inch")
_add_units(
    FigureKind.LENGTH, "centimeters", "centimeters", "centimetres", "centimeter", "cm"
)
_add_units(
    FigureKind.LENGTH, "millimeters", "millimeters", "millimetres", "millimeter", "mm"
)
_add_units(FigureKind.MONEY, "dollars", "dollars", "dollar", "us dollars", "usd")
_add_units(FigureKind.MONEY, "euros", "euros", "euro", "eur")
_add_units(FigureKind.MONEY, "pounds", "pounds", "pound", "pounds sterling", "gbp")
_add_units(FigureKind.MONEY, "yen", "yen")
_add_units(FigureKind.MONEY, "yuan", "yuan", "renminbi")
_add_units(FigureKind.MONEY, "rupees", "rupees", "rupee")
_add_units(FigureKind.MONEY, "roubles", "roubles", "rubles", "rouble", "ruble")
_add_units(FigureKind.MONEY, "francs", "francs", "franc")
_add_units(FigureKind.MONEY, "pesos", "pesos", "peso")
_add_units(FigureKind.MONEY, "cents", "cents", "cent")
for _unit, _forms in (
    ("seconds", "seconds second secs sec"),
    ("minutes", "minutes minute mins min"),
    ("hours", "hours hour hrs hr"),
    ("days", "days day"),
    ("weeks", "weeks week"),
    ("months", "months month"),
    ("years", "years year yrs"),
    ("decades", "decades decade"),
    ("centuries", "centuries century"),
):
    _add_units(FigureKind.DURATION, _unit, *_forms.split())
_add_units(FigureKind.OTHER, "tonnes", "tonnes", "tonne", "tons", "ton")
_add_units(FigureKind.OTHER, "kilograms", "kilograms", "kilogram", "kg", "kilos")
_add_units(FigureKind.OTHER, "barrels", "barrels", "barrel")
_add_units(FigureKind.OTHER, "liters", "liters", "litres", "liter", "litre")
_add_units(FigureKind.OTHER, "gallons", "gallons", "gallon")
_add_units(FigureKind.OTHER, "degrees", "degrees", "degree")
_add_units(FigureKind.OTHER, "megawatts", "megawatts", "megawatt", "mw")
_MAX_UNIT = max(len(k) for k in _UNITS)
# Units that may be written straight after the digits ("20km", "24h", "5%").
_GLUED_UNITS = {
    "km",
    "kms",
    "km2",
    "km²",
    "m2",
    "m²",
    "mi",
    "ft",
    "cm",
    "mm",
    "kg",
    "h",
    "hrs",
    "mw",
    "ha",
}
_UNITS[("h",)] = (FigureKind.DURATION, "hours")

_MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
}
# Capitalised words that make the number after them a name or an identifier.
_ID_WORDS = {
    "no",
    "nos",
    "number",
    "article",
    "section",
    "chapter",
    "resolution",
    "flight",
    "route",
    "highway",
    "interstate",
    "page",
    "room",
    "gate",
    "level",
    "phase",
    "category",
    "grade",
    "platform",
    "terminal",
    "proposition",
    "prop",
    "amendment",
    "title",
    "apollo",
    "version",
    "paragraph",
    "clause",
    "item",
    "channel",
    "district",
    "ward",
    "precinct",
    "unit",
    "box",
    "suite",
    "floor",
    "block",
    "lot",
    "track",
    "squad",
    "episode",
    "season",
    "volume",
    "vol",
    "issue",
    "part",
    "stage",
    "bus",
    "train",
    "line",
}
_ORDINAL_SUFFIXES = {"st", "nd", "rd", "th"}
_CLOCK_AFTER = re.compile(
    r"\s?(?:[ap]\.\s?m\.|[ap]m\b|o['’]clock\b|GMT\b|UTC\b|hrs\b)", re.I
)
_DASHES = {"-", "–", "‑", "—"}

# --------------------------------------------------------------------------
# tokens


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    kind: str  # "num", "word" or "sym"


_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<word>(?:sq)?(?:km|mi|m)[2²](?!\w)|[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>\S)"
)


def _tokenize(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "sym"
        toks.append(_Tok(m.group(), m.group().lower(), m.start(), m.end(), kind))
    return toks


def _glued(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


# --------------------------------------------------------------------------
# values


def _clean(value: Decimal) -> Decimal:
    """The value without exponent or trailing zeros; long fractions rounded."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    if value.as_tuple().exponent < -FRACTION_PLACES:  # type: ignore[operator]
        value = value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
    return Decimal(format(value.normalize(), "f"))


def _fraction(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    exact = Decimal(numerator) / Decimal(denominator)
    return _clean(exact)


@dataclass
class _Atom:
    """One value read from the tokens ``[i, j)``: a number, fraction, ratio..."""

    i: int
    j: int
    value: Decimal
    form: str  # digits, words, fraction, ratio, vague
    base: Decimal  # the value before a scale word ("1.7" of "1.7 billion")
    scale: int = 1
    kind: FigureKind = FigureKind.COUNT
    unit: str = ""
    bound: Bound | None = None  # vague amounts bring their own
    vague_high: Decimal | None = None  # and some a top ("a handful": 3 to 6)
    hedge_end: int = 0  # vague amounts: token after their "of"
    currency_i: int = -1  # token where a currency prefix starts
    year_like: bool = False
    lone_one: bool = False


def _word(toks: list[_Tok], k: int) -> str:
    return toks[k].low if 0 <= k < len(toks) and toks[k].kind == "word" else ""


def _low(toks: list[_Tok], k: int) -> str:
    return toks[k].low if 0 <= k < len(toks) else ""


def _read_words(toks: list[_Tok], i: int) -> tuple[Decimal, int, int] | None:
    """A number in words from ``i``: (value, end, number of number words)."""
    n = len(toks)
    j = i
    total = Decimal(0)
    current = Decimal(0)
    last = ""
    max_scale = 10**13
    best: tuple[Decimal, int, int] | None = None
    words = 0
    while j < n:
        t = toks[j]
        w = t.low
        if t.kind == "sym":
            # "twenty-five": a hyphen joins tens and units.
            if (
                w in _DASHES
                and last == "tens"
                and j + 1 < n
                and _glued(toks[j - 1], t)
                and _glued(t, toks[j + 1])
                and 0 < _SMALL.get(toks[j + 1].low, 0) < 10
            ):
                j += 1
                last = "dash"
                continue
            break
        if t.kind != "word":
            break
        if w in ("a", "an") and not last:
            nxt = _word(toks, j + 1)
            if nxt in _SCALES or nxt in ("hundred", "dozen"):
                last = "a"
                j += 1
                continue
            break
        if w in _SMALL:
            v = _SMALL[w]
            if last in ("", "hundred", "scale", "and") or (
                last in ("dash", "tens") and 0 < v < 10
            ):
                current += v
                last = "small"
            else:
                break
        elif w in _TENS:
            if last in ("", "hundred", "scale", "and"):
                current += _TENS[w]
                last = "tens"
            else:
                break
        elif w == "hundred":
            if (
                last in ("small", "a")
                and current < 100
                or last == "tens"
                and current < 100
            ):
                current = (current or Decimal(1)) * 100
                last = "hundred"
            else:
                break
        elif w in _SCALES:
            s = _SCALES[w]
            if last in ("small", "tens", "hundred", "a", "half") and s < max_scale:
                total += (current or Decimal(1)) * s
                current = Decimal(0)
                max_scale = s
                last = "scale"
            else:
                break
        elif w == "dozen":
            if last in ("", "small", "a"):
                current = (current or Decimal(1)) * 12
                words += 1
                best = (total + current, j + 1, words)
            break
        elif w == "and":
            nxt = _word(toks, j + 1)
            if last in ("hundred", "scale") and (nxt in _SMALL or nxt in _TENS):
                j += 1
                last = "and"
                continue
            if (
                last in ("small", "tens")
                and nxt in ("a", "an")
                and _word(toks, j + 2) == "half"
            ):
                current += Decimal("0.5")
                j += 3
                last = "half"
                words += 1
                best = (total + current, j, words)
                continue
            break
        else:
            break
        j += 1
        words += 1
        best = (total + current, j, words)
    return best


def _read_digits(toks: list[_Tok], i: int) -> _Atom | None:
    t = toks[i]
    if t.kind != "num":
        return None
    base = Decimal(t.text.replace(",", ""))
    j = i + 1
    scale = 1
    nxt = toks[j] if j < len(toks) else None
    if nxt is not None and nxt.kind == "word":
        if _glued(t, nxt) and nxt.low in _GLUED_SCALES:
            scale = _GLUED_SCALES[nxt.low]
            j += 1
        elif nxt.low in _SCALES:
            scale = _SCALES[nxt.low]
            j += 1
            # "1.5 million" may go on: "2 thousand 500" is too rare to read.
    year_like = (
        scale == 1
        and "," not in t.text
        and "." not in t.text
        and len(t.text) == 4
        and 1900 <= int(t.text) <= 2100
    )
    return _Atom(
        i, j, _clean(base * scale), "digits", base, scale=scale, year_like=year_like
    )


def _read_cardinal(toks: list[_Tok], i: int) -> _Atom | None:
    got = _read_words(toks, i)
    if got is None:
        return None
    value, j, _count = got
    # The last scale word lets a range inherit it ("one to two million").
    scale = 1
    last = toks[j - 1].low
    if last in _SCALES:
        scale = _SCALES[last]
    base = value / scale if scale > 1 else value
    lone_one = j == i + 1 and toks[i].low == "one"
    return _Atom(
        i, j, _clean(value), "words", _clean(base), scale=scale, lone_one=lone_one
    )


def _read_fraction(toks: list[_Tok], i: int) -> _Atom | None:
    w = _word(toks, i)
    if not w:
        return None
    if w in ("half",):
        return _Atom(
            i,
            i + 1,
            Decimal("0.5"),
            "fraction",
            Decimal("0.5"),
            kind=FigureKind.FRACTION,
        )
    numerator: int | None = None
    if w in ("a", "an", "one"):
        numerator = 1
    elif w in _SMALL and _SMALL[w] > 1:
        numerator = _SMALL[w]
    elif w in _TENS:
        numerator = _TENS[w]
    if numerator is None:
        return None
    k = i + 1
    if k < len(toks) and toks[k].low in _DASHES and _glued(toks[i], toks[k]):
        k += 1
    d = _word(toks, k)
    if d in _DENOMINATORS:
        if d == "quarter" and _word(toks, k + 1) in ("century", "centuries"):
            return None
        value = _fraction(numerator, _DENOMINATORS[d])
        return _Atom(i, k + 1, value, "fraction", value, kind=FigureKind.FRACTION)
    return None


def _small_int(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """An integer in digits or words at ``i``: (value, end)."""
    t = toks[i] if i < len(toks) else None
    if t is None:
        return None
    if t.kind == "num" and "." not in t.text:
        return int(t.text.replace(",", "")), i + 1
    got = _read_words(toks, i)
    if got is None or toks[i].low in ("a", "an"):
        return None
    value, j, _count = got
    if value != value.to_integral_value():
        return None
    return int(value), j


def _read_one_in(toks: list[_Tok], i: int) -> _Atom | None:
    """ "1 in 4", "one in every five", "three out of ten"."""
    head = _small_int(toks, i)
    if head is None:
        return None
    numerator, k = head
    if _low(toks, k) == "in":
        k += 1
    elif _low(toks, k) == "out" and _low(toks, k + 1) == "of":
        k += 2
    else:
        return None
    if _low(toks, k) == "every":
        k += 1
    tail = _small_int(toks, k)
    if tail is None:
        return None
    denominator, j = tail
    t = toks[k]
    if (
        t.kind == "num"
        and len(t.text) == 4
        and "," not in t.text
        and 1900 <= denominator <= 2100
    ):
        return None  # "5 in 2011" is a count and a year
    if not 0 < numerator < denominator:
        return None
    if _unit_at(toks, j) is not None:
        return None  # "5 in 10 days"
    if j < len(toks) and toks[j].kind == "word" and _glued(toks[j - 1], toks[j]):
        return None
    value = _fraction(numerator, denominator)
    return _Atom(i, j, value, "fraction", value, kind=FigureKind.FRACTION)


def _read_vague(toks: list[_Tok], i: int) -> _Atom | None:
    for words, value in _VAGUE:
        if tuple(_low(toks, i + k) for k in range(len(words))) != words:
            continue
        j = i + len(words)
        after = _low(toks, j)
        if words[-1] in _VAGUE_NEEDS_OF and after not in ("of", "more"):
            return None
        hedge_end = j + 1 if after == "of" else j
        v = Decimal(value)
        return _Atom(i, j, v, "vague", v, bound=Bound.AT_LEAST, hedge_end=hedge_end)
    for few, mult in _FEW.items():
        if tuple(_low(toks, i + k) for k in range(len(few))) != few:
            continue
        k = i + len(few)
        scale_word = _low(toks, k)
        scale = _SCALES.get(scale_word, 100 if scale_word == "hundred" else 0)
        if not scale:
            break
        v = Decimal(mult * scale)
        j = k + 1
        hedge_end = j + 1 if _low(toks, j) == "of" else j
        # "a couple of hundred" is about 200; "a few hundred" at least 200
        bound = Bound.APPROX if few[-1] == "of" else Bound.AT_LEAST
        high = v if bound is Bound.APPROX else None
        return _Atom(
            i, j, v, "vague", v, bound=bound, vague_high=high, hedge_end=hedge_end
        )
    for words, (low, high_n, bound) in _SMALL_VAGUE.items():
        if tuple(_low(toks, i + k) for k in range(len(words))) != words:
            continue
        k = i + len(words)
        if not _plural_noun(toks, k):
            return None
        j = k - 1 if words[-1] == "of" else k
        v = Decimal(low)
        high = None if high_n is None else Decimal(high_n)
        return _Atom(i, j, v, "vague", v, bound=bound, vague_high=high, hedge_end=k)
    return None


def _plural_noun(toks: list[_Tok], k: int) -> bool:
    """Whether token ``k`` reads as a plural noun ("farms", "people")."""
    if k >= len(toks) or toks[k].kind != "word" or not _glued_or_spaced(toks, k):
        return False
    w = toks[k].low
    if w in _IRREGULAR_PLURALS:
        return True
    return (
        len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is", "'s", "’s"))
        and w not in _NOT_PLURALS
        and w not in _UNITS_GLUABLE
    )


def _read_ratio_word(toks: list[_Tok], i: int) -> _Atom | None:
    w = _word(toks, i)
    if not w:
        return None
    value: Decimal | int | None = None
    if w in _RATIO_WORDS:
        value = _RATIO_WORDS[w]
    elif w in _RATIO_ADJECTIVES:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            nxt is None
            or (nxt.kind == "sym" and nxt.low not in _DASHES)
            or nxt.low in _RATIO_FOLLOWERS
        ):
            value = _RATIO_ADJECTIVES[w]
    elif w.endswith("fold") and len(w) > 4:
        stem = w[:-4].rstrip("-")
        if stem in _SMALL:
            value = _SMALL[stem]
        elif stem in _TENS:
            value = _TENS[stem]
        elif stem == "hundred":
            value = 100
    if value is None:
        return None
    v = Decimal(value)
    return _Atom(i, i + 1, v, "ratio", v, kind=FigureKind.RATIO, unit="times")


def _unit_at(toks: list[_Tok], j: int) -> tuple[FigureKind, str, int] | None:
    """The longest unit written from token ``j``: (kind, unit, end)."""
    for size in range(_MAX_UNIT, 0, -1):
        words = tuple(_low(toks, j + k) for k in range(size))
        if "" in words:
            continue
        if size > 1 and any(not _glued_or_spaced(toks, j + k) for k in range(1, size)):
            continue
        hit = _UNITS.get(words)
        if hit is not None:
            if words == ("h",) and not (j > 0 and _glued(toks[j - 1], toks[j])):
                continue
            if words[-1] == "m" and words[0] != "square" and words[0] != "sq":
                continue
            return hit[0], hit[1], j + size
    return None


def _glued_or_spaced(toks: list[_Tok], k: int) -> bool:
    """Token ``k`` follows ``k - 1`` on the same line with at most one space."""
    return toks[k].start - toks[k - 1].end <= 1


def _read_value(toks: list[_Tok], i: int) -> _Atom | None:
    """The value starting at token ``i``, with any currency prefix in front."""
    currency = ""
    ci = i
    t = toks[i]
    if t.kind == "sym" and t.text in _CURRENCY_SYMBOLS:
        currency = _CURRENCY_SYMBOLS[t.text]
        i += 1
    elif (
        t.kind == "word"
        and t.text in _CURRENCY_SYMBOL_PREFIXES
        and i + 1 < len(toks)
        and toks[i + 1].text in _CURRENCY_SYMBOLS
        and _glued(t, toks[i + 1])
    ):
        currency = _CURRENCY_SYMBOLS[toks[i + 1].text]
        i += 2
    elif t.kind == "word" and t.text in _CURRENCY_CODES:
        currency = _CURRENCY_CODES[t.text]
        i += 1
        if i < len(toks) and toks[i].text == "." and _glued(t, toks[i]):
            i += 1
    if currency:
        if i >= len(toks) or toks[i].start - toks[i - 1].end > 1:
            return None
        if toks[i].kind != "num" and _read_words(toks, i) is None:
            return None
    atom = (
        _read_vague(toks, i)
        or _read_ratio_word(toks, i)
        or _read_one_in(toks, i)
        or _read_fraction(toks, i)
        or _read_digits(toks, i)
        or _read_cardinal(toks, i)
    )
    if atom is None:
        return None
    if currency:
        if atom.form not in ("digits", "words"):
            return None
        atom.kind = FigureKind.MONEY
        atom.unit = currency
        atom.currency_i = ci
        atom.year_like = False
    return atom


def _attach_unit(toks: list[_Tok], atom: _Atom) -> int:
    """Reads the unit after ``atom`` into it; returns the token after the unit."""
    j = atom.j
    n = len(toks)
    if j >= n:
        return j
    prev, t = toks[j - 1], toks[j]
    if atom.form in ("digits", "words") and atom.kind is not FigureKind.MONEY:
        # "three times as many", "10-fold"
        if t.low == "times" and _low(toks, j + 1) in _TIMES_FOLLOWERS:
            atom.kind, atom.unit = FigureKind.RATIO, "times"
            atom.form = "ratio"
            return j + 1
        if t.low in _DASHES and _glued(prev, t) and _low(toks, j + 1) == "fold":
            atom.kind, atom.unit = FigureKind.RATIO, "times"
            atom.form = "ratio"
            return j + 2
    if atom.form in ("fraction",) and t.low in ("a", "an"):
        # "half a million", "half an hour"
        nxt = _low(toks, j + 1)
        if nxt in _SCALES or nxt == "dozen":
            scale = _SCALES.get(nxt, 12)
            atom.value = _clean(atom.value * scale)
            atom.base, atom.scale = atom.value, 1
            atom.form, atom.kind = "words", FigureKind.COUNT
            atom.j = j + 2
            return _attach_unit(toks, atom)
        unit = _unit_at(toks, j + 1)
        if unit is not None and unit[0] is FigureKind.DURATION:
            atom.kind, atom.unit = unit[0], unit[1]
            atom.form = "words"
            return unit[2]
        return j
    if atom.form == "fraction" and t.low == "of" and _low(toks, j + 1) in ("a", "an"):
        nxt = _low(toks, j + 2)
        if nxt in _SCALES:
            atom.value = _clean(atom.value * _SCALES[nxt])
            atom.base, atom.scale = atom.value, 1
            atom.form, atom.kind = "words", FigureKind.COUNT
            atom.j = j + 3
            return _attach_unit(toks, atom)
    if atom.form not in ("digits", "words"):
        return j
    if t.low in _DASHES and _glued(prev, t) and j + 1 < n and _glued(t, toks[j + 1]):
        # "a 24-hour curfew", "a 10-kilometre convoy"
        unit = _unit_at(toks, j + 1)
        if unit is not None and unit[2] == j + 2 and unit[0] is not FigureKind.PERCENT:
            if atom.kind is FigureKind.COUNT or unit[0] is atom.kind:
                atom.kind, atom.unit = unit[0], unit[1]
            return unit[2]
        return j
    if toks[j].start - prev.end > 1 and t.low != "%":
        return j
    if t.kind == "word" and _glued(prev, t) and t.low not in _GLUED_UNITS:
        return j
    unit = _unit_at(toks, j)
    if unit is None:
        return j
    kind, name, end = unit
    if atom.kind is FigureKind.MONEY:
        if kind is FigureKind.MONEY:
            return end  # "$5 million dollars" says it twice
        return j
    atom.kind, atom.unit = kind, name
    return end


def parse_number(text: str) -> Decimal:
    """The number ``text`` writes, in digits, words or both.

    Reads "12,500", "1,234.5", "1.7 billion", "sixty thousand", "a hundred and
    fifty", "twenty-five", "3.5m", "$2bn", "half", "one-third" (rounded to
    ``FRACTION_PLACES`` places), "two-thirds", "three quarters", "1 in 4",
    "dozen". A currency sign in front and a "%" or "percent" after are allowed
    and ignored. Raises ``ValueError`` on anything else.
    """
    toks = _tokenize(text.strip())
    if not toks:
        raise ValueError("cannot read a number from an empty text")
    if toks[0].low == "dozen" and len(toks) == 1:
        return Decimal(12)
    atom = _read_value(toks, 0)
    if atom is not None:
        end = _attach_unit(toks, atom)
        if atom.kind in (FigureKind.PERCENT, FigureKind.MONEY) or (
            atom.kind is FigureKind.RATIO and atom.form == "ratio" and end == atom.j
        ):
            atom.j = end
        if atom.j == len(toks) and atom.form != "vague":
            return atom.value
    raise ValueError(f"cannot read {text!r} as a number")


# --------------------------------------------------------------------------
# quantities


@dataclass(frozen=True)
class Quantity:
    """One figure found in a text; offsets are into that text, end exclusive.

    ``start`` includes the hedge words ("at least 12,500" starts at "at"),
    ``end`` the unit words and any trailing hedge written right after them
    ("40 square miles", "12,500 or more"); ``value_start``/``value_end`` hold
    just the number(s), a scale word included ("1.7 billion"), a currency sign
    not. ``hedge_start``/``hedge_end`` hold the hedge words alone ("roughly" of
    "roughly £2m", "give or take" of "4,500 homes, give or take", which lies
    after ``end``), or are -1 when there is no hedge.
    """

    start: int
    end: int
    value_start: int
    value_end: int
    low: Decimal | None
    high: Decimal | None
    bound: Bound
    kind: FigureKind
    unit: str
    hedge: str
    text: str
    hedge_start: int = -1
    hedge_end: int = -1


# Verbs after which a bare number is one to call ("call 999", "text ... to 80888").
_PHONE_VERBS = {
    "call",
    "calls",
    "calling",
    "called",
    "dial",
    "dials",
    "dialling",
    "dialing",
    "dialled",
    "dialed",
    "phone",
    "phones",
    "phoning",
    "phoned",
    "ring",
    "rings",
    "ringing",
    "rang",
    "text",
    "texts",
    "texting",
    "texted",
    "sms",
    "fax",
    "whatsapp",
}
# Words that may stand between such a verb and the number ("call the helpline on").
_PHONE_FILLERS = {
    "on",
    "the",
    "a",
    "number",
    "hotline",
    "helpline",
    "line",
    "freephone",
    "emergency",
    "services",
    "free",
}


def _is_phone_number(toks: list[_Tok], atom: _Atom) -> bool:
    """A number to call or text, not a figure.

    Digit groups side by side ("0800 123 456") with a group that opens with a
    zero or follows a "+" are a phone number, every group of them; so is a
    bare whole number after "call", "dial", "phone", "ring" or "text" (a few
    filler words such as "the helpline on" between), or after "to" in "text
    HELP to 80888", unless a unit or a plural noun follows ("called 12
    witnesses").
    """
    t = toks[atom.i]
    if t.kind != "num" or atom.scale != 1 or atom.currency_i >= 0:
        return False
    if "," in t.text or "." in t.text or atom.j != atom.i + 1:
        return False
    # the run of digit groups this one belongs to
    lo = hi = atom.i
    while lo > 0 and toks[lo - 1].kind == "num" and _group_gap(toks, lo - 1, lo):
        lo -= 1
    while (
        hi + 1 < len(toks)
        and toks[hi + 1].kind == "num"
        and _group_gap(toks, hi, hi + 1)
    ):
        hi += 1
    run = toks[lo : hi + 1]
    plus = lo > 0 and toks[lo - 1].text == "+" and _glued(toks[lo - 1], toks[lo])
    plain = all("," not in g.text and "." not in g.text for g in run)
    if plain and (plus or any(g.text.startswith("0") and len(g.text) > 1 for g in run)):
        return True
    if _plural_noun(toks, atom.j) or _unit_at(toks, atom.j) is not None:
        return False
    k = atom.i - 1
    while k >= 0 and toks[k].low in _PHONE_FILLERS and atom.i - k <= 4:
        k -= 1
    if k >= 0 and toks[k].low in _PHONE_VERBS:
        return True
    if _low(toks, atom.i - 1) == "to":
        return any(_low(toks, m) in _PHONE_VERBS for m in range(atom.i - 5, atom.i - 1))
    return False


def _group_gap(toks: list[_Tok], a: int, b: int) -> bool:
    """Two digit groups of one phone number: one space apart, or a glued dash."""
    return toks[b].start - toks[a].end == 1 and toks[a].end < toks[b].start


def _is_skipped(text: str, toks: list[_Tok], atom: _Atom) -> bool:
    """Numbers that are not figures: dates, times, ordinals, identifiers,
    phone numbers."""
    if atom.form not in ("digits", "words"):
        return False
    if _is_phone_number(toks, atom):
        return True
    first, last = toks[atom.i], toks[atom.j - 1]
    before = toks[atom.i - 1] if atom.i > 0 else None
    after = toks[atom.j] if atom.j < len(toks) else None
    if first.kind == "num":
        if before is not None and _glued(before, first):
            if before.kind == "word" and atom.currency_i < 0:
                return True  # "MH17", "A380" halves
            if before.text in ("#", "/", ":", "'", "’", "."):
                return True
            if before.low in _DASHES and atom.i >= 2:
                two_back = toks[atom.i - 2]
                if _glued(two_back, before) and (
                    two_back.kind == "word" or _year_token(two_back)
                ):
                    return True  # "COVID-19", "F-16", "2011-12"
        if before is not None and before.kind == "word" and atom.currency_i < 0:
            if before.text[:1].isupper() and before.low.rstrip(".") in _ID_WORDS:
                return True  # "Resolution 2254", "No. 5"
            if before.text in _MONTHS and last.kind == "num" and atom.scale == 1:
                v = atom.value
                if v == v.to_integral_value() and 1 <= v <= 31 and len(last.text) <= 2:
                    return True  # "January 21"
        if (
            before is not None
            and before.text == "."
            and atom.i >= 2
            and toks[atom.i - 2].low in ("no", "nos")
        ):
            return True
    if last.kind == "num" and after is not None and _glued(last, after):
        if after.kind == "word" and after.low in _ORDINAL_SUFFIXES:
            return True  # "3rd"
        if after.kind == "word" and atom.scale == 1 and after.low not in _UNITS_GLUABLE:
            return True  # "1990s", "3D", "4G"
        if after.text in ("/", ":"):
            return True  # "9/11", "24/7", "10:30"
        if (
            after.text == "."
            and atom.j + 1 < len(toks)
            and toks[atom.j + 1].kind == "num"
        ):
            return True  # "1.2.3"
    if last.kind == "num" and atom.scale == 1 and _CLOCK_AFTER.match(text, last.end):
        return True  # "10 a.m.", "5pm"
    if last.kind == "num" and atom.scale == 1 and atom.currency_i < 0:
        v = atom.value
        if v == v.to_integral_value() and 1 <= v <= 31 and len(last.text) <= 2:
            if after is not None and after.text in _MONTHS:
                return True  # "21 January"
            if (
                after is not None
                and after.low == "of"
                and atom.j + 1 < len(toks)
                and toks[atom.j + 1].text in _MONTHS
            ):
                return True
    return False


_UNITS_GLUABLE = _GLUED_UNITS | set(_GLUED_SCALES) | {"%"}


def _year_token(t: _Tok) -> bool:
    return (
        t.kind == "num"
        and len(t.text) == 4
        and t.text.isdigit()
        and 1900 <= int(t.text) <= 2100
    )


def _hedge_before(toks: list[_Tok], i: int, floor: int) -> tuple[int, Bound] | None:
    """The longest bound phrase that ends just before token ``i``."""
    for size in range(_MAX_HEDGE, 0, -1):
        k = i - size
        if k < floor:
            continue
        words = tuple(toks[m].low for m in range(k, i))
        bound = _HEDGES.get(words)
        if bound is not None and all(toks[m].kind == "word" for m in range(k, i)):
            return k, bound
    return None


def _range_prefix_before(toks: list[_Tok], i: int, floor: int) -> int | None:
    for words in _RANGE_PREFIXES:
        k = i - len(words)
        if k < floor:
            continue
        if tuple(toks[m].low for m in range(k, i)) == words:
            return k
    return None


def _changes_before(toks: list[_Tok], k: int, floor: int) -> bool:
    """A verb of change just before "from" makes "from X to Y" two figures."""
    return any(toks[m].low in _CHANGE_VERBS for m in range(max(floor, k - 3), k))


def _start_of(atom: _Atom) -> int:
    return atom.currency_i if atom.currency_i >= 0 else atom.i


def _compatible(a: _Atom, b: _Atom) -> bool:
    if a.form == "fraction" or b.form == "fraction":
        return a.form == b.form == "fraction"
    if a.form == "vague" or b.form == "vague":
        return False
    if a.unit and b.unit and (a.unit, a.kind) != (b.unit, b.kind):
        return False
    # "$5-10 million": the currency sign in front covers both ends.
    return not (a.unit and not b.unit and a.currency_i < 0)


def _try_range(
    text: str, toks: list[_Tok], a: _Atom, a_end: int, floor: int
) -> tuple[_Atom, int, Decimal, Decimal] | None:
    """A second value joined to ``a`` as a range: (b, end, low, high)."""
    n = len(toks)
    if a_end >= n or a.form in ("vague",) or a.year_like:
        return None
    joint = toks[a_end]
    k = a_end + 1
    prefix = _range_prefix_before(toks, _start_of(a), floor)
    prefix_words = (
        () if prefix is None else tuple(t.low for t in toks[prefix : _start_of(a)])
    )
    if joint.low == "and":
        if not prefix_words or prefix_words[-1] != "between":
            return None
    elif joint.low in ("-", "–", "‑"):
        pass
    elif joint.low == "—":
        if not (_glued(toks[a_end - 1], joint) and k < n and _glued(joint, toks[k])):
            return None
    elif joint.low == "or":
        if prefix_words:
            return None
    elif joint.low == "to":
        if prefix_words and prefix_words[-1] == "between":
            return None
    else:
        return None
    if k >= n:
        return None
    b = _read_value(toks, k)
    if b is None or b.year_like or _is_skipped(text, toks, b):
        return None
    if a.form == "ratio" or b.form == "ratio":
        return None
    if (
        b.form == "digits"
        and a.form == "words"
        or b.form == "words"
        and a.form == "digits"
    ) and joint.low != "to":
        return None
    b_end = _attach_unit(toks, b)
    if b.form == "ratio" and a.form in ("digits", "words") and not a.unit:
        pass
    elif not _compatible(a, b):
        return None
    if b.kind is FigureKind.MONEY and a.kind is not FigureKind.MONEY and a.unit:
        return None
    low, high = a.value, b.value
    if a.form == "fraction":
        low, high = min(low, high), max(low, high)
        if low == high:
            return None
    else:
        if a.scale == 1 and b.scale > 1 and a.base < b.base:
            low = _clean(a.base * b.scale)  # "1.5 to 2 million"
        if not low < high:
            return None
        if joint.low == "or" and b.form != a.form:
            return None
    if (
        prefix_words
        and prefix_words[-1] == "from"
        and prefix is not None
        and prefix_words[0] == "from"
        and _changes_before(toks, prefix, floor)
    ):
        return None
    return b, b_end, low, high


_CLAUSE_END = {",", ".", ";", ":", "!", "?", ")", "]", '"', "”", "’", "'"} | _DASHES


def _trailing_phrase(toks: list[_Tok], j: int) -> tuple[tuple[str, ...], Bound] | None:
    """The trailing hedge phrase written from token ``j``, if any."""
    for words, bound in _TRAILING_HEDGES.items():
        if tuple(_low(toks, j + k) for k in range(len(words))) == words:
            return words, bound
    return None


def _ends_clause(toks: list[_Tok], j: int) -> bool:
    return j >= len(toks) or toks[j].text in _CLAUSE_END


def _trailing_hedge(toks: list[_Tok], j: int) -> tuple[int, int, Bound] | None:
    """A hedge after the figure that ends at token ``j``: (start, end, bound).

    Right after the figure ("300 or so", "10,000+"), or after its counted noun
    and an optional comma ("4,500 homes, give or take"), for the hedges of
    ``_DISTANT_HEDGES``. "more or less" and "roughly speaking", and any hedge
    but "give or take" and "or thereabouts" after the noun, must end their
    clause: "more or less full" and ", or so they said" are no hedges.
    """
    if j < len(toks) and toks[j].text == "+" and _glued(toks[j - 1], toks[j]):
        return j, j + 1, Bound.AT_LEAST
    if j < len(toks) and toks[j].low in _DASHES and _low(toks, j + 1) == "plus":
        return j, j + 2, Bound.AT_LEAST
    k = j
    while k < len(toks) and k - j <= _MAX_HEDGE_DISTANCE:
        start = k + 1 if toks[k].text == "," else k
        found = _trailing_phrase(toks, start)
        if found is not None:
            words, bound = found
            end = start + len(words)
            adjacent = start == j
            if not adjacent and words not in _DISTANT_HEDGES:
                return None
            needs_end = words in {("more", "or", "less"), ("roughly", "speaking")} or (
                not adjacent and words not in _UNAMBIGUOUS_HEDGES
            )
            if needs_end and not _ends_clause(toks, end):
                return None
            return start, end, bound
        if toks[k].kind != "word" or toks[k].low in _HEDGE_BARRIERS:
            return None
        k += 1
    return None


# Words a distant trailing hedge does not reach across.
_HEDGE_BARRIERS = {"and", "or", "but", "while", "whereas", "than", "of"}


def _read_quantity(
    text: str, toks: list[_Tok], i: int, floor: int
) -> tuple[Quantity | None, int] | None:
    """The quantity at token ``i``, or None; also the token to go on from."""
    a = _read_value(toks, i)
    if a is None:
        return None
    if _is_skipped(text, toks, a):
        return None, a.j
    a_end = _attach_unit(toks, a)
    rng = _try_range(text, toks, a, a_end, floor)
    hedge_tok: int | None = None
    bound: Bound
    low: Decimal | None
    high: Decimal | None
    value_end_tok = a.j
    end_tok = a_end
    tail: tuple[int, int] | None = None  # tokens of a trailing hedge
    kind, unit = a.kind, a.unit
    if rng is not None:
        b, b_end, low, high = rng
        bound = Bound.RANGE
        value_end_tok = b.j
        end_tok = b_end
        if b.unit and not unit:
            kind, unit = b.kind, b.unit
        elif a.form == "fraction":
            kind = FigureKind.FRACTION
        prefix = _range_prefix_before(toks, _start_of(a), floor)
        first = prefix if prefix is not None else _start_of(a)
        if (
            prefix is not None
            and toks[prefix].low == "from"
            and _changes_before(toks, prefix, floor)
        ):
            first = _start_of(a)
        hedged = _hedge_before(toks, first, floor)
        hedge_tok = (
            hedged[0]
            if hedged is not None
            else (first if first != _start_of(a) else None)
        )
    else:
        bounded = _hedge_before(toks, a.i, floor)
        if (
            a.year_like
            and not (a.unit or a.kind is FigureKind.MONEY)
            and (bounded is None or bounded[1] is Bound.APPROX)
        ):
            return None, a.j  # "in 2011", "around 2011"; but "at least 2000"
        if a.lone_one and not a.unit and bounded is None:
            return None, a.j
        if (
            a.form == "fraction"
            and toks[a.j - 1].low == "half"
            and not _half_is_fraction(toks, a)
        ):
            return None, a.j
        if a.form == "vague":
            bound = a.bound or Bound.AT_LEAST
            low, high = a.value, a.vague_high
            end_tok = max(end_tok, a.hedge_end)
            hedge_tok = a.i
        else:
            hedged = _hedge_before(toks, _start_of(a), floor)
            trailing = _trailing_hedge(toks, a_end)
            if hedged is not None:
                hedge_tok, bound = hedged
            elif trailing is not None:
                tail_start, tail_end, bound = trailing
                tail = (tail_start, tail_end)
                if tail_start == a_end:
                    end_tok = tail_end
            else:
                bound = Bound.EXACT
            if bound in (Bound.AT_LEAST, Bound.MORE_THAN):
                low, high = a.value, None
            elif bound in (Bound.AT_MOST, Bound.LESS_THAN):
                low, high = None, a.value
            else:
                low = high = a.value
    start = toks[hedge_tok].start if hedge_tok is not None else toks[_start_of(a)].start
    value_start = toks[a.i].start
    value_end = toks[value_end_tok - 1].end
    end = toks[end_tok - 1].end
    hedge_start = hedge_end = -1
    if a.form == "vague":
        hedge_start, hedge_end = start, end
    elif hedge_tok is not None and hedge_tok != _start_of(a):
        # the words before the value or its currency sign: "roughly" of "roughly £2m"
        hedge_start, hedge_end = start, toks[_start_of(a) - 1].end
    elif tail is not None:
        hedge_start, hedge_end = toks[tail[0]].start, toks[tail[1] - 1].end
    hedge = text[hedge_start:hedge_end] if hedge_start >= 0 else ""
    quantity = Quantity(
        start=start,
        end=end,
        value_start=value_start,
        value_end=value_end,
        low=low,
        high=high,
        bound=bound,
        kind=kind,
        unit=unit,
        hedge=hedge,
        text=text[start:end],
        hedge_start=hedge_start,
        hedge_end=hedge_end,
    )
    return quantity, end_tok


def _half_is_fraction(toks: list[_Tok], atom: _Atom) -> bool:
    """ "half of the voters", not "the first half" or "half-time"."""
    before = _low(toks, atom.i - 1)
    if before in ("the", "first", "second", "latter", "other", "a", "one", "and") or (
        before == "in" and _low(toks, atom.j) != "of"
    ):
        return False
    after = toks[atom.j] if atom.j < len(toks) else None
    if after is None:
        return True
    if after.low in _DASHES and _glued(toks[atom.j - 1], after):
        return False  # "half-time", "half-hearted"
    return after.low not in (
        "time",
        "way",
        "hour",
        "century",
        "brother",
        "sister",
        "day",
    )


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text``, sorted by start and never overlapping."""
    toks = _tokenize(text)
    found: list[Quantity] = []
    floor = 0
    i = 0
    while i < len(toks):
        got = _read_quantity(text, toks, i, floor)
        if got is None:
            i += 1
            continue
        quantity, nxt = got
        if quantity is not None:
            found.append(quantity)
            floor = nxt
        i = max(nxt, i + 1)
    return found
