"""The checks on the hand-checked seed annotations: the key teaching numbers.

These numbers live only here: the rules know nothing of the seed stories.
"""

import pathlib
from decimal import Decimal
from typing import Any
from unittest import TestCase, skipUnless

from lessons.engine.checks import run_checks
from lessons.engine.types import Corpus, Finding, Verdict

SEEDS = pathlib.Path(__file__).resolve().parents[4] / "seeds" / "articles"

try:
    from lessons.engine.annotations import load_directory
except ImportError:  # pragma: no cover - the loader is written alongside
    load_directory = None  # type: ignore[assignment]

A = "christian-today-102914"
B = "inquisitr-1779414"


def _num(value: str | None) -> Decimal:
    assert value is not None
    return Decimal(value)


@skipUnless(
    load_directory is not None and any(SEEDS.glob("*.json")), "no seed annotations"
)
class SeedFindingsTests(TestCase):
    findings: dict[str, Finding]

    @classmethod
    def setUpClass(cls) -> None:
        assert load_directory is not None
        articles = load_directory(SEEDS)
        corpus = Corpus(
            articles={a.info.key: a.info for a in articles},
            figures=tuple(f for a in articles for f in a.figures),
        )
        cls.findings = {f.key: f for f in run_checks(corpus)}

    def get(self, kind: str, *keys: str) -> Finding:
        key = f"{kind}:{'+'.join(keys)}"
        self.assertIn(key, self.findings)
        return self.findings[key]

    def values(self, kind: str, *keys: str) -> Any:
        return self.get(kind, *keys).values

    def test_death_toll_against_force(self) -> None:
        """At least 50,000 killed since 2014 against about 25,000 fighters in
        February: twice the force at the stated figures, at least ~1.82 allowing
        for the hedges; 25,000 replacements reconcile them."""
        finding = self.get(
            "stock_vs_flow", f"{A}/killed-since-2014", f"{A}/fighters-in-february"
        )
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        v = finding.values
        self.assertEqual(v["ratio_at_stated"], {"low": "2", "high": "2"})
        self.assertAlmostEqual(float(_num(v["ratio"]["low"])), 1.818, places=3)
        self.assertIsNone(v["ratio"]["high"])
        self.assertEqual(v["replacement_at_stated"]["low"], "25000")
        self.assertIn("recruited or replaced", finding.explanation)

    def test_rate_from_august_to_december(self) -> None:
        """About 45,000 by August to at least 50,000 by early December: 5,000 more
        in about 3.25 months, roughly 1,500 a month."""
        finding = self.get(
            "rate_over_time", f"{A}/killed-by-august", f"{A}/killed-since-2014"
        )
        self.assertEqual(finding.verdict, Verdict.CONSISTENT)
        v = finding.values
        self.assertEqual(v["change_at_stated"], {"low": "5000", "high": "5000"})
        self.assertEqual(v["days"], 99)
        rate = float(_num(v["rate_per_month_at_stated"]["low"]))
        self.assertTrue(1400 < rate < 1600, rate)
        self.assertFalse(v["same_source"])

    def test_fraction_of_total_fighters(self) -> None:
        """More than 6,000 as half to one-third of the total: 12,000-18,000 total
        and 6,000-12,000 left at the stated figure (12,000+ and 6,000+ strictly);
        the stated 9,000-18,000 remaining agrees, close to 31,000 does not."""
        finding = self.get(
            "fraction_of_total",
            f"{B}/killed-by-coalition",
            f"{B}/killed-share-of-total",
            f"{B}/fighters-remaining",
            f"{B}/total-force",
        )
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)
        v = finding.values
        self.assertEqual(
            v["implied_total_at_stated"], {"low": "12000", "high": "18000"}
        )
        self.assertEqual(v["implied_total"], {"low": "12000", "high": None})
        self.assertEqual(
            v["implied_remainder_at_stated"], {"low": "6000", "high": "12000"}
        )
        self.assertEqual(v["implied_remainder"], {"low": "6000", "high": None})
        remaining, total = v["comparisons"]
        self.assertEqual(remaining["role"], "remainder")
        self.assertTrue(remaining["overlaps_at_stated"])
        self.assertEqual(
            remaining["common_at_stated"], {"low": "9000", "high": "12000"}
        )
        self.assertEqual(total["role"], "total")
        self.assertTrue(total["overlaps"])
        self.assertFalse(total["overlaps_at_stated"])
        self.assertEqual(total["stated"], {"low": "27900", "high": "34100"})
        self.assertIn("12,000 to 18,000", finding.explanation)

    def test_parts_of_the_total_force(self) -> None:
        """9,000-18,000 remaining plus thousands of allies can make close to
        31,000, if the allies number 13,000-22,000."""
        v = self.values(
            "part_whole",
            f"{B}/total-force",
            f"{B}/fighters-remaining",
            f"{B}/allied-fighters",
        )
        allied = v["implied_parts"][1]
        self.assertEqual(allied["implied_at_stated"], {"low": "13000", "high": "22000"})
        self.assertFalse(v["sum_exceeds_total"])

    def test_countries_over_time(self) -> None:
        """7 → 13 → 18 countries, with a new category of aspiring branches."""
        v = self.values(
            "category_drift",
            f"{A}/countries-2014",
            f"{A}/countries-2015",
            f"{A}/countries-2016",
        )
        self.assertEqual(v["series_text"], "7 → 13 → 18")
        self.assertEqual(v["direction"], "up")
        self.get(
            "category_mismatch",
            f"{A}/countries-fully-operational",
            f"{A}/countries-aspiring-branches",
        )

    def test_missing_bases(self) -> None:
        """20-25 percent of which territory? 700 square kilometers out of how much?"""
        pct = self.get("missing_base", f"{B}/nineveh-territory-lost")
        self.assertEqual(pct.skill, "percent-of-what")
        self.assertEqual(pct.values["figure"]["allows"], {"low": "20", "high": "25"})
        area = self.get("missing_base", f"{B}/territory-reclaimed")
        self.assertEqual(area.skill, "is-that-big")
        self.assertEqual(area.values["figure"]["allows"], {"low": "700", "high": None})

    def test_sources_and_chains(self) -> None:
        """The 50,000 comes from an unnamed official through the BBC; the 45,000
        from a named general through the AP; the 25,000 from an unnamed
        estimate through a named spokesman."""
        unnamed = self.get("unnamed_source", f"{A}/killed-since-2014")
        self.assertFalse(unnamed.values["source"]["named"])
        chain = self.values("attribution_chain", f"{A}/killed-since-2014")
        self.assertEqual(
            chain["chain_text"],
            "a senior U.S. military official → BBC → Christian Today",
        )
        chain = self.values("attribution_chain", f"{A}/killed-by-august")
        self.assertEqual(
            chain["chain_text"],
            "Lt. Gen. Sean MacFarland → Associated Press → Christian Today",
        )
        self.assertTrue(chain["first_hand_named"])
        self.get("attribution_chain", f"{A}/fighters-in-february")
        self.get("claimants_interest", f"{A}/killed-since-2014")

    def test_headlines_drop_hedges(self) -> None:
        """Both headlines state the body's hedged toll as a bare number."""
        for head, body in (
            (f"{A}/headline-militants-lost", f"{A}/killed-since-2014"),
            (f"{B}/headline-militants-killed", f"{B}/killed-by-coalition"),
        ):
            with self.subTest(head):
                v = self.values("headline_hedge", head, body)
                self.assertTrue(v["dropped_hedge"])
