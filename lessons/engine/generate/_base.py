"""Building blocks shared by the generators: registries, choices, text.

Nothing here knows a finding kind or a story; builders in ``figures`` and
``findings`` use these helpers so that every question is made the same way:
deterministic keys and choice order, feedback on every choice, a misconception
tag from :data:`MISCONCEPTIONS` on every wrong one, and answer data that
:func:`lessons.engine.grade.validate_answer_data` accepts.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from ..grade import validate_answer_data
from ..intervals import Interval
from ..questions import QuestionDraft, QuestionType
from ..types import ArticleInfo, Bound, Corpus, Figure, FigureKind, Finding, TextSpan

# --- the misconception vocabulary ---

MISCONCEPTIONS: Mapping[str, str] = {
    "hedge-read-as-exact": (
        "Reads a hedged figure (about, at least, a range) as an exact value."
    ),
    "hedge-read-as-bound": (
        "Reads 'about' as a floor or a ceiling rather than a rounded value."
    ),
    "bound-inverted": (
        "Reads a floor ('at least') as a ceiling, or a ceiling as a floor."
    ),
    "one-end-of-range": (
        "Takes one end of a range, or one part of an overlap, for the whole."
    ),
    "stock-vs-flow-confused": (
        "Compares a total over a period (a flow) with a count at a date "
        "(a stock) as if they measured the same thing."
    ),
    "running-total-as-period": (
        "Reads a running total ('since', 'by') as the count of one period only."
    ),
    "fraction-inverted": (
        "Multiplies by a fraction where it should divide, or turns the "
        "fraction upside down."
    ),
    "base-assumed": (
        "Judges a percentage or share without asking what it is a share of."
    ),
    "scale-ignored": "Calls a number big or small without comparing it with anything.",
    "repeater-as-source": (
        "Takes an outlet or spokesperson who repeated a figure for its "
        "first-hand source."
    ),
    "source-mixed-up": (
        "Credits a figure to a source the article quotes for something else."
    ),
    "source-assumed": (
        "Assumes a source (officials, the outlet) that the text does not give."
    ),
    "unnamed-as-named": (
        "Treats a description ('a senior official') as an identified source."
    ),
    "headline-trusted": (
        "Takes the headline's version of a figure or claim over the body's."
    ),
    "time-ignored": "Ignores when a figure was true, or when the article was written.",
    "estimate-as-count": "Takes an estimate for a tally.",
    "projection-as-fact": (
        "Takes a projection ('will have', 'could reach') for something "
        "that has happened."
    ),
    "method-overlooked": "Misses the words that say how a figure was arrived at.",
    "category-drift": (
        "Compares counts of differently defined things as if they were one."
    ),
    "precision-trusted": "Trusts a figure's precision more than its making allows.",
    "interest-ignored": "Ignores what a source gains if its figure is believed.",
    "agreement-assumed": (
        "Assumes figures agree without checking that they can all be true."
    ),
    "conflict-assumed": "Sees a contradiction where the figures can all be true.",
    "comparison-refused": "Refuses a comparison that the figures do allow.",
}


# --- what builders return ---


@dataclass(frozen=True)
class Section:
    """A part of a lesson's body: Markdown about some figures or a finding."""

    key: str
    skill: str
    title: str
    body: str
    figures: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass
class Material:
    """What a builder makes: lesson sections and question drafts."""

    sections: list[Section] = field(default_factory=list)
    questions: list[QuestionDraft] = field(default_factory=list)

    def extend(self, other: Material) -> None:
        self.sections.extend(other.sections)
        self.questions.extend(other.questions)


FigureBuilder = Callable[[Corpus], Material]
FindingBuilder = Callable[[Corpus, Finding], Material]

# Figure-level builders run over every corpus; finding builders by kind.
FIGURE_BUILDERS: dict[str, FigureBuilder] = {}
FINDING_BUILDERS: dict[str, FindingBuilder] = {}


def figure_builder(name: str) -> Callable[[FigureBuilder], FigureBuilder]:
    """Register a builder that works from the corpus's figures alone."""

    def register(func: FigureBuilder) -> FigureBuilder:
        FIGURE_BUILDERS[name] = func
        return func

    return register


def finding_builder(*kinds: str) -> Callable[[FindingBuilder], FindingBuilder]:
    """Register a builder for findings of ``kinds``."""

    def register(func: FindingBuilder) -> FindingBuilder:
        for kind in kinds:
            FINDING_BUILDERS[kind] = func
        return func

    return register


# --- questions ---


@dataclass(frozen=True)
class Option:
    """A choice before it is shuffled and lettered."""

    text: str
    feedback: str
    correct: bool = False
    misconception: str = ""


LETTERS = "abcdefghij"


def choice_answer(
    seed: str,
    options: Sequence[Option],
    *,
    multiple: bool = False,
    partial: bool = True,
) -> dict[str, Any]:
    """Answer data for a choice question: shuffled by ``seed``, lettered a, b, c ...

    Options whose text repeats an earlier one are dropped (two computed
    distractors can coincide). A wrong option without a known misconception
    tag is a bug in its builder.
    """
    unique: list[Option] = []
    seen: set[str] = set()
    for option in options:
        if option.text.casefold() in seen:
            continue
        if not option.feedback:
            raise ValueError(f"option {option.text!r} has no feedback")
        if not option.correct and option.misconception not in MISCONCEPTIONS:
            raise ValueError(f"unknown misconception {option.misconception!r}")
        seen.add(option.text.casefold())
        unique.append(option)
    rng = random.Random(f"choices:{seed}")
    rng.shuffle(unique)
    data: dict[str, Any] = {
        "choices": [
            {
                "key": LETTERS[i],
                "text": o.text,
                "correct": o.correct,
                "feedback": o.feedback,
                "misconception": "" if o.correct else o.misconception,
            }
            for i, o in enumerate(unique)
        ]
    }
    if multiple:
        data["partial"] = partial
    return data


def keyed_items(
    seed: str, texts: Sequence[str], prefix: str
) -> tuple[list[dict[str, str]], list[str]]:
    """Items with keys that do not give their order away.

    Returns the items (in a seeded shuffled order) and their keys in the order
    of ``texts``.
    """
    positions = list(range(len(texts)))
    random.Random(f"items:{seed}").shuffle(positions)
    keys = [""] * len(texts)
    items = []
    for label, position in enumerate(positions, start=1):
        keys[position] = f"{prefix}{label}"
        items.append({"key": f"{prefix}{label}", "text": texts[position]})
    return items, keys


def make_question(
    *,
    key: str,
    qtype: QuestionType,
    stem: str,
    explanation: str,
    skill: str,
    answer: Mapping[str, Any],
    difficulty: int = 2,
    figures: Iterable[Figure] = (),
    finding: Finding | None = None,
    evidence: Iterable[TextSpan] = (),
) -> QuestionDraft:
    """A question draft whose answer data is checked before it leaves the builder."""
    validate_answer_data(qtype, answer)
    figs = tuple(figures)
    spans = tuple(evidence) or tuple(value_span(f) for f in figs)
    return QuestionDraft(
        key=key,
        type=qtype,
        stem=stem,
        explanation=explanation,
        skill=skill,
        answer=answer,
        difficulty=difficulty,
        evidence=spans,
        figures=tuple(f.key for f in figs),
        finding="" if finding is None else finding.key,
    )


def numeric_answer(
    value: Interval, *, tolerance: Decimal | str, relative: bool = True, unit: str = ""
) -> dict[str, Any] | None:
    """A numeric key from a computed interval; None when it is open-ended."""
    if value.low is None or value.high is None:
        return None
    data: dict[str, Any] = {
        "tolerance": plain(Decimal(tolerance)),
        "tolerance_kind": "relative" if relative else "absolute",
        "unit": unit,
    }
    if value.low == value.high:
        data["value"] = plain(value.low)
    else:
        data["low"], data["high"] = plain(value.low), plain(value.high)
    return data


def value_span(figure: Figure) -> TextSpan:
    for span in figure.spans:
        if span.role == "value":
            return span if span.article else _with_article(span, figure.article)
    return TextSpan(figure.start, figure.end, "value", figure.article)


def role_span(figure: Figure, role: str) -> TextSpan | None:
    for span in figure.spans:
        if span.role == role:
            return span if span.article else _with_article(span, figure.article)
    return None


def _with_article(span: TextSpan, article: str) -> TextSpan:
    return TextSpan(span.start, span.end, span.role, article)


def span_json(span: TextSpan) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end}


# --- numbers ---


def plain(value: Decimal) -> str:
    """A decimal string without exponent, rounded to six places."""
    if value != value.to_integral_value():
        value = value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return format(value.normalize(), "f")


def dec(value: Any) -> Decimal | None:
    """A decimal from a finding value (string or number), None if absent."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def interval(value: Any) -> Interval | None:
    """An interval from a finding value ``{"low", "high"}``, None if absent."""
    if not isinstance(value, Mapping):
        return None
    low, high = dec(value.get("low")), dec(value.get("high"))
    if low is None and high is None:
        return None
    try:
        return Interval(low, high)
    except ValueError:
        return None


def fmt_number(value: Decimal, kind: FigureKind | None = None) -> str:
    """A number for a reader: 50,000; 2.57; 1/3 for a fraction figure."""
    if kind is FigureKind.FRACTION and 0 < value < 1:
        frac = Fraction(value).limit_denominator(12)
        if abs(Decimal(frac.numerator) / Decimal(frac.denominator) - value) < Decimal(
            "0.0005"
        ):
            return f"{frac.numerator}/{frac.denominator}"
    magnitude = abs(value)
    if magnitude >= 100:
        rounded = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    elif magnitude >= 10:
        rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    else:
        rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return format(rounded.normalize(), ",f")


def fmt_interval(
    value: Interval, unit: str = "", kind: FigureKind | None = None
) -> str:
    """12,000 to 18,000; 6,000 or more; up to 5."""
    lo = None if value.low is None else fmt_number(value.low, kind)
    hi = None if value.high is None else fmt_number(value.high, kind)
    if lo is not None and hi is not None:
        text = lo if lo == hi else f"{lo} to {hi}"
    elif lo is not None:
        text = f"{lo} or more"
    elif hi is not None:
        text = f"up to {hi}"
    else:
        text = "any number"
    return f"{text} {unit}".strip()


_BOUND_WORDS = {
    Bound.EXACT: "",
    Bound.APPROX: "about ",
    Bound.AT_LEAST: "at least ",
    Bound.MORE_THAN: "more than ",
    Bound.AT_MOST: "at most ",
    Bound.LESS_THAN: "less than ",
    Bound.RANGE: "",
}


def stated(figure: Figure) -> Decimal:
    """The single number a hedged figure states (a range's low end)."""
    value = figure.low if figure.low is not None else figure.high
    assert value is not None  # a Figure has a low or a high
    return value


def stated_interval(figure: Figure) -> Interval:
    """The figure at its stated value: hedges dropped, real ranges kept."""
    if (
        figure.bound is Bound.RANGE
        and figure.low is not None
        and figure.high is not None
    ):
        return Interval(figure.low, figure.high)
    if figure.bound in (Bound.AT_MOST, Bound.LESS_THAN) and figure.high is not None:
        return Interval.point(figure.high)
    return Interval.point(stated(figure))


def unit_of(figure: Figure) -> str:
    if figure.kind is FigureKind.FRACTION:
        return ""
    if figure.kind is FigureKind.PERCENT:
        return "percent"
    return figure.unit


def value_text(figure: Figure, *, with_unit: bool = True) -> str:
    """The figure as stated, computed from its fields: at least 50,000 militants."""
    if (
        figure.bound is Bound.RANGE
        and figure.low is not None
        and figure.high is not None
    ):
        text = fmt_interval(Interval(figure.low, figure.high), "", figure.kind)
    else:
        ceiling = figure.bound in (Bound.AT_MOST, Bound.LESS_THAN)
        top = figure.high if ceiling else None
        number = top if top is not None else stated(figure)
        text = _BOUND_WORDS[figure.bound] + fmt_number(number, figure.kind)
    unit = unit_of(figure) if with_unit else ""
    return f"{text} {unit}".strip()


def figure_label(figure: Figure) -> str:
    """How questions name a figure: its quote and what it counts."""
    what = figure.quantity or figure.unit
    return f"“{figure.quote}” ({what})" if what else f"“{figure.quote}”"


def fmt_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- text and Markdown ---

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup in quoted article text."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


QUOTE_WINDOW = 180


def quote_block(info: ArticleInfo, start: int, end: int) -> str:
    """A ``>`` block quoting the article's words around [start, end), bolded,

    with the headline and outlet beneath: the lesson cites the text it teaches.
    """
    text = info.text
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    lead = "" if start - line_start <= QUOTE_WINDOW else "…"
    tail = "" if line_end - end <= QUOTE_WINDOW else "…"
    before_start = max(line_start, start - QUOTE_WINDOW)
    after_end = min(line_end, end + QUOTE_WINDOW)
    if lead:
        space = text.find(" ", before_start, start)
        before_start = space + 1 if space >= 0 else before_start
    if tail:
        space = text.rfind(" ", end, after_end)
        after_end = space if space >= 0 else after_end
    before = " ".join(text[before_start:start].split())
    after = " ".join(text[end:after_end].split())
    middle = " ".join(text[start:end].split())
    gap_before = " " if text[before_start:start][-1:].isspace() else ""
    gap_after = " " if text[end:after_end][:1].isspace() else ""
    quoted = (
        f"{lead}{md_escape(before)}{gap_before}**{md_escape(middle)}**"
        f"{gap_after}{md_escape(after)}{tail}"
    )
    source = f"*{md_escape(info.headline)}*" if info.headline else "the article"
    if info.outlet:
        source += f", {md_escape(info.outlet)}"
    return f"> {quoted}\n>\n> — {source}"


def figure_quote(corpus: Corpus, figure: Figure) -> str:
    return quote_block(corpus.article_of(figure), figure.start, figure.end)


def join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def articles_key(keys: Iterable[str]) -> str:
    return "+".join(sorted(set(keys)))
