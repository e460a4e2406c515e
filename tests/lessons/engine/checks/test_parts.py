from typing import Any
from unittest import TestCase

from lessons.engine.checks.parts import check_part_whole
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Figure, FigureKind, Verdict

from .helpers import corpus, fig

TEXT = "x" * 1000 + "\n\n" + "y" * 1000


def money(key: str, low: int, high: int | None = None, **kw: Any) -> Figure:
    """Part of a city's budget, in millions of dollars."""
    base: dict[str, Any] = dict(
        kind=FigureKind.MONEY,
        unit="million dollars",
        subject="the city",
        quantity="budget",
        start=100 + 50 * int(key[1:]),
    )
    base.update(kw)
    return fig(key, low, low if high is None else high, **base)


class PartWholeTests(TestCase):
    def test_city_budget_parts_add_up(self) -> None:
        """Police 40 and schools 50 (millions) against a total budget of 100: the
        parts sum to 90 and leave 10 unaccounted."""
        figures = corpus(
            money("f1", 40, quantity="police budget"),
            money("f2", 50, quantity="schools budget"),
            money("f3", 100, quantity="total budget"),
            texts={"a": TEXT},
        )
        [finding] = check_part_whole(figures)
        self.assertEqual(finding.figures, ("f3", "f1", "f2"))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.skill, Skill.DOES_IT_ADD_UP)
        v = finding.values
        self.assertEqual(v["parts_sum"], {"low": "90", "high": "90"})
        self.assertEqual(v["unaccounted_at_stated"], {"low": "10", "high": "10"})
        self.assertTrue(v["sum_falls_short"])
        self.assertIn("fall short", finding.explanation)

    def test_ranged_and_open_parts_against_an_approximate_total(self) -> None:
        """9,000-18,000 members plus at least 2,000 allied members against a total
        of about 31,000: consistent, and the open part must be 13,000-22,000."""
        figures = corpus(
            fig(
                "f1",
                9000,
                18000,
                bound=Bound.RANGE,
                unit="members",
                quantity="members",
                subject="the party",
                start=100,
            ),
            fig(
                "f2",
                2000,
                bound=Bound.AT_LEAST,
                unit="members",
                quantity="allied members",
                subject="the party allies",
                start=200,
            ),
            fig(
                "f3",
                31000,
                bound=Bound.APPROX,
                unit="members",
                quantity="total membership",
                subject="the party",
                start=300,
            ),
            texts={"a": TEXT},
        )
        [finding] = check_part_whole(figures)
        v = finding.values
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        self.assertEqual(v["parts_sum"], {"low": "11000", "high": None})
        self.assertEqual(v["parts_sum_at_stated"], {"low": "11000", "high": "20000"})
        allied = v["implied_parts"][1]
        self.assertEqual(allied["figure"], "f2")
        self.assertEqual(allied["implied_at_stated"], {"low": "13000", "high": "22000"})
        self.assertEqual(allied["implied"], {"low": "9900", "high": "25100"})
        self.assertIn("13,000 to 22,000", finding.explanation)

    def test_part_larger_than_whole_is_a_conflict(self) -> None:
        """A part, or the parts together, larger than the total is a conflict."""
        table = [
            ("one part", [120], ["f1"]),
            ("sum", [60, 70], []),
        ]
        for name, parts, too_big in table:
            with self.subTest(name):
                figures = [money(f"f{i + 1}", v) for i, v in enumerate(parts)]
                total = money(f"f{len(parts) + 1}", 100, quantity="total budget")
                [finding] = check_part_whole(corpus(*figures, total, texts={"a": TEXT}))
                self.assertEqual(finding.verdict, Verdict.CONFLICT)
                self.assertEqual(finding.values["parts_exceeding_total"], too_big)

    def test_not_parts(self) -> None:
        """Figures after the total, in another paragraph, of another subject or
        unit, or of another nature (a flow) are not parts."""
        total = money("f2", 100, quantity="total budget", start=1050)
        cases = {
            "after": money("f3", 40, start=1100),
            "other paragraph": money("f1", 40, start=950),
            "other subject": money("f1", 40, subject="the state"),
            "other unit": money("f1", 40, unit="euros"),
            "a count": money("f1", 40, kind=FigureKind.COUNT, unit="police officers"),
            "a flow": money("f1", 40, quantity="budget lost"),
        }
        for name, part in cases.items():
            with self.subTest(name):
                self.assertEqual(
                    check_part_whole(corpus(part, total, texts={"a": TEXT})), []
                )
