"""The Jinja2 environment's widgets write what Django's widgets write."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory, SimpleTestCase

from lessons.forms import ChainAnswerForm, NumericAnswerForm, OrderingAnswerForm
from lessons.models import Quiz
from quizsite.jinja_env import date, display, minutes, select, text_input


class _Elements(HTMLParser):
    """Each element as (tag, sorted attributes), and the text, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, sorted(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.found.append(data.strip())


def parsed(html: object) -> list[object]:
    parser = _Elements()
    parser.feed(re.sub(r">\s+<", "><", str(html)))
    return parser.found


ITEMS = [{"key": "a", "text": "First"}, {"key": "b", "text": 'Second <&> "q"'}]


class WidgetTests(SimpleTestCase):
    def test_selects_as_django_writes_them(self) -> None:
        forms = [
            OrderingAnswerForm(None, question_id=1, public={"items": ITEMS}, answer=["b", "a"]),
            OrderingAnswerForm(None, question_id=1, public={"items": ITEMS}),
            OrderingAnswerForm({"question": "1", "position-a": "2"}, question_id=1,
                               public={"items": ITEMS}),
            ChainAnswerForm(None, question_id=1, public={"pool": ITEMS}, answer=["b"]),
        ]  # fmt: skip
        for form in forms:
            form.is_bound and form.is_valid()
            for field in form:
                if field.name == "question":
                    continue
                with self.subTest(form=type(form).__name__, field=field.name):
                    self.assertEqual(parsed(select(field)), parsed(field))

    def test_text_inputs_as_django_writes_them(self) -> None:
        saved = NumericAnswerForm(
            None, question_id=1, public={"unit": "homes"}, answer={"value": '12"<'}
        )
        posted = NumericAnswerForm(
            {"question": "1", "mode": "range", "low": "5", "high": "x" * 61},
            question_id=1,
            public={},
        )
        posted.is_valid()
        self.assertIn("high", posted.errors)  # longer than maxlength: aria-invalid
        for form in (saved, posted):
            for name in ("value", "low", "high"):
                with self.subTest(bound=form.is_bound, field=name):
                    self.assertEqual(parsed(text_input(form[name])), parsed(form[name]))


class FilterTests(SimpleTestCase):
    def test_minutes_round_as_widthratio(self) -> None:
        self.assertEqual(
            [minutes(s) for s in (0, 29, 30, 90, 150, 3599)], [0, 0, 0, 2, 2, 60]
        )

    def test_date_of_nothing_is_empty(self) -> None:
        self.assertEqual(date(None, "j M Y"), "")


class PaginationTests(SimpleTestCase):
    """One pagination partial for every list: the query string kept, page changed."""

    def render(self, number: int, path: str, **values: object) -> str:
        page = Paginator(list(range(50)), 10).page(number)
        template = engines["jinja2"].get_template("includes/pagination.html")
        return template.render(
            {"page": page, "label": "Pages", **values}, RequestFactory().get(path)
        )

    def test_links_keep_the_filters(self) -> None:
        html = self.render(2, "/teach/bank/?skill=hedges&page=2&type=numeric")
        self.assertIn(
            'href="?skill=hedges&amp;page=1&amp;type=numeric" rel="prev"', html
        )
        self.assertIn(
            'href="?skill=hedges&amp;page=3&amp;type=numeric" rel="next"', html
        )
        self.assertIn("Page 2 of 5", html)

    def test_anchor_first_and_last_pages(self) -> None:
        first = self.render(1, "/classes/1/", anchor="#members")
        self.assertNotIn('rel="prev"', first)
        self.assertIn('href="?page=2#members" rel="next"', first)
        self.assertNotIn('rel="next"', self.render(5, "/x/"))

    def test_nothing_for_one_page(self) -> None:
        page = Paginator([1], 10).page(1)
        template = engines["jinja2"].get_template("includes/pagination.html")
        html = template.render(
            {"page": page, "label": "Pages"}, RequestFactory().get("/")
        )
        self.assertNotIn("<nav", html)


class DisplayTests(SimpleTestCase):
    def test_as_djangos_get_display(self) -> None:
        for grading, feedback in zip(Quiz.Grading, Quiz.Feedback, strict=False):
            quiz = Quiz(grading=grading.value, feedback=feedback.value)
            self.assertEqual(display(quiz, "grading"), quiz.get_grading_display())
            self.assertEqual(display(quiz, "feedback"), quiz.get_feedback_display())

    def test_a_value_not_among_the_choices_shows_as_it_is(self) -> None:
        self.assertEqual(display(Quiz(grading="odd"), "grading"), "odd")
