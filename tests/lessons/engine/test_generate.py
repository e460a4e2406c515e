"""Generation on a synthetic story (a flu season), with findings built by hand."""

from __future__ import annotations

import unittest
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from lessons.engine.generate import MISCONCEPTIONS, generate
from lessons.engine.generate._base import figure_quote, figure_quotes
from lessons.engine.grade import (
    grade_response,
    key_response,
    public_data,
    validate_answer_data,
)
from lessons.engine.questions import LessonDraft, QuestionDraft, QuestionType
from lessons.engine.types import (
    ArticleInfo,
    Bound,
    Corpus,
    Figure,
    FigureKind,
    Finding,
    Hop,
    Location,
    Method,
    SourceKind,
    TextSpan,
    TimeKind,
    TimeRef,
    Verdict,
)

HERALD = (
    "Flu Deaths Hit 1,200 as Clinics Close?\n\n"
    "At least 1,200 people have died of flu since October, the health ministry said, "
    "Reuters reported. The ministry called it an estimate.\n\n"
    "In December, Dr. Ana Ruiz said about 900 people had died of flu.\n\n"
    "The city had about 400 flu nurses in January, a hospital spokesperson said.\n\n"
    "More than 300 patients were in intensive care, which could be one-quarter to "
    "one-fifth of all severe cases.\n\n"
    "Between 20 and 25 percent of the city's clinics closed, and 35 square miles "
    "of the suburbs have no clinic at all."
)
METRO = (
    "Flu toll passes 1,100\n\n"
    "About 1,100 people have died of flu this winter, the health ministry said "
    "on Monday."
)


def _at(text: str, quote: str, start: int = 0) -> int:
    return text.index(quote, start)


def _span(article: str, text: str, quote: str, role: str) -> TextSpan:
    start = _at(text, quote)
    return TextSpan(start, start + len(quote), role, article)


def _figure(
    article: str,
    text: str,
    key: str,
    quote: str,
    low: str | None,
    high: str | None,
    bound: Bound,
    **fields: Any,
) -> Figure:
    start = _at(text, quote, fields.pop("after", 0))
    spans = [TextSpan(start, start + len(quote), "value", article)]
    spans.extend(fields.pop("extra_spans", ()))
    return Figure(
        start=start,
        end=start + len(quote),
        quote=quote,
        low=None if low is None else Decimal(low),
        high=None if high is None else Decimal(high),
        bound=bound,
        key=f"{article}/{key}",
        article=article,
        spans=tuple(spans),
        **fields,
    )


def _corpus(with_metro: bool = True) -> Corpus:
    a = "herald"
    ministry = Hop(
        "the health ministry",
        SourceKind.GOVERNMENT,
        named=True,
        organisation="Health Ministry",
        verb="said",
        span=_span(a, HERALD, "the health ministry", "source"),
    )
    reuters = Hop(
        "Reuters",
        SourceKind.OUTLET,
        verb="reported",
        span=_span(a, HERALD, "Reuters", "source"),
    )
    body_start = HERALD.index("\n")
    figures = [
        _figure(
            a,
            HERALD,
            "headline-deaths",
            "1,200",
            "1200",
            "1200",
            Bound.EXACT,
            unit="people",
            quantity="flu deaths",
            subject="city",
            location=Location.HEADLINE,
        ),
        _figure(
            a,
            HERALD,
            "deaths-since-october",
            "At least 1,200",
            "1200",
            None,
            Bound.AT_LEAST,
            unit="people",
            quantity="people died of flu",
            subject="city",
            after=body_start,
            time=TimeRef(
                "since October", TimeKind.SINCE, date(2024, 10, 1), date(2025, 2, 14)
            ),
            method=Method.ESTIMATE,
            hops=(ministry, reuters),
            extra_spans=(
                _span(a, HERALD, "At least", "hedge"),
                _span(a, HERALD, "estimate", "method"),
            ),
        ),
        _figure(
            a,
            HERALD,
            "deaths-december",
            "about 900",
            "900",
            "900",
            Bound.APPROX,
            unit="people",
            quantity="people died of flu",
            subject="city",
            time=TimeRef("In December", TimeKind.UNTIL, None, date(2024, 12, 31)),
            hops=(
                Hop(
                    "Dr. Ana Ruiz",
                    SourceKind.EXPERT,
                    named=True,
                    span=_span(a, HERALD, "Dr. Ana Ruiz", "source"),
                ),
            ),
            extra_spans=(_span(a, HERALD, "about", "hedge"),),
        ),
        _figure(
            a,
            HERALD,
            "nurses-january",
            "about 400",
            "400",
            "400",
            Bound.APPROX,
            unit="nurses",
            quantity="flu nurses",
            subject="city",
            time=TimeRef(
                "in January", TimeKind.POINT, date(2025, 1, 1), date(2025, 1, 31)
            ),
            hops=(
                Hop(
                    "a hospital spokesperson",
                    SourceKind.ORGANISATION,
                    named=False,
                    role="spokesperson",
                    span=_span(a, HERALD, "a hospital spokesperson", "source"),
                ),
            ),
        ),
        _figure(
            a,
            HERALD,
            "intensive-care",
            "More than 300",
            "300",
            None,
            Bound.MORE_THAN,
            unit="patients",
            quantity="patients in intensive care",
            subject="city",
        ),
        _figure(
            a,
            HERALD,
            "share-of-severe",
            "one-quarter to one-fifth",
            "0.2",
            "0.25",
            Bound.RANGE,
            kind=FigureKind.FRACTION,
            unit="",
            quantity="share of all severe cases",
            subject="city",
        ),
        _figure(
            a,
            HERALD,
            "clinics-closed",
            "Between 20 and 25 percent",
            "20",
            "25",
            Bound.RANGE,
            kind=FigureKind.PERCENT,
            unit="percent",
            quantity="share of the city's clinics closed",
            subject="city",
        ),
        _figure(
            a,
            HERALD,
            "suburbs-without",
            "35 square miles",
            "35",
            "35",
            Bound.EXACT,
            kind=FigureKind.AREA,
            unit="square miles",
            quantity="suburbs without a clinic",
            subject="city",
        ),
    ]
    articles = {
        a: ArticleInfo(
            a, HERALD.split("\n")[0], "City Herald", HERALD, date(2025, 2, 15), True
        )
    }
    if with_metro:
        m = "metro"
        figures.append(
            _figure(
                m,
                METRO,
                "deaths-winter",
                "About 1,100",
                "1100",
                "1100",
                Bound.APPROX,
                unit="people",
                quantity="people died of flu",
                subject="city",
                after=METRO.index("\n"),
                time=TimeRef("this winter", TimeKind.UNTIL, None, date(2025, 2, 10)),
                hops=(
                    Hop(
                        "the health ministry",
                        SourceKind.GOVERNMENT,
                        organisation="Health Ministry",
                        span=_span(m, METRO, "the health ministry", "source"),
                    ),
                ),
                extra_spans=(_span(m, METRO, "About", "hedge"),),
            )
        )
        articles[m] = ArticleInfo(m, METRO.split("\n")[0], "Metro Daily", METRO, None)
    return Corpus(articles=articles, figures=tuple(figures))


def _findings() -> list[Finding]:
    return [
        Finding(
            kind="fraction_of_total",
            figures=("herald/intensive-care", "herald/share-of-severe"),
            verdict=Verdict.NOT_COMPARABLE,
            explanation="If more than 300 is one-fifth to one-quarter, the total is "
            "1,200 to 1,500.",
            skill="does-it-add-up",
            values={
                "fraction_share": {"low": "0.2", "high": "0.25"},
                "implied_total_at_stated": {"low": "1200", "high": "1500"},
                "implied_remainder_at_stated": {"low": "900", "high": "1200"},
                "implied_total_at_stated_text": "1,200-1,500 patients",
                "comparisons": [],
            },
        ),
        Finding(
            kind="stock_vs_flow",
            figures=("herald/deaths-since-october", "herald/nurses-january"),
            verdict=Verdict.NEEDS_EXPLANATION,
            explanation="The toll is three times the nurses.",
            skill="like-with-like",
            values={
                "ratio_at_stated": {"low": "3", "high": "3"},
                "replacement_at_stated": {"low": "800", "high": "800"},
                "exceeds": True,
            },
        ),
        Finding(
            kind="rate_over_time",
            figures=("herald/deaths-december", "herald/deaths-since-october"),
            verdict=Verdict.CONSISTENT,
            explanation="From about 900 to at least 1,200 in 1.5 months.",
            skill="pin-the-time",
            values={
                "earlier_date": "2024-12-31",
                "later_date": "2025-02-14",
                "months": "1.5",
                "change_at_stated": {"low": "300", "high": "300"},
                "rate_per_month_at_stated": {"low": "200", "high": "200"},
            },
        ),
        Finding(
            kind="a_kind_nobody_wrote_a_builder_for",
            figures=("herald/deaths-december", "metro/deaths-winter"),
            verdict=Verdict.CONSISTENT,
            explanation="Both can hold.",
            skill="corroborate",
        ),
    ]


def _questions(lessons: list[LessonDraft]) -> list[QuestionDraft]:
    return [q for lesson in lessons for q in lesson.questions]


class GenerateTests(unittest.TestCase):
    corpus: Corpus
    lessons: list[LessonDraft]
    questions: list[QuestionDraft]

    @classmethod
    def setUpClass(cls) -> None:
        cls.corpus = _corpus()
        cls.lessons = generate(cls.corpus, _findings(), strict=True)
        cls.questions = _questions(cls.lessons)

    def _question(self, key: str) -> QuestionDraft:
        for q in self.questions:
            if q.key == key:
                return q
        self.fail(f"no question {key!r} among {[q.key for q in self.questions]}")

    def test_every_answer_key_is_sound(self) -> None:
        """Every generated key passes validate_answer_data."""
        for q in self.questions:
            with self.subTest(q.key):
                validate_answer_data(q.type, q.answer)
                self.assertTrue(q.explanation.strip())
                self.assertTrue(q.stem.strip())

    def test_every_choice_has_feedback_and_wrong_ones_a_tag(self) -> None:
        """Feedback on every choice; a known misconception on every wrong one."""
        for q in self.questions:
            for choice in q.answer.get("choices", []):
                with self.subTest(q.key, choice=choice["text"]):
                    self.assertTrue(choice["feedback"].strip())
                    if not choice["correct"]:
                        self.assertIn(choice["misconception"], MISCONCEPTIONS)

    def test_the_key_scores_one(self) -> None:
        """The key's own answer scores 1 for every auto-graded question."""
        for q in self.questions:
            if q.type is QuestionType.SHORT:
                continue
            with self.subTest(q.key):
                grade = grade_response(q.type, q.answer, key_response(q.type, q.answer))
                self.assertEqual(grade.score, 1)

    def test_public_data_hides_the_key(self) -> None:
        """What a student sees never carries a key field."""
        secret = {"correct", "feedback", "misconception", "order", "chain", "accepted"}
        secret |= {"rubric", "value", "low", "high", "model_answer"}
        for q in self.questions:
            with self.subTest(q.key):
                public = public_data(q.type, q.answer, seed=q.key)
                flat = repr(public)
                for name in secret:
                    self.assertNotIn(f"'{name}'", flat)

    def test_numeric_keys_are_computed(self) -> None:
        """Numeric keys equal the finding's computed values."""
        total = self._question(
            "fraction_of_total:herald/intensive-care+"
            "herald/share-of-severe:implied-total"
        )
        self.assertEqual((total.answer["low"], total.answer["high"]), ("1200", "1500"))
        ratio = self._question(
            "stock_vs_flow:herald/deaths-since-october+herald/nurses-january:ratio"
        )
        self.assertEqual(ratio.answer["value"], "3")
        rate = self._question(
            "rate_over_time:herald/deaths-december+herald/deaths-since-october:rate"
        )
        self.assertEqual(rate.answer["value"], "200")
        self.assertEqual(
            grade_response("numeric", total.answer, "1350").score, Decimal(1)
        )

    def test_fraction_distractors_are_plausible_mistakes(self) -> None:
        """The implied-total choice offers the inverted fraction and each end."""
        q = self._question(
            "fraction_of_total:herald/intensive-care+herald/share-of-severe:"
            "implied-total-choice"
        )
        by_tag = {c["misconception"]: c["text"] for c in q.answer["choices"]}
        self.assertEqual(by_tag["fraction-inverted"], "60 to 75 patients")
        self.assertIn("one-end-of-range", by_tag)
        right = [c["text"] for c in q.answer["choices"] if c["correct"]]
        self.assertEqual(right, ["1,200 to 1,500 patients"])

    def test_deterministic(self) -> None:
        """The same input, in any order, gives identical lessons."""
        again = generate(self.corpus, list(reversed(_findings())), strict=True)
        self.assertEqual(again, self.lessons)

    def test_keys_are_unique_and_derived(self) -> None:
        """Question keys are unique and name their finding, figure or article."""
        keys = [q.key for q in self.questions]
        self.assertEqual(len(keys), len(set(keys)))
        for q in self.questions:
            with self.subTest(q.key):
                if q.finding:
                    self.assertTrue(q.key.startswith(q.finding + ":"))
                else:
                    self.assertTrue(
                        any(q.key.startswith(p) for p in ("herald", "metro", "story:"))
                    )

    def test_chain_ends_with_the_articles_outlet(self) -> None:
        """A chain runs from the first-hand source to the publishing outlet."""
        q = self._question("herald/deaths-since-october:chain")
        text = {i["key"]: i["text"] for i in q.answer["pool"]}
        chain = [text[k] for k in q.answer["chain"]]
        self.assertEqual(chain, ["the health ministry", "Reuters", "City Herald"])
        self.assertGreater(len(q.answer["pool"]), len(chain))  # distractors

    def test_evidence_questions_accept_the_right_words(self) -> None:
        """Hedge and who-says-so evidence accept the hedge and first-hand spans."""
        hedge = self._question("herald/deaths-since-october:hedge-words")
        span = hedge.answer["accepted"][0]
        self.assertEqual(HERALD[span["start"] : span["end"]], "At least")
        who = self._question("herald/deaths-since-october:who-words")
        span = who.answer["accepted"][0]
        self.assertEqual(HERALD[span["start"] : span["end"]], "the health ministry")

    def test_hedge_choices(self) -> None:
        """'At least' is offered as exact and as a ceiling, both tagged."""
        q = self._question("herald/deaths-since-october:hedge-meaning")
        tags = {c["misconception"] for c in q.answer["choices"] if not c["correct"]}
        self.assertEqual(tags, {"hedge-read-as-exact", "bound-inverted"})

    def test_every_question_type_appears(self) -> None:
        """The synthetic story yields every question type."""
        self.assertEqual({q.type for q in self.questions}, set(QuestionType))

    def test_unknown_kind_gets_a_verdict_question(self) -> None:
        """A finding kind without a builder still gets a section and a question."""
        q = self._question(
            "a_kind_nobody_wrote_a_builder_for:herald/deaths-december+"
            "metro/deaths-winter:verdict"
        )
        right = [c for c in q.answer["choices"] if c["correct"]]
        self.assertEqual(len(right), 1)

    def test_story_lesson_covers_both_articles(self) -> None:
        """With two articles there is a lesson on the story across outlets."""
        story = [lesson for lesson in self.lessons if lesson.key.startswith("story@")]
        self.assertEqual(len(story), 1)
        self.assertEqual(story[0].articles, ("herald", "metro"))
        self.assertIn("corroborate", story[0].skills)
        self.assertTrue(any(q.type is QuestionType.SHORT for q in story[0].questions))

    def test_lesson_bodies_quote_the_article(self) -> None:
        """Bodies quote the article's words with its headline, and cite findings."""
        hedges = next(
            lesson for lesson in self.lessons if lesson.key == "read-hedges@herald"
        )
        self.assertIn("> At least 1,200", hedges.body.replace("**", ""))
        self.assertIn(
            "— *Flu Deaths Hit 1,200 as Clinics Close?*, City Herald", hedges.body
        )
        adds_up = next(
            lesson for lesson in self.lessons if lesson.key == "does-it-add-up@herald"
        )
        self.assertIn("1,200-1,500 patients", adds_up.body)
        self.assertIn(
            "fraction_of_total:herald/intensive-care+herald/share-of-severe",
            adds_up.findings,
        )
        for lesson in self.lessons:
            with self.subTest(lesson.key):
                self.assertTrue(lesson.summary)
                self.assertTrue(lesson.skills)

    def test_titles_join_skill_and_headline_cleanly(self) -> None:
        """A skill named as a question is followed by a dash, not "?:"; others by a colon."""
        titles = {lesson.key: lesson.title for lesson in self.lessons}
        for title in titles.values():
            with self.subTest(title):
                self.assertNotIn("?:", title)
        self.assertEqual(
            titles["who-says-so@herald"],
            "Who says so? — “Flu Deaths Hit 1,200 as Clinics Close?”",
        )
        self.assertEqual(
            titles["read-hedges@herald"],
            "Read the hedges: “Flu Deaths Hit 1,200 as Clinics Close?”",
        )

    def test_figures_alone_give_lessons(self) -> None:
        """Without any finding, the figure-level builders still make lessons."""
        lessons = generate(_corpus(with_metro=False), [], strict=True)
        skills = {s for lesson in lessons for s in lesson.skills}
        for skill in (
            "read-hedges",
            "who-says-so",
            "trace-the-chain",
            "pin-the-time",
            "estimate-or-count",
            "headline-vs-body",
            "percent-of-what",
            "is-that-big",
            "named-unnamed",
        ):
            with self.subTest(skill):
                self.assertIn(skill, skills)
        self.assertFalse(any(lesson.key.startswith("story@") for lesson in lessons))

    def test_a_failing_builder_is_skipped_unless_strict(self) -> None:
        """A finding naming a missing figure is skipped, or raises when strict."""
        broken = replace(
            _findings()[0], figures=("herald/nope", "herald/share-of-severe")
        )
        lessons = generate(self.corpus, [broken])
        self.assertTrue(lessons)
        with self.assertRaises(KeyError):
            generate(self.corpus, [broken], strict=True)


if __name__ == "__main__":
    unittest.main()


RIVER = (
    "Floods cut off valley farms\n\n"
    "About 1,200 homes were damaged and 300 farms lost power, the council said, "
    "while 40 roads stayed shut.\n\n"
    "Engineers said 12 bridges need repair."
)


def _river_corpus() -> Corpus:
    a = "river"
    figures = [
        _figure(
            a,
            RIVER,
            "f1",
            "About 1,200",
            "1200",
            "1200",
            Bound.APPROX,
            unit="homes",
            quantity="homes damaged",
        ),
        _figure(
            a,
            RIVER,
            "f2",
            "300",
            "300",
            "300",
            Bound.EXACT,
            unit="farms",
            quantity="farms",
        ),
        _figure(
            a,
            RIVER,
            "f3",
            "40",
            "40",
            "40",
            Bound.EXACT,
            unit="roads",
            quantity="roads",
        ),
        _figure(
            a,
            RIVER,
            "f4",
            "12",
            "12",
            "12",
            Bound.EXACT,
            unit="bridges",
            quantity="bridges",
        ),
    ]
    info = ArticleInfo(
        a, "Floods cut off valley farms", "The Valley Post", RIVER, date(2024, 5, 2)
    )
    return Corpus({a: info}, tuple(figures))


class FigureQuotesTests(unittest.TestCase):
    def test_figures_of_one_passage_share_one_quote(self) -> None:
        """Figures whose quoted passages overlap are quoted once, with each
        figure in bold; a figure of another paragraph gets its own quote."""
        corpus = _river_corpus()
        f1, f2, f3, f4 = corpus.figures
        quotes = figure_quotes(corpus, (f1, f3, f4))
        blocks = quotes.split("\n\n")
        self.assertEqual(len(blocks), 2, quotes)
        self.assertIn("**About 1,200**", blocks[0])
        self.assertIn("**40**", blocks[0])
        self.assertEqual(blocks[0].count("homes were damaged"), 1)
        self.assertIn("**12**", blocks[1])
        self.assertEqual(figure_quotes(corpus, (f2, f2)), figure_quote(corpus, f2))

    def test_no_stem_quotes_a_passage_twice(self) -> None:
        """No question stem repeats a passage of the article."""
        corpus = _river_corpus()
        findings = [
            Finding(
                kind="made_up_kind",
                figures=("river/f1", "river/f2", "river/f3"),
                verdict=Verdict.NEEDS_EXPLANATION,
                explanation="The three figures count different things.",
                skill="like-with-like",
            )
        ]
        stems = [q.stem for q in _questions(generate(corpus, findings))]
        self.assertTrue(stems)
        for stem in stems:
            with self.subTest(stem=stem[:60]):
                self.assertLessEqual(stem.count("homes were damaged"), 1, stem)
