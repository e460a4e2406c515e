from datetime import date
from unittest import TestCase

from lessons.engine.checks.common import (
    is_cumulative,
    is_flow,
    reference_date,
    role,
    same_subject,
    stem,
    unit_family,
)
from lessons.engine.types import TimeKind

from .helpers import PUBLISHED, corpus, fig, when


class ReadingTests(TestCase):
    def test_words(self) -> None:
        """Flows, roles, subjects, units and stems come from general word lists."""
        self.assertEqual(stem("casualties"), "casualty")
        self.assertEqual(stem("fighters"), "fighter")
        self.assertTrue(is_flow(fig("f1", 1, quantity="flu deaths")))
        self.assertFalse(is_flow(fig("f1", 1, quantity="hospital beds")))
        self.assertEqual(role(fig("f1", 1, quantity="members remaining")), "remainder")
        self.assertEqual(role(fig("f1", 1, quantity="total membership")), "total")
        self.assertTrue(
            same_subject(
                fig("f1", 1, subject="The Union"), fig("f2", 1, subject="union allies")
            )
        )
        self.assertFalse(
            same_subject(fig("f1", 1, subject=""), fig("f2", 1, subject=""))
        )
        self.assertEqual(unit_family(fig("f1", 1, unit="nurses")), "people")
        self.assertEqual(unit_family(fig("f1", 1, unit="nations")), "unit:country")
        self.assertEqual(unit_family(fig("f1", 1, unit="beds")), "unit:bed")

    def test_dates(self) -> None:
        """A figure holds at its time's end, else its start, else publication."""
        since = when("since May", TimeKind.SINCE, date(2023, 5, 1))
        f = fig("f1", 1, quantity="cases", time=since)
        self.assertTrue(is_cumulative(f))
        self.assertEqual(reference_date(f, corpus(f)), PUBLISHED)
        g = fig("f2", 1, time=when("in June", TimeKind.POINT, date(2023, 6, 1)))
        self.assertEqual(reference_date(g, corpus(g)), date(2023, 6, 1))
