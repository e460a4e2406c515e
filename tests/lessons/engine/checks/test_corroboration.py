from datetime import date
from typing import Any
from unittest import TestCase

from lessons.engine.checks.corroboration import check_cross_source
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Figure, FigureKind, TimeKind, Verdict

from .helpers import corpus, fig, hop, when

IN_MARCH = when("in March", TimeKind.POINT, date(2024, 3, 1))


def members(key: str, low: int, high: int | None = None, **kw: Any) -> Figure:
    """A union's membership as one source reports it."""
    base: dict[str, Any] = dict(
        bound=Bound.APPROX,
        unit="members",
        quantity="union members",
        subject="the dockers' union",
        time=IN_MARCH,
    )
    base.update(kw)
    return fig(key, low, low if high is None else high, **base)


class CrossSourceTests(TestCase):
    def test_overlapping_reports_corroborate(self) -> None:
        """Two articles giving about 12,000 and 11,000-13,500 members agree on
        their overlap; a change of hedge and wording is noted as drift."""
        a = members("f1", 12000, article="a", hops=(hop("the union"),))
        b = members(
            "f2",
            11000,
            13500,
            bound=Bound.RANGE,
            article="b",
            quantity="union members remaining",
            hops=(hop("the employers"),),
        )
        [finding] = check_cross_source(corpus(a, b))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        self.assertEqual(finding.skill, Skill.CORROBORATE)
        v = finding.values
        self.assertEqual(v["common"], {"low": "11000", "high": "13200"})
        self.assertFalse(v["same_article"])
        self.assertEqual(v["words_only_second"], ["remaining"])
        self.assertEqual(v["drift"], ["bound", "wording", "value"])
        self.assertEqual(v["sources"], ["the union", "the employers"])

    def test_disjoint_reports_conflict(self) -> None:
        """About 12,000 against about 20,000 at the same time is a conflict, with
        the gap between them."""
        a = members("f1", 12000, hops=(hop("the union"),))
        b = members("f2", 20000, hops=(hop("the employers"),))
        [finding] = check_cross_source(corpus(a, b))
        self.assertEqual(finding.verdict, Verdict.CONFLICT)
        self.assertEqual(finding.values["gap"], {"low": "4800", "high": "11200"})
        self.assertIsNone(finding.values["common"])

    def test_not_paired(self) -> None:
        """Repeats by one source, other subjects, units, far-apart dates, flows
        against headcounts and shares of different things are not paired."""
        src = (hop("the union"),)
        other = (hop("the employers"),)
        cases = {
            "repeat by one source": (
                members("f1", 1, hops=src),
                members("f2", 1, hops=src),
            ),
            "other subject": (
                members("f1", 1, hops=src),
                members("f2", 1, hops=other, subject="the teachers' union"),
            ),
            "other unit": (
                members("f1", 1, hops=src),
                members("f2", 1, hops=other, unit="dollars", kind=FigureKind.MONEY),
            ),
            "a year apart": (
                members("f1", 1, hops=src),
                members(
                    "f2",
                    1,
                    hops=other,
                    time=when("in 2023", TimeKind.POINT, date(2023, 3, 1)),
                ),
            ),
            "flow against headcount": (
                members("f1", 1, hops=src),
                members("f2", 1, hops=other, quantity="union members arrested"),
            ),
            "shares of different things": (
                members(
                    "f1",
                    10,
                    kind=FigureKind.PERCENT,
                    unit="percent",
                    quantity="share of members on strike",
                    hops=src,
                ),
                members(
                    "f2",
                    10,
                    kind=FigureKind.PERCENT,
                    unit="percent",
                    quantity="share of ports closed",
                    hops=other,
                ),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_cross_source(corpus(*figures)), [])


def homes(key: str, low: int, quantity: str, source: str, **kw: Any) -> Figure:
    """Homes in one flooded valley as one source counts them."""
    base: dict[str, Any] = dict(
        bound=Bound.APPROX,
        unit="homes",
        quantity=quantity,
        subject="the Tam valley",
        time=IN_MARCH,
        hops=(hop(source),),
    )
    base.update(kw)
    return fig(key, low, **base)


class CrossSourceSameQuantityTests(TestCase):
    def test_a_part_and_its_total_are_not_one_quantity(self) -> None:
        """Figures of one unit that count different things (homes damaged
        against homes in total, killed against remaining, flooded against
        destroyed) are neither corroboration nor conflict: part_whole is where
        a part meets its total."""
        cases = {
            "damaged against in total": (
                homes("f1", 1200, "homes damaged", "the fire service"),
                homes("f2", 4500, "homes in total", "the council"),
            ),
            "damaged against all homes": (
                homes("f1", 1200, "homes damaged", "the fire service"),
                homes("f2", 4500, "homes", "the council"),
            ),
            "flooded against destroyed": (
                homes("f1", 900, "homes flooded", "the fire service"),
                homes("f2", 60, "homes destroyed", "the council"),
            ),
            "killed against remaining": (
                members("f1", 300, quantity="union members killed", hops=(hop("a"),)),
                members(
                    "f2", 9000, quantity="union members remaining", hops=(hop("b"),)
                ),
            ),
            "total against remaining": (
                members(
                    "f1", 12000, quantity="union members in total", hops=(hop("a"),)
                ),
                members(
                    "f2", 9000, quantity="union members remaining", hops=(hop("b"),)
                ),
            ),
        }
        for name, figures in cases.items():
            with self.subTest(name):
                self.assertEqual(check_cross_source(corpus(*figures)), [])

    def test_the_same_counted_thing_is_still_compared(self) -> None:
        """Two sources counting the same damaged homes are compared, and a
        plain count against a total of the same thing is one quantity."""
        a = homes("f1", 1200, "homes damaged", "the fire service")
        b = homes("f2", 3000, "damaged homes", "the council", article="b")
        [finding] = check_cross_source(corpus(a, b))
        self.assertEqual(finding.verdict, Verdict.CONFLICT)
        a = homes("f1", 4500, "homes", "the fire service")
        b = homes("f2", 4400, "homes in total", "the council")
        [finding] = check_cross_source(corpus(a, b))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
