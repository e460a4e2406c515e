from datetime import date
from typing import Any
from unittest import TestCase

from lessons.engine.checks import run_checks
from lessons.engine.checks.stock_flow import check_stock_vs_flow
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Figure, FigureKind, TimeKind, Verdict

from .helpers import corpus, fig, when

SINCE_2019 = when("since 2019", TimeKind.SINCE, date(2019, 1, 1), date(2024, 1, 1))
IN_MAY = when("in May", TimeKind.POINT, date(2023, 5, 1))


def toll(key: str = "f1", value: int = 50000, **kw: Any) -> Figure:
    defaults: dict[str, Any] = dict(
        bound=Bound.AT_LEAST,
        unit="fighters",
        quantity="fighters killed",
        subject="the Front",
        time=SINCE_2019,
    )
    defaults.update(kw)
    return fig(key, value, **defaults)


def headcount(key: str = "f2", value: int = 25000, **kw: Any) -> Figure:
    defaults: dict[str, Any] = dict(
        bound=Bound.APPROX,
        unit="fighters",
        quantity="fighters",
        subject="Front",
        time=IN_MAY,
    )
    defaults.update(kw)
    return fig(key, value, **defaults)


class StockVsFlowTests(TestCase):
    def test_toll_larger_than_headcount_needs_explanation(self) -> None:
        """A toll twice the headcount gives ratio 2 at the stated values, 1.82+
        allowing for the hedges, and the replacement needed to reconcile them."""
        [finding] = check_stock_vs_flow(corpus(toll(), headcount()))
        self.assertEqual(finding.kind, "stock_vs_flow")
        self.assertEqual(finding.figures, ("f1", "f2"))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.skill, Skill.LIKE_WITH_LIKE)
        v = finding.values
        self.assertEqual(v["ratio_at_stated"], {"low": "2", "high": "2"})
        self.assertEqual(v["ratio"], {"low": "1.818182", "high": None})
        self.assertTrue(v["exceeds"])
        self.assertTrue(v["certainly_exceeds"])
        self.assertEqual(v["replacement_at_stated"], {"low": "25000", "high": "25000"})
        self.assertEqual(v["replacement"], {"low": "22500", "high": None})
        self.assertEqual(v["flow_time"], "since 2019")
        self.assertEqual(v["stock_time"], "in May")
        self.assertIsNotNone(v["replacement_per_month_at_stated"])
        self.assertIn("25,000", finding.explanation)
        self.assertIn("recruited or replaced", finding.explanation)
        self.assertIn("different people", finding.explanation)

    def test_toll_smaller_than_headcount_is_consistent(self) -> None:
        """A toll below the headcount is consistent and needs no replacement."""
        [finding] = check_stock_vs_flow(corpus(toll(value=5000), headcount()))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        self.assertFalse(finding.values["exceeds"])
        self.assertEqual(finding.values["replacement_at_stated"]["low"], "0")

    def test_flu_season_deaths_against_nurses_on_staff(self) -> None:
        """An unrelated topic: a hospital's nurses who quit since October against
        its nurses on staff; the hedge-aware ratio covers 1.5."""
        quits = fig(
            "f1",
            1200,
            bound=Bound.MORE_THAN,
            unit="nurses",
            quantity="nurses who quit",
            subject="City Hospital",
            time=when(
                "since October", TimeKind.SINCE, date(2023, 10, 1), date(2024, 2, 1)
            ),
        )
        staff = fig(
            "f2",
            800,
            unit="nurses",
            quantity="nurses on staff",
            subject="City Hospital",
            time=when("in January", TimeKind.POINT, date(2024, 1, 15)),
        )
        [finding] = check_stock_vs_flow(corpus(quits, staff))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.values["ratio_at_stated"]["low"], "1.5")
        self.assertEqual(finding.values["replacement_at_stated"]["low"], "400")
        self.assertEqual(finding.values["period_months"][:3], "4.0")

    def test_union_members_arrested_against_membership(self) -> None:
        """An unrelated topic: union members arrested vs the union's membership."""
        arrested = fig(
            "f1", 300, unit="members", quantity="members arrested", subject="the union"
        )
        members = fig(
            "f2",
            2000,
            bound=Bound.APPROX,
            unit="members",
            quantity="members",
            subject="Union",
        )
        [finding] = check_stock_vs_flow(corpus(arrested, members))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        self.assertEqual(finding.values["ratio_at_stated"]["low"], "0.15")

    def test_pairs_that_must_not_be_made(self) -> None:
        """Different subjects, units that are not people, other articles, a
        remainder, a headline, a projection and a missing subject are not paired."""
        cases = {
            "different subject": (toll(), headcount(subject="the Coalition")),
            "deaths against hospital beds": (
                toll(unit="deaths", quantity="flu deaths", subject="the county"),
                headcount(
                    unit="hospital beds", quantity="hospital beds", subject="county"
                ),
            ),
            "money against people": (
                toll(kind=FigureKind.MONEY, unit="dollars", quantity="dollars lost"),
                headcount(),
            ),
            "other article": (toll(), headcount(article="b")),
            "remaining fighters": (toll(), headcount(quantity="fighters remaining")),
            "headline": (toll(location="headline"), headcount()),
            "future": (
                toll(),
                headcount(time=when("next year", TimeKind.FUTURE)),
            ),
            "no subject": (toll(subject=""), headcount(subject="")),
            "two headcounts": (headcount("f1", quantity="troops"), headcount()),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_stock_vs_flow(corpus(*figures)), [])

    def test_runs_through_registry(self) -> None:
        """run_checks includes the stock_vs_flow finding under its key."""
        keys = [f.key for f in run_checks(corpus(toll(), headcount()))]
        self.assertIn("stock_vs_flow:f1+f2", keys)
