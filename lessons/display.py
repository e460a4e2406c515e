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

from lessons.engine.grade import key_response
from lessons.models import Article, Figure

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
    value: str
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


def figure_note(figure: Figure) -> FigureNote:
    """The facts a tooltip shows for one figure (hops prefetched)."""
    low, high = _number(figure.low), _number(figure.high)
    if figure.bound == "range" or (low and high and low != high):
        value = f"{low}–{high}"
    else:
        value = low or high
    if figure.unit:
        value = f"{value} {figure.unit}"
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
    result = []
    for sentence in _pieces(article.key, article.text, 0, _SENTENCE_END):
        phrases = _pieces(article.key, sentence.text, sentence.start, _PHRASE_END)
        result.append(
            Sentence(
                sentence.article,
                sentence.start,
                sentence.end,
                sentence.text,
                tuple(phrases) if len(phrases) > 1 else (),
            )
        )
    return result


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
