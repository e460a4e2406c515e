"""Reading time expressions from news text (lessons.engine.timeexpr)."""

from __future__ import annotations

import unittest
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.timeexpr import find_times, resolve_time
from lessons.engine.types import TimeKind

FAST = settings(max_examples=200, deadline=None)
K = TimeKind
# A Thursday.
PUBLISHED = date(2016, 10, 20)


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


class ResolveTimeTests(unittest.TestCase):
    def test_expressions_with_a_publication_date(self) -> None:
        """Each expression gets its kind and dates relative to the article's date."""
        cases = [
            ("since 2014", K.SINCE, "2014-01-01", "2016-10-20"),
            ("since March 2015", K.SINCE, "2015-03-01", "2016-10-20"),
            ("in 2015", K.PERIOD, "2015-01-01", "2015-12-31"),
            ("during 2015", K.PERIOD, "2015-01-01", "2015-12-31"),
            ("2015", K.PERIOD, "2015-01-01", "2015-12-31"),
            ("in early 2015", K.PERIOD, "2015-01-01", "2015-04-30"),
            ("by the end of 2017", K.UNTIL, None, "2017-12-31"),
            ("in February", K.PERIOD, "2016-02-01", "2016-02-29"),
            ("in August", K.PERIOD, "2016-08-01", "2016-08-31"),
            ("in October", K.PERIOD, "2016-10-01", "2016-10-31"),
            ("in November", K.PERIOD, "2015-11-01", "2015-11-30"),
            ("by August", K.UNTIL, None, "2016-08-31"),
            ("until June", K.UNTIL, None, "2016-06-30"),
            ("before 2015", K.UNTIL, None, "2014-12-31"),
            ("after 2015", K.SINCE, "2016-01-01", "2016-10-20"),
            ("last November", K.PERIOD, "2015-11-01", "2015-11-30"),
            ("next March", K.FUTURE, "2017-03-01", "2017-03-31"),
            ("March 2015", K.PERIOD, "2015-03-01", "2015-03-31"),
            ("in March 2015", K.PERIOD, "2015-03-01", "2015-03-31"),
            ("21 January 2015", K.POINT, "2015-01-21", "2015-01-21"),
            ("January 21, 2015", K.POINT, "2015-01-21", "2015-01-21"),
            ("on Jan. 21, 2015", K.POINT, "2015-01-21", "2015-01-21"),
            ("on 3rd May 2016", K.POINT, "2016-05-03", "2016-05-03"),
            ("October 2", K.POINT, "2016-10-02", "2016-10-02"),
            ("on 5 January", K.POINT, "2017-01-05", "2017-01-05"),
            ("this year", K.PERIOD, "2016-01-01", "2016-12-31"),
            ("last year", K.PERIOD, "2015-01-01", "2015-12-31"),
            ("next year", K.FUTURE, "2017-01-01", "2017-12-31"),
            ("earlier this year", K.PERIOD, "2016-01-01", "2016-10-20"),
            ("later this year", K.FUTURE, "2016-10-20", "2016-12-31"),
            ("this month", K.PERIOD, "2016-10-01", "2016-10-31"),
            ("last month", K.PERIOD, "2016-09-01", "2016-09-30"),
            ("this week", K.PERIOD, "2016-10-17", "2016-10-23"),
            ("last week", K.PERIOD, "2016-10-10", "2016-10-16"),
            ("the past year", K.PERIOD, "2015-10-21", "2016-10-20"),
            ("on Thursday", K.POINT, "2016-10-20", "2016-10-20"),
            ("on Wednesday", K.POINT, "2016-10-19", "2016-10-19"),
            ("on Friday", K.POINT, "2016-10-14", "2016-10-14"),
            ("Monday night", K.POINT, "2016-10-17", "2016-10-17"),
            ("last Thursday", K.POINT, "2016-10-13", "2016-10-13"),
            ("next Tuesday", K.FUTURE, "2016-10-25", "2016-10-25"),
            ("yesterday", K.POINT, "2016-10-19", "2016-10-19"),
            ("today", K.POINT, "2016-10-20", "2016-10-20"),
            ("tomorrow", K.FUTURE, "2016-10-21", "2016-10-21"),
            ("last summer", K.PERIOD, "2016-06-01", "2016-08-31"),
            ("this spring", K.PERIOD, "2016-03-01", "2016-05-31"),
            ("last winter", K.PERIOD, "2015-12-01", "2016-02-29"),
            ("next summer", K.FUTURE, "2017-06-01", "2017-08-31"),
            ("in the summer of 2014", K.PERIOD, "2014-06-01", "2014-08-31"),
            ("in five days", K.FUTURE, "2016-10-20", "2016-10-25"),
            ("within two weeks", K.FUTURE, "2016-10-20", "2016-11-03"),
            ("in the next 24 hours", K.FUTURE, "2016-10-20", "2016-10-21"),
            ("in a period of 24 hours", K.PERIOD, "2016-10-19", "2016-10-20"),
            ("in the past three years", K.PERIOD, "2013-10-20", "2016-10-20"),
            ("over the last 10 days", K.PERIOD, "2016-10-10", "2016-10-20"),
            ("three days ago", K.POINT, "2016-10-17", "2016-10-17"),
            ("a year ago", K.POINT, "2015-10-20", "2015-10-20"),
            ("in recent weeks", K.PERIOD, "2016-09-22", "2016-10-20"),
            ("in recent days", K.PERIOD, "2016-10-13", "2016-10-20"),
            ("in the coming weeks", K.FUTURE, "2016-10-20", "2016-11-17"),
            ("2014 to 2016", K.PERIOD, "2014-01-01", "2016-12-31"),
            ("from 2014 to 2016", K.PERIOD, "2014-01-01", "2016-12-31"),
            ("between 2010 and 2012", K.PERIOD, "2010-01-01", "2012-12-31"),
            ("2014-15", K.PERIOD, "2014-01-01", "2015-12-31"),
            ("in the 1990s", K.PERIOD, "1990-01-01", "1999-12-31"),
            ("in the late 1990s", K.PERIOD, "1996-09-01", "1999-12-31"),
        ]
        for words, kind, start, end in cases:
            with self.subTest(words=words):
                ref = resolve_time(words, PUBLISHED)
                self.assertEqual(
                    (ref.text, ref.kind, ref.start, ref.end),
                    (words, kind, _d(start), _d(end)),
                )

    def test_without_a_publication_date(self) -> None:
        """Without a date the kind and words stay and only fixed dates are set."""
        cases = [
            ("since 2014", K.SINCE, "2014-01-01", None),
            ("in 2015", K.PERIOD, "2015-01-01", "2015-12-31"),
            ("March 2015", K.PERIOD, "2015-03-01", "2015-03-31"),
            ("21 January 2015", K.POINT, "2015-01-21", "2015-01-21"),
            ("in February", K.PERIOD, None, None),
            ("by August", K.UNTIL, None, None),
            ("this year", K.PERIOD, None, None),
            ("on Thursday", K.POINT, None, None),
            ("last summer", K.PERIOD, None, None),
            ("in five days", K.FUTURE, None, None),
            ("in a period of 24 hours", K.PERIOD, None, None),
            ("in recent weeks", K.PERIOD, None, None),
            ("yesterday", K.POINT, None, None),
            ("next year", K.FUTURE, None, None),
        ]
        for words, kind, start, end in cases:
            with self.subTest(words=words):
                ref = resolve_time(words)
                self.assertEqual(
                    (ref.text, ref.kind, ref.start, ref.end),
                    (words, kind, _d(start), _d(end)),
                )

    def test_month_on_publication_month_is_that_month(self) -> None:
        """ "in August" in an article of August is that same August."""
        ref = resolve_time("in August", date(2016, 8, 2))
        self.assertEqual((ref.start, ref.end), (date(2016, 8, 1), date(2016, 8, 31)))

    def test_last_summer_during_summer_is_the_year_before(self) -> None:
        """ "last summer" written in July is the previous year's summer."""
        ref = resolve_time("last summer", date(2016, 7, 15))
        self.assertEqual(ref.start, date(2015, 6, 1))

    def test_span_points_into_the_words(self) -> None:
        """The span of a resolved time has role "time" and covers the words."""
        ref = resolve_time("  since 2014 ")
        self.assertIsNotNone(ref.span)
        assert ref.span is not None
        self.assertEqual(ref.span.role, "time")
        self.assertEqual(ref.span.quote("  since 2014 "), "since 2014")

    def test_rejects_words_that_are_not_one_time(self) -> None:
        """Words with no time, or more than one, raise ValueError."""
        for words in ["fighters", "", "about 25,000", "in 2015 and in 2016", "May"]:
            with self.subTest(words=words), self.assertRaises(ValueError):
                resolve_time(words, PUBLISHED)


class FindTimesTests(unittest.TestCase):
    def test_finds_each_time_in_a_sentence(self) -> None:
        """Times are found in text order with spans into the text."""
        text = (
            "The ministry said on Wednesday that 1,200 homes were lost since "
            "2014, after floods in August and storms last winter."
        )
        found = find_times(text, PUBLISHED)
        self.assertEqual(
            [(t.text, t.kind) for t in found],
            [
                ("on Wednesday", K.POINT),
                ("since 2014", K.SINCE),
                ("in August", K.PERIOD),
                ("last winter", K.PERIOD),
            ],
        )
        for ref in found:
            assert ref.span is not None
            self.assertEqual(ref.span.quote(text), ref.text)
            self.assertEqual(ref.span.role, "time")

    def test_two_counts_with_times_between_resolve_separately(self) -> None:
        """ "from 13 countries in 2015 to 18 this year" has two separate times."""
        text = "its reach grew from 13 countries in 2015 to 18 this year"
        found = find_times(text, PUBLISHED)
        self.assertEqual(
            [(t.text, t.start, t.end) for t in found],
            [
                ("in 2015", date(2015, 1, 1), date(2015, 12, 31)),
                ("this year", date(2016, 1, 1), date(2016, 12, 31)),
            ],
        )

    def test_fragment_in_2015_to_18_is_not_a_year_span(self) -> None:
        """ "in 2015 to 18" is "in 2015" and a count, not 2015 to 2018."""
        found = find_times("in 2015 to 18 this year", PUBLISHED)
        self.assertEqual([t.text for t in found], ["in 2015", "this year"])

    def test_numbers_that_are_not_times(self) -> None:
        """Amounts, percentages and words that look like months are not times."""
        cases = [
            "at least 2000 people",
            "it cost $2015",
            "1,950 soldiers",
            "2015 percent",
            "we may see",
            "march on the capital",
            "within the city",
            "the 2,014 votes",
        ]
        for text in cases:
            with self.subTest(text=text):
                self.assertEqual([t.text for t in find_times(text, PUBLISHED)], [])

    def test_past_and_future_durations(self) -> None:
        """ "in five days" is future after "will", an unknown past after a past verb."""
        future = find_times("forces will have 5,000 fighters in five days", PUBLISHED)
        self.assertEqual([t.kind for t in future], [K.FUTURE])
        past = find_times("300 mm of rain fell in three days", PUBLISHED)
        self.assertEqual([(t.kind, t.start) for t in past], [(K.PERIOD, None)])

    @FAST
    @given(st.text(max_size=200))
    def test_never_fails_and_spans_hold(self, text: str) -> None:
        """Any text gives sorted, disjoint times whose text is their span."""
        last_end = 0
        for ref in find_times(text, PUBLISHED):
            assert ref.span is not None
            self.assertGreaterEqual(ref.span.start, last_end)
            self.assertEqual(ref.span.quote(text), ref.text)
            last_end = ref.span.end

    @FAST
    @given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
    def test_relative_times_hold_the_publication_date_or_precede_it(
        self, published: date
    ) -> None:
        """ "this year" holds the date; "last ...", months, weekdays start before it."""
        this_year = resolve_time("this year", published)
        assert this_year.start is not None and this_year.end is not None
        self.assertTrue(this_year.start <= published <= this_year.end)
        for words in ["last year", "last week", "last summer", "in March", "on Sunday"]:
            with self.subTest(words=words):
                ref = resolve_time(words, published)
                assert ref.start is not None and ref.end is not None
                self.assertLessEqual(ref.start, published)
                self.assertLessEqual(ref.start, ref.end)

    @FAST
    @given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
    def test_full_dates_read_back(self, day: date) -> None:
        """A date written as "21 January 2015" or "January 21, 2015" reads back."""
        for words in [
            f"{day.day} {day:%B} {day.year}",
            f"{day:%B} {day.day}, {day.year}",
        ]:
            with self.subTest(words=words):
                ref = resolve_time(words)
                self.assertEqual((ref.kind, ref.start, ref.end), (K.POINT, day, day))
