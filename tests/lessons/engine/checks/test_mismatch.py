from datetime import date
from typing import Any
from unittest import TestCase

from lessons.engine.checks.mismatch import (
    check_category_drift,
    check_category_mismatch,
    check_period_mismatch,
)
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Figure, TimeKind, Verdict

from .helpers import corpus, fig, when

SINCE_OCT = when("since October", TimeKind.SINCE, date(2023, 10, 1), date(2024, 2, 1))
IN_JAN = when("in January", TimeKind.POINT, date(2024, 1, 15))


def year(y: int, text: str | None = None) -> Any:
    return when(text or f"in {y}", TimeKind.PERIOD, date(y, 1, 1), date(y, 12, 31))


def branches(key: str, value: int, when_: Any, **kw: Any) -> Figure:
    """A charity's count of countries where it runs branches."""
    base: dict[str, Any] = dict(
        unit="countries",
        quantity="countries with charity branches",
        subject="the charity",
        time=when_,
    )
    base.update(kw)
    return fig(key, value, **base)


class PeriodMismatchTests(TestCase):
    def test_running_total_against_snapshot(self) -> None:
        """Flu deaths since October against patients in hospital in January: a
        running total against a count at one moment."""
        deaths = fig(
            "f1",
            12000,
            bound=Bound.AT_LEAST,
            unit="patients",
            quantity="flu patients dead",
            subject="the region",
            time=SINCE_OCT,
        )
        beds = fig(
            "f2",
            8000,
            bound=Bound.APPROX,
            unit="patients",
            quantity="flu patients in hospital",
            subject="region",
            time=IN_JAN,
        )
        [finding] = check_period_mismatch(corpus(deaths, beds))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.skill, Skill.PIN_THE_TIME)
        v = finding.values
        self.assertEqual(
            (v["first_class"], v["second_class"]), ("cumulative", "snapshot")
        )
        self.assertEqual(v["reason"], "class")
        self.assertEqual(v["first_days"], 123)
        self.assertIn("since October", finding.explanation)

    def test_periods_of_different_length(self) -> None:
        """Cases in one week against cases in a whole year differ in length."""
        week = when("last week", TimeKind.PERIOD, date(2024, 1, 1), date(2024, 1, 8))
        a = fig(
            "f1", 300, unit="cases", quantity="flu cases", subject="region", time=week
        )
        b = fig(
            "f2",
            9000,
            unit="cases",
            quantity="flu cases",
            subject="region",
            time=year(2023),
        )
        [finding] = check_period_mismatch(corpus(a, b))
        self.assertEqual(finding.values["reason"], "length")

    def test_not_flagged(self) -> None:
        """Two running totals (a rate instead), two headcounts, other subjects and
        undated figures are not a period mismatch."""
        cases = {
            "two running totals": (
                fig(
                    "f1", 1, unit="cases", quantity="cases", subject="x", time=SINCE_OCT
                ),
                fig(
                    "f2",
                    2,
                    unit="cases",
                    quantity="cases",
                    subject="x",
                    time=when("by May", TimeKind.UNTIL, None, date(2024, 5, 1)),
                ),
            ),
            "two headcounts": (
                fig(
                    "f1",
                    1,
                    unit="nurses",
                    quantity="nurses",
                    subject="x",
                    time=year(2023),
                ),
                fig(
                    "f2", 2, unit="nurses", quantity="nurses", subject="x", time=IN_JAN
                ),
            ),
            "other subject": (
                fig(
                    "f1", 1, unit="cases", quantity="cases", subject="x", time=SINCE_OCT
                ),
                fig("f2", 2, unit="cases", quantity="cases", subject="y", time=IN_JAN),
            ),
            "undated": (
                fig(
                    "f1", 1, unit="cases", quantity="cases", subject="x", time=SINCE_OCT
                ),
                fig("f2", 2, unit="cases", quantity="cases", subject="x"),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_period_mismatch(corpus(*figures)), [])


class CategoryMismatchTests(TestCase):
    def test_differently_qualified_counts(self) -> None:
        """Countries with full branches against countries with planned branches
        at one time count different things."""
        a = branches("f1", 18, year(2024), quantity="countries with full branches")
        b = branches("f2", 6, year(2024), quantity="countries with planned branches")
        [finding] = check_category_mismatch(corpus(a, b))
        self.assertEqual(finding.verdict, Verdict.NOT_COMPARABLE)
        self.assertEqual(finding.skill, Skill.LIKE_WITH_LIKE)
        self.assertEqual(finding.values["words_only_first"], ["full"])
        self.assertEqual(finding.values["words_only_second"], ["planned"])
        self.assertEqual(finding.values["shared_words"], ["branch", "country"])

    def test_not_flagged(self) -> None:
        """A repetition, other times, other subjects and a flow against a
        headcount are not a category mismatch."""
        cases = {
            "repetition": (
                branches("f1", 18, year(2024)),
                branches("f2", 18, year(2024)),
            ),
            "other years": (
                branches("f1", 13, year(2023), quantity="countries with full branches"),
                branches(
                    "f2", 6, year(2024), quantity="countries with planned branches"
                ),
            ),
            "other subject": (
                branches("f1", 18, year(2024)),
                branches(
                    "f2", 6, year(2024), subject="the bank", quantity="bank countries"
                ),
            ),
            "flow and headcount": (
                fig("f1", 5, unit="donors", quantity="donors lost", subject="charity"),
                fig(
                    "f2",
                    50,
                    unit="donors",
                    quantity="regular donors",
                    subject="charity",
                ),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_category_mismatch(corpus(*figures)), [])


class CategoryDriftTests(TestCase):
    def test_series_of_a_moving_category(self) -> None:
        """7 → 13 → 18 countries in three years, out of text order, with one
        repeated and one other category in the last year: one series, growth
        ratio 18/7, wording change noted."""
        figures = corpus(
            branches("f1", 13, year(2023), start=10),
            branches("f2", 18, year(2024, "this year"), start=20),
            branches(
                "f3",
                7,
                year(2022),
                start=30,
                quantity="nations with charity branches",
                unit="nations",
            ),
            branches("f4", 18, when("now", TimeKind.POINT, date(2024, 3, 1)), start=40),
            branches(
                "f5",
                6,
                when("now", TimeKind.POINT, date(2024, 3, 1)),
                start=50,
                quantity="countries with aspiring offices",
            ),
        )
        [finding] = check_category_drift(figures)
        self.assertEqual(finding.figures, ("f3", "f1", "f2"))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.skill, Skill.LIKE_WITH_LIKE)
        v = finding.values
        self.assertEqual(v["series_text"], "7 → 13 → 18")
        self.assertEqual(v["direction"], "up")
        self.assertEqual(v["total_change"], "11")
        self.assertEqual(v["growth_ratio"], "2.571429")
        self.assertEqual([c["change"] for c in v["changes"]], ["6", "5"])
        self.assertTrue(v["wordings_differ"])
        self.assertIn("definition", finding.explanation)

    def test_no_series(self) -> None:
        """One date, flows, undated figures and other articles make no series."""
        cases = {
            "one date": (branches("f1", 1, year(2024)), branches("f2", 2, year(2024))),
            "flows": (
                fig(
                    "f1",
                    1,
                    unit="donors",
                    quantity="donors lost",
                    subject="c",
                    time=year(2022),
                ),
                fig(
                    "f2",
                    2,
                    unit="donors",
                    quantity="donors lost",
                    subject="c",
                    time=year(2023),
                ),
            ),
            "undated": (branches("f1", 1, None), branches("f2", 2, year(2024))),
            "other article": (
                branches("f1", 1, year(2023)),
                branches("f2", 2, year(2024), article="b"),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_category_drift(corpus(*figures)), [])
