"""A quiz taken with the keyboard alone: Tab, Shift+Tab, Enter, Space and arrows."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from lessons.models import Attempt, Response

from .support import (
    PASSWORD,
    BrowserTestCase,
    accepted_span,
    assemble_quiz,
    correct_choices,
    one_of_each,
)

KEYBOARD_TYPES = (
    "single",
    "multiple",
    "numeric",
    "evidence",
    "ordering",
    "chain",
    "short",
)
QUESTION = r"/attempts/\d+/questions/{n}/"


@pytest.mark.browser
class KeyboardOnlyTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.questions = one_of_each(KEYBOARD_TYPES)
        self.quiz = assemble_quiz("keyboard-quiz", "Keyboard quiz", self.questions)
        get_user_model().objects.create_user("keys", "keys@example.org", PASSWORD)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def next_question(self, number: int) -> None:
        """Tab to "Save and next" and press Enter."""
        self.tab_to("#answer-form button[value=next]")
        self.press("Enter")
        if number == len(self.questions):
            self.wait_for_path(r"/attempts/\d+/review/")
        else:
            self.wait_for_path(QUESTION.format(n=number + 1))

    def test_keyboard_only_quiz(self) -> None:
        """A student signs in, takes a quiz of every question type and submits it without touching the mouse."""
        page = self.page
        page.goto(self.url(f"/accounts/login/?next={self.quiz.get_absolute_url()}"))
        # The username field has the focus on arrival.
        self.assertEqual(page.evaluate("document.activeElement.id"), "id_username")
        page.keyboard.type("keys")
        self.press("Tab")
        page.keyboard.type(PASSWORD)
        self.shot("login")
        self.press("Enter")
        self.wait_for_path(self.quiz.get_absolute_url())

        # The first Tab reaches the skip link, which moves the focus to the content.
        self.press("Tab")
        self.assertEqual(page.evaluate("document.activeElement.className"), "skip-link")
        self.assertFocusVisible(page)
        self.shot("quiz-skip-link")
        self.press("Enter")
        self.assertEqual(page.evaluate("document.activeElement.id"), "main")
        self.tab_to("form[action$='/start/'] button")
        self.shot("quiz")
        self.press("Enter")
        self.wait_for_path(QUESTION.format(n=1))

        for number, question in enumerate(self.questions, start=1):
            getattr(self, f"answer_{question.type}")(question, number)
            self.shot(f"q{number}-{question.type}")
            self.next_question(number)

        # Review: Tab to the submit button and press Space.
        self.assertEqual(page.locator(".status--done").count(), len(self.questions))
        self.tab_to(".submit-form button[type=submit]")
        self.shot("review")
        self.press("Space")
        self.wait_for_path(r"/attempts/\d+/result/")
        self.shot("result")

        attempt = Attempt.objects.get(quiz=self.quiz)
        self.assertEqual(attempt.state, Attempt.State.AWAITING_GRADING)
        self.assertIsNotNone(attempt.submitted)
        self.assertEqual(
            Response.objects.filter(attempt=attempt).count(), len(self.questions)
        )
        self.assertAllRight(self.responses(attempt), KEYBOARD_TYPES)
        titles = [
            re.sub(r"\s+", " ", t)
            for t in page.locator(".result__title").all_inner_texts()
        ]
        self.assertEqual(titles.count("Question 7: awaiting grading"), 1)
        self.assertEqual(sum(t.endswith(": right") for t in titles), 6)
        self.assertNoScriptErrors()

    # --- one per type --------------------------------------------------------------

    def answer_single(self, question, number: int) -> None:
        (right,) = correct_choices(question)
        # Tab into the group, Space picks the first choice, arrows move the pick.
        self.tab_to("input[name=choice]")
        self.press("Space")
        for _ in range(len(question.current.answer["choices"])):
            if self.page.evaluate("document.activeElement.value") == right["key"]:
                break
            self.press("ArrowDown")
        self.assertEqual(
            self.page.locator("input[name=choice]:checked").get_attribute("value"),
            right["key"],
        )

    def answer_multiple(self, question, number: int) -> None:
        for choice in correct_choices(question):
            self.tab_to(f"input[name=choice][value='{choice['key']}']")
            self.press("Space")
        checked = self.page.locator("input[name=choice]:checked").evaluate_all(
            "(inputs) => inputs.map((i) => i.value)"
        )
        self.assertEqual(
            sorted(checked), sorted(c["key"] for c in correct_choices(question))
        )

    def answer_numeric(self, question, number: int) -> None:
        # The mode radios: arrow to "A range" and back to "One number".
        self.tab_to("#mode-value")
        self.press("ArrowDown")
        self.assertTrue(self.page.locator("#id_low").is_visible())
        self.press("ArrowUp")
        self.assertFalse(self.page.locator("#id_low").is_visible())
        self.tab_to("#id_value")
        self.page.keyboard.type(question.current.answer["value"])

    def answer_evidence(self, question, number: int) -> None:
        span = accepted_span(question)
        area = f"textarea[data-article='{span['article']}']"
        self.tab_to(area)
        self.assertEqual(self.page.evaluate("document.activeElement.selectionStart"), 0)
        for _ in range(span["start"]):
            self.press("ArrowRight")
        for _ in range(span["end"] - span["start"]):
            self.press("Shift+ArrowRight")
        self.assertEqual(self.selection(area), [span["start"], span["end"]])
        # Tab to "Add selection" and press Enter.
        self.tab_to("[data-evidence-add]")
        self.press("Enter")
        self.assertEqual(self.page.locator("[data-evidence-list] li").count(), 1)
        self.page.locator("#save-status", has_text="Answer saved.").wait_for()
        # The next Tab skips the selection's hidden checkbox for its Remove button,
        # so Space cannot untick a selection that still shows.
        checkbox = self.page.locator("[data-evidence-list] input[name=span]")
        self.assertEqual(checkbox.get_attribute("tabindex"), "-1")
        self.press("Tab")
        self.assertIn("data-remove", self.focused())
        self.assertFocusVisible(self.page)
        self.assertTrue(checkbox.is_checked())

    def order(self) -> list[str]:
        return self.page.locator("[data-ordering-list] > li").evaluate_all(
            "(items) => items.map((i) => i.dataset.key)"
        )

    def answer_ordering(self, question, number: int) -> None:
        key = question.current.answer["order"]
        for target, item in enumerate(key):
            steps = self.order().index(item) - target
            if steps:
                self.tab_to(f"li[data-key='{item}'] button[data-move='-1']")
                for _ in range(steps):
                    self.press("Space")  # the focus stays on the moved item's button
        self.assertEqual(self.order(), key)
        self.tab_to("[data-ordering-keep]")
        self.press("Enter")

    def answer_chain(self, question, number: int) -> None:
        chain = question.current.answer["chain"]
        for link in chain:
            self.tab_to(f"button[data-add='{link}']")
            self.press("Enter")
        slots = self.page.locator("[data-chain-slots] select").evaluate_all(
            "(selects) => selects.map((s) => s.value).filter(Boolean)"
        )
        self.assertEqual(slots, chain)

    def answer_short(self, question, number: int) -> None:
        self.tab_to("textarea[name=text]")
        self.page.keyboard.type(
            "A total over two years cannot be set against a count at one time."
        )
