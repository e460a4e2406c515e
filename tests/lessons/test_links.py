from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import clear_script_prefix, reverse, set_script_prefix

from lessons.links import fixed_urls, url


class UrlTests(SimpleTestCase):
    def test_as_reverse_answers(self) -> None:
        self.assertEqual(url("lessons:home"), reverse("lessons:home"))
        self.assertEqual(fixed_urls()["lessons:progress"], reverse("lessons:progress"))
        self.assertEqual(
            url("lessons:attempt-question", 12, 3),
            reverse("lessons:attempt-question", kwargs={"pk": 12, "number": 3}),
        )
        self.assertEqual(
            url("lessons:quiz-detail", "a-quiz"),
            reverse("lessons:quiz-detail", args=["a-quiz"]),
        )

    def test_remembered_per_script_prefix(self) -> None:
        """Served under a prefix (a sub-path deployment), links carry it, and the
        prefix-less ones are not mixed in."""
        plain = url("lessons:attempt-review", 5)
        set_script_prefix("/tally/")
        self.addCleanup(clear_script_prefix)
        self.assertEqual(url("lessons:attempt-review", 5), "/tally" + plain)
        self.assertEqual(url("lessons:home"), "/tally/")
        clear_script_prefix()
        self.assertEqual(url("lessons:attempt-review", 5), plain)
