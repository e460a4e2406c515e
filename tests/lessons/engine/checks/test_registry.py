import pathlib
import re
from unittest import TestCase

from lessons.engine import checks
from lessons.engine.checks import REGISTRY, register, run_checks
from lessons.engine.checks.registry import RegisteredCheck
from lessons.engine.skills import Skill
from lessons.engine.types import Bound, Corpus, Finding, Verdict

from .helpers import corpus, fig

PACKAGE = pathlib.Path(checks.__file__).parent


class RegistryTests(TestCase):
    def test_every_kind_is_documented_in_its_module(self) -> None:
        """Each registered kind is named in its module's docstring, which lists
        its values keys for the generator's authors."""
        import importlib

        for kind, registered in REGISTRY.items():
            with self.subTest(kind):
                module = importlib.import_module(registered.module)
                self.assertIn(kind, module.__doc__ or "")
                self.assertIn("``values``", module.__doc__ or "")

    def test_run_checks_is_deterministic_and_without_duplicates(self) -> None:
        """A corpus in any figure order gives the same findings, each key once."""
        figures = [
            fig(
                "f1",
                50,
                bound=Bound.AT_LEAST,
                unit="members",
                quantity="members quit",
                subject="the club",
            ),
            fig(
                "f2",
                20,
                bound=Bound.APPROX,
                unit="members",
                quantity="members",
                subject="the club",
            ),
        ]
        first = run_checks(corpus(*figures))
        second = run_checks(corpus(*reversed(figures)))
        self.assertEqual([f.key for f in first], [f.key for f in second])
        self.assertEqual(len({f.key for f in first}), len(first))
        for finding in first:
            with self.subTest(finding.key):
                self.assertIn(finding.skill, {s.value for s in Skill})
                self.assertIsInstance(finding.verdict, Verdict)
                self.assertTrue(finding.explanation)

    def test_run_order_is_the_documented_order(self) -> None:
        """Checks run in KIND_ORDER, the order of the package docstring's list."""
        from lessons.engine.checks import KIND_ORDER

        self.assertEqual(tuple(REGISTRY), KIND_ORDER)
        doc = checks.__doc__ or ""
        positions = [doc.index(f"``{kind}``") for kind in KIND_ORDER]
        self.assertEqual(positions, sorted(positions))

    def test_kinds_filter(self) -> None:
        """run_checks(kinds=...) runs only those kinds and rejects unknown ones."""
        c = corpus(fig("f1", 5, bound=Bound.AT_LEAST))
        self.assertEqual({f.kind for f in run_checks(c, kinds=["hedge"])}, {"hedge"})
        with self.assertRaises(ValueError):
            run_checks(c, kinds=["no_such_kind"])

    def test_duplicate_keys_dropped_and_wrong_kind_rejected(self) -> None:
        """A check emitting one key twice yields it once; emitting another kind
        than registered raises."""

        def twice(c: Corpus) -> list[Finding]:
            f = Finding("test_twice", ("f1",), Verdict.CONSISTENT, "x", "who-says-so")
            return [f, f]

        def wrong(c: Corpus) -> list[Finding]:
            return [Finding("other", ("f1",), Verdict.CONSISTENT, "x", "who-says-so")]

        try:
            register("test_twice")(twice)
            self.assertEqual(len(run_checks(corpus(), kinds=["test_twice"])), 1)
            register("test_wrong")(wrong)
            with self.assertRaises(ValueError):
                run_checks(corpus(), kinds=["test_wrong"])
            with self.assertRaises(ValueError):
                register("test_twice")(wrong)
        finally:
            REGISTRY.pop("test_twice", None)
            REGISTRY.pop("test_wrong", None)
        self.assertIsInstance(REGISTRY["hedge"], RegisteredCheck)

    def test_rules_name_no_story(self) -> None:
        """No rule names a seed story's actors, places or numbers."""
        banned = re.compile(
            r"isis|islamic|mosul|nineveh|kobane|raqqa|macfarland|earnest|barzani|kerry|"
            r"christian today|inquisitr|50,?000|45,?000|25,?000|31,?000|6,?000\b",
            re.IGNORECASE,
        )
        for path in sorted(PACKAGE.glob("*.py")):
            with self.subTest(path.name):
                self.assertIsNone(banned.search(path.read_text()))


class RobustnessTests(TestCase):
    def test_random_corpora_do_not_raise(self) -> None:
        """Checks never raise on odd but valid figures (zeros, open ends, shares,
        missing times and subjects), and every finding's values are JSON-ready."""
        import json
        import random
        from datetime import date

        from lessons.engine.types import FigureKind, Location, Method, TimeKind

        from .helpers import hop, when

        rng = random.Random(7)
        quantities = [
            "members",
            "members quit",
            "total members",
            "members remaining",
            "share of all members",
            "budget",
            "deaths",
            "beds",
        ]
        for round_ in range(200):
            figures = []
            for i in range(6):
                bound = rng.choice(list(Bound))
                low = rng.choice([0, 1, 3, 50, 1200, 31000])
                high: int | None = low
                if bound is Bound.RANGE:
                    high = low + rng.choice([0, 10, 500])
                elif bound in (Bound.AT_LEAST, Bound.MORE_THAN):
                    high = None
                kind = rng.choice(list(FigureKind))
                y = rng.choice([2020, 2021, 2022])
                t = rng.choice(
                    [
                        None,
                        when("since", TimeKind.SINCE, date(y, 1, 1)),
                        when("by", TimeKind.UNTIL, None, date(y, 6, 1)),
                        when("in", TimeKind.PERIOD, date(y, 1, 1), date(y, 12, 31)),
                        when("on", TimeKind.POINT, date(y, 3, 1)),
                        when("soon", TimeKind.FUTURE),
                    ]
                )
                figures.append(
                    fig(
                        f"f{i}",
                        low,
                        high,
                        bound=bound,
                        kind=kind,
                        unit=rng.choice(["members", "", "percent", "dollars"]),
                        quantity=rng.choice(quantities),
                        subject=rng.choice(["", "the club", "club allies"]),
                        time=t,
                        method=rng.choice(list(Method)),
                        location=rng.choice(list(Location)),
                        hops=rng.choice(
                            [(), (hop("x"),), (hop("y", named=False), hop("z"))]
                        ),
                        article=rng.choice(["a", "b"]),
                        start=rng.randrange(0, 900),
                    )
                )
            with self.subTest(round_):
                for finding in run_checks(corpus(*figures)):
                    json.dumps(dict(finding.values))
