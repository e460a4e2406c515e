"""Numbers and figures as text (lessons.engine.formatting)."""

from decimal import Decimal
from unittest import TestCase

from lessons.engine.formatting import (
    at_stated,
    figure_text,
    fmt_interval,
    fmt_number,
    fmt_numbers,
    fmt_share,
    fmt_share_interval,
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
            (Decimal("0.37"), FigureKind.FRACTION, "37 percent"),
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


class ShareConsistencyTests(TestCase):
    def test_a_range_of_shares_reads_all_in_words_or_all_in_percent(self) -> None:
        """Both ends of a share range are named fractions, or both percentages:
        never "three-tenths to 0.37"."""
        third, half = Decimal(1) / 3, Decimal(1) / 2
        table = [
            (Interval(Decimal("0.3"), Decimal("0.37")), "30 to 37 percent"),
            (Interval(Decimal("0.333333"), Decimal("0.37")), "33.3 to 37 percent"),
            (Interval(third, half), "one-third to one-half"),
            (Interval(Decimal("0.25"), None), "one-quarter or more"),
            (Interval(Decimal("0.45"), None), "45 percent or more"),
            (Interval(None, Decimal("0.4")), "up to two-fifths"),
            (Interval.point(Decimal("0.666667")), "two-thirds"),
        ]
        for iv, text in table:
            with self.subTest(text):
                self.assertEqual(fmt_interval(iv, "", FigureKind.FRACTION), text)
                self.assertEqual(fmt_share_interval(iv), text)

    def test_a_share_without_a_common_name_is_a_percentage(self) -> None:
        """A fraction that is no simple fraction reads as a percentage, never as
        a raw decimal such as "0.37" or "0.333334"."""
        self.assertEqual(fmt_number(Decimal("0.37"), FigureKind.FRACTION), "37 percent")
        self.assertEqual(
            fmt_number(Decimal("0.333333"), FigureKind.FRACTION), "one-third"
        )
        self.assertEqual(
            fmt_number(Decimal("0.0125"), FigureKind.FRACTION), "1.25 percent"
        )

    def test_a_fraction_figure_reads_in_words(self) -> None:
        """A stated fraction reads as words with its hedge, a plain decimal
        share as a percentage."""
        third = fig("f1", "0.333333", bound=Bound.APPROX, kind=FigureKind.FRACTION)
        self.assertEqual(figure_text(third), "about one-third")
        odd = fig("f2", "0.37", kind=FigureKind.FRACTION)
        self.assertEqual(figure_text(odd), "37 percent")

    def test_numbers_side_by_side_share_one_style(self) -> None:
        """Numbers set side by side read in one style: fractions all in words
        or all as percentages."""
        self.assertEqual(
            fmt_numbers(
                (Decimal("0.3"), Decimal("0.335"), Decimal("0.37")), FigureKind.FRACTION
            ),
            ["30 percent", "33.5 percent", "37 percent"],
        )
        self.assertEqual(
            fmt_numbers((Decimal("0.25"), Decimal("0.5")), FigureKind.FRACTION),
            ["one-quarter", "one-half"],
        )
        self.assertEqual(fmt_numbers((Decimal(1200), Decimal(5))), ["1,200", "5"])
