"""Annotation files: the format, every validation error, and the real seeds."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
import tempfile
import unittest
from datetime import date
from decimal import Decimal
from typing import Any

from lessons.engine.annotations import (
    AnnotatedArticle,
    AnnotationError,
    load_article,
    load_directory,
    parse_article,
)
from lessons.engine.types import (
    Bound,
    FigureKind,
    Location,
    Method,
    SourceKind,
    TimeKind,
)

SEEDS = pathlib.Path(__file__).resolve().parents[3] / "seeds" / "articles"
SOURCE = "test.json"

TEXT = (
    "Town Counts 1,200 Voters, Officials Say\n"
    "\n"
    "At least 1,200 people voted on Monday, the town clerk said, the Daily Post"
    " reported.\n"
    "\n"
    "Turnout was between 40 and 45 percent, and 12 of the 1,200 ballots were"
    " spoiled.\n"
)


def figure_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": "voters-monday",
        "quote": "At least 1,200",
        "occurrence": 1,
        "low": "1200",
        "high": None,
        "bound": "at_least",
        "kind": "count",
        "unit": "people",
        "quantity": "people who voted",
        "subject": "the town",
        "location": "body",
        "time": {
            "text": "on Monday",
            "kind": "point",
            "start": "2024-03-04",
            "end": "2024-03-04",
        },
        "method": "count",
        "method_text": "",
        "hops": [
            {
                "speaker": "the town clerk",
                "quote": "the town clerk",
                "kind": "government",
                "named": False,
                "role": "town clerk",
                "organisation": "the town",
                "verb": "said",
            },
            {
                "speaker": "Daily Post",
                "quote": "the Daily Post reported",
                "kind": "outlet",
                "named": True,
                "role": "",
                "organisation": "Daily Post",
                "verb": "reported",
            },
        ],
        "note": "A tally of ballots cast.",
    }
    data.update(changes)
    return data


def article_data(*figures: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": "town-vote",
        "text_file": "town.txt",
        "headline": "Town Counts 1,200 Voters, Officials Say",
        "outlet": {"name": "The Town Crier", "url": "https://crier.example/"},
        "url": "https://crier.example/town-vote",
        "published": "2024-03-05",
        "published_inferred": True,
        "published_note": "Monday is the day before.",
        "story": {"slug": "town-vote-2024", "title": "The town vote"},
        "figures": list(figures) if figures else [figure_data()],
    }
    data.update(changes)
    return data


class AnnotationTestCase(unittest.TestCase):
    def assertAnnotationError(
        self, data: Any, message: str, *, text: str = TEXT
    ) -> AnnotationError:
        """Parsing ``data`` fails with exactly ``message``."""
        with self.assertRaises(AnnotationError) as caught:
            parse_article(data, text, source=SOURCE)
        self.assertEqual(str(caught.exception), message)
        return caught.exception

    def assertFigureError(self, message: str, **changes: Any) -> None:
        """A figure with ``changes`` fails; the message names the figure."""
        key = changes.get("key", "voters-monday")
        self.assertAnnotationError(
            article_data(figure_data(**changes)),
            f"{SOURCE}: figure {key!r}: {message}",
        )


class ParseArticleTests(AnnotationTestCase):
    def setUp(self) -> None:
        self.article = parse_article(article_data(), TEXT, source=SOURCE)
        self.figure = self.article.figures[0]

    def test_article_metadata_is_kept(self) -> None:
        """The article's metadata lands in ArticleInfo and the record's fields."""
        info = self.article.info
        self.assertEqual(info.key, "town-vote")
        self.assertEqual(info.headline, "Town Counts 1,200 Voters, Officials Say")
        self.assertEqual(info.outlet, "The Town Crier")
        self.assertEqual(info.text, TEXT)
        self.assertEqual(info.published, date(2024, 3, 5))
        self.assertTrue(info.published_inferred)
        self.assertEqual(self.article.outlet_url, "https://crier.example/")
        self.assertEqual(self.article.url, "https://crier.example/town-vote")
        self.assertEqual(self.article.published_note, "Monday is the day before.")
        self.assertEqual(self.article.story_slug, "town-vote-2024")
        self.assertEqual(self.article.story_title, "The town vote")
        self.assertEqual(self.article.text_file, "town.txt")

    def test_figure_is_anchored_at_its_quote(self) -> None:
        """start/end are the quote's code-point offsets in the text."""
        start = TEXT.index("At least 1,200")
        self.assertEqual((self.figure.start, self.figure.end), (start, start + 14))
        self.assertEqual(TEXT[self.figure.start : self.figure.end], "At least 1,200")
        self.assertEqual(self.figure.quote, "At least 1,200")

    def test_figure_values_and_enums_are_parsed(self) -> None:
        """Decimals, bound, kind, method and location come through typed."""
        figure = self.figure
        self.assertEqual(figure.low, Decimal("1200"))
        self.assertIsNone(figure.high)
        self.assertIs(figure.bound, Bound.AT_LEAST)
        self.assertIs(figure.kind, FigureKind.COUNT)
        self.assertIs(figure.method, Method.COUNT)
        self.assertIs(figure.location, Location.BODY)
        self.assertEqual(figure.unit, "people")
        self.assertEqual(figure.quantity, "people who voted")
        self.assertEqual(figure.subject, "the town")

    def test_figure_identity_marks_it_reviewed(self) -> None:
        """Keys are prefixed with the article key; annotations are reviewed."""
        self.assertEqual(self.figure.key, "town-vote/voters-monday")
        self.assertEqual(self.figure.article, "town-vote")
        self.assertEqual(self.figure.rule, "annotation")
        self.assertTrue(self.figure.reviewed)
        self.assertIs(self.article.figure("voters-monday"), self.figure)
        self.assertIs(self.article.figure("town-vote/voters-monday"), self.figure)
        self.assertEqual(
            self.article.notes, {self.figure.key: "A tally of ballots cast."}
        )

    def test_time_is_parsed_with_its_span(self) -> None:
        """The time's dates are parsed and its words anchored in the text."""
        time = self.figure.time
        assert time is not None
        self.assertIs(time.kind, TimeKind.POINT)
        self.assertEqual((time.start, time.end), (date(2024, 3, 4), date(2024, 3, 4)))
        assert time.span is not None
        self.assertEqual(time.span.quote(TEXT), "on Monday")
        self.assertEqual(time.span.role, "time")

    def test_hops_are_parsed_in_order_with_spans(self) -> None:
        """Hops keep their order, kinds and named flags, and point at their quote."""
        clerk, post = self.figure.hops
        self.assertEqual(clerk.speaker, "the town clerk")
        self.assertIs(clerk.kind, SourceKind.GOVERNMENT)
        self.assertFalse(clerk.named)
        self.assertEqual(clerk.role, "town clerk")
        self.assertEqual(clerk.organisation, "the town")
        self.assertEqual(clerk.verb, "said")
        self.assertIs(post.kind, SourceKind.OUTLET)
        self.assertTrue(post.named)
        assert clerk.span is not None and post.span is not None
        self.assertEqual(clerk.span.quote(TEXT), "the town clerk")
        self.assertEqual(post.span.quote(TEXT), "the Daily Post reported")
        self.assertEqual(self.figure.first_hand, clerk)

    def test_spans_hold_value_hedge_time_and_sources(self) -> None:
        """The value span comes first, then hedge, time and one span per hop."""
        spans = [(span.role, span.quote(TEXT)) for span in self.figure.spans]
        self.assertEqual(
            spans,
            [
                ("value", "At least 1,200"),
                ("hedge", "At least"),
                ("time", "on Monday"),
                ("source", "the town clerk"),
                ("source", "the Daily Post reported"),
            ],
        )
        self.assertTrue(all(span.article == "town-vote" for span in self.figure.spans))

    def test_method_text_becomes_a_method_span(self) -> None:
        """method_text found in the text is marked as a "method" span."""
        figure = parse_article(
            article_data(figure_data(method_text="voted")), TEXT, source=SOURCE
        ).figures[0]
        self.assertIn(
            ("method", "voted"), [(s.role, s.quote(TEXT)) for s in figure.spans]
        )

    def test_words_not_in_the_text_give_no_span(self) -> None:
        """Time words or method words that are paraphrased simply have no span."""
        figure = parse_article(
            article_data(
                figure_data(
                    time={"text": "early March", "kind": "period"},
                    method_text="a headcount",
                )
            ),
            TEXT,
            source=SOURCE,
        ).figures[0]
        assert figure.time is not None
        self.assertIsNone(figure.time.span)
        self.assertEqual({s.role for s in figure.spans}, {"value", "hedge", "source"})

    def test_optional_fields_take_defaults(self) -> None:
        """occurrence, subject, method_text, note and hop details may be left out."""
        data = figure_data(time=None)
        for name in ("occurrence", "subject", "method_text", "note"):
            del data[name]
        data["hops"] = [
            {
                "speaker": "clerk",
                "quote": "the town clerk",
                "kind": "person",
                "named": False,
            }
        ]
        article_json = article_data(data)
        del article_json["published_note"]
        del article_json["outlet"]["url"]
        article = parse_article(article_json, TEXT, source=SOURCE)
        figure = article.figures[0]
        self.assertEqual(figure.subject, "")
        self.assertIsNone(figure.time)
        self.assertEqual(figure.hops[0].verb, "")
        self.assertEqual(article.notes, {})
        self.assertEqual(article.published_note, "")
        self.assertEqual(article.outlet_url, "")

    def test_occurrence_picks_the_nth_match(self) -> None:
        """occurrence counts matches of the quote from the start, 1-based."""
        figure = parse_article(
            article_data(
                figure_data(
                    key="ballots",
                    quote="1,200",
                    occurrence=3,
                    low="1200",
                    high="1200",
                    bound="exact",
                    time=None,
                    hops=[],
                )
            ),
            TEXT,
            source=SOURCE,
        ).figures[0]
        self.assertEqual(figure.start, TEXT.rindex("1,200"))

    def test_headline_figure(self) -> None:
        """A figure in the first line is a headline figure, with its own hop."""
        figure = parse_article(
            article_data(
                figure_data(
                    key="headline-voters",
                    quote="1,200",
                    low="1200",
                    high="1200",
                    bound="exact",
                    location="headline",
                    time=None,
                    hops=[
                        {
                            "speaker": "officials",
                            "quote": "Officials Say",
                            "kind": "unknown",
                            "named": False,
                        }
                    ],
                )
            ),
            TEXT,
            source=SOURCE,
        ).figures[0]
        self.assertIs(figure.location, Location.HEADLINE)
        self.assertEqual(figure.start, TEXT.index("1,200"))
        assert figure.hops[0].span is not None
        self.assertEqual(figure.hops[0].span.start, TEXT.index("Officials Say"))

    def test_hop_quote_takes_the_occurrence_nearest_the_figure(self) -> None:
        """A hop quote that occurs twice is anchored nearest the figure."""
        text = (
            "Title\nThe clerk said 5 people came. Later the clerk said 9 people left.\n"
        )
        data = article_data(
            figure_data(
                key="left",
                quote="9",
                low="9",
                high="9",
                bound="exact",
                time=None,
                hops=[
                    {
                        "speaker": "clerk",
                        "quote": "the clerk",
                        "kind": "person",
                        "named": False,
                    }
                ],
            ),
            headline="Title",
        )
        figure = parse_article(data, text, source=SOURCE).figures[0]
        assert figure.hops[0].span is not None
        self.assertEqual(figure.hops[0].span.start, text.index("the clerk"))

    def test_numbers_as_json_numbers_and_ranges(self) -> None:
        """low/high may be JSON numbers; a range keeps both ends."""
        figure = parse_article(
            article_data(
                figure_data(
                    key="turnout",
                    quote="between 40 and 45 percent",
                    low=40,
                    high=45.5,
                    bound="range",
                    kind="percent",
                    unit="percent",
                    time=None,
                    hops=[],
                )
            ),
            TEXT,
            source=SOURCE,
        ).figures[0]
        self.assertEqual((figure.low, figure.high), (Decimal("40"), Decimal("45.5")))
        self.assertEqual(
            [(s.role, s.quote(TEXT)) for s in figure.spans],
            [("value", "between 40 and 45 percent"), ("hedge", "between")],
        )

    def test_record_is_immutable(self) -> None:
        """AnnotatedArticle is a frozen dataclass."""
        with self.assertRaises(AttributeError):
            self.article.url = "x"  # type: ignore[misc]


class FieldValidationTests(AnnotationTestCase):
    def test_error_is_a_value_error_naming_file_figure_and_problem(self) -> None:
        """AnnotationError is a ValueError carrying its parts, and pickles."""
        error = AnnotationError("a.json", "quote 'x' not found in the text", figure="f")
        self.assertIsInstance(error, ValueError)
        self.assertEqual(
            str(error), "a.json: figure 'f': quote 'x' not found in the text"
        )
        self.assertEqual((error.source, error.figure), ("a.json", "f"))
        self.assertEqual(str(pickle.loads(pickle.dumps(error))), str(error))

    def test_article_must_be_an_object(self) -> None:
        """A JSON list where the article belongs is refused."""
        self.assertAnnotationError([], f"{SOURCE}: must be an object, not a list")

    def test_unknown_article_field(self) -> None:
        """An unknown top-level field is refused, by name."""
        self.assertAnnotationError(
            article_data(colour="red"), f"{SOURCE}: unknown field 'colour'"
        )

    def test_missing_article_field(self) -> None:
        """A missing required top-level field is refused, by name."""
        data = article_data()
        del data["published"]
        self.assertAnnotationError(
            data, f"{SOURCE}: missing required field 'published'"
        )

    def test_unknown_and_missing_nested_fields(self) -> None:
        """Outlet and story objects are checked like the article."""
        self.assertAnnotationError(
            article_data(outlet={"name": "X", "logo": "x.png"}),
            f"{SOURCE}: outlet: unknown field 'logo'",
        )
        self.assertAnnotationError(
            article_data(story={"slug": "s"}),
            f"{SOURCE}: story: missing required field 'title'",
        )

    def test_unknown_figure_field(self) -> None:
        """An unknown figure field is refused, naming the figure."""
        self.assertFigureError("unknown field 'colour'", colour="red")

    def test_missing_figure_field(self) -> None:
        """A missing required figure field is refused, naming the figure."""
        data = figure_data()
        del data["bound"]
        self.assertAnnotationError(
            article_data(data),
            f"{SOURCE}: figure 'voters-monday': missing required field 'bound'",
        )

    def test_figure_without_key_is_named_by_position(self) -> None:
        """Before a figure has a valid key, messages name it by position."""
        data = figure_data()
        del data["key"]
        self.assertAnnotationError(
            article_data(figure_data(key="first"), data),
            f"{SOURCE}: figure 2: missing required field 'key'",
        )
        self.assertAnnotationError(
            article_data(figure_data(key="first"), "not a figure"),
            f"{SOURCE}: figure 2 must be an object, not a string",
        )

    def test_bad_enum_values(self) -> None:
        """Enum fields list the values they accept."""
        self.assertFigureError(
            "field 'bound' is 'roughly'; expected one of exact, approx, at_least,"
            " more_than, at_most, less_than, range",
            bound="roughly",
        )
        self.assertFigureError(
            "field 'kind' is 'people'; expected one of count, percent, fraction,"
            " area, length, money, duration, ratio, other",
            kind="people",
        )
        self.assertFigureError(
            "field 'method' is 'guess'; expected one of count, estimate,"
            " projection, unknown",
            method="guess",
        )
        self.assertFigureError(
            "field 'location' is 'footer'; expected one of headline, caption, body",
            location="footer",
        )
        self.assertFigureError(
            "field 'bound' must be one of exact, approx, at_least, more_than,"
            " at_most, less_than, range, not null",
            bound=None,
        )

    def test_bad_time_kind(self) -> None:
        """The time's kind must be a TimeKind."""
        self.assertFigureError(
            "time: field 'kind' is 'always'; expected one of point, period, since,"
            " until, future",
            time={"text": "on Monday", "kind": "always"},
        )

    def test_bad_hop_kind(self) -> None:
        """A hop's kind must be a SourceKind; the message names the hop."""
        hops = figure_data()["hops"]
        hops[1]["kind"] = "newspaper"
        self.assertFigureError(
            "hop 2: field 'kind' is 'newspaper'; expected one of outlet, government,"
            " military, intelligence, expert, organisation, person, document, unknown",
            hops=hops,
        )

    def test_wrong_field_types(self) -> None:
        """Strings, booleans, integers and lists are type-checked."""
        self.assertFigureError("field 'unit' must be a string, not a number", unit=3)
        self.assertFigureError("field 'hops' must be a list, not an object", hops={})
        self.assertFigureError("time: must be an object, not a string", time="Monday")
        self.assertFigureError(
            "field 'occurrence' must be an integer, not a boolean", occurrence=True
        )
        self.assertFigureError(
            "field 'occurrence' is 0; it must be at least 1", occurrence=0
        )
        self.assertFigureError("field 'quote' must not be empty", quote="")
        self.assertAnnotationError(
            article_data(published_inferred="yes"),
            f"{SOURCE}: field 'published_inferred' must be true or false, not a string",
        )
        hops = figure_data()["hops"]
        hops[0]["named"] = None
        self.assertFigureError(
            "hop 1: field 'named' must be true or false, not null", hops=hops
        )

    def test_bad_decimals(self) -> None:
        """low/high must be finite decimals written as strings or numbers."""
        for value in ("NaN", "Infinity", "1_200", " 1200", "1,200", "twelve", ""):
            with self.subTest(value=value):
                self.assertFigureError(
                    f"field 'low' is not a finite decimal: {value!r}", low=value
                )
        for number in (float("nan"), float("inf")):
            with self.subTest(value=number):
                self.assertFigureError(
                    f"field 'low' is not a finite decimal: {number!r}", low=number
                )
        self.assertFigureError(
            "field 'low' must be a decimal string, a number or null, not a list",
            low=[1200],
        )
        self.assertFigureError(
            "field 'low' must be a decimal string, a number or null, not a boolean",
            low=True,
        )

    def test_low_greater_than_high(self) -> None:
        """low may not exceed high."""
        self.assertFigureError(
            "low 45 is greater than high 40",
            quote="between 40 and 45 percent",
            low="45",
            high="40",
            bound="range",
            time=None,
        )

    def test_low_and_high_both_null(self) -> None:
        """A figure needs at least one end."""
        self.assertFigureError("low and high are both null", low=None, high=None)

    def test_bound_must_fit_the_ends(self) -> None:
        """Each bound needs the ends it implies."""
        self.assertFigureError("bound 'exact' needs low and high equal", bound="exact")
        self.assertFigureError(
            "bound 'approx' needs both low and high (equal for a single value)",
            bound="approx",
        )
        self.assertFigureError(
            "bound 'at_least' needs a low and a null high", high="1300"
        )
        self.assertFigureError(
            "bound 'at_most' needs a high and a null low", bound="at_most"
        )
        self.assertFigureError(
            "bound 'range' needs low less than high", bound="range", high="1200"
        )

    def test_bad_dates(self) -> None:
        """Dates are real YYYY-MM-DD dates; a time may not end before it starts."""
        self.assertFigureError(
            "time: field 'start' is not a real date: '2024-02-30'",
            time={"text": "on Monday", "kind": "point", "start": "2024-02-30"},
        )
        self.assertFigureError(
            "time: field 'end' must be a date (YYYY-MM-DD) or null, not '4 March 2024'",
            time={"text": "on Monday", "kind": "point", "end": "4 March 2024"},
        )
        self.assertFigureError(
            "time: start 2024-03-05 is after end 2024-03-04",
            time={
                "text": "on Monday",
                "kind": "period",
                "start": "2024-03-05",
                "end": "2024-03-04",
            },
        )
        self.assertAnnotationError(
            article_data(published="2024-3-5"),
            f"{SOURCE}: field 'published' must be a date (YYYY-MM-DD) or null,"
            " not '2024-3-5'",
        )

    def test_null_published_date(self) -> None:
        """An undated article has published null."""
        article = parse_article(article_data(published=None), TEXT, source=SOURCE)
        self.assertIsNone(article.info.published)

    def test_keys_must_match_the_pattern(self) -> None:
        """Article, figure and story keys are lower-case letters, digits and hyphens."""
        self.assertAnnotationError(
            article_data(key="Town Vote"),
            f"{SOURCE}: field 'key' is 'Town Vote'; it must match [a-z0-9-]+",
        )
        self.assertAnnotationError(
            article_data(figure_data(key="Voters_1")),
            f"{SOURCE}: figure 1: field 'key' is 'Voters_1'; it must match [a-z0-9-]+",
        )
        self.assertAnnotationError(
            article_data(story={"slug": "town vote", "title": "T"}),
            f"{SOURCE}: story: field 'slug' is 'town vote'; it must match [a-z0-9-]+",
        )

    def test_duplicate_figure_keys(self) -> None:
        """Two figures may not share a key."""
        self.assertAnnotationError(
            article_data(figure_data(), figure_data()),
            f"{SOURCE}: figure 'voters-monday': duplicate figure key"
            " (keys must be unique within the article)",
        )

    def test_text_file_must_be_a_plain_name(self) -> None:
        """text_file names a file beside the JSON, never a path."""
        self.assertAnnotationError(
            article_data(text_file="../secret.txt"),
            f"{SOURCE}: text_file '../secret.txt' must be a file name beside the JSON,"
            " not a path",
        )

    def test_headline_must_be_the_first_line(self) -> None:
        """The headline field repeats the text's first line exactly."""
        self.assertAnnotationError(
            article_data(headline="Town Counts Voters"),
            f"{SOURCE}: headline 'Town Counts Voters' is not the text's first line"
            " 'Town Counts 1,200 Voters, Officials Say'",
        )


class QuoteValidationTests(AnnotationTestCase):
    def test_quote_not_found(self) -> None:
        """A figure quote that is not in the text is refused."""
        self.assertFigureError(
            "quote 'At lest 1,200' not found in the text", quote="At lest 1,200"
        )

    def test_quote_is_case_and_character_exact(self) -> None:
        """Quotes match exactly: case, and straight against curly quotes."""
        self.assertFigureError(
            "quote 'at least 1,200' not found in the text", quote="at least 1,200"
        )
        text = "Title\nHe said \u201cmore than 700\u201d of them.\n"
        with self.assertRaisesRegex(AnnotationError, "not found in the text"):
            parse_article(
                article_data(
                    figure_data(quote='"more than 700"', low="700", time=None, hops=[]),
                    headline="Title",
                ),
                text,
                source=SOURCE,
            )

    def test_occurrence_too_large(self) -> None:
        """An occurrence beyond the quote's matches is refused, with the count."""
        self.assertFigureError(
            "quote 'At least 1,200' occurs once; occurrence 2 does not exist",
            occurrence=2,
        )
        self.assertFigureError(
            "quote '1,200' occurs 3 times; occurrence 4 does not exist",
            quote="1,200",
            occurrence=4,
            bound="exact",
            high="1200",
        )

    def test_quote_inside_a_longer_number(self) -> None:
        """A quote that matches part of a longer number or word is refused."""
        self.assertFigureError(
            "quote '20' at occurrence 1 is part of a longer word or number",
            quote="20",
            low="20",
            bound="exact",
            high="20",
            location="headline",
        )
        self.assertFigureError(
            "quote '1' at occurrence 1 is part of a longer word or number",
            quote="1",
            low="1",
            bound="exact",
            high="1",
            location="headline",
        )

    def test_hop_quote_not_found(self) -> None:
        """A hop quote that is not in the text is refused, naming the hop."""
        hops = figure_data()["hops"]
        hops[1]["quote"] = "the Daily Post said"
        self.assertFigureError(
            "hop 2: quote 'the Daily Post said' not found in the text", hops=hops
        )

    def test_hop_quote_only_inside_words(self) -> None:
        """A hop quote found only inside longer words is refused."""
        hops = figure_data()["hops"]
        hops[0]["quote"] = "Offic"
        self.assertFigureError(
            "hop 1: quote 'Offic' occurs only inside longer words or numbers",
            hops=hops,
        )

    def test_location_must_match_the_headline(self) -> None:
        """Headline figures lie in the first line, and only they do."""
        self.assertFigureError(
            "location is 'headline' but the quote lies outside the headline"
            " (the text's first line)",
            location="headline",
        )
        self.assertFigureError(
            "the quote lies in the headline but location is 'body'",
            quote="1,200",
            bound="exact",
            high="1200",
        )


class LoadArticleTests(unittest.TestCase):
    def setUp(self) -> None:
        self.tempdir = tempfile.TemporaryDirectory()
        self.addCleanup(self.tempdir.cleanup)
        self.dir = pathlib.Path(self.tempdir.name)

    def write(self, name: str, data: Any, text: str | None = TEXT) -> pathlib.Path:
        path = self.dir / name
        path.write_text(json.dumps(data), encoding="utf-8")
        if text is not None and isinstance(data, dict):
            (self.dir / data["text_file"]).write_bytes(text.encode("utf-8"))
        return path

    def test_round_trip(self) -> None:
        """A written article loads back to what parse_article makes of it."""
        data = article_data()
        path = self.write("town.json", data)
        loaded = load_article(path)
        self.assertIsInstance(loaded, AnnotatedArticle)
        self.assertEqual(
            loaded, parse_article(copy.deepcopy(data), TEXT, source=str(path))
        )
        figure = loaded.figures[0]
        self.assertEqual(loaded.info.text[figure.start : figure.end], figure.quote)

    def test_text_is_read_byte_for_byte(self) -> None:
        """CRLF, non-ASCII and a final newline survive; offsets count code points."""
        text = (
            "Caf\u00e9 Counts 12 Guests\r\n\r\n"
            "The caf\u00e9 \u2014 about 12 guests.\r\n"
        )
        data = article_data(
            figure_data(
                key="guests",
                quote="about 12",
                low="12",
                high="12",
                bound="approx",
                time=None,
                hops=[],
            ),
            headline="Caf\u00e9 Counts 12 Guests",
        )
        loaded = load_article(self.write("cafe.json", data, text))
        self.assertEqual(loaded.info.text, text)
        self.assertEqual(loaded.figures[0].start, text.index("about 12"))

    def test_errors_name_the_json_file(self) -> None:
        """Problems found by the loader name the JSON file's path."""
        path = self.write("town.json", article_data(figure_data(quote="At lest 1,200")))
        with self.assertRaises(AnnotationError) as caught:
            load_article(path)
        self.assertEqual(
            str(caught.exception),
            f"{path}: figure 'voters-monday':"
            " quote 'At lest 1,200' not found in the text",
        )

    def test_invalid_json(self) -> None:
        """A file that is not JSON is refused with the parser's position."""
        path = self.dir / "bad.json"
        path.write_text('{"key": ', encoding="utf-8")
        with self.assertRaisesRegex(
            AnnotationError, r"bad\.json: is not valid JSON: .*line 1"
        ):
            load_article(path)

    def test_duplicate_json_field(self) -> None:
        """A field given twice in one JSON object is refused, not overwritten."""
        path = self.dir / "dup.json"
        path.write_text('{"key": "a", "key": "b"}', encoding="utf-8")
        with self.assertRaises(AnnotationError) as caught:
            load_article(path)
        self.assertEqual(
            str(caught.exception), f"{path}: field 'key' appears twice in one object"
        )

    def test_missing_text_file(self) -> None:
        """A text_file that does not exist beside the JSON is refused."""
        path = self.write("town.json", article_data(), text=None)
        with self.assertRaises(AnnotationError) as caught:
            load_article(path)
        self.assertEqual(
            str(caught.exception),
            f"{path}: text_file 'town.txt' not found beside the JSON",
        )

    def test_text_file_not_utf8(self) -> None:
        """A text file that is not UTF-8 is refused."""
        path = self.write("town.json", article_data(), text=None)
        (self.dir / "town.txt").write_bytes(b"Town \xff\n")
        with self.assertRaisesRegex(
            AnnotationError, "text_file 'town.txt' is not UTF-8"
        ):
            load_article(path)

    def test_load_directory_sorts_by_name(self) -> None:
        """Every *.json in the directory loads, in file-name order."""
        self.write("b.json", article_data(key="second", text_file="b.txt"))
        self.write("a.json", article_data(key="first", text_file="a.txt"))
        (self.dir / "notes.md").write_text("not an annotation", encoding="utf-8")
        articles = load_directory(self.dir)
        self.assertEqual([a.key for a in articles], ["first", "second"])

    def test_load_directory_refuses_duplicate_article_keys(self) -> None:
        """Two annotations with one article key are refused."""
        self.write("a.json", article_data(text_file="a.txt"))
        path = self.write("b.json", article_data(text_file="b.txt"))
        with self.assertRaises(AnnotationError) as caught:
            load_directory(self.dir)
        self.assertEqual(
            str(caught.exception),
            f"{path}: article key 'town-vote' is also used by a.json",
        )


class SeedArticleTests(unittest.TestCase):
    articles: dict[str, AnnotatedArticle]

    @classmethod
    def setUpClass(cls) -> None:
        cls.articles = {a.key: a for a in load_directory(SEEDS)}

    def test_both_seeds_load(self) -> None:
        """The two seed articles load and belong to one story."""
        self.assertEqual(
            set(self.articles), {"christian-today-102914", "inquisitr-1779414"}
        )
        self.assertEqual(
            {a.story_slug for a in self.articles.values()}, {"isis-fighter-numbers"}
        )
        self.assertEqual(
            {a.info.published for a in self.articles.values()},
            {date(2016, 12, 9), date(2015, 1, 22)},
        )

    def test_every_quote_is_the_text_at_its_offsets(self) -> None:
        """Every figure's quote equals text[start:end], and so does every span's."""
        for article in self.articles.values():
            text = article.info.text
            for figure in article.figures:
                with self.subTest(figure=figure.key):
                    self.assertEqual(text[figure.start : figure.end], figure.quote)
                    for hop in figure.hops:
                        self.assertIsNotNone(hop.span)

    def test_each_seed_has_at_least_ten_figures(self) -> None:
        """Every number in a seed is annotated: at least ten per article."""
        for article in self.articles.values():
            with self.subTest(article=article.key):
                self.assertGreaterEqual(len(article.figures), 10)

    def test_seed_time_and_method_words_are_in_the_text(self) -> None:
        """In the seeds, every time and method_text is quoted from the text."""
        for json_path in sorted(SEEDS.glob("*.json")):
            data = json.loads(json_path.read_text(encoding="utf-8"))
            article = self.articles[data["key"]]
            for entry in data["figures"]:
                figure = article.figure(entry["key"])
                with self.subTest(figure=figure.key):
                    if figure.time is not None:
                        self.assertIsNotNone(figure.time.span)
                    roles = [span.role for span in figure.spans]
                    self.assertEqual("method" in roles, bool(entry.get("method_text")))

    def test_key_figures_of_the_lessons(self) -> None:
        """The figures the first lessons rest on read as DESIGN.md describes them."""
        ct = self.articles["christian-today-102914"]
        killed = ct.figure("killed-since-2014")
        self.assertEqual(
            (killed.low, killed.high, killed.bound),
            (Decimal(50000), None, Bound.AT_LEAST),
        )
        self.assertEqual(
            [hop.speaker for hop in killed.hops],
            ["a senior U.S. military official", "BBC"],
        )
        self.assertFalse(killed.hops[0].named)
        force = ct.figure("fighters-in-february")
        self.assertEqual(force.bound, Bound.APPROX)
        self.assertEqual(force.method, Method.ESTIMATE)
        self.assertIs(ct.figure("headline-militants-lost").location, Location.HEADLINE)
        inq = self.articles["inquisitr-1779414"]
        share = inq.figure("killed-share-of-total")
        self.assertEqual((share.low, share.high), (Decimal("0.333333"), Decimal("0.5")))
        remaining = inq.figure("fighters-remaining")
        self.assertEqual(
            (remaining.low, remaining.high, remaining.bound),
            (Decimal(9000), Decimal(18000), Bound.RANGE),
        )


if __name__ == "__main__":
    unittest.main()


class HedgePhraseTests(unittest.TestCase):
    def test_loader_marks_every_extractor_hedge(self) -> None:
        """The loader's hedge span knows each hedge phrase the extractor knows,
        plus "as few as" and "between", the longest phrase winning."""
        from lessons.engine.annotations import _hedge_span
        from lessons.engine.numbers import HEDGE_PHRASES

        for phrase in (*HEDGE_PHRASES, "as few as", "between"):
            with self.subTest(phrase=phrase):
                quote = f"{phrase} 40 people"
                span = _hedge_span(quote, 0, quote, "a")
                self.assertIsNotNone(span)
                assert span is not None
                self.assertEqual(span.quote(quote), phrase)
