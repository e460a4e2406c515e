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
from typing import Any, TypeVar

from ..grade import validate_answer_data
from ..intervals import Interval
from ..questions import QuestionDraft, QuestionType
from ..types import ArticleInfo, Corpus, Figure, Finding, TextSpan

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

    def add(self, *questions: QuestionDraft | None) -> None:
        """Append questions, skipping the None of a question that could not be made."""
        self.questions.extend(q for q in questions if q is not None)


def figure_section(
    figure: Figure, name: str, *, skill: str, title: str, body: str
) -> Section:
    """A section about one figure, keyed ``{figure.key}:{name}``."""
    return Section(
        key=f"{figure.key}:{name}",
        skill=skill,
        title=title,
        body=body,
        figures=(figure.key,),
        articles=(figure.article,),
    )


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


Answer = TypeVar("Answer")


def one_right_answer(
    truth: Answer,
    texts: Mapping[Answer, str],
    *,
    right: str,
    wrong: str,
    tag: Callable[[Answer, Answer], str],
) -> list[Option]:
    """An option for each possible answer in ``texts`` (in its order): the one
    that is ``truth`` is correct with feedback ``right``; each other has
    feedback ``wrong`` and the misconception ``tag(truth, chosen)``."""
    return [
        Option(
            text,
            right if answer == truth else wrong,
            correct=answer == truth,
            misconception="" if answer == truth else tag(truth, answer),
        )
        for answer, text in texts.items()
    ]


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


def choice_question(
    *,
    key: str,
    stem: str,
    options: Sequence[Option],
    explanation: str,
    skill: str,
    multiple: bool = False,
    difficulty: int = 2,
    figures: Iterable[Figure] = (),
    finding: Finding | None = None,
    evidence: Iterable[TextSpan] = (),
) -> QuestionDraft:
    """A single (or, with ``multiple``, a multiple) choice question keyed by ``key``:
    its choices are shuffled by the same key."""
    return make_question(
        key=key,
        qtype=QuestionType.MULTIPLE if multiple else QuestionType.SINGLE,
        stem=stem,
        explanation=explanation,
        skill=skill,
        answer=choice_answer(key, options, multiple=multiple),
        difficulty=difficulty,
        figures=figures,
        finding=finding,
        evidence=evidence,
    )


def numeric_question(
    *,
    key: str,
    value: Interval,
    tolerance: Decimal | str,
    stem: str,
    explanation: str,
    skill: str,
    relative: bool = True,
    unit: str = "",
    difficulty: int = 2,
    figures: Iterable[Figure] = (),
    finding: Finding | None = None,
) -> QuestionDraft | None:
    """A numeric question on a computed interval; None when it is open-ended."""
    answer = numeric_answer(value, tolerance=tolerance, relative=relative, unit=unit)
    if answer is None:
        return None
    return make_question(
        key=key,
        qtype=QuestionType.NUMERIC,
        stem=stem,
        explanation=explanation,
        skill=skill,
        answer=answer,
        difficulty=difficulty,
        figures=figures,
        finding=finding,
    )


def evidence_question(
    *,
    key: str,
    stem: str,
    explanation: str,
    skill: str,
    span: TextSpan,
    difficulty: int = 2,
    figures: Iterable[Figure] = (),
) -> QuestionDraft:
    """Select the words of ``span`` in the article (half the span will do)."""
    return make_question(
        key=key,
        qtype=QuestionType.EVIDENCE,
        stem=stem,
        explanation=explanation,
        skill=skill,
        answer={"accepted": [span_json(span)], "threshold": "0.5"},
        difficulty=difficulty,
        figures=figures,
        evidence=(span,),
    )


def rubric_answer(
    criteria: Sequence[tuple[str, int]], model_answer: str
) -> dict[str, Any]:
    """Answer data for a short question: (criterion, points) pairs and a model."""
    return {
        "rubric": [
            {"criterion": criterion, "points": points} for criterion, points in criteria
        ],
        "model_answer": model_answer,
    }


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
    span = role_span(figure, "value")
    if span is not None:
        return span
    return TextSpan(figure.start, figure.end, "value", figure.article)


def role_span(figure: Figure, role: str) -> TextSpan | None:
    for span in figure.spans:
        if span.role == role:
            return in_article(span, figure.article)
    return None


def in_article(span: TextSpan, article: str) -> TextSpan:
    """``span``, placed in ``article`` unless it names its own."""
    return span if span.article else TextSpan(span.start, span.end, span.role, article)


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
    return passage_block(info, ((start, end),))


def _window(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The stretch quoted around [start, end): (from, to, cut before, cut after).

    Up to ``QUOTE_WINDOW`` characters each side, within the line, cut at a
    space where it stops inside the line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    lead = start - line_start > QUOTE_WINDOW
    tail = line_end - end > QUOTE_WINDOW
    before_start = max(line_start, start - QUOTE_WINDOW)
    after_end = min(line_end, end + QUOTE_WINDOW)
    if lead:
        space = text.find(" ", before_start, start)
        before_start = space + 1 if space >= 0 else before_start
    if tail:
        space = text.rfind(" ", end, after_end)
        after_end = space if space >= 0 else after_end
    return before_start, after_end, lead, tail


def passage_block(info: ArticleInfo, spans: Sequence[tuple[int, int]]) -> str:
    """One ``>`` block quoting the passage around ``spans`` (all on one line),
    each span in bold, with the headline and outlet beneath."""
    text = info.text
    ordered = sorted(spans)
    merged: list[tuple[int, int]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    first, _to, lead, _tail = _window(text, merged[0][0], merged[0][1])
    _from, last, _lead, tail = _window(text, merged[-1][0], merged[-1][1])
    pieces = ["…" if lead else ""]
    pos = first
    for k, (start, end) in enumerate(merged):
        between = re.sub(r"\s+", " ", text[pos:start])
        pieces.append(md_escape(between.lstrip() if k == 0 else between))
        pieces.append(f"**{md_escape(' '.join(text[start:end].split()))}**")
        pos = end
    pieces.append(md_escape(re.sub(r"\s+", " ", text[pos:last]).rstrip()))
    pieces.append("…" if tail else "")
    source = f"*{md_escape(info.headline)}*" if info.headline else "the article"
    if info.outlet:
        source += f", {md_escape(info.outlet)}"
    return f"> {''.join(pieces)}\n>\n> — {source}"


def figure_quote(corpus: Corpus, figure: Figure) -> str:
    return quote_block(corpus.article_of(figure), figure.start, figure.end)


def figure_quotes(corpus: Corpus, figures: Iterable[Figure]) -> str:
    """The quote blocks of ``figures``, one after another, each passage once.

    Figures whose quoted passages overlap (same article, same line) share one
    block with each of them in bold, so a stem never quotes a passage twice.
    Blocks come in the order of their first figure.
    """
    groups: list[tuple[str, int, int, list[tuple[int, int]]]] = []
    for figure in figures:
        info = corpus.article_of(figure)
        lo, hi, _lead, _tail = _window(info.text, figure.start, figure.end)
        for k, (article, g_lo, g_hi, spans) in enumerate(groups):
            if article == figure.article and lo < g_hi and g_lo < hi:
                if (figure.start, figure.end) not in spans:
                    spans.append((figure.start, figure.end))
                groups[k] = (article, min(lo, g_lo), max(hi, g_hi), spans)
                break
        else:
            groups.append((figure.article, lo, hi, [(figure.start, figure.end)]))
    return "\n\n".join(
        passage_block(corpus.articles[article], spans)
        for article, _lo, _hi, spans in groups
    )


def join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def articles_key(keys: Iterable[str]) -> str:
    return "+".join(sorted(set(keys)))
