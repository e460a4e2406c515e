"""Reading numbers and figures from news text (lessons.engine.numbers)."""

from __future__ import annotations

import unittest
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.numbers import Quantity, find_quantities, parse_number
from lessons.engine.types import Bound, FigureKind

FAST = settings(max_examples=200, deadline=None)

B = Bound
K = FigureKind


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _summary(q: Quantity) -> tuple[str, Bound, Decimal | None, Decimal | None]:
    return q.text, q.bound, q.low, q.high


class ParseNumberTests(unittest.TestCase):
    def test_reads_numbers_in_every_style(self) -> None:
        """Digits, separators, scales, words, abbreviations and fractions all read."""
        cases = [
            ("5", "5"),
            ("50,000", "50000"),
            ("1,234.5", "1234.5"),
            ("0.75", "0.75"),
            ("1,000,000", "1000000"),
            ("1.7 billion", "1700000000"),
            ("2.5 million", "2500000"),
            ("3 trillion", "3000000000000"),
            ("12 thousand", "12000"),
            ("five", "5"),
            ("Five", "5"),
            ("zero", "0"),
            ("eleven", "11"),
            ("twenty-five", "25"),
            ("ninety nine", "99"),
            ("two million", "2000000"),
            ("sixty thousand", "60000"),
            ("a hundred", "100"),
            ("a hundred and fifty", "150"),
            ("one hundred twenty", "120"),
            ("three hundred and sixty-five", "365"),
            ("two thousand five hundred", "2500"),
            ("one million two hundred thousand", "1200000"),
            ("a million", "1000000"),
            ("two and a half million", "2500000"),
            ("one and a half", "1.5"),
            ("half a million", "500000"),
            ("a quarter of a million", "250000"),
            ("3.5m", "3500000"),
            ("$2bn", "2000000000"),
            ("£3m", "3000000"),
            ("€1.2 billion", "1200000000"),
            ("US$40", "40"),
            ("5k", "5000"),
            ("20%", "20"),
            ("20 percent", "20"),
            ("half", "0.5"),
            ("one-third", "0.333333"),
            ("a third", "0.333333"),
            ("two-thirds", "0.666667"),
            ("two thirds", "0.666667"),
            ("three quarters", "0.75"),
            ("three-quarters", "0.75"),
            ("a quarter", "0.25"),
            ("one fifth", "0.2"),
            ("a tenth", "0.1"),
            ("1 in 4", "0.25"),
            ("one in three", "0.333333"),
            ("three out of ten", "0.3"),
            ("one in every five", "0.2"),
            ("dozen", "12"),
            ("a dozen", "12"),
            ("two dozen", "24"),
            ("twice", "2"),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(parse_number(text), Decimal(expected))

    def test_fractions_are_rounded_to_six_places(self) -> None:
        """A fraction that does not terminate keeps six decimal places."""
        self.assertEqual(parse_number("one-third"), Decimal("0.333333"))
        self.assertEqual(parse_number("one-sixth"), Decimal("0.166667"))
        self.assertEqual(parse_number("half"), Decimal("0.5"))

    def test_results_have_no_exponent(self) -> None:
        """Scaled values print as plain digits, never as 1.7E+9."""
        self.assertEqual(str(parse_number("1.7 billion")), "1700000000")
        self.assertEqual(str(parse_number("1.50")), "1.5")

    def test_rejects_what_is_not_a_number(self) -> None:
        """Text that is not one number raises ValueError naming the text."""
        for text in [
            "",
            "   ",
            "fighters",
            "one of the",
            "a",
            "and",
            "hundred fifty thousand million",
            "5 6",
            "twenty twenty",
            "thousands of",
            "the third",
            "5 apples",
        ]:
            with self.subTest(text=text), self.assertRaises(ValueError) as caught:
                parse_number(text)
            if text.strip():
                self.assertIn(repr(text), str(caught.exception))


_SMALL_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight"),
    *("nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"),
    *("sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty"]
_TENS_WORDS.append("ninety")


def _below_thousand(n: int) -> str:
    words = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append(f"{_SMALL_WORDS[hundreds]} hundred")
    if rest or not words:
        if rest < 20:
            words.append(_SMALL_WORDS[rest])
        else:
            tens, units = divmod(rest, 10)
            word = _TENS_WORDS[tens - 2]
            words.append(f"{word}-{_SMALL_WORDS[units]}" if units else word)
    return " ".join(words)


def to_words(n: int) -> str:
    """English words for ``n`` (a test helper independent of the parser)."""
    if n == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        count, n = divmod(n, scale)
        if count:
            parts.append(f"{_below_thousand(count)} {name}")
    if n:
        parts.append(_below_thousand(n))
    return " ".join(parts)


class ParseNumberPropertyTests(unittest.TestCase):
    @FAST
    @given(st.integers(min_value=0, max_value=10**12))
    def test_integers_with_separators_round_trip(self, n: int) -> None:
        """Any integer written with thousands separators reads back."""
        self.assertEqual(parse_number(f"{n:,}"), n)

    @FAST
    @given(st.integers(min_value=0, max_value=10**12))
    def test_plain_integers_round_trip(self, n: int) -> None:
        """Any integer written without separators reads back."""
        self.assertEqual(parse_number(str(n)), n)

    @FAST
    @given(
        st.decimals(
            min_value=0,
            max_value=10**6,
            places=3,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    def test_decimals_round_trip(self, value: Decimal) -> None:
        """Decimals with separators and a fractional part read back exactly."""
        self.assertEqual(parse_number(f"{value:,f}"), value)

    @FAST
    @given(
        st.decimals(min_value=1, max_value=999, places=1),
        st.sampled_from(
            [
                ("thousand", 10**3),
                ("million", 10**6),
                ("billion", 10**9),
                ("trillion", 10**12),
                ("m", 10**6),
                ("bn", 10**9),
            ]
        ),
    )
    def test_scaled_values_round_trip(
        self, value: Decimal, scale: tuple[str, int]
    ) -> None:
        """A decimal with a scale word or abbreviation reads as their product."""
        word, factor = scale
        text = f"{value} {word}" if len(word) > 2 else f"{value}{word}"
        self.assertEqual(parse_number(text), value * factor)

    @FAST
    @given(st.integers(min_value=0, max_value=999_999_999_999))
    def test_number_words_round_trip(self, n: int) -> None:
        """Any integer spelt out in English words reads back."""
        self.assertEqual(parse_number(to_words(n)), n)

    @FAST
    @given(
        st.integers(min_value=1, max_value=99),
        st.integers(min_value=2, max_value=10**4),
    )
    def test_one_in_n_is_a_fraction(self, numerator: int, denominator: int) -> None:
        """ "N in M" reads as N/M when N < M, rounded to six places."""
        if numerator >= denominator or 1900 <= denominator <= 2100:
            return
        got = parse_number(f"{numerator} in {denominator:,}")
        expected = (Decimal(numerator) / denominator).quantize(Decimal("0.000001"))
        self.assertEqual(got, expected)


def _one(text: str) -> Quantity:
    found = find_quantities(text)
    if len(found) != 1:
        raise AssertionError(f"expected one quantity in {text!r}, got {found}")
    return found[0]


class FindQuantitiesBoundTests(unittest.TestCase):
    def test_every_bound_phrase(self) -> None:
        """Each hedge phrase gives its bound, its words and the right open end."""
        cases = [
            ("at least 50,000 people", "at least 50,000", B.AT_LEAST, "50000", None),
            ("no fewer than 12 ships", "no fewer than 12", B.AT_LEAST, "12", None),
            ("no less than 3 tonnes", "no less than 3 tonnes", B.AT_LEAST, "3", None),
            ("a minimum of 40 seats", "a minimum of 40", B.AT_LEAST, "40", None),
            ("more than 200 bodies", "more than 200", B.MORE_THAN, "200", None),
            ("over 1,000 flights", "over 1,000", B.MORE_THAN, "1000", None),
            ("upwards of 600 homes", "upwards of 600", B.MORE_THAN, "600", None),
            (
                "in excess of $5 million",
                "in excess of $5 million",
                B.MORE_THAN,
                "5000000",
                None,
            ),
            ("well over 90 votes", "well over 90", B.MORE_THAN, "90", None),
            ("up to 1,000 missing", "up to 1,000", B.AT_MOST, None, "1000"),
            ("as many as 70 boats", "as many as 70", B.AT_MOST, None, "70"),
            ("at most 15 cases", "at most 15", B.AT_MOST, None, "15"),
            ("no more than 8 lanes", "no more than 8", B.AT_MOST, None, "8"),
            ("less than 5 percent", "less than 5 percent", B.LESS_THAN, None, "5"),
            ("fewer than 30 doctors", "fewer than 30", B.LESS_THAN, None, "30"),
            ("under 400 beds", "under 400", B.LESS_THAN, None, "400"),
            ("about 25,000 fighters", "about 25,000", B.APPROX, "25000", "25000"),
            ("around 3,000 runners", "around 3,000", B.APPROX, "3000", "3000"),
            (
                "roughly 1.2 million voters",
                "roughly 1.2 million",
                B.APPROX,
                "1200000",
                "1200000",
            ),
            ("approximately 80 trucks", "approximately 80", B.APPROX, "80", "80"),
            ("nearly 900 pupils", "nearly 900", B.APPROX, "900", "900"),
            ("almost 40 percent", "almost 40 percent", B.APPROX, "40", "40"),
            ("close to 31,000 men", "close to 31,000", B.APPROX, "31000", "31000"),
            ("some 600 firefighters", "some 600", B.APPROX, "600", "600"),
            (
                "an estimated 20,000 protesters",
                "an estimated 20,000",
                B.APPROX,
                "20000",
                "20000",
            ),
            (
                "estimated 7 million viewers",
                "estimated 7 million",
                B.APPROX,
                "7000000",
                "7000000",
            ),
            ("killed 200 fighters", "200", B.EXACT, "200", "200"),
            ("50,000 or more marchers", "50,000 or more", B.AT_LEAST, "50000", None),
            ("10,000+ signatures", "10,000+", B.AT_LEAST, "10000", None),
            ("300 or so guests", "300 or so", B.APPROX, "300", "300"),
        ]
        for text, quote, bound, low, high in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(_summary(q), (quote, bound, _d(low), _d(high)))

    def test_hedge_words_and_offsets(self) -> None:
        """start covers the hedge, value_start/value_end just the number."""
        text = "Officials said at least 50,000 militants died."
        q = _one(text)
        self.assertEqual(q.hedge, "at least")
        self.assertEqual(q.start, text.index("at least"))
        self.assertEqual(text[q.value_start : q.value_end], "50,000")
        self.assertEqual(q.text, text[q.start : q.end])

    def test_ranges(self) -> None:
        """Rising pairs of the same quantity are one range figure."""
        cases = [
            (
                "between 9,000 and 18,000 fighters",
                "between 9,000 and 18,000",
                "9000",
                "18000",
                K.COUNT,
                "",
            ),
            ("9,000 to 18,000 troops", "9,000 to 18,000", "9000", "18000", K.COUNT, ""),
            ("9,000-18,000 troops", "9,000-18,000", "9000", "18000", K.COUNT, ""),
            ("9,000–18,000 troops", "9,000–18,000", "9000", "18000", K.COUNT, ""),
            (
                "20 percent to 25 percent of the land",
                "20 percent to 25 percent",
                "20",
                "25",
                K.PERCENT,
                "percent",
            ),
            (
                "20 to 25 percent of the land",
                "20 to 25 percent",
                "20",
                "25",
                K.PERCENT,
                "percent",
            ),
            (
                "between 20% and 30% of voters",
                "between 20% and 30%",
                "20",
                "30",
                K.PERCENT,
                "percent",
            ),
            (
                "1.5 to 2 million people",
                "1.5 to 2 million",
                "1500000",
                "2000000",
                K.COUNT,
                "",
            ),
            (
                "$5-10 million in aid",
                "$5-10 million",
                "5000000",
                "10000000",
                K.MONEY,
                "dollars",
            ),
            ("from 3 to 5 days", "from 3 to 5 days", "3", "5", K.DURATION, "days"),
            ("two or three weeks", "two or three weeks", "2", "3", K.DURATION, "weeks"),
            (
                "anywhere from half to one-third of them",
                "anywhere from half to one-third",
                "0.333333",
                "0.5",
                K.FRACTION,
                "",
            ),
            (
                "a third to a half of homes",
                "a third to a half",
                "0.333333",
                "0.5",
                K.FRACTION,
                "",
            ),
            (
                "between 100 and 150 square miles",
                "between 100 and 150 square miles",
                "100",
                "150",
                K.AREA,
                "square miles",
            ),
        ]
        for text, quote, low, high, kind, unit in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.text, q.bound, q.low, q.high, q.kind, q.unit),
                    (quote, B.RANGE, Decimal(low), Decimal(high), kind, unit),
                )

    def test_range_hedge_is_its_opening_words(self) -> None:
        """ "between", "from" or a bound word before the range is its hedge."""
        self.assertEqual(_one("between 2 and 4 ships").hedge, "between")
        self.assertEqual(_one("anywhere from half to a third").hedge, "anywhere from")
        self.assertEqual(_one("about 20 to 25 percent").hedge, "about")
        self.assertEqual(_one("9,000-18,000 troops").hedge, "")

    def test_pairs_that_are_two_figures(self) -> None:
        """A falling pair, a change or a pair with words between is two figures.

        "52 percent to 48 percent" is an election result (two shares), not a
        range; "rose from 13 to 18" is a change; "from 13 countries in 2015 to
        18 this year" has a count and a time between its numbers.
        """
        cases = [
            ("won 52 percent to 48 percent", ["52 percent", "48 percent"]),
            ("the vote was 52-48", ["52", "48"]),
            ("from 13 countries in 2015 to 18 this year", ["13", "18"]),
            ("rose from 13 to 18", ["13", "18"]),
            ("fell from 40 percent to 25 percent", ["40 percent", "25 percent"]),
            ("from 7 nations to 18", ["7", "18"]),
            ("increased from $2 billion to $3 billion", ["$2 billion", "$3 billion"]),
            ("it beat them 3 to 1", ["3", "1"]),
        ]
        for text, quotes in cases:
            with self.subTest(text=text):
                found = find_quantities(text)
                self.assertEqual([q.text for q in found], quotes)
                self.assertTrue(all(q.bound is not B.RANGE for q in found))

    def test_disaster_report(self) -> None:
        """Several hedged figures in one sentence each keep their own bound."""
        text = (
            "At least 300 dead and up to 1,000 missing after the quake, officials said."
        )
        found = find_quantities(text)
        self.assertEqual(
            [_summary(q) for q in found],
            [
                ("At least 300", B.AT_LEAST, Decimal(300), None),
                ("up to 1,000", B.AT_MOST, None, Decimal(1000)),
            ],
        )


class FindQuantitiesKindTests(unittest.TestCase):
    def test_kinds_and_units(self) -> None:
        """Units decide the kind and are normalised."""
        cases = [
            ("a $1.7 billion budget", "$1.7 billion", K.MONEY, "dollars", "1700000000"),
            ("US$40 million", "US$40 million", K.MONEY, "dollars", "40000000"),
            ("£3m for schools", "£3m", K.MONEY, "pounds", "3000000"),
            ("€2bn bail-out", "€2bn", K.MONEY, "euros", "2000000000"),
            ("1.2 million euros", "1.2 million euros", K.MONEY, "euros", "1200000"),
            ("500 dollars", "500 dollars", K.MONEY, "dollars", "500"),
            ("20 percent of the vote", "20 percent", K.PERCENT, "percent", "20"),
            ("20% of the vote", "20%", K.PERCENT, "percent", "20"),
            ("20 per cent of the vote", "20 per cent", K.PERCENT, "percent", "20"),
            (
                "up 3 percentage points",
                "3 percentage points",
                K.PERCENT,
                "percentage points",
                "3",
            ),
            (
                "700 square kilometers",
                "700 square kilometers",
                K.AREA,
                "square kilometers",
                "700",
            ),
            (
                "700 square kilometres",
                "700 square kilometres",
                K.AREA,
                "square kilometers",
                "700",
            ),
            ("40 sq km of forest", "40 sq km", K.AREA, "square kilometers", "40"),
            ("40 km2 of forest", "40 km2", K.AREA, "square kilometers", "40"),
            ("12 square miles", "12 square miles", K.AREA, "square miles", "12"),
            ("5,000 hectares", "5,000 hectares", K.AREA, "hectares", "5000"),
            ("300 acres", "300 acres", K.AREA, "acres", "300"),
            ("a 40 km march", "40 km", K.LENGTH, "kilometers", "40"),
            ("a 20km march", "20km", K.LENGTH, "kilometers", "20"),
            ("ran 26 miles", "26 miles", K.LENGTH, "miles", "26"),
            ("in a period of 24 hours", "24 hours", K.DURATION, "hours", "24"),
            ("in five days", "five days", K.DURATION, "days", "5"),
            ("three weeks of talks", "three weeks", K.DURATION, "weeks", "3"),
            ("a 10-day ceasefire", "10-day", K.DURATION, "days", "10"),
            ("half an hour", "half an hour", K.DURATION, "hours", "0.5"),
            ("one day of rain", "one day", K.DURATION, "days", "1"),
            ("2,000 tonnes of grain", "2,000 tonnes", K.OTHER, "tonnes", "2000"),
            ("5,000 fighters", "5,000", K.COUNT, "", "5000"),
            ("half of the group's top commanders", "half", K.FRACTION, "", "0.5"),
            ("two-thirds of voters", "two-thirds", K.FRACTION, "", "0.666667"),
            ("a third of homes", "a third", K.FRACTION, "", "0.333333"),
            ("1 in 4 adults", "1 in 4", K.FRACTION, "", "0.25"),
            ("one in five children", "one in five", K.FRACTION, "", "0.2"),
            ("half a million refugees", "half a million", K.COUNT, "", "500000"),
            ("a dozen boats", "a dozen", K.COUNT, "", "12"),
            ("twenty-five deaths", "twenty-five", K.COUNT, "", "25"),
            ("a hundred and fifty homes", "a hundred and fifty", K.COUNT, "", "150"),
        ]
        for text, quote, kind, unit, value in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.text, q.kind, q.unit, q.low), (quote, kind, unit, Decimal(value))
                )

    def test_ratios(self) -> None:
        """Multiples are RATIO figures with the multiple as value."""
        cases = [
            ("the toll is already double that number", "double", "2"),
            ("prices doubled", "doubled", "2"),
            ("twice as many", "twice", "2"),
            ("three times as many voters", "three times", "3"),
            ("4 times the size", "4 times", "4"),
            ("output tripled", "tripled", "3"),
            ("a tenfold rise", "tenfold", "10"),
            ("the budget was halved", "halved", "0.5"),
        ]
        for text, quote, value in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.text, q.kind, q.low, q.high),
                    (quote, K.RATIO, Decimal(value), Decimal(value)),
                )
        self.assertEqual(_one("more than double the total").bound, B.MORE_THAN)

    def test_vague_amounts(self) -> None:
        """Plural scale words are lower bounds whose hedge is their own words."""
        cases = [
            ("thousands of other allied fighters", "thousands of", "2000"),
            ("hundreds of homes", "hundreds of", "200"),
            ("dozens of villages", "dozens of", "24"),
            ("losing scores of fighters", "scores of", "40"),
            ("tens of thousands of marchers", "tens of thousands of", "20000"),
            ("hundreds of thousands fled", "hundreds of thousands", "200000"),
            ("millions of viewers", "millions of", "2000000"),
            ("several hundred people", "several hundred", "300"),
        ]
        for text, quote, low in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.text, q.hedge, q.bound, q.low, q.high),
                    (quote, quote, B.AT_LEAST, Decimal(low), None),
                )
        self.assertEqual(find_quantities("the test scores were high"), [])


class FindQuantitiesSkipTests(unittest.TestCase):
    def test_numbers_that_are_not_figures(self) -> None:
        """Years, dates, clock times, ordinals, ids and pronouns are skipped."""
        cases = [
            "since 2014 the war has gone on",
            "in March 2015 the town fell",
            "2014 to 2016 were hard years",
            "the 2014-15 season",
            "in the 1990s",
            "on 21 January 2015",
            "on January 21, 2015",
            "by March 3rd",
            "the 5th of November",
            "at 10:30 on Monday",
            "at 10 a.m. local time",
            "at 5pm",
            "the second-largest city",
            "the 3rd division",
            "an F-16 jet",
            "the COVID-19 pandemic",
            "flight MH17",
            "an A380",
            "Resolution 2254 passed",
            "No. 10 Downing Street",
            "after 9/11",
            "open 24/7",
            "one of the officials",
            "no one was hurt",
            "one another",
            "the first half of the year",
            "a half-hearted effort",
            "a double standard",
            "a 3D map",
            "the G20 summit",
        ]
        for text in cases:
            with self.subTest(text=text):
                self.assertEqual([q.text for q in find_quantities(text)], [])

    def test_years_can_be_amounts(self) -> None:
        """A year-like number with a currency, unit or bound is a figure."""
        for text, quote in [
            ("$2015 in cash", "$2015"),
            ("at least 2000 people", "at least 2000"),
            ("1950 percent", "1950 percent"),
            ("2,015 people", "2,015"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(_one(text).text, quote)

    def test_one_with_a_bound_or_unit_is_a_figure(self) -> None:
        """ "one" counts when bounded, measured or in a range."""
        self.assertEqual(_one("at least one person").text, "at least one")
        self.assertEqual(_one("one percent of the vote").text, "one percent")
        self.assertEqual(_one("one or two ships").bound, B.RANGE)


class FindQuantitiesTextTests(unittest.TestCase):
    def test_result_is_sorted_and_disjoint(self) -> None:
        """Quantities come in text order and never overlap."""
        text = (
            "An estimated 20,000 protesters marched for 3 hours; police said "
            "fewer than 5,000 took part, about a third of last year's 15,000. "
            "The $1.7 billion plan covers 700 square kilometers, 20 to 25 percent "
            "of the province, and will take two or three years."
        )
        found = find_quantities(text)
        self.assertEqual(
            [q.text for q in found],
            [
                "An estimated 20,000",
                "3 hours",
                "fewer than 5,000",
                "about a third",
                "15,000",
                "$1.7 billion",
                "700 square kilometers",
                "20 to 25 percent",
                "two or three years",
            ],
        )
        for before, after in zip(found, found[1:], strict=False):
            self.assertLessEqual(before.end, after.start)
        for q in found:
            self.assertEqual(text[q.start : q.end], q.text)
            self.assertLessEqual(q.start, q.value_start)
            self.assertLess(q.value_start, q.value_end)
            self.assertLessEqual(q.value_end, q.end)

    def test_no_text_no_quantities(self) -> None:
        """Empty or number-free text has no quantities."""
        self.assertEqual(find_quantities(""), [])
        self.assertEqual(find_quantities("Officials said the talks went well."), [])

    @FAST
    @given(st.text(max_size=200))
    def test_never_fails_and_spans_hold(self, text: str) -> None:
        """Any text gives sorted, disjoint quantities whose text is the span."""
        found = find_quantities(text)
        last_end = 0
        for q in found:
            self.assertGreaterEqual(q.start, last_end)
            self.assertEqual(text[q.start : q.end], q.text)
            self.assertTrue(q.low is not None or q.high is not None)
            last_end = q.end

    @FAST
    @given(
        st.integers(min_value=1, max_value=10**9),
        st.sampled_from(["at least", "more than", "up to", "about", "fewer than", ""]),
    )
    def test_formatted_counts_are_found(self, n: int, hedge: str) -> None:
        """A count written with separators after a hedge is found with its value."""
        if 1900 <= n <= 2100 and not hedge:
            n += 1000
        text = f"Officials said {hedge} {n:,} people were there.".replace("  ", " ")
        q = _one(text)
        self.assertIn(Decimal(n), (q.low, q.high))
        self.assertEqual(q.hedge, hedge)


class TrailingHedgeTests(unittest.TestCase):
    def test_trailing_hedges_make_a_figure_approximate(self) -> None:
        """ "give or take", "or thereabouts", "or so", "more or less" and
        "roughly speaking" after a figure (directly, or after its counted noun
        and a comma) make it approximate; the hedge words and their offsets are
        the trailing phrase."""
        cases = [
            ("The stadium holds 60,000 fans, give or take.", "give or take", "60000"),
            ("The survey reached 800 farms or thereabouts.", "or thereabouts", "800"),
            ("She waited 40 minutes or so.", "or so", "40"),
            ("The voyage took 90 days, more or less.", "more or less", "90"),
            ("The choir has 120 singers, roughly speaking.", "roughly speaking", "120"),
            ("Some 3,000 books, give or take a few, were lost.", "Some", "3000"),
        ]
        for text, hedge, value in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.bound, q.low, q.high, q.hedge),
                    (B.APPROX, Decimal(value), Decimal(value), hedge),
                )
                self.assertEqual(text[q.hedge_start : q.hedge_end], hedge)

    def test_a_distant_hedge_leaves_the_counted_noun_outside_the_figure(self) -> None:
        """After the counted noun the hedge does not stretch the figure's text,
        so what follows the number is still the counted thing."""
        text = "Water reached 4,500 homes, give or take, by noon."
        q = _one(text)
        self.assertEqual(q.text, "4,500")
        self.assertEqual(q.hedge, "give or take")

    def test_words_that_only_look_like_a_trailing_hedge(self) -> None:
        """ "more or less" before a word that goes on is not a hedge of the
        figure, nor is "or so" opening a clause ("or so they said"), nor a hedge
        beyond a full stop."""
        for text in (
            "The 20 lorries were more or less full.",
            "It cost 300 dollars, or so they said.",
            "It had 12 rooms. Give or take, it was big.",
        ):
            with self.subTest(text=text):
                self.assertEqual(find_quantities(text)[0].bound, B.EXACT)

    def test_hedge_offsets_stop_before_the_currency_sign(self) -> None:
        """A hedge before a currency sign ends before the sign: "roughly £2m"
        has the hedge "roughly"."""
        text = "The repairs will cost roughly £2m."
        q = _one(text)
        self.assertEqual(q.hedge, "roughly")
        self.assertEqual(text[q.hedge_start : q.hedge_end], "roughly")
        self.assertEqual(_one("It raised over US$40,000 for the club.").hedge, "over")


class VagueSmallAmountTests(unittest.TestCase):
    def test_small_vague_amounts_before_a_plural_noun(self) -> None:
        """ "a couple of" is about 2, "several" at least 3 and "a handful of"
        3 to 6, before a plural noun; the hedge is their own words."""
        cases = [
            ("A couple of bridges collapsed.", "A couple of", B.APPROX, "2", "2"),
            ("Several schools closed early.", "Several", B.AT_LEAST, "3", None),
            ("A handful of farms lost herds.", "A handful of", B.RANGE, "3", "6"),
            ("only a handful of people came", "a handful of", B.RANGE, "3", "6"),
            (
                "a couple of hundred runners",
                "a couple of hundred",
                B.APPROX,
                "200",
                "200",
            ),
        ]
        for text, quote, bound, low, high in cases:
            with self.subTest(text=text):
                q = _one(text)
                self.assertEqual(
                    (q.text, q.hedge, q.bound, q.low, q.high),
                    (quote, quote, bound, _d(low), _d(high)),
                )

    def test_not_before_a_plural_noun(self) -> None:
        """Without a plural noun right after, these words are no figure."""
        for text in (
            "several of them left",
            "a couple of the larger ones",
            "she tried several times, in a couple",
            "a handful of the best",
            "the couple of the year",
            "it was a handful",
        ):
            with self.subTest(text=text):
                self.assertEqual([q.text for q in find_quantities(text)], [])


class PhoneNumberTests(unittest.TestCase):
    def test_phone_numbers_are_not_figures(self) -> None:
        """Numbers to call, dial, phone, ring or text, and numbers written as a
        phone number (a leading zero, a "+" or digit groups side by side), are
        not figures."""
        for text in (
            "Anyone trapped should call 999 at once.",
            "Call 911 if you smell gas.",
            "In Europe, dial 112 for help.",
            "Ring the helpline on 0800 123 456 for advice.",
            "To donate, text HELP to 80888.",
            "Phone 020 7946 0958 for tickets.",
            "Reach the office on +44 20 7946 0958.",
            "She phoned 101 to report it.",
        ):
            with self.subTest(text=text):
                self.assertEqual([q.text for q in find_quantities(text)], [])

    def test_counts_near_phone_words_are_kept(self) -> None:
        """A count after the same verbs is still a count when a plural noun
        follows, and other figures of the sentence stay."""
        self.assertEqual(_one("Police called 12 witnesses.").text, "12")
        self.assertEqual(
            [q.text for q in find_quantities("Call 999 now, 30 people were told.")],
            ["30"],
        )
        self.assertEqual(_one("The charity received 80,888 texts.").text, "80,888")
