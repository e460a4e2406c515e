from unittest import TestCase

from lessons.engine.checks.bases import check_missing_base
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, FigureKind, Verdict

from .helpers import corpus, fig


class MissingBaseTests(TestCase):
    def test_percent_and_amount_without_base(self) -> None:
        """ "20 to 25 percent of its budget" and "700 hectares" with no total
        stated ask "percent of what?" and "out of how much?"."""
        pct = fig(
            "f1",
            20,
            25,
            bound=Bound.RANGE,
            kind=FigureKind.PERCENT,
            unit="percent",
            quantity="share of the city's parks budget cut",
            subject="the city",
        )
        area = fig(
            "f2",
            700,
            bound=Bound.MORE_THAN,
            kind=FigureKind.AREA,
            unit="hectares",
            quantity="parkland sold",
            subject="the city",
        )
        first, second = check_missing_base(corpus(pct, area))
        self.assertEqual(first.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(first.skill, Skill.PERCENT_OF_WHAT)
        self.assertEqual(first.values["question"], "percent of what?")
        self.assertIsNone(first.values["base"])
        self.assertIn("20 to 25 percent", first.explanation)
        self.assertEqual(second.skill, Skill.IS_THAT_BIG)
        self.assertEqual(second.values["what"], "amount")
        self.assertIn("out of how much?", second.explanation)

    def test_base_found(self) -> None:
        """A stated total of the same thing is the base: 20 percent of a total
        parks budget of 50 million is 10 million; 700 of a total 7,000 hectares
        of parkland is one-tenth."""
        pct = fig(
            "f1",
            20,
            kind=FigureKind.PERCENT,
            unit="percent",
            quantity="share of parks budget cut",
            subject="the city",
        )
        budget = fig(
            "f2",
            50,
            kind=FigureKind.MONEY,
            unit="million dollars",
            quantity="total parks budget",
            subject="the city",
        )
        area = fig(
            "f3",
            700,
            kind=FigureKind.AREA,
            unit="hectares",
            quantity="parkland sold",
            subject="the city",
        )
        whole = fig(
            "f4",
            7000,
            kind=FigureKind.AREA,
            unit="hectares",
            quantity="total parkland",
            subject="the city",
        )
        findings = {
            f.figures[0]: f
            for f in check_missing_base(corpus(pct, budget, area, whole))
        }
        self.assertEqual(findings["f1"].figures, ("f1", "f2"))
        self.assertEqual(findings["f1"].verdict, Verdict.CONSISTENT)
        self.assertEqual(findings["f1"].values["absolute"], {"low": "10", "high": "10"})
        self.assertEqual(findings["f3"].values["share_text"], "one-tenth")

    def test_not_a_base(self) -> None:
        """A total of another unit is not an amount's base; counts and fractions
        are not checked."""
        area = fig(
            "f1",
            700,
            kind=FigureKind.AREA,
            unit="hectares",
            quantity="parkland sold",
            subject="the city",
        )
        wrong = fig(
            "f2",
            90,
            kind=FigureKind.AREA,
            unit="square miles",
            quantity="total parkland",
            subject="the city",
        )
        count = fig("f3", 5, unit="parks", quantity="parks closed", subject="the city")
        frac = fig("f4", "0.5", kind=FigureKind.FRACTION, quantity="share of parks")
        findings = check_missing_base(corpus(area, wrong, count, frac))
        self.assertEqual([f.figures for f in findings], [("f1",), ("f2",)])
