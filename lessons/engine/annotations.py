"""Hand-checked annotations of articles: read them, check them, build Figures.

An annotated article is a pair of files (``seeds/README.md`` is the format):
``NAME.txt``, the text byte for byte, and ``NAME.json``, its metadata and one
entry per figure in the text. Every figure is anchored by quoting it, so a
figure that does not match the text is caught here rather than taught wrong.

Validation is strict because these files are the ground truth that the
extractor and the checks are measured against: an unknown field is more likely
a typo than an extension, and a silently ignored typo would lose data. Every
problem raises :class:`AnnotationError` naming the file, the figure (where
there is one) and the problem.

Pure Python: no Django, so the engine's tests run without a database.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from .numbers import HEDGE_PHRASES
from .types import (
    ArticleInfo,
    Bound,
    Figure,
    FigureKind,
    Hop,
    Location,
    Method,
    SourceKind,
    TextSpan,
    TimeKind,
    TimeRef,
)

__all__ = [
    "AnnotatedArticle",
    "AnnotationError",
    "load_article",
    "load_directory",
    "parse_article",
]

KEY_PATTERN = re.compile(r"[a-z0-9-]+")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# A plain decimal as people write it: no "_", no spaces, no "NaN"/"Infinity".
_DECIMAL_PATTERN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

# Words that open a quote and say how the stated value bounds the true one; the
# loader marks them as the figure's "hedge" span: the extractor's hedge phrases
# (``numbers.HEDGE_PHRASES``) plus range and floor openers it reads elsewhere.
# Longest first, so that "no more than" wins over "more than".
_HEDGES = tuple(
    sorted({*HEDGE_PHRASES, "as few as", "between"}, key=lambda h: (-len(h), h))
)

_ARTICLE_REQUIRED = frozenset(
    {
        "key",
        "text_file",
        "headline",
        "outlet",
        "url",
        "published",
        "published_inferred",
        "story",
        "figures",
    }
)
_ARTICLE_OPTIONAL = frozenset({"published_note"})
_OUTLET_REQUIRED = frozenset({"name"})
_OUTLET_OPTIONAL = frozenset({"url"})
_STORY_REQUIRED = frozenset({"slug", "title"})
_FIGURE_REQUIRED = frozenset(
    {
        "key",
        "quote",
        "low",
        "high",
        "bound",
        "kind",
        "unit",
        "quantity",
        "location",
        "time",
        "method",
        "hops",
    }
)
_FIGURE_OPTIONAL = frozenset({"occurrence", "subject", "method_text", "note"})
_TIME_REQUIRED = frozenset({"text", "kind"})
_TIME_OPTIONAL = frozenset({"start", "end"})
_HOP_REQUIRED = frozenset({"speaker", "quote", "kind", "named"})
_HOP_OPTIONAL = frozenset({"role", "organisation", "verb"})

_E = TypeVar("_E", bound=StrEnum)


class AnnotationError(ValueError):
    """An annotation file that cannot be loaded, and why.

    ``str(error)`` reads like
    ``seeds/articles/x.json: figure 'killed-since-2014': quote 'at lest 50,000'
    not found in the text``.
    """

    def __init__(self, source: str, problem: str, *, figure: str | None = None):
        self.source = source
        self.figure = figure
        self.problem = problem
        where = f"{source}: figure {figure!r}" if figure is not None else source
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the error picklable (ValueError would re-call __init__ with args).
        return (_rebuild_error, (self.source, self.problem, self.figure))


def _rebuild_error(source: str, problem: str, figure: str | None) -> AnnotationError:
    return AnnotationError(source, problem, figure=figure)


@dataclass(frozen=True)
class AnnotatedArticle:
    """One annotated article: its metadata and its reviewed figures.

    ``notes`` maps a Figure.key to the annotator's note on it, where there is
    one: why a figure was read the way it was.
    """

    info: ArticleInfo
    outlet_url: str
    url: str
    published_note: str
    story_slug: str
    story_title: str
    text_file: str
    figures: tuple[Figure, ...]
    notes: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.info.key

    def figure(self, key: str) -> Figure:
        """The figure with this key, given with or without the article prefix."""
        full = key if "/" in key else f"{self.info.key}/{key}"
        for figure in self.figures:
            if figure.key == full:
                return figure
        raise KeyError(key)


# Reading ----------------------------------------------------------------------


def load_directory(path: pathlib.Path) -> tuple[AnnotatedArticle, ...]:
    """Every ``*.json`` annotation in ``path``, sorted by file name."""
    if not path.is_dir():
        raise AnnotationError(str(path), "not a directory")
    articles: list[AnnotatedArticle] = []
    seen: dict[str, pathlib.Path] = {}
    for json_path in sorted(path.glob("*.json"), key=lambda p: p.name):
        article = load_article(json_path)
        if article.key in seen:
            raise AnnotationError(
                str(json_path),
                f"article key {article.key!r} is also used by {seen[article.key].name}",
            )
        seen[article.key] = json_path
        articles.append(article)
    return tuple(articles)


def load_article(json_path: pathlib.Path) -> AnnotatedArticle:
    """Read an annotation and the text file named in it, beside it."""
    source = str(json_path)
    try:
        raw = json_path.read_bytes()
    except OSError as error:
        raise AnnotationError(source, f"cannot be read: {error.strerror}") from error
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_fields)
    except UnicodeDecodeError as error:
        raise AnnotationError(source, "is not UTF-8") from error
    except _DuplicateField as error:
        raise AnnotationError(
            source, f"field {error.name!r} appears twice in one object"
        ) from error
    except json.JSONDecodeError as error:
        raise AnnotationError(
            source,
            f"is not valid JSON: {error.msg} (line {error.lineno},"
            f" column {error.colno})",
        ) from error
    if not isinstance(data, Mapping):
        raise AnnotationError(
            source, f"must hold a JSON object, not {_type_name(data)}"
        )
    text_file = data.get("text_file")
    if not isinstance(text_file, str) or not _is_plain_file_name(text_file):
        # parse_article gives the precise message; it needs some text to run.
        return parse_article(data, "", source=source)
    text_path = json_path.parent / text_file
    try:
        # Bytes, then decode: no newline translation, so offsets match the file.
        text = text_path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise AnnotationError(
            source, f"text_file {text_file!r} not found beside the JSON"
        ) from error
    except OSError as error:
        raise AnnotationError(
            source, f"text_file {text_file!r} cannot be read: {error.strerror}"
        ) from error
    except UnicodeDecodeError as error:
        raise AnnotationError(
            source, f"text_file {text_file!r} is not UTF-8"
        ) from error
    return parse_article(data, text, source=source)


class _DuplicateField(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _no_duplicate_fields(pairs: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise _DuplicateField(name)
        result[name] = value
    return result


def _is_plain_file_name(name: str) -> bool:
    return bool(name) and name not in {".", ".."} and not any(c in name for c in "/\\")


# Parsing ----------------------------------------------------------------------


def parse_article(
    data: Mapping[str, Any], text: str, *, source: str
) -> AnnotatedArticle:
    """Check an annotation against its text and build its Figures.

    ``source`` names the annotation in error messages (usually its path).
    """
    where = _Where(source)
    article = _Object(
        data, where, "", required=_ARTICLE_REQUIRED, optional=_ARTICLE_OPTIONAL
    )
    key = article.key("key")
    text_file = article.string("text_file")
    if not _is_plain_file_name(text_file):
        raise article.error(
            f"text_file {text_file!r} must be a file name beside the JSON, not a path"
        )
    headline = article.string("headline", nonempty=True)
    first_line = text.split("\n", 1)[0].removesuffix("\r")
    if headline != first_line:
        raise article.error(
            f"headline {headline!r} is not the text's first line {first_line!r}"
        )
    outlet = article.child(
        "outlet", "outlet", required=_OUTLET_REQUIRED, optional=_OUTLET_OPTIONAL
    )
    outlet_name = outlet.string("name", nonempty=True)
    outlet_url = outlet.string("url", default="")
    url = article.string("url")
    published = article.date("published")
    published_inferred = article.boolean("published_inferred")
    published_note = article.string("published_note", default="")
    story = article.child("story", "story", required=_STORY_REQUIRED)
    story_slug = story.key("slug")
    story_title = story.string("title", nonempty=True)

    entries = article.array("figures")
    figures: list[Figure] = []
    notes: dict[str, str] = {}
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        figure, note = _parse_figure(
            entry, index, text=text, headline=headline, article_key=key, where=where
        )
        if figure.key in seen:
            raise AnnotationError(
                source,
                "duplicate figure key (keys must be unique within the article)",
                figure=figure.key.split("/", 1)[1],
            )
        seen.add(figure.key)
        figures.append(figure)
        if note:
            notes[figure.key] = note

    info = ArticleInfo(
        key=key,
        headline=headline,
        outlet=outlet_name,
        text=text,
        published=published,
        published_inferred=published_inferred,
    )
    return AnnotatedArticle(
        info=info,
        outlet_url=outlet_url,
        url=url,
        published_note=published_note,
        story_slug=story_slug,
        story_title=story_title,
        text_file=text_file,
        figures=tuple(figures),
        notes=notes,
    )


def _parse_figure(
    entry: Any,
    index: int,
    *,
    text: str,
    headline: str,
    article_key: str,
    where: _Where,
) -> tuple[Figure, str]:
    # Until the key is known and valid, the figure is named by its position.
    if not isinstance(entry, Mapping):
        raise where.error(f"figure {index} must be an object, not {_type_name(entry)}")
    raw_key = entry.get("key")
    if isinstance(raw_key, str) and KEY_PATTERN.fullmatch(raw_key):
        where = _Where(where.source, raw_key)
        label = ""
    else:
        label = f"figure {index}"
    fields = _Object(
        entry, where, label, required=_FIGURE_REQUIRED, optional=_FIGURE_OPTIONAL
    )
    key = fields.key("key")

    quote = fields.string("quote", nonempty=True)
    occurrence = fields.integer("occurrence", default=1, minimum=1)
    start = _nth_occurrence(text, quote, occurrence, fields)
    end = start + len(quote)

    low = fields.decimal("low")
    high = fields.decimal("high")
    bound = fields.enum("bound", Bound)
    _check_bound(low, high, bound, fields)

    location = fields.enum("location", Location)
    in_headline = end <= len(headline)
    if location is Location.HEADLINE and not in_headline:
        raise fields.error(
            "location is 'headline' but the quote lies outside the headline"
            " (the text's first line)"
        )
    if location is not Location.HEADLINE and in_headline:
        raise fields.error(
            f"the quote lies in the headline but location is {location.value!r}"
        )

    value_span = TextSpan(start, end, "value", article_key)
    spans = [value_span]
    hedge = _hedge_span(text, start, quote, article_key)
    if hedge is not None:
        spans.append(hedge)

    time_fields = fields.child_or_none(
        "time", "time", required=_TIME_REQUIRED, optional=_TIME_OPTIONAL
    )
    time = _parse_time(time_fields, text, value_span)
    if time is not None and time.span is not None:
        spans.append(time.span)

    method = fields.enum("method", Method)
    method_text = fields.string("method_text", default="")
    if method_text:
        method_span = _nearest_span(text, method_text, value_span, "method")
        if method_span is not None:
            spans.append(method_span)

    hops: list[Hop] = []
    for number, hop_entry in enumerate(fields.array("hops"), start=1):
        hop = _parse_hop(hop_entry, number, text, value_span, where)
        hops.append(hop)
        if hop.span is not None:
            spans.append(hop.span)

    figure = Figure(
        start=start,
        end=end,
        quote=quote,
        low=low,
        high=high,
        bound=bound,
        kind=fields.enum("kind", FigureKind),
        unit=fields.string("unit"),
        quantity=fields.string("quantity"),
        subject=fields.string("subject", default=""),
        time=time,
        method=method,
        hops=tuple(hops),
        location=location,
        spans=tuple(spans),
        rule="annotation",
        key=f"{article_key}/{key}",
        article=article_key,
        reviewed=True,
    )
    return figure, fields.string("note", default="")


def _check_bound(
    low: Decimal | None, high: Decimal | None, bound: Bound, fields: _Object
) -> None:
    if low is None and high is None:
        raise fields.error("low and high are both null")
    if low is not None and high is not None and low > high:
        raise fields.error(f"low {low} is greater than high {high}")
    if bound is Bound.EXACT and (low is None or high is None or low != high):
        raise fields.error("bound 'exact' needs low and high equal")
    if bound is Bound.APPROX and (low is None or high is None):
        raise fields.error(
            "bound 'approx' needs both low and high (equal for a single value)"
        )
    if bound in (Bound.AT_LEAST, Bound.MORE_THAN) and (low is None or high is not None):
        raise fields.error(f"bound {bound.value!r} needs a low and a null high")
    if bound in (Bound.AT_MOST, Bound.LESS_THAN) and (high is None or low is not None):
        raise fields.error(f"bound {bound.value!r} needs a high and a null low")
    if bound is Bound.RANGE and (low is None or high is None or low == high):
        raise fields.error("bound 'range' needs low less than high")


def _parse_time(
    fields: _Object | None, text: str, value_span: TextSpan
) -> TimeRef | None:
    if fields is None:
        return None
    words = fields.string("text")
    kind = fields.enum("kind", TimeKind)
    start = fields.date("start")
    end = fields.date("end")
    if start is not None and end is not None and start > end:
        raise fields.error(f"start {start} is after end {end}")
    # The words are usually in the text; where they are not (a paraphrase),
    # the time still holds, only without a span.
    span = _nearest_span(text, words, value_span, "time") if words else None
    return TimeRef(text=words, kind=kind, start=start, end=end, span=span)


def _parse_hop(
    entry: Any, number: int, text: str, value_span: TextSpan, where: _Where
) -> Hop:
    fields = _Object(
        entry, where, f"hop {number}", required=_HOP_REQUIRED, optional=_HOP_OPTIONAL
    )
    speaker = fields.string("speaker", nonempty=True)
    quote = fields.string("quote", nonempty=True)
    if quote not in text:
        raise fields.error(f"quote {quote!r} not found in the text")
    span = _nearest_span(text, quote, value_span, "source")
    if span is None:
        raise fields.error(
            f"quote {quote!r} occurs only inside longer words or numbers"
        )
    return Hop(
        speaker=speaker,
        kind=fields.enum("kind", SourceKind),
        named=fields.boolean("named"),
        role=fields.string("role", default=""),
        organisation=fields.string("organisation", default=""),
        verb=fields.string("verb", default=""),
        span=span,
    )


# Finding quotes in the text ------------------------------------------------------


def _occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote``, overlapping ones too."""
    starts: list[int] = []
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def _splits_a_token(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] cuts a word or a number in two.

    "5,000" inside "25,000" or "6" inside "6,000" would anchor a figure to the
    wrong number; a quote must cover whole words and whole numbers.
    """
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    first, last = text[start], text[end - 1]
    if first.isalnum() and before.isalnum():
        return True
    if last.isalnum() and after.isalnum():
        return True
    # A digit group: "6" followed by ",000", or "000" preceded by "6,".
    if last.isdigit() and after in {",", "."} and text[end + 1 : end + 2].isdigit():
        return True
    return bool(
        first.isdigit()
        and before in {",", "."}
        and text[start - 2 : start - 1].isdigit()
    )


def _nth_occurrence(text: str, quote: str, occurrence: int, fields: _Object) -> int:
    starts = _occurrences(text, quote)
    if not starts:
        raise fields.error(f"quote {quote!r} not found in the text")
    if occurrence > len(starts):
        times = "once" if len(starts) == 1 else f"{len(starts)} times"
        raise fields.error(
            f"quote {quote!r} occurs {times}; occurrence {occurrence} does not exist"
        )
    start = starts[occurrence - 1]
    if _splits_a_token(text, start, start + len(quote)):
        raise fields.error(
            f"quote {quote!r} at occurrence {occurrence} is part of a longer"
            " word or number"
        )
    return start


def _nearest_span(
    text: str, quote: str, anchor: TextSpan, role: str
) -> TextSpan | None:
    """The whole-word occurrence of ``quote`` closest to ``anchor``, if any.

    Distance is the gap between the two stretches (0 when they touch or
    overlap); on a tie the earlier occurrence wins.
    """
    best: tuple[int, int] | None = None
    for start in _occurrences(text, quote):
        end = start + len(quote)
        if _splits_a_token(text, start, end):
            continue
        gap = max(anchor.start - end, start - anchor.end, 0)
        if best is None or (gap, start) < best:
            best = (gap, start)
    if best is None:
        return None
    return TextSpan(best[1], best[1] + len(quote), role, anchor.article)


def _hedge_span(text: str, start: int, quote: str, article: str) -> TextSpan | None:
    lowered = quote.lower()
    for hedge in _HEDGES:
        if lowered.startswith(hedge + " ") or lowered.startswith(hedge + "\u00a0"):
            return TextSpan(start, start + len(hedge), "hedge", article)
    return None


# Typed access to JSON objects ---------------------------------------------------


@dataclass(frozen=True)
class _Where:
    source: str
    figure: str | None = None

    def error(self, problem: str) -> AnnotationError:
        return AnnotationError(self.source, problem, figure=self.figure)


class _Object:
    """One JSON object of an annotation, read field by field with type checks.

    ``label`` ("hop 2", "time") prefixes every problem so that the message says
    which part of the figure is wrong.
    """

    def __init__(
        self,
        value: Any,
        where: _Where,
        label: str,
        *,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ):
        self.where = where
        self.label = label
        if not isinstance(value, Mapping):
            raise self.error(f"must be an object, not {_type_name(value)}")
        unknown = sorted(set(value) - required - optional)
        if unknown:
            raise self.error(f"unknown field {_names(unknown)}")
        missing = sorted(required - set(value))
        if missing:
            raise self.error(f"missing required field {_names(missing)}")
        self.data: Mapping[str, Any] = value

    def error(self, problem: str) -> AnnotationError:
        return self.where.error(f"{self.label}: {problem}" if self.label else problem)

    def _get(self, name: str, default: Any) -> Any:
        # Required fields were checked on construction; optional ones default.
        return self.data.get(name, default)

    def string(
        self, name: str, *, default: str | None = None, nonempty: bool = False
    ) -> str:
        value = self._get(name, default)
        if not isinstance(value, str):
            raise self.error(
                f"field {name!r} must be a string, not {_type_name(value)}"
            )
        if nonempty and not value.strip():
            raise self.error(f"field {name!r} must not be empty")
        return value

    def key(self, name: str) -> str:
        value = self.string(name)
        if not KEY_PATTERN.fullmatch(value):
            raise self.error(f"field {name!r} is {value!r}; it must match [a-z0-9-]+")
        return value

    def boolean(self, name: str) -> bool:
        value = self._get(name, None)
        if not isinstance(value, bool):
            raise self.error(
                f"field {name!r} must be true or false, not {_type_name(value)}"
            )
        return value

    def integer(self, name: str, *, default: int, minimum: int) -> int:
        value = self._get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(
                f"field {name!r} must be an integer, not {_type_name(value)}"
            )
        if value < minimum:
            raise self.error(
                f"field {name!r} is {value}; it must be at least {minimum}"
            )
        return value

    def enum(self, name: str, kind: type[_E]) -> _E:
        value = self._get(name, None)
        choices = ", ".join(member.value for member in kind)
        if not isinstance(value, str):
            raise self.error(
                f"field {name!r} must be one of {choices}, not {_type_name(value)}"
            )
        try:
            return kind(value)
        except ValueError:
            raise self.error(
                f"field {name!r} is {value!r}; expected one of {choices}"
            ) from None

    def decimal(self, name: str) -> Decimal | None:
        value = self._get(name, None)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(
                f"field {name!r} must be a decimal string, a number or null,"
                f" not {_type_name(value)}"
            )
        written = value if isinstance(value, str) else repr(value)
        if isinstance(value, str) and not _DECIMAL_PATTERN.fullmatch(value):
            raise self.error(f"field {name!r} is not a finite decimal: {value!r}")
        try:
            number = Decimal(written)
        except InvalidOperation:
            raise self.error(
                f"field {name!r} is not a finite decimal: {value!r}"
            ) from None
        if not number.is_finite():
            raise self.error(f"field {name!r} is not a finite decimal: {value!r}")
        return number

    def date(self, name: str) -> date | None:
        value = self._get(name, None)
        if value is None:
            return None
        if not isinstance(value, str) or not _DATE_PATTERN.fullmatch(value):
            raise self.error(
                f"field {name!r} must be a date (YYYY-MM-DD) or null, not {value!r}"
            )
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(f"field {name!r} is not a real date: {value!r}") from None

    def array(self, name: str) -> list[Any]:
        value = self._get(name, None)
        if not isinstance(value, list):
            raise self.error(f"field {name!r} must be a list, not {_type_name(value)}")
        return value

    def child(
        self,
        name: str,
        label: str,
        *,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> _Object:
        return _Object(
            self._get(name, None),
            self.where,
            label,
            required=required,
            optional=optional,
        )

    def child_or_none(
        self,
        name: str,
        label: str,
        *,
        required: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> _Object | None:
        if self._get(name, None) is None:
            return None
        return self.child(name, label, required=required, optional=optional)


def _names(names: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__
