"""The seed articles, through the checks and the generator: DESIGN.md §2's points.

The facts about the seed story live here only; the engine knows none of them.
"""

from __future__ import annotations

import pathlib
import unittest
from decimal import Decimal

from lessons.engine.annotations import load_directory
from lessons.engine.checks import run_checks
from lessons.engine.generate import MISCONCEPTIONS, generate
from lessons.engine.grade import grade_response, key_response, validate_answer_data
from lessons.engine.questions import LessonDraft, QuestionDraft, QuestionType
from lessons.engine.types import Corpus

SEEDS = pathlib.Path(__file__).resolve().parents[3] / "seeds" / "articles"
CT = "christian-today-102914"
INQ = "inquisitr-1779414"


def _seed_corpus() -> Corpus:
    articles = load_directory(SEEDS)
    return Corpus(
        articles={a.key: a.info for a in articles},
        figures=tuple(f for a in articles for f in a.figures),
    )


class SeedGenerationTests(unittest.TestCase):
    corpus: Corpus
    lessons: list[LessonDraft]
    questions: dict[str, QuestionDraft]

    @classmethod
    def setUpClass(cls) -> None:
        cls.corpus = _seed_corpus()
        cls.lessons = generate(cls.corpus, run_checks(cls.corpus), strict=True)
        cls.questions = {q.key: q for lesson in cls.lessons for q in lesson.questions}

    def _find(
        self, *parts: str, qtype: QuestionType | None = None
    ) -> list[QuestionDraft]:
        """Questions whose key holds every part (and of the type, if given)."""
        found = [
            q
            for key, q in self.questions.items()
            if all(p in key for p in parts) and (qtype is None or q.type is qtype)
        ]
        self.assertTrue(found, f"no question with {parts} ({qtype})")
        return found

    def _text(self, q: QuestionDraft, key: str, pool: str = "choices") -> str:
        return next(str(i["text"]) for i in q.answer[pool] if i["key"] == key)

    def test_all_questions_are_sound(self) -> None:
        """Every seed question validates; the key scores 1; wrong choices are tagged."""
        for q in self.questions.values():
            with self.subTest(q.key):
                validate_answer_data(q.type, q.answer)
                for choice in q.answer.get("choices", []):
                    self.assertTrue(choice["feedback"])
                    if not choice["correct"]:
                        self.assertIn(choice["misconception"], MISCONCEPTIONS)
                if q.type is not QuestionType.SHORT:
                    grade = grade_response(
                        q.type, q.answer, key_response(q.type, q.answer)
                    )
                    self.assertEqual(grade.score, 1)

    def test_stock_vs_flow(self) -> None:
        """The toll since 2014 is twice the February force: ratio 2, 25,000 replaced."""
        finding = f"stock_vs_flow:{CT}/killed-since-2014+{CT}/fighters-in-february"
        self.assertEqual(self.questions[f"{finding}:ratio"].answer["value"], "2")
        self.assertEqual(
            self.questions[f"{finding}:replacement"].answer["value"], "25000"
        )
        self.assertIs(
            self.questions[f"{finding}:what-would-be-true"].type, QuestionType.SHORT
        )
        tags = {
            c["misconception"]
            for c in self.questions[f"{finding}:both-true"].answer["choices"]
        }
        self.assertIn("stock-vs-flow-confused", tags)

    def test_progress_over_time(self) -> None:
        """45,000 by August to 50,000 by December: 5,000 more, about 1,540 a month."""
        finding = f"rate_over_time:{CT}/killed-by-august+{CT}/killed-since-2014"
        self.assertEqual(self.questions[f"{finding}:change"].answer["value"], "5000")
        rate = Decimal(self.questions[f"{finding}:rate"].answer["value"])
        days = 99  # 31 August to 8 December 2016
        self.assertAlmostEqual(float(rate), 5000 / (days / 30.44), delta=1)

    def test_fraction_against_totals(self) -> None:
        """More than 6,000 as half to one-third: total 12,000-18,000, rest 6-12,000."""
        (total,) = self._find(
            "fraction_of_total", ":implied-total", qtype=QuestionType.NUMERIC
        )
        self.assertEqual(
            (total.answer["low"], total.answer["high"]), ("12000", "18000")
        )
        (rest,) = self._find("fraction_of_total", ":implied-remainder")
        self.assertEqual((rest.answer["low"], rest.answer["high"]), ("6000", "12000"))
        (agrees,) = self._find("fraction_of_total", f":agrees:{INQ}/fighters-remaining")
        right = next(c["text"] for c in agrees.answer["choices"] if c["correct"])
        self.assertIn(
            "9,000 to 12,000", right
        )  # the stated 9,000-18,000 fits only in part
        (choice,) = self._find("fraction_of_total", ":implied-total-choice")
        inverted = next(
            c["text"]
            for c in choice.answer["choices"]
            if c["misconception"] == "fraction-inverted"
        )
        self.assertTrue(inverted.startswith("2,000 to 3,000"))

    def test_hedges_and_bounds(self) -> None:
        """At least, about, more than and close to each get a hedge question."""
        for key in (
            f"{CT}/killed-since-2014",
            f"{CT}/fighters-in-february",
            f"{INQ}/killed-by-coalition",
            f"{INQ}/total-force",
        ):
            with self.subTest(key):
                self.assertIn(f"{key}:hedge-meaning", self.questions)
                self.assertIn(f"{key}:hedge-words", self.questions)
        (words,) = self._find(f"{CT}/killed-since-2014:hedge-words")
        span = words.answer["accepted"][0]
        self.assertEqual(
            self.corpus.articles[CT].text[span["start"] : span["end"]], "at least"
        )

    def test_named_and_unnamed_sources_and_chains(self) -> None:
        """Named vs unnamed; official → BBC → Christian Today; map → NBC → CT."""
        named = self.questions[f"{CT}:named-sources"]
        by_text = {c["text"]: c["correct"] for c in named.answer["choices"]}
        self.assertTrue(by_text["Lt. Gen. Sean MacFarland"])
        self.assertFalse(by_text["a senior U.S. military official"])
        chains = {
            f"{CT}/killed-since-2014:chain": [
                "a senior U.S. military official",
                "BBC",
                "Christian Today",
            ],
            f"{CT}/countries-2016:chain": [
                "a classified briefing map obtained by NBC News",
                "NBC News",
                "Christian Today",
            ],
        }
        for key, expected in chains.items():
            with self.subTest(key):
                q = self.questions[key]
                chain = [self._text(q, k, "pool") for k in q.answer["chain"]]
                self.assertEqual(chain, expected)
        (who,) = self._find(f"{CT}/killed-since-2014:first-hand")
        right = next(c["text"] for c in who.answer["choices"] if c["correct"])
        self.assertEqual(right, "a senior U.S. military official")

    def test_base_and_scale(self) -> None:
        """20 to 25 percent: of what? 700 square kilometers: is that big?"""
        self.assertEqual(
            self.questions[f"{INQ}/nineveh-territory-lost:base"].skill,
            "percent-of-what",
        )
        self.assertEqual(
            self.questions[f"{INQ}/territory-reclaimed:scale"].skill, "is-that-big"
        )

    def test_categories_that_move(self) -> None:
        """7 → 13 → 18 countries, in order; a new category is not comparable."""
        (order,) = self._find("category_drift", ":order")
        texts = [self._text(order, k, "items") for k in order.answer["order"]]
        self.assertEqual(
            [t.split("”")[0].lstrip("“") for t in texts], ["seven", "13", "18"]
        )
        (growth,) = self._find("category_drift", ":growth")
        self.assertAlmostEqual(float(Decimal(growth.answer["value"])), 18 / 7, places=3)
        self.assertTrue(
            self._find("category_mismatch", "countries-aspiring-branches", ":compare")
        )

    def test_headline_vs_body(self) -> None:
        """Both headlines' figures are compared with the body; the question headline."""
        for key in (
            f"{CT}/headline-militants-lost",
            f"{INQ}/headline-militants-killed",
        ):
            with self.subTest(key):
                q = self.questions[f"{key}:headline-vs-body"]
                right = [c["text"] for c in q.answer["choices"] if c["correct"]]
                self.assertTrue(any("hedge" in t for t in right))
        self.assertIn(f"{INQ}:question-headline", self.questions)

    def test_dates(self) -> None:
        """Neither article is dated: each gets the question of its date."""
        for article in (CT, INQ):
            with self.subTest(article):
                self.assertIn(f"{article}:article-date", self.questions)

    def test_every_teaching_point_has_a_lesson_skill(self) -> None:
        """Each skill of §2 has a lesson with questions, and the story has its own."""
        skills = {
            s for lesson in self.lessons if lesson.questions for s in lesson.skills
        }
        for skill in (
            "like-with-like",
            "pin-the-time",
            "does-it-add-up",
            "read-hedges",
            "named-unnamed",
            "trace-the-chain",
            "percent-of-what",
            "is-that-big",
            "headline-vs-body",
        ):
            with self.subTest(skill):
                self.assertIn(skill, skills)
        self.assertTrue(any(lesson.key.startswith("story@") for lesson in self.lessons))


if __name__ == "__main__":
    unittest.main()
