"""A student's whole journey through the web UI, in a real browser (mouse and keys)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from lessons.models import Attempt, Lesson, Response

from .support import (
    CROSS_LESSON,
    PASSWORD,
    TYPES,
    BrowserTestCase,
    accepted_span,
    assemble_quiz,
    correct_choices,
    one_of_each,
)

QUESTION = r"/attempts/\d+/questions/{n}/"


def nav_button(number: int, state: str) -> re.Pattern[str]:
    """The accessible name of a question's button in the question list."""
    return re.compile(rf"^Question {number}\s*, {state}$")


@pytest.mark.browser
class StudentJourneyTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.questions = one_of_each()
        self.quiz = assemble_quiz(
            "every-question-type", "Every question type", self.questions
        )

    def question(self, qtype: str):
        return self.questions[TYPES.index(qtype)]

    def save_and_next(self, number: int) -> None:
        self.page.get_by_role("button", name="Save and next").click()
        self.wait_for_path(QUESTION.format(n=number + 1))

    def test_student_journey(self) -> None:
        """A student signs up, reads a lesson, answers every question type, leaves and resumes, submits and reads the feedback."""
        page = self.page
        self.sign_up()
        self.read_lesson()

        # The quiz, from the lesson's "Test yourself" list.
        page.get_by_role("link", name="Every question type").click()
        self.wait_for_path(f"/quizzes/{self.quiz.slug}/")
        self.shot("quiz")
        page.get_by_role("button", name="Start the quiz").click()
        self.wait_for_path(QUESTION.format(n=1))

        self.answer_single(1)
        self.answer_multiple(2)
        self.answer_numeric(3)
        self.answer_evidence(4)

        # Leave in the middle: four answers are on the server.
        attempt = Attempt.objects.get(quiz=self.quiz)
        self.assertEqual(attempt.state, Attempt.State.IN_PROGRESS)
        self.assertEqual(
            sorted(self.responses(attempt)),
            sorted(["single", "multiple", "numeric", "evidence"]),
        )
        self.resume()

        self.answer_ordering(5)
        self.answer_chain(6)
        self.answer_short(7)
        self.review_and_submit()
        self.assertNoScriptErrors()

    # --- steps -------------------------------------------------------------------

    def sign_up(self) -> None:
        page = self.page
        page.goto(self.url("/"))
        self.shot("home")
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Sign up"
        ).click()
        self.wait_for_path("/accounts/signup/")
        # The username field has the focus on arrival.
        self.assertEqual(page.evaluate("document.activeElement.name"), "username")
        page.get_by_label("Username").fill("reader")
        page.get_by_label("E-mail address").fill("reader@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD + "-typo")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_load_state("load")
        self.assertIn(
            "The two passwords differ.", page.locator(".field--error").inner_text()
        )
        self.shot("signup-error")
        self.assertFalse(get_user_model().objects.filter(username="reader").exists())

        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        self.wait_for_path("/")
        self.assertIn("Welcome, reader", page.locator(".messages").inner_text())
        self.assertTrue(get_user_model().objects.filter(username="reader").exists())
        self.shot("signed-up")

    def read_lesson(self) -> None:
        page = self.page
        lesson = Lesson.objects.get(slug=CROSS_LESSON)
        page.get_by_role("link", name="Browse the lessons").click()
        self.wait_for_path("/lessons/")
        self.shot("lessons")
        link = page.get_by_role("link", name=lesson.title, exact=True)
        while not link.count():  # the lessons come 20 to a page
            page.get_by_role("link", name="Next page").click()
            self.wait_for_path(r"/lessons/\?page=\d+")
            self.shot("lessons-next-page")
        link.click()
        self.wait_for_path(f"/lessons/{lesson.slug}/")
        self.assertEqual(page.locator("h1").inner_text(), lesson.title)
        self.assertEqual(
            page.locator("article.article").count(), lesson.articles.count()
        )
        marks = page.locator("article mark.figure")
        self.assertGreater(marks.count(), 5, "the figures are marked in the text")
        self.shot("lesson")

        # Hovering a figure shows its details; Escape hides them again.
        mark = marks.first
        tip = mark.locator(".figure__tip")
        self.assertFalse(tip.is_visible())
        mark.hover()
        self.assertTrue(tip.is_visible())
        self.assertRegex(tip.inner_text(), r"time: .+; source: .+\.")
        self.shot("lesson-hover")
        page.keyboard.press("Escape")
        self.assertFalse(tip.is_visible())
        page.mouse.move(0, 0)

        # So does moving to a figure with the keyboard.
        second = marks.nth(1)
        self.tab_to("article mark.figure a")
        page.keyboard.press("Tab")
        focused_tip = page.locator("mark.figure:focus-within .figure__tip")
        self.assertEqual(focused_tip.count(), 1)
        self.assertTrue(focused_tip.is_visible())
        self.assertTrue(second.locator(".figure__tip").is_visible())
        self.shot("lesson-focus")
        # Following a figure leads to its full note.
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"#"))
        note = page.locator(".figure-note:target")
        self.assertEqual(note.count(), 1)
        self.assertIn("Source chain:", note.inner_text())

    def answer_single(self, number: int) -> None:
        page = self.page
        question = self.question("single")
        self.shot(f"q{number}-single")
        (right,) = correct_choices(question)
        page.get_by_label(right["text"], exact=True).check()
        self.save_and_next(number)

    def answer_multiple(self, number: int) -> None:
        page = self.page
        for choice in correct_choices(self.question("multiple")):
            page.get_by_label(choice["text"], exact=True).check()
        self.shot(f"q{number}-multiple")
        self.save_and_next(number)

    def answer_numeric(self, number: int) -> None:
        page = self.page
        key = self.question("numeric").current.answer
        # A range first: the range inputs replace the single one.
        page.get_by_label("A range, from … to …").check()
        self.assertFalse(page.locator("#id_value").is_visible())
        self.assertTrue(page.get_by_label("From", exact=True).is_visible())
        page.get_by_label("One number").check()
        self.assertFalse(page.get_by_label("From", exact=True).is_visible())
        page.get_by_label("Number", exact=True).fill(key["value"])
        self.shot(f"q{number}-numeric")
        self.save_and_next(number)

    def answer_evidence(self, number: int) -> None:
        page = self.page
        span = accepted_span(self.question("evidence"))
        area = f"textarea[data-article='{span['article']}']"
        text = page.locator(area).input_value()
        words = text[span["start"] : span["end"]]
        items = page.locator("[data-evidence-list] li")
        self.assertEqual(items.count(), 0)

        # With the mouse: drag over the words, then "Add selection".
        self.drag_select(area, span["start"], span["end"])
        self.assertEqual(self.selection(area), [span["start"], span["end"]])
        page.get_by_role("button", name="Add selection").click()
        self.assertEqual(items.count(), 1)
        self.assertEqual(items.first.locator("label").inner_text(), f"“{words}”")

        # With the keyboard: back to the start of the text, Shift+arrows, Enter.
        page.locator(area).focus()
        page.keyboard.press("Control+Home")
        for _ in range(4):
            page.keyboard.press("Shift+ArrowRight")
        self.assertEqual(self.selection(area), [0, 4])
        page.keyboard.press("Enter")
        self.assertEqual(items.count(), 2)
        self.assertEqual(
            items.nth(1).locator("label").inner_text(), f"“{text[:4].strip()}”"
        )
        self.shot(f"q{number}-evidence-two-selections")
        # The second selection is wrong: remove it.
        items.nth(1).get_by_role("button", name="Remove").click()
        self.assertEqual(items.count(), 1)
        page.locator("#save-status", has_text="Answer saved.").wait_for()
        self.shot(f"q{number}-evidence")
        self.save_and_next(number)
        attempt = Attempt.objects.get(quiz=self.quiz)
        self.assertEqual(self.responses(attempt)["evidence"].answer, [span])

    def resume(self) -> None:
        """Close the tab in the middle of the quiz; come back and carry on."""
        self.page.close()
        self.page = page = self.new_page()
        page.goto(self.url(self.quiz.get_absolute_url()))
        self.assertEqual(page.locator("table td", has_text="In progress").count(), 1)
        self.shot("quiz-resume")
        page.get_by_role("button", name="Resume your attempt").click()
        # Back at the first unanswered question, with four marked answered.
        self.wait_for_path(QUESTION.format(n=5))
        self.assertIn("4 of 7 answered", page.locator(".quiz-status").inner_text())
        self.assertEqual(page.locator(".question-nav__item.is-answered").count(), 4)
        self.shot("resumed")

        # The saved answers are there.
        page.get_by_role("button", name=nav_button(4, "answered")).click()
        self.wait_for_path(QUESTION.format(n=4))
        span = accepted_span(self.question("evidence"))
        self.assertEqual(
            page.locator("[data-evidence-list] input[name=span]").evaluate_all(
                "(inputs) => inputs.map((i) => i.value)"
            ),
            [f"{span['article']}:{span['start']}:{span['end']}"],
        )
        self.assertEqual(page.locator("#save-status").inner_text(), "Answer saved.")
        self.shot("resumed-q4-saved")
        page.get_by_role("button", name=nav_button(1, "answered")).click()
        self.wait_for_path(QUESTION.format(n=1))
        (right,) = correct_choices(self.question("single"))
        self.assertTrue(page.get_by_label(right["text"], exact=True).is_checked())
        page.get_by_role("button", name=nav_button(5, "not answered")).click()
        self.wait_for_path(QUESTION.format(n=5))

    def order(self) -> list[str]:
        return self.page.locator("[data-ordering-list] > li").evaluate_all(
            "(items) => items.map((i) => i.dataset.key)"
        )

    def answer_ordering(self, number: int) -> None:
        page = self.page
        key = self.question("ordering").current.answer["order"]
        # Drag and drop the first item into first place...
        first = page.locator(f"[data-ordering-list] > li[data-key='{key[0]}']")
        if self.order()[0] != key[0]:
            first.drag_to(page.locator("[data-ordering-list] > li").first)
            self.assertEqual(self.order()[0], key[0])
        # ... and the rest with the Up buttons.
        for target, item in enumerate(key):
            while self.order().index(item) > target:
                page.locator(f"li[data-key='{item}'] button[data-move='-1']").click()
        self.assertEqual(self.order(), key)
        positions = page.locator("[data-ordering-list] select").evaluate_all(
            "(selects) => selects.map((s) => s.value)"
        )
        self.assertEqual(positions, [str(n) for n in range(1, len(key) + 1)])
        page.get_by_role("button", name="This order is my answer").click()
        self.shot(f"q{number}-ordering")
        self.save_and_next(number)

    def answer_chain(self, number: int) -> None:
        page = self.page
        chain = self.question("chain").current.answer["chain"]
        for link in chain:
            page.locator(f"button[data-add='{link}']").click()
        self.assertEqual(page.locator("[data-chain-list] > li").count(), len(chain))
        slots = page.locator("[data-chain-slots] select").evaluate_all(
            "(selects) => selects.map((s) => s.value).filter(Boolean)"
        )
        self.assertEqual(slots, chain)
        self.shot(f"q{number}-chain")
        self.save_and_next(number)

    def answer_short(self, number: int) -> None:
        page = self.page
        page.get_by_label("Your answer").fill(
            "The toll is a running total over two years; the headcount is a count at one "
            "time. Both hold only if many fighters were recruited or replaced."
        )
        self.shot(f"q{number}-short")
        page.get_by_role("button", name="Save and review").click()
        self.wait_for_path(r"/attempts/\d+/review/")

    def review_and_submit(self) -> None:
        page = self.page
        self.assertIn("7 of 7", page.locator("main").inner_text())
        self.assertEqual(page.locator(".status--done").count(), 7)
        self.shot("review")
        page.get_by_role("button", name="Submit my answers").click()
        self.wait_for_path(r"/attempts/\d+/result/")
        self.shot("result")

        attempt = Attempt.objects.get(quiz=self.quiz)
        self.assertEqual(attempt.state, Attempt.State.AWAITING_GRADING)
        self.assertIsNotNone(attempt.submitted)
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 7)
        self.assertAllRight(self.responses(attempt), TYPES)

        titles = page.locator(".result__title").all_inner_texts()
        self.assertEqual(
            [re.sub(r"\s+", " ", t).strip() for t in titles],
            [f"Question {n}: right" for n in range(1, 7)]
            + ["Question 7: awaiting grading"],
        )
        self.assertIn("awaiting grading", page.locator(".score").inner_text())
        (right,) = correct_choices(self.question("single"))
        self.assertIn(right["feedback"], page.locator(".result").first.inner_text())

        page.get_by_role("link", name="My progress").first.click()
        self.wait_for_path("/progress/")
        self.shot("progress")
