from dataclasses import replace
from decimal import Decimal
from unittest import TestCase

from lessons.engine.checks.hedges import (
    check_estimate_or_count,
    check_false_precision,
    check_headline_hedge,
    check_hedge,
    significant_digits,
)
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, FigureKind, Location, Method, TextSpan, Verdict

from .helpers import corpus, fig, hop


class HedgeTests(TestCase):
    def test_each_hedge_and_what_it_allows(self) -> None:
        """Each hedge gives its range; open-ended ones need explanation."""
        table = [
            (
                "at least 12,000",
                12000,
                Bound.AT_LEAST,
                {"low": "12000", "high": None},
                Verdict.NEEDS_EXPLANATION,
                "at least",
            ),
            (
                "about 8,000",
                8000,
                Bound.APPROX,
                {"low": "7200", "high": "8800"},
                Verdict.CONSISTENT,
                "about",
            ),
            (
                "more than 600",
                600,
                Bound.MORE_THAN,
                {"low": "600", "high": None},
                Verdict.NEEDS_EXPLANATION,
                "more than",
            ),
            (
                "up to 90",
                90,
                Bound.AT_MOST,
                {"low": "0", "high": "90"},
                Verdict.NEEDS_EXPLANATION,
                "up to",
            ),
        ]
        for quote, value, bound, allows, verdict, words in table:
            with self.subTest(quote):
                f = fig("f1", value, bound=bound, quote=quote, unit="deaths")
                [finding] = check_hedge(corpus(f))
                self.assertEqual(finding.values["allows"], allows)
                self.assertEqual(finding.verdict, verdict)
                self.assertEqual(finding.values["hedge_words"], words)
                self.assertEqual(finding.skill, Skill.READ_HEDGES)

    def test_range_spread(self) -> None:
        """A range of 9,000 to 18,000 has a spread of 2; exact figures get none."""
        r = fig("f1", 9000, 18000, bound=Bound.RANGE, quote="between 9,000 and 18,000")
        exact = fig("f2", 5)
        [finding] = check_hedge(corpus(r, exact))
        self.assertEqual(finding.values["spread"], "2")
        self.assertEqual(finding.values["allows_text"], "9,000 to 18,000")
        self.assertEqual(finding.values["hedge_words"], "between")


class HeadlineHedgeTests(TestCase):
    def test_headline_drops_hedge_source_and_time(self) -> None:
        """A headline "12,000 flu deaths" against the body's "at least 12,000 ...
        since October", said by a health agency."""
        from .test_mismatch import SINCE_OCT

        head = fig(
            "f1",
            12000,
            unit="deaths",
            quantity="flu deaths",
            subject="state",
            location=Location.HEADLINE,
        )
        body = fig(
            "f2",
            12000,
            bound=Bound.AT_LEAST,
            unit="deaths",
            quantity="flu deaths",
            subject="the state",
            time=SINCE_OCT,
            hops=(hop("the health agency"),),
        )
        [finding] = check_headline_hedge(corpus(head, body))
        self.assertEqual(finding.figures, ("f1", "f2"))
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(finding.skill, Skill.HEADLINE_VS_BODY)
        v = finding.values
        self.assertTrue(
            v["dropped_hedge"] and v["dropped_source"] and v["dropped_time"]
        )
        self.assertFalse(v["value_differs"])

    def test_faithful_headline_and_non_matches(self) -> None:
        """A headline keeping the hedge is consistent; a headline value outside
        the body's range, or of another unit, is not paired."""
        body = fig("f2", 12000, bound=Bound.AT_LEAST, unit="deaths", quantity="deaths")
        same = fig(
            "f1",
            12000,
            bound=Bound.AT_LEAST,
            unit="deaths",
            quantity="deaths",
            location=Location.HEADLINE,
        )
        [finding] = check_headline_hedge(corpus(same, body))
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        for name, head in {
            "outside": fig(
                "f1", 9000, unit="deaths", quantity="deaths", location=Location.HEADLINE
            ),
            "other unit": fig(
                "f1",
                12000,
                unit="dollars",
                kind=FigureKind.MONEY,
                location=Location.HEADLINE,
            ),
        }.items():
            with self.subTest(name):
                self.assertEqual(check_headline_hedge(corpus(head, body)), [])


class FalsePrecisionTests(TestCase):
    def test_patterns(self) -> None:
        """An estimate to five digits is "precise"; a round exact count is
        "round"; a hedged round figure and small numbers are left alone."""
        table = [
            ("estimated 12,347", fig("f1", 12347, method=Method.ESTIMATE), "precise"),
            ("about 8,431", fig("f1", 8431, bound=Bound.APPROX), "precise"),
            ("6,000 exact", fig("f1", 6000), "round"),
            ("about 6,000", fig("f1", 6000, bound=Bound.APPROX), None),
            ("200 exact", fig("f1", 200), None),
            ("exact 12,347 count", fig("f1", 12347, method=Method.COUNT), None),
        ]
        for name, f, pattern in table:
            with self.subTest(name):
                findings = check_false_precision(corpus(f))
                if pattern is None:
                    self.assertEqual(findings, [])
                else:
                    [finding] = findings
                    self.assertEqual(finding.values["pattern"], pattern)
                    self.assertEqual(finding.skill, Skill.FALSE_PRECISION)

    def test_significant_digits(self) -> None:
        """Significant digits ignore trailing zeros of whole numbers."""
        for value, digits in (("6000", 1), ("12347", 5), ("2.5", 2), ("31000", 2)):
            with self.subTest(value):
                self.assertEqual(significant_digits(Decimal(value)), digits)


class EstimateOrCountTests(TestCase):
    def test_methods(self) -> None:
        """Counts and estimates are consistent, projections need explanation;
        the method words come from the figure's method span; unknown is skipped."""
        text = "Officials estimate that donors will reach 900."
        est = fig("f1", 500, method=Method.ESTIMATE)
        est = est.__class__(**{**est.__dict__, "spans": (TextSpan(10, 18, "method"),)})
        proj = fig("f2", 900, method=Method.PROJECTION)
        unknown = fig("f3", 1)
        findings = check_estimate_or_count(
            corpus(est, proj, unknown, texts={"a": text})
        )
        self.assertEqual([f.figures for f in findings], [("f1",), ("f2",)])
        self.assertEqual(findings[0].values["method_words"], "estimate")
        self.assertEqual(findings[0].verdict, Verdict.CONSISTENT)
        self.assertEqual(findings[1].verdict, Verdict.NEEDS_EXPLANATION)
        self.assertEqual(findings[1].skill, Skill.ESTIMATE_OR_COUNT)


class HedgeWordsTests(TestCase):
    def test_hedge_words_stop_before_a_currency_sign(self) -> None:
        """The hedge words of "roughly £2m" are "roughly", of "over US$5,000"
        "over": a currency sign or code is part of the number, not the hedge."""
        for quote, value, bound, words in (
            ("roughly £2m", 2000000, Bound.APPROX, "roughly"),
            ("over US$5,000", 5000, Bound.MORE_THAN, "over"),
            ("about €300", 300, Bound.APPROX, "about"),
            ("nearly GBP 40", 40, Bound.APPROX, "nearly"),
        ):
            with self.subTest(quote):
                f = fig("f1", value, bound=bound, quote=quote, kind=FigureKind.MONEY)
                [finding] = check_hedge(corpus(f))
                self.assertEqual(finding.values["hedge_words"], words)
                self.assertTrue(finding.explanation.startswith(f'"{words}" in '))

    def test_hedge_words_come_from_the_hedge_span(self) -> None:
        """A hedge after the figure ("1,800 seats, give or take") is read from
        the figure's hedge span in the article."""
        text = "The arena has 1,800 seats, give or take."
        start = text.index("1,800")
        hedge = text.index("give")
        f = replace(
            fig("f1", 1800, bound=Bound.APPROX, quote="1,800", start=start),
            end=start + 5,
            spans=(
                TextSpan(start, start + 5, "value"),
                TextSpan(hedge, hedge + len("give or take"), "hedge"),
            ),
        )
        [finding] = check_hedge(corpus(f, texts={"a": text}))
        self.assertEqual(finding.values["hedge_words"], "give or take")
