"""The extractor's single entry point, on short articles written for these tests."""

from __future__ import annotations

import unittest
from datetime import date
from decimal import Decimal

from lessons.engine.extract import extract_figures, find_location_lines
from lessons.engine.types import Bound, Figure, FigureKind, Location, Method, TimeKind

ARTICLE = (
    "Quake Leaves 1,200 Homeless, Officials Say\n"
    "\n"
    "Rescuers search a collapsed school in the old town on Tuesday.Reuters\n"
    "\n"
    "A magnitude 6.1 earthquake struck the valley on Monday. At least 40 people "
    "were killed, the regional governor said on Tuesday, citing hospital "
    "records.\n"
    "\n"
    "The city has 12 schools.\n"
)


def figure_at(figures: list[Figure], text: str, needle: str) -> Figure:
    pos = text.index(needle)
    for figure in figures:
        if figure.start <= pos < figure.end:
            return figure
    raise AssertionError(f"no figure at {needle!r}: {[f.quote for f in figures]}")


class ExtractFiguresTests(unittest.TestCase):
    figures: list[Figure]

    @classmethod
    def setUpClass(cls) -> None:
        cls.figures = extract_figures(ARTICLE, date(2024, 3, 6))

    def test_keys_follow_text_order(self) -> None:
        """Figures are keyed f1, f2 ... in text order."""
        self.assertEqual([f.key for f in self.figures], ["f1", "f2", "f3", "f4"])
        starts = [f.start for f in self.figures]
        self.assertEqual(starts, sorted(starts))

    def test_value_bound_and_spans(self) -> None:
        """Value, bound and hedge come from the number reader, with spans."""
        f = figure_at(self.figures, ARTICLE, "At least 40")
        self.assertEqual((f.low, f.high, f.bound), (Decimal(40), None, Bound.AT_LEAST))
        roles = {s.role: s.quote(ARTICLE) for s in f.spans}
        self.assertEqual(roles["value"], "40")
        self.assertEqual(roles["hedge"], "At least")
        self.assertEqual(roles["time"], "on Tuesday")

    def test_quantity_and_event(self) -> None:
        """The counted thing is the noun after the number plus the event verb."""
        f = figure_at(self.figures, ARTICLE, "40 people")
        self.assertEqual(f.quantity, "people killed")
        self.assertEqual(f.unit, "people")

    def test_source_chain_with_document(self) -> None:
        """ "..., the governor said ..., citing records" gives [records, governor]."""
        f = figure_at(self.figures, ARTICLE, "40 people")
        self.assertEqual(
            [h.speaker for h in f.hops], ["hospital records", "the regional governor"]
        )
        self.assertIn("source", {s.role for s in f.spans})

    def test_figure_without_source(self) -> None:
        """A plain statement of the writer's has no hops and rule quantity/none."""
        f = figure_at(self.figures, ARTICLE, "12 schools")
        self.assertEqual(f.hops, ())
        self.assertEqual(f.rule, "quantity/none")
        self.assertEqual(f.quantity, "schools")

    def test_headline_and_caption(self) -> None:
        """The first line is the headline; a short line ending with a photo
        credit after it is a caption; the rest is body."""
        locations = [loc for _s, _e, loc in find_location_lines(ARTICLE)]
        self.assertEqual(
            locations,
            [Location.HEADLINE, Location.CAPTION, Location.BODY, Location.BODY],
        )
        f = figure_at(self.figures, ARTICLE, "1,200")
        self.assertEqual(f.location, Location.HEADLINE)
        self.assertEqual([h.speaker for h in f.hops], ["Officials"])
        self.assertEqual(f.quantity, "homeless")

    def test_given_headline_must_match(self) -> None:
        """With headline= given, the first line is the headline only if it matches."""
        text = "Budget Grows 4%\nThe council passed it."
        lines = find_location_lines(text, headline="Budget grows 4%")
        self.assertEqual(lines[0][2], Location.HEADLINE)
        lines = find_location_lines(text, headline="Something else entirely")
        self.assertEqual(lines[0][2], Location.BODY)

    def test_body_line_after_headline_is_not_a_caption(self) -> None:
        """A full sentence after the headline without a credit is body text."""
        text = "Crowds March\nTens of thousands marched through the capital.\nMore."
        self.assertEqual(find_location_lines(text)[1][2], Location.BODY)

    def test_magnitude_is_a_figure_without_source(self) -> None:
        """Every number is a figure, even one nobody is credited with."""
        f = figure_at(self.figures, ARTICLE, "6.1")
        self.assertEqual(f.low, Decimal("6.1"))
        self.assertEqual(f.time and f.time.text, "on Monday")


class ExtractRulesTests(unittest.TestCase):
    def test_named_and_unnamed_speakers(self) -> None:
        """Named speakers are named; officials without a name are not."""
        cases = [
            (
                "Finance Director Rosa Lind said the city will borrow $30 million.",
                "$30",
                "Rosa Lind",
                True,
            ),
            (
                "More than 15,000 people joined the protest, police officials said.",
                "15,000",
                "police officials",
                False,
            ),
        ]
        for text, needle, speaker, named in cases:
            with self.subTest(text=text):
                f = figure_at(extract_figures(text), text, needle)
                self.assertEqual(f.hops[0].speaker, speaker)
                self.assertEqual(f.hops[0].named, named)

    def test_two_outlets(self) -> None:
        """A quote passed through two outlets keeps both, in order."""
        text = (
            "The organisers were quoted by Reuters as saying that 80,000 people "
            "marched, the Evening Standard reported."
        )
        f = figure_at(extract_figures(text), text, "80,000")
        self.assertEqual(
            [h.speaker for h in f.hops],
            ["The organisers", "Reuters", "Evening Standard"],
        )

    def test_according_to_a_report(self) -> None:
        """ "according to a report by X" makes the report the source."""
        text = (
            "Waiting lists reached 7,400 patients in March, according to a report "
            "by the Health Foundation."
        )
        f = figure_at(extract_figures(text, date(2023, 5, 1)), text, "7,400")
        self.assertEqual(f.hops[0].speaker, "a report by the Health Foundation")
        self.assertEqual(f.quantity, "patients")
        self.assertIsNotNone(f.time)
        assert f.time is not None
        self.assertEqual(f.time.text, "in March")
        self.assertEqual(f.time.start, date(2023, 3, 1))

    def test_inheritance_across_sentences(self) -> None:
        """ "This ..." after an attributed sentence inherits its source; a new
        paragraph does not."""
        text = (
            "The hospital said 5,000 patients are waiting. This is 900 more than "
            "in January.\n\nThat is 18 percent of all patients."
        )
        figures = extract_figures(text)
        inherited = figure_at(figures, text, "900")
        self.assertEqual([h.speaker for h in inherited.hops], ["The hospital"])
        self.assertEqual(inherited.rule, "quantity/inherited")
        self.assertEqual(figure_at(figures, text, "18 percent").hops, ())

    def test_subject_and_event_before_number(self) -> None:
        """ "Acme cut 300 jobs": subject Acme, the counted thing "jobs cut"."""
        text = "In its annual results, Acme Corp cut 300 jobs, the company said."
        f = figure_at(extract_figures(text), text, "300")
        self.assertEqual(f.subject, "Acme Corp")
        self.assertEqual(f.quantity, "jobs cut")

    def test_subject_inside_counted_phrase(self) -> None:
        """A proper name inside the counted phrase is the subject."""
        text = "Voters gave 4,000 Labour ballots to the recount."
        f = figure_at(extract_figures(text), text, "4,000")
        self.assertEqual(f.subject, "Labour")

    def test_time_attaches_to_nearest_in_sentence(self) -> None:
        """Each figure takes the time nearest it in the same sentence."""
        text = "Turnout rose from 52 percent in 2015 to 61 percent in 2019."
        figures = extract_figures(text)
        self.assertEqual(
            figure_at(figures, text, "52").time
            and figure_at(figures, text, "52").time.text,
            "in 2015",
        )
        later = figure_at(figures, text, "61").time
        self.assertEqual(later and later.text, "in 2019")

    def test_bare_number_counts_what_the_previous_counted(self) -> None:
        """ "from 13 branches in 2020 to 18 this year": 18 counts branches too."""
        text = "The bank grew from 13 branches in 2020 to 18 this year."
        f = figure_at(extract_figures(text, date(2024, 6, 1)), text, "18")
        self.assertEqual(f.unit, "branches")

    def test_methods(self) -> None:
        """Estimate, projection and count come from the sentence's words."""
        cases = [
            (
                "Analysts estimate that 2,000 jobs will go.",
                "2,000",
                Method.ESTIMATE,
            ),
            (
                "The new wing will have 120 beds in two years.",
                "120",
                Method.PROJECTION,
            ),
            ("Volunteers counted 312 ballots by hand.", "312", Method.COUNT),
            ("The city has 12 libraries.", "12", Method.UNKNOWN),
            (
                "The toll stands at 90. That figure is a conservative estimate.",
                "90",
                Method.ESTIMATE,
            ),
        ]
        for text, needle, method in cases:
            with self.subTest(text=text):
                f = figure_at(extract_figures(text), text, needle)
                self.assertEqual(f.method, method)

    def test_future_time(self) -> None:
        """A figure "in five days" has a future time and is a projection."""
        text = "The county will open 40 shelters in five days."
        f = figure_at(extract_figures(text, date(2024, 1, 1)), text, "40")
        assert f.time is not None
        self.assertEqual(f.time.kind, TimeKind.FUTURE)
        self.assertEqual(f.method, Method.PROJECTION)

    def test_outlet_only_figure_takes_the_outlets_document(self) -> None:
        """A figure only an outlet vouches for takes the document the same
        outlet relies on in the next sentence."""
        text = (
            "Channel Nine News has reported that 14 clinics closed.\n"
            "\n"
            "Another 3 cut hours, based on ministry records, Channel Nine said."
        )
        f = figure_at(extract_figures(text), text, "14")
        self.assertEqual(
            [h.speaker for h in f.hops], ["ministry records", "Channel Nine News"]
        )
        self.assertIn("outlet-source", f.rule)

    def test_percent_and_money_kinds(self) -> None:
        """Kinds and units come from the number reader."""
        text = "Profits rose 12 percent to $4.5 billion, the company said."
        figures = extract_figures(text)
        self.assertEqual(figure_at(figures, text, "12").kind, FigureKind.PERCENT)
        self.assertEqual(figure_at(figures, text, "$4.5").kind, FigureKind.MONEY)

    def test_no_figures(self) -> None:
        """A text without numbers gives no figures."""
        self.assertEqual(extract_figures("Nothing happened today."), [])


class HedgeSpanTests(unittest.TestCase):
    def test_hedge_span_stops_before_the_currency_sign(self) -> None:
        """The hedge span of "roughly £2m" is "roughly", of "over $40,000"
        "over": never the currency sign."""
        text = (
            "The museum roof will cost roughly £2m to fix, the trust said. "
            "Fans gave over $40,000 in a week."
        )
        figures = extract_figures(text, date(2024, 5, 2))
        hedges = [s.quote(text) for f in figures for s in f.spans if s.role == "hedge"]
        self.assertEqual(hedges, ["roughly", "over"])

    def test_trailing_hedge_after_the_counted_noun(self) -> None:
        """ "1,800 seats, give or take" is approximate, counts seats, and its
        hedge span is "give or take"."""
        text = "The new arena has 1,800 seats, give or take, the club said."
        [f] = extract_figures(text, date(2024, 5, 2))
        self.assertEqual((f.bound, f.quote, f.unit), (Bound.APPROX, "1,800", "seats"))
        roles = {s.role: s.quote(text) for s in f.spans}
        self.assertEqual(roles["hedge"], "give or take")
        self.assertEqual(roles["quantity"], "seats")


class TotalWordsTests(unittest.TestCase):
    def test_in_total_after_the_counted_thing_joins_the_quantity(self) -> None:
        """ "in total", "in all", "altogether" right after the counted thing
        say the figure is a total, so they join its quantity; "in all areas"
        does not."""
        cases = [
            ("About 4,500 homes in total sit on the plain.", "homes in total"),
            (
                "The league signed 210 players in all, the chairman said.",
                "players in all",
            ),
            ("Some 38 boats altogether took part.", "boats altogether"),
            ("The bank has 12 offices in all regions.", "offices"),
        ]
        for text, quantity in cases:
            with self.subTest(text=text):
                [f] = extract_figures(text, date(2024, 5, 2))
                self.assertEqual(f.quantity, quantity)
