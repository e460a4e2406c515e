"""Presentation helpers: figure values as a reader reads them, quotes in context."""

from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase

from lessons.display import (
    figure_in_context,
    figure_reading,
    figure_value,
    in_context,
)
from lessons.models import Figure

STORY = (
    "Officials said the fire service was stretched.\n\n"
    "A handful of farms lost their herds, and 9,000 to 18,000 fighters "
    "were in the hills near the river valley that autumn."
)


def figure(**values) -> Figure:
    fields = {"low": None, "high": None, "bound": "exact", "kind": "count", "unit": ""}
    return Figure(exact="x", start=0, end=1, **(fields | values))


class FigureValueTests(SimpleTestCase):
    """Values go through the engine's formatting, as the checks and lessons write them."""

    def test_fractions_percents_money_and_ranges_read_as_words(self):
        """One-third, 20 percent, money with its currency, "9,000 to 18,000"."""
        cases = [
            (
                figure(
                    low=Decimal("0.333333"),
                    high=Decimal("0.333333"),
                    bound="approx",
                    kind="fraction",
                ),
                "one-third",
                "about one-third",
            ),
            (
                figure(low=Decimal("20"), kind="percent", unit="percent"),
                "20 percent",
                "20 percent",
            ),
            (
                figure(
                    low=Decimal("2000000"),
                    kind="money",
                    unit="dollars",
                    bound="more_than",
                ),
                "2,000,000 dollars",
                "more than 2,000,000 dollars",
            ),
            (
                figure(
                    low=Decimal(9000),
                    high=Decimal(18000),
                    bound="range",
                    unit="fighters",
                ),
                "9,000 to 18,000 fighters",
                "9,000 to 18,000 fighters",
            ),
            (
                figure(high=Decimal(5), bound="at_most", unit="villages"),
                "5 villages",
                "at most 5 villages",
            ),
            (
                figure(low=Decimal("50000"), bound="at_least", unit="militants"),
                "50,000 militants",
                "at least 50,000 militants",
            ),
        ]
        for stored, value, reading in cases:
            with self.subTest(reading=reading):
                self.assertEqual(figure_value(stored), value)
                self.assertEqual(figure_reading(stored), reading)

    def test_values_the_engine_refuses_still_show(self):
        """No value, or an unknown kind: plain text, never an error."""
        self.assertEqual(figure_value(figure()), "")
        self.assertEqual(figure_reading(figure()), "")
        odd = figure(low=Decimal("1.5"), kind="made-up", unit="things")
        self.assertEqual(figure_value(odd), "1.5 things")


class InContextTests(SimpleTestCase):
    """A figure quoted with the words around it, never cut mid-word."""

    def test_context_is_cut_at_word_boundaries(self):
        """The first and last words shown are whole, with an ellipsis where cut."""
        start = STORY.index("9,000")
        end = start + len("9,000 to 18,000")
        for chars in range(5, 40):
            with self.subTest(chars=chars):
                quote = in_context(STORY, start, end, chars=chars)
                self.assertEqual(quote.exact, "9,000 to 18,000")
                if quote.before:
                    self.assertTrue(STORY[:start].endswith(quote.before))
                    first = STORY.index(quote.before, STORY.index("A handful"))
                    self.assertTrue(first == 0 or STORY[first - 1].isspace(), quote)
                if quote.after:
                    self.assertTrue(STORY[end:].startswith(quote.after))
                    last = end + len(quote.after)
                    self.assertTrue(STORY[last].isspace(), quote)
                self.assertTrue(quote.cut_before and quote.cut_after)
        quote = in_context(STORY, start, end, chars=16)
        self.assertEqual((quote.before, quote.after), ("herds, and ", " fighters were"))

    def test_context_stays_in_the_paragraph(self):
        """A quote near a paragraph's edge shows no text of the next, and no ellipsis."""
        start = STORY.index("A handful")
        quote = in_context(STORY, start, start + len("A handful"), chars=60)
        self.assertEqual(quote.before, "")
        self.assertFalse(quote.cut_before)
        self.assertEqual(
            quote.after, " of farms lost their herds, and 9,000 to 18,000 fighters"
        )
        self.assertTrue(quote.cut_after)
        end = STORY.index(" was stretched") + len(" was stretched")
        quote = in_context(STORY, STORY.index("was"), end, chars=60)
        self.assertEqual(quote.before, "Officials said the fire service ")
        self.assertEqual(quote.after, ".")
        self.assertFalse(quote.cut_before or quote.cut_after)

    def test_a_window_of_a_longer_text_drops_its_partial_edge_words(self):
        """Stored prefix and suffix (32 characters each) lose their partial words."""
        prefix, exact, suffix = (
            "id the fire service was stretched; ",
            "A handful",
            " of fa",
        )
        text = prefix + exact + suffix
        quote = in_context(
            text,
            len(prefix),
            len(prefix) + len(exact),
            clipped_before=True,
            clipped_after=True,
        )
        self.assertEqual(quote.before, "the fire service was stretched; ")
        self.assertEqual(quote.after, " of")
        self.assertTrue(quote.cut_before and quote.cut_after)
        quote = in_context(text, len(prefix), len(prefix) + len(exact))
        self.assertEqual((quote.before, quote.after), (prefix, " of fa"))
        self.assertFalse(quote.cut_before or quote.cut_after)

    def test_a_figure_whose_offsets_no_longer_fit_uses_its_stored_context(self):
        """From the article's text normally; from the prefix and suffix otherwise."""
        start = STORY.index("A handful")
        stored = Figure(exact="A handful", start=start, end=start + 9)
        stored.anchor(STORY)
        quote = figure_in_context(stored, STORY, chars=30)
        self.assertEqual(quote.after, " of farms lost their herds,")
        # The stored prefix reaches back over the paragraph break: nothing shown.
        quote = figure_in_context(stored, "Another text altogether.")
        self.assertEqual((quote.before, quote.cut_before), ("", False))
        # The stored suffix ends after a whole word: it is kept, and more follows.
        self.assertEqual(stored.suffix, " of farms lost their herds, and ")
        self.assertEqual(quote.after, " of farms lost their herds, and")
        self.assertTrue(quote.cut_after)
