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
