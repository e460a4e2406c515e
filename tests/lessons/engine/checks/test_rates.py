from datetime import date
from typing import Any
from unittest import TestCase

from lessons.engine.checks.rates import check_rate_over_time
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Figure, TimeKind, Verdict

from .helpers import corpus, fig, hop, when


def running(key: str, value: int, end: date, **kw: Any) -> Figure:
    """A running total of flu deaths in a county up to ``end``."""
    base: dict[str, Any] = dict(
        bound=Bound.APPROX,
        unit="deaths",
        quantity="flu deaths",
        subject="the county",
        time=when(f"by {end:%B}", TimeKind.UNTIL, None, end),
    )
    base.update(kw)
    return fig(key, value, **base)


class RateOverTimeTests(TestCase):
    def test_rate_between_two_running_totals(self) -> None:
        """4,500 deaths by 1 August and 5,000 by 1 December imply 500 more over
        four months: 125 a month at the stated figures."""
        early = running("f1", 4500, date(2023, 8, 1))
        late = running(
            "f2",
            5000,
            date(2023, 12, 1),
            bound=Bound.AT_LEAST,
            time=when(
                "since 2023", TimeKind.SINCE, date(2023, 1, 1), date(2023, 12, 1)
            ),
        )
        [finding] = check_rate_over_time(corpus(late, early))
        self.assertEqual(finding.figures, ("f1", "f2"))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        self.assertEqual(finding.skill, Skill.PIN_THE_TIME)
        v = finding.values
        self.assertEqual(v["days"], 122)
        self.assertEqual(v["change_at_stated"], {"low": "500", "high": "500"})
        self.assertEqual(v["change"], {"low": "50", "high": None})
        self.assertEqual(v["earlier_date"], "2023-08-01")
        low = float(v["rate_per_month_at_stated"]["low"])
        self.assertAlmostEqual(low, 500 / (122 / 30.44), places=3)
        self.assertAlmostEqual(float(v["rate_per_day_at_stated"]["low"]), 500 / 122, 4)
        self.assertFalse(v["falls"])
        self.assertIn("125 deaths a month", finding.explanation)

    def test_falling_running_total(self) -> None:
        """A running total that falls is a conflict when certain, and needs
        explanation when only the stated values fall."""
        table = [
            ("certain fall", Bound.EXACT, Bound.EXACT, 3000, Verdict.CONFLICT),
            (
                "hedged fall",
                Bound.APPROX,
                Bound.APPROX,
                4400,
                Verdict.NEEDS_EXPLANATION,
            ),
            ("rise", Bound.EXACT, Bound.EXACT, 4600, Verdict.CONSISTENT),
        ]
        for name, b1, b2, later, verdict in table:
            with self.subTest(name):
                early = running("f1", 4500, date(2023, 8, 1), bound=b1)
                late = running("f2", later, date(2023, 12, 1), bound=b2)
                [finding] = check_rate_over_time(corpus(early, late))
                self.assertEqual(finding.verdict, verdict)

    def test_same_source_flag(self) -> None:
        """The finding says whether both figures come from one first-hand source."""
        src = (hop("Dr. Lee"),)
        early = running("f1", 4500, date(2023, 8, 1), hops=src)
        late = running("f2", 5000, date(2023, 12, 1), hops=src)
        [finding] = check_rate_over_time(corpus(early, late))
        self.assertTrue(finding.values["same_source"])

    def test_across_articles_of_one_story(self) -> None:
        """Two articles of one story can give the two points of a rate."""
        early = running("f1", 4500, date(2023, 8, 1), article="a")
        late = running("f2", 5000, date(2023, 12, 1), article="b")
        self.assertEqual(len(check_rate_over_time(corpus(early, late))), 1)

    def test_not_paired(self) -> None:
        """Different subjects, flow words, units, start dates or the same date,
        snapshots and headcounts make no rate."""
        aug, dec = date(2023, 8, 1), date(2023, 12, 1)
        cases = {
            "different subject": (
                running("f1", 1, aug),
                running("f2", 2, dec, subject="state"),
            ),
            "different flow": (
                running("f1", 1, aug),
                running(
                    "f2", 2, dec, quantity="flu patients admitted", unit="patients"
                ),
            ),
            "same date": (running("f1", 1, dec), running("f2", 2, dec)),
            "different starts": (
                running(
                    "f1",
                    1,
                    aug,
                    time=when("since 2020", TimeKind.SINCE, date(2020, 1, 1), aug),
                ),
                running(
                    "f2",
                    2,
                    dec,
                    time=when("since 2022", TimeKind.SINCE, date(2022, 1, 1), dec),
                ),
            ),
            "snapshot": (
                running("f1", 1, aug, time=when("on Monday", TimeKind.POINT, aug)),
                running("f2", 2, dec),
            ),
            "headcount": (
                running("f1", 1, aug, quantity="nurses", unit="nurses"),
                running("f2", 2, dec, quantity="nurses", unit="nurses"),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_rate_over_time(corpus(*figures)), [])
