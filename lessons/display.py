"""Presenting stored content to students: Markdown, marked article text, answers.

Pure presentation over already-loaded objects: nothing here queries the
database, so pages keep their fixed query budgets.

TLDR for question pages: build what a student sees from
``grade.public_data`` only. The key helpers here (``key_text``) are for
results pages, called only once ``Attempt.feedback_visible`` says so.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import markdown as markdown_lib
import nh3

from lessons.engine.formatting import figure_text
from lessons.engine.grade import key_response
from lessons.engine.types import Bound, FigureKind
from lessons.engine.types import Figure as EngineFigure
from lessons.models import Article, Figure
from lessons.models.articles import ANCHOR_CONTEXT
from lessons.selectors import stated_decimal

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n+")
_PHRASE_END = re.compile(r"[,;:]\s+|\s+[—–]\s+")

BOUND_WORDS = {
    "exact": "exactly",
    "approx": "about",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "range": "between",
}


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised by nh3 (no scripts, styles or handlers).

    Cached: the same stem or lesson body is rendered once per process.
    """
    rendered = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"])
    # A table gets its own scrolling region, so a wide one never squeezes its
    # column or widens the page (the region is focusable for keyboard scrolling).
    return _TABLE.sub(_TABLE_WRAP, nh3.clean(rendered))


_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_TABLE_WRAP = (
    r'<div class="table-scroll" role="region" tabindex="0" aria-label="Table">'
    r"<table>\1</table></div>"
)


# --- Markdown as plain text ---------------------------------------------------

_BLOCKS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "td", "th"}
)
_CITATION = re.compile(r"^[—–-]\s")


class _Blocks(HTMLParser):
    """The text of each block of rendered HTML, and whether it is quoted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self._quoted = 0
        self._open = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "blockquote":
            self._quoted += 1
        elif tag in _BLOCKS:
            self._flush()
            self._open += 1
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._flush()
            self._quoted = max(self._quoted - 1, 0)
        elif tag in _BLOCKS:
            self._flush()
            self._open = max(self._open - 1, 0)

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((text, self._quoted > 0))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def _blocks(text: str) -> list[tuple[str, bool]]:
    parser = _Blocks()
    parser.feed(render_markdown(text or ""))
    parser.close()
    return parser.blocks


def plain_text(text: str) -> str:
    """Markdown as one line of plain text: rendered, tags stripped, spaces collapsed."""
    return " ".join(block for block, _quoted in _blocks(text))


@lru_cache(maxsize=1024)
def stem_summary(stem: str) -> str:
    """The question a stem asks, as plain text, for lists of questions.

    Stems often open with quoted article text (a blockquote and its citation
    line) that several questions share; the summary is the last paragraph that
    is neither, with the Markdown stripped. A stem that is all quotation is
    summarised whole.
    """
    blocks = _blocks(stem)
    for block, quoted in reversed(blocks):
        if not quoted and not _CITATION.match(block):
            return block
    return " ".join(block for block, _quoted in blocks)


# --- article text with its figures marked ------------------------------------


@dataclass(frozen=True)
class FigureNote:
    """What a student sees about one figure: value, bound, time, source chain."""

    figure: Figure
    value: str  # without the hedge: "one-third", "9,000 to 18,000 fighters"
    reading: str  # with it, as a reader says it: "about one-third"
    bound: str
    time: str
    chain: tuple[str, ...]
    method: str

    @property
    def dom_id(self) -> str:
        return f"figure-{self.figure.pk}"


@dataclass
class TextPiece:
    text: str
    note: FigureNote | None = None


@dataclass
class Paragraph:
    pieces: list[TextPiece] = field(default_factory=list)


def _number(value: Any) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    if "." in text:
        whole, frac = text.split(".")
        return f"{int(whole):,}.{frac}"
    return f"{int(text):,}"


def _as_engine(figure: Figure, bound: Bound | None = None) -> EngineFigure | None:
    """Just the value of a stored figure as the engine's Figure, for its formatting;
    None where the engine would refuse it (no value, an unknown kind)."""
    try:
        return EngineFigure(
            start=figure.start,
            end=figure.end,
            quote=figure.exact,
            low=stated_decimal(figure.low),
            high=stated_decimal(figure.high),
            bound=bound or Bound(figure.bound),
            kind=FigureKind(figure.kind),
            unit=figure.unit or "",
        )
    except ValueError:
        return None


def _plain_value(figure: Figure) -> str:
    low, high = _number(figure.low), _number(figure.high)
    if figure.bound == "range" or (low and high and low != high):
        value = f"{low} to {high}"
    else:
        value = low or high
    return f"{value} {figure.unit}".strip() if value else ""


def figure_value(figure: Figure) -> str:
    """A figure's value without its hedge, as the engine writes it: "one-third",
    "20 percent", "2,000,000 dollars", "9,000 to 18,000 fighters"."""
    spread = (
        figure.low is not None
        and figure.high is not None
        and (figure.bound == "range" or figure.low != figure.high)
    )
    engine_figure = _as_engine(figure, Bound.RANGE if spread else Bound.EXACT)
    if engine_figure is None:
        return _plain_value(figure)
    return figure_text(engine_figure)


def figure_reading(figure: Figure) -> str:
    """A figure as a reader would say it, hedge and all: "about one-third",
    "at least 50,000 militants" (the engine's ``figure_text``)."""
    engine_figure = _as_engine(figure)
    if engine_figure is None:
        return _plain_value(figure)
    return figure_text(engine_figure)


@dataclass(frozen=True)
class InContext:
    """A quote with the whole words around it; ``cut_*``: more text is left out."""

    before: str
    exact: str
    after: str
    cut_before: bool
    cut_after: bool


def in_context(
    text: str,
    start: int,
    end: int,
    *,
    chars: int = 80,
    clipped_before: bool = False,
    clipped_after: bool = False,
) -> InContext:
    """``text[start:end]`` with up to ``chars`` characters either side, cut at
    word boundaries (never mid-word) and kept within its paragraph (line).

    ``clipped_before``/``clipped_after``: ``text`` is itself a window of a
    longer text (a stored prefix or suffix), so the word at that edge may be
    partial and more text lies beyond it.
    """
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last == -1 else last
    low = max(first, start - chars)
    high = min(last, end + chars)
    before, after = text[low:start], text[end:high]
    # A word at the window's edge is partial if the text runs on into it there.
    partial_first = not text[low - 1].isspace() if low > 0 else clipped_before
    partial_last = not text[high].isspace() if high < len(text) else clipped_after
    if partial_first:
        match = re.search(r"\s", before)
        before = before[match.end() :] if match else ""
    if partial_last:
        match = re.search(r"\s\S*$", after)
        after = after[: match.start()] if match else ""
    before, after = before.lstrip(), after.rstrip()
    shown_from, shown_to = start - len(before), end + len(after)
    return InContext(
        before=before,
        exact=text[start:end],
        after=after,
        cut_before=shown_from > first or (first == 0 and clipped_before),
        cut_after=shown_to < last or (last == len(text) and clipped_after),
    )


def figure_in_context(figure: Figure, text: str, *, chars: int = 80) -> InContext:
    """A figure quoted in its article's text; from its stored prefix and suffix
    when the offsets no longer fit the text."""
    if 0 <= figure.start < figure.end <= len(text) and (
        text[figure.start : figure.end] == figure.exact
    ):
        return in_context(text, figure.start, figure.end, chars=chars)
    start = len(figure.prefix)
    return in_context(
        figure.prefix + figure.exact + figure.suffix,
        start,
        start + len(figure.exact),
        chars=chars,
        clipped_before=len(figure.prefix) >= ANCHOR_CONTEXT,
        clipped_after=len(figure.suffix) >= ANCHOR_CONTEXT,
    )


def figure_note(figure: Figure) -> FigureNote:
    """The facts a tooltip shows for one figure (hops prefetched)."""
    value = figure_value(figure)
    time = figure.time_text or ""
    if figure.time_start and figure.time_end and figure.time_start != figure.time_end:
        dates = f"{figure.time_start:%d %b %Y} to {figure.time_end:%d %b %Y}"
    elif figure.time_start or figure.time_end:
        dates = f"{(figure.time_start or figure.time_end):%d %b %Y}"
    else:
        dates = ""
    if dates:
        time = f"{time} ({dates})" if time else dates
    chain = tuple(
        hop.speaker + ("" if hop.source.named else " (unnamed)")
        for hop in figure.hops.all()
    )
    return FigureNote(
        figure=figure,
        value=value,
        reading=figure_reading(figure),
        bound=BOUND_WORDS.get(figure.bound, figure.bound.replace("_", " ")),
        time=time or "not stated",
        chain=chain,
        method=figure.method.replace("_", " "),
    )


def marked_paragraphs(article: Article, figures: Iterable[Figure]) -> list[Paragraph]:
    """The article's text in paragraphs, with each figure as its own piece.

    Overlapping figures keep the one that starts first; a figure that spans a
    paragraph break is marked in the paragraph where it starts only.
    """
    text = article.text
    chosen: list[Figure] = []
    for figure in sorted(figures, key=lambda f: (f.start, -f.end)):
        if chosen and figure.start < chosen[-1].end:
            continue
        if 0 <= figure.start < figure.end <= len(text):
            chosen.append(figure)
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        paragraph = Paragraph()
        cursor = position
        for figure in chosen:
            if not position <= figure.start < end:
                continue
            if figure.start > cursor:
                paragraph.pieces.append(TextPiece(text[cursor : figure.start]))
            stop = min(figure.end, end)
            paragraph.pieces.append(
                TextPiece(text[figure.start : stop], figure_note(figure))
            )
            cursor = stop
        if cursor < end:
            paragraph.pieces.append(TextPiece(text[cursor:end]))
        if paragraph.pieces:
            paragraphs.append(paragraph)
        if match is None:
            break
        position = match.end()
    return paragraphs


# --- evidence questions -----------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a phrase of one) with its code-point offsets."""

    article: str
    start: int
    end: int
    text: str
    phrases: tuple[Sentence, ...] = ()

    @property
    def value(self) -> str:
        return f"{self.article}:{self.start}:{self.end}"


def _pieces(
    article: str, text: str, offset: int, boundary: re.Pattern[str]
) -> list[Sentence]:
    found: list[Sentence] = []
    position = 0
    for match in [*boundary.finditer(text), None]:
        end = match.start() if match else len(text)
        raw = text[position:end]
        stripped = raw.strip()
        if stripped:
            start = offset + position + raw.index(stripped)
            found.append(Sentence(article, start, start + len(stripped), stripped))
        if match is None:
            break
        position = match.end()
    return found


def sentences(article: Article) -> list[Sentence]:
    """The article's sentences and lines, each with its phrases when it has several."""
    return list(_sentences(article.key, article.text))


@lru_cache(maxsize=256)
def _sentences(key: str, text: str) -> tuple[Sentence, ...]:
    # Cached: an article's text never changes (Article's constraints), and an
    # evidence question's page offers its sentences on every view.
    result = []
    for sentence in _pieces(key, text, 0, _SENTENCE_END):
        phrases = _pieces(key, sentence.text, sentence.start, _PHRASE_END)
        result.append(
            Sentence(
                sentence.article,
                sentence.start,
                sentence.end,
                sentence.text,
                tuple(phrases) if len(phrases) > 1 else (),
            )
        )
    return tuple(result)


def quote(texts: Mapping[str, str], span: Mapping[str, Any]) -> str:
    """The words a span selects, or a note when its article is unknown."""
    text = texts.get(span.get("article", ""))
    if text is None:
        return f"characters {span.get('start')}–{span.get('end')}"
    return text[span["start"] : span["end"]]


# --- choices and answers ----------------------------------------------------


def shuffled_choices(
    choices: Sequence[Mapping[str, Any]], *, shuffle: bool, seed: str
) -> list[Mapping[str, Any]]:
    """Public choices, in a stable per-attempt order when the quiz shuffles them."""
    ordered = list(choices)
    if shuffle:
        random.Random(f"choices:{seed}").shuffle(ordered)
    return ordered


def _texts_by_key(entries: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    return {e["key"]: e.get("text", "") or e["key"] for e in entries}


def answer_text(
    qtype: str,
    answer_data: Mapping[str, Any],
    answer: Any,
    *,
    article_texts: Mapping[str, str],
) -> list[str]:
    """A student's (normalised) answer as lines of readable text.

    Uses the answer data only for the texts of choices, items and hops, which
    the student saw while answering.
    """
    if answer is None:
        return []
    if qtype in ("single", "multiple"):
        texts = _texts_by_key(answer_data.get("choices", []))
        keys = [answer] if isinstance(answer, str) else list(answer)
        return [texts.get(k, k) for k in keys]
    if qtype == "numeric":
        unit = answer.get("unit", "") or answer_data.get("unit", "")
        if "value" in answer:
            number = answer["value"]
        else:
            number = f"{answer.get('low')} to {answer.get('high')}"
        return [f"{number} {unit}".strip()]
    if qtype == "evidence":
        return [f"“{quote(article_texts, span)}”" for span in answer]
    if qtype == "ordering":
        texts = _texts_by_key(answer_data.get("items", []))
        return [texts.get(k, k) for k in answer]
    if qtype == "chain":
        texts = _texts_by_key(answer_data.get("pool", []))
        return [texts.get(k, k) for k in answer]
    return [str(answer)]


def key_text(
    qtype: str, answer_data: Mapping[str, Any], *, article_texts: Mapping[str, str]
) -> list[str]:
    """The right answer as lines of text: only once feedback is visible."""
    key = key_response(qtype, answer_data)
    if qtype == "numeric":
        tolerance = answer_data.get("tolerance") or "0"
        lines = answer_text(qtype, answer_data, key, article_texts=article_texts)
        if tolerance not in ("0", 0):
            kind = answer_data.get("tolerance_kind") or "absolute"
            if kind == "relative":
                lines.append(f"(within {float(tolerance) * 100:g}%)")
            else:
                lines.append(f"(within {tolerance})")
        return lines
    return answer_text(qtype, answer_data, key, article_texts=article_texts)
