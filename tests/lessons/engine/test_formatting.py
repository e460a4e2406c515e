"""Numbers and figures as text (lessons.engine.formatting)."""

from decimal import Decimal
from unittest import TestCase

from lessons.engine.formatting import (
    at_stated,
    figure_text,
    fmt_interval,
    fmt_number,
    fmt_share,
    stated,
    unit_label,
)
from lessons.engine.intervals import Interval
from lessons.engine.numbers import parse_number
from lessons.engine.types import Bound, FigureKind

from .checks.helpers import fig


class NumberTests(TestCase):
    def test_numbers(self) -> None:
        """Numbers read as a person writes them."""
        third = Decimal(1) / 3
        table = [
            (Decimal(50000), None, "50,000"),
            (Decimal("1.818181"), None, "1.82"),
            (Decimal("1537.37"), None, "1,537"),
            (Decimal("1234.5"), None, "1,235"),
            (Decimal("-1234.5"), None, "-1,235"),
            (Decimal("12345.67"), None, "12,346"),
            (Decimal("25.25"), None, "25.3"),
            (Decimal("0.0013"), None, "0.0013"),
            (Decimal(0), None, "0"),
            (third, FigureKind.FRACTION, "one-third"),
            (Decimal("0.333333"), FigureKind.FRACTION, "one-third"),
            (Decimal("0.5"), FigureKind.FRACTION, "one-half"),
            (Decimal("0.6"), FigureKind.FRACTION, "three-fifths"),
            (Decimal(5) / 12, FigureKind.FRACTION, "five-twelfths"),
            (Decimal(1), FigureKind.FRACTION, "all"),
            (Decimal("0.37"), FigureKind.FRACTION, "0.37"),
            (Decimal("0.5"), None, "0.5"),
        ]
        for value, kind, text in table:
            with self.subTest(text):
                self.assertEqual(fmt_number(value, kind), text)

    def test_shares(self) -> None:
        """A share has words only where it has a common name."""
        self.assertEqual(fmt_share(Decimal("0.25")), "one-quarter")
        self.assertEqual(fmt_share(Decimal("0.6")), "60 percent")

    def test_intervals(self) -> None:
        """Intervals read as ranges, floors and ceilings."""
        half, third = Decimal(1) / 2, Decimal(1) / 3
        table = [
            (Interval(Decimal(20), Decimal(25)), "percent", None, "20 to 25 percent"),
            (Interval(Decimal(12000), None), "", None, "12,000 or more"),
            (Interval(None, Decimal(5)), "", None, "up to 5"),
            (Interval(None, None), "", None, "any number"),
            (Interval.point(7), "", None, "7"),
            (Interval(third, half), "", FigureKind.FRACTION, "one-third to one-half"),
        ]
        for iv, unit, kind, text in table:
            with self.subTest(text):
                self.assertEqual(fmt_interval(iv, unit, kind), text)


class FigureTests(TestCase):
    def test_figure_text(self) -> None:
        """A figure reads with its hedge and unit; a ceiling by its top."""
        table = [
            (
                fig("f1", 50000, bound=Bound.AT_LEAST, unit="militants"),
                "at least 50,000 militants",
            ),
            (
                fig("f1", 25000, bound=Bound.APPROX, unit="fighters"),
                "about 25,000 fighters",
            ),
            (
                fig("f1", 9000, 18000, bound=Bound.RANGE, unit="fighters"),
                "9,000 to 18,000 fighters",
            ),
            (
                fig("f1", 20, 25, bound=Bound.RANGE, kind=FigureKind.PERCENT),
                "20 to 25 percent",
            ),
            (fig("f1", 5, bound=Bound.AT_MOST, unit="days"), "at most 5 days"),
            (fig("f1", 0, 5, bound=Bound.AT_MOST, unit="days"), "at most 5 days"),
            (
                fig(
                    "f1",
                    Decimal(1) / 3,
                    Decimal(1) / 2,
                    bound=Bound.RANGE,
                    kind=FigureKind.FRACTION,
                ),
                "one-third to one-half",
            ),
        ]
        for figure, text in table:
            with self.subTest(text):
                self.assertEqual(figure_text(figure), text)
        self.assertEqual(figure_text(table[0][0], with_unit=False), "at least 50,000")

    def test_units(self) -> None:
        self.assertEqual(unit_label(fig("f1", 1, unit="nurses")), "nurses")
        self.assertEqual(
            unit_label(fig("f1", 3, kind=FigureKind.PERCENT, unit="%")), "percent"
        )
        self.assertEqual(unit_label(fig("f1", "0.5", kind=FigureKind.FRACTION)), "")

    def test_stated(self) -> None:
        """Hedges dropped, real ranges kept, ceilings at their top."""
        self.assertEqual(stated(fig("f1", 600, bound=Bound.AT_LEAST)), 600)
        self.assertEqual(
            at_stated(fig("f1", 600, bound=Bound.AT_LEAST)), Interval.point(600)
        )
        self.assertEqual(
            at_stated(fig("f1", 0, 5, bound=Bound.AT_MOST)), Interval.point(5)
        )
        self.assertEqual(
            at_stated(fig("f1", 900, 1800, bound=Bound.RANGE)),
            Interval(Decimal(900), Decimal(1800)),
        )

    def test_fraction_words_read_back(self) -> None:
        """Fractions written in words are ones the number reader reads back."""
        for denominator in range(2, 11):
            for numerator in range(1, denominator):
                value = Decimal(numerator) / Decimal(denominator)
                text = fmt_number(value, FigureKind.FRACTION)
                with self.subTest(text):
                    self.assertLess(abs(parse_number(text) - value), Decimal("1e-5"))
