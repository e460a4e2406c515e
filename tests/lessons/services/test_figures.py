from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from lessons.models import AttributionHop, Figure, Finding
from lessons.services.articles import import_article
from lessons.services.figures import (
    add_figure,
    confirm_figure,
    delete_figure,
    set_attribution,
)

TEXT = (
    "Marathon Draws Record Crowd\n\n"
    "An estimated 40,000 runners took part on Sunday, the organisers said. "
    "About 12 percent of them were running their first marathon. "
    "Volunteers handed out 90,000 bottles of water."
)


class FigureEditingTests(TestCase):
    def setUp(self):
        self.article = import_article(
            text=TEXT, headline="Marathon Draws Record Crowd", outlet="City Sport"
        )

    def test_confirm_marks_reviewed(self):
        """Confirming a candidate marks it reviewed and changes nothing else."""
        figure = self.article.figures.first()
        confirm_figure(figure=figure)
        figure.refresh_from_db()
        self.assertIs(figure.reviewed, True)

    def test_add_a_missed_figure_by_its_span(self):
        """A teacher adds a figure by its offsets; it is anchored and findings follow."""
        self.article.figures.filter(exact__contains="90,000").delete()
        start = TEXT.index("90,000")
        figure = add_figure(
            article=self.article,
            start=start,
            end=start + 6,
            values={
                "low": Decimal(90000),
                "high": Decimal(90000),
                "bound": "exact",
                "quantity": "bottles of water handed out",
                "unit": "bottles",
            },
        )
        self.assertEqual(figure.exact, "90,000")
        self.assertEqual(figure.rule, "teacher")
        self.assertTrue(Finding.objects.filter(figures=figure).exists())

    def test_add_refuses_bad_selections(self):
        """Out-of-text, overlapping or inconsistent figures are refused; nothing is written."""
        existing = self.article.figures.first()
        before = Figure.objects.count()
        cases = {
            "outside": (
                0,
                10_000,
                {"low": 1, "high": 1, "bound": "exact"},
                "not a stretch",
            ),
            "overlap": (
                existing.start,
                existing.end,
                {"low": 1, "high": 1, "bound": "exact"},
                "overlaps",
            ),
            "low above high": (0, 4, {"low": 5, "high": 1, "bound": "range"}, "low"),
            "unknown field": (0, 4, {"colour": "red"}, "Unknown figure fields"),
        }
        for name, (start, end, values, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(ValidationError, message):
                add_figure(article=self.article, start=start, end=end, values=values)
        self.assertEqual(Figure.objects.count(), before)

    def test_delete_removes_findings_over_it(self):
        """Deleting a figure deletes the findings that rested on it."""
        figure = self.article.figures.first()
        delete_figure(figure=figure)
        self.assertFalse(Figure.objects.filter(pk=figure.pk).exists())
        self.assertFalse(Finding.objects.filter(figures__pk=figure.pk).exists())

    def test_set_attribution_replaces_the_chain(self):
        """A teacher's chain replaces the extractor's, first-hand source first."""
        figure = self.article.figures.get(exact__contains="40,000")
        start = TEXT.index("the organisers")
        set_attribution(
            figure=figure,
            hops=[
                {
                    "speaker": "the organisers",
                    "kind": "organisation",
                    "named": False,
                    "start": start,
                    "end": start + len("the organisers"),
                },
                {
                    "speaker": "City Sport wire",
                    "kind": "outlet",
                    "named": True,
                    "verb": "reported",
                },
            ],
        )
        hops = list(AttributionHop.objects.filter(figure=figure).order_by("order"))
        self.assertEqual(
            [h.speaker for h in hops], ["the organisers", "City Sport wire"]
        )
        self.assertEqual(hops[0].span.exact, "the organisers")

    def test_set_attribution_stores_each_source_span_once(self):
        """Hops naming the same words share one source span, as on import."""
        figure = self.article.figures.get(exact__contains="40,000")
        start = TEXT.index("the organisers")
        words = {"start": start, "end": start + len("the organisers")}
        set_attribution(
            figure=figure,
            hops=[
                {"speaker": "the organisers", "kind": "organisation", **words},
                {"speaker": "organisers' office", "kind": "organisation", **words},
            ],
        )
        hops = list(AttributionHop.objects.filter(figure=figure).order_by("order"))
        self.assertEqual([h.order for h in hops], [0, 1])
        self.assertEqual(hops[0].span_id, hops[1].span_id)
        self.assertEqual(figure.spans.filter(role="source").count(), 1)
        self.assertEqual(hops[0].source.kind, "organisation")

    def test_set_attribution_refuses_bad_hops(self):
        """A hop without a speaker, of an unknown kind or off the text is refused."""
        figure = self.article.figures.first()
        before = list(figure.hops.values_list("speaker", flat=True))
        cases = {
            "no speaker": ({"speaker": " "}, "no speaker"),
            "bad kind": ({"speaker": "x", "kind": "oracle"}, "unknown kind"),
            "off the text": (
                {"speaker": "x", "start": 5, "end": 99_999},
                "not in the text",
            ),
        }
        for name, (hop, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(ValidationError, message):
                set_attribution(figure=figure, hops=[hop])
        self.assertEqual(list(figure.hops.values_list("speaker", flat=True)), before)
