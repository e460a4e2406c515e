from unittest import TestCase

from lessons.engine.checks.sourcing import (
    check_attribution_chain,
    check_claimants_interest,
    check_no_source,
    check_unnamed_source,
)
from lessons.engine.skills import Skill
from lessons.engine.types import SourceKind, Verdict

from .helpers import corpus, fig, hop

UNNAMED = hop("a hospital official", SourceKind.ORGANISATION, named=False)
WIRE = hop("Wire Service", SourceKind.OUTLET)


class UnnamedSourceTests(TestCase):
    def test_grouped_by_source(self) -> None:
        """Two figures from one unnamed official make one finding; a named
        source makes none."""
        a = fig("f1", 1, hops=(UNNAMED,))
        b = fig("f2", 2, hops=(UNNAMED, WIRE))
        named = fig("f3", 3, hops=(hop("Dr. Ana Ruiz"),))
        [finding] = check_unnamed_source(corpus(a, b, named))
        self.assertEqual(finding.figures, ("f1", "f2"))
        self.assertEqual(finding.values["count"], 2)
        self.assertEqual(finding.values["source"]["speaker"], "a hospital official")
        self.assertEqual(finding.skill, Skill.NAMED_UNNAMED)
        self.assertEqual(finding.verdict, Verdict.NEEDS_EXPLANATION)


class AttributionChainTests(TestCase):
    def test_chain_of_two_hops(self) -> None:
        """Official → wire service → the article's outlet is a chain of three."""
        f = fig("f1", 1, hops=(UNNAMED, WIRE))
        single = fig("f2", 2, hops=(UNNAMED,))
        [finding] = check_attribution_chain(
            corpus(f, single, outlets={"a": "The Gazette"})
        )
        self.assertEqual(finding.figures, ("f1",))
        self.assertEqual(
            finding.values["chain_text"],
            "a hospital official → Wire Service → The Gazette",
        )
        self.assertEqual(finding.values["length"], 3)
        self.assertFalse(finding.values["first_hand_named"])
        self.assertEqual(finding.skill, Skill.TRACE_THE_CHAIN)


class NoSourceTests(TestCase):
    def test_unsourced_figures(self) -> None:
        """Each figure without a hop gets its own finding."""
        findings = check_no_source(corpus(fig("f1", 1), fig("f2", 2, hops=(WIRE,))))
        self.assertEqual([f.figures for f in findings], [("f1",)])
        self.assertEqual(findings[0].skill, Skill.WHO_SAYS_SO)


class ClaimantsInterestTests(TestCase):
    def test_stakes(self) -> None:
        """A party reporting its opponent's losses or its own gains has a stake;
        experts, neutral counts and a party's own losses do not trigger it."""
        ministry = hop("the ministry", SourceKind.GOVERNMENT, organisation="ministry")
        union = hop(
            "the union", SourceKind.ORGANISATION, organisation="the dockers' union"
        )
        expert = hop("Prof. Kim", SourceKind.EXPERT)
        table = [
            (
                "opponent losses",
                fig(
                    "f1",
                    300,
                    quantity="strikers arrested",
                    subject="the dockers' union",
                    hops=(ministry,),
                ),
                "opponent_losses",
            ),
            (
                "own gains",
                fig(
                    "f1",
                    500,
                    quantity="new members recruited",
                    subject="the dockers' union",
                    hops=(union,),
                ),
                "own_gains",
            ),
            (
                "expert",
                fig(
                    "f1",
                    300,
                    quantity="strikers arrested",
                    subject="union",
                    hops=(expert,),
                ),
                None,
            ),
            (
                "flu deaths",
                fig(
                    "f1",
                    12000,
                    quantity="flu deaths",
                    subject="the state",
                    hops=(ministry,),
                ),
                None,
            ),
            (
                "own losses",
                fig(
                    "f1",
                    40,
                    quantity="members lost",
                    subject="the dockers' union",
                    hops=(union,),
                ),
                None,
            ),
        ]
        for name, f, interest in table:
            with self.subTest(name):
                findings = check_claimants_interest(corpus(f))
                if interest is None:
                    self.assertEqual(findings, [])
                else:
                    [finding] = findings
                    self.assertEqual(finding.values["interest"], interest)
                    self.assertEqual(finding.skill, Skill.CLAIMANTS_INTEREST)
