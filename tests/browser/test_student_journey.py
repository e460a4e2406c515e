"""A student's whole journey through the web UI, in a real browser (mouse and keys)."""

from __future__ import annotations

import re
import tempfile

import pytest
from django.contrib.auth import get_user_model

from lessons.models import Attempt, Lesson, Response

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
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
    return re.compile(rf"^Question {number}, {state}$")


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

    def test_lesson_fits_wide_and_narrow_viewports(self) -> None:
        """At 1280 and at 375 pixels wide the lesson page never scrolls sideways, even with a figure's tooltip open near the edge."""
        lesson = Lesson.objects.get(slug=CROSS_LESSON)
        for width in (1280, 375):
            with self.subTest(width=width):
                self.page.set_viewport_size({"width": width, "height": 900})
                self.page.goto(self.url(lesson.get_absolute_url()))
                self.assertPageFits()
                self.shot(f"lesson-{width}")
                self.assertTipsFit()
        self.assertNoScriptErrors()

    def test_evidence_without_script(self) -> None:
        """Without JavaScript the evidence selections are visible checkboxes: tick sentences, save, untick one and save again."""
        get_user_model().objects.create_user("plain", "plain@example.org", PASSWORD)
        question = self.question("evidence")
        number = TYPES.index("evidence") + 1
        context = self.playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="tally-chromium-nojs-"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=False,
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.url(f"/accounts/login/?next={self.quiz.get_absolute_url()}"))
        page.get_by_label("Username").fill("plain")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        self.wait_for_path(self.quiz.get_absolute_url(), page=page)
        page.get_by_role("button", name="Start the quiz").click()
        self.wait_for_path(QUESTION.format(n=1), page=page)
        page.goto(page.url.replace("/questions/1/", f"/questions/{number}/"))

        picker = page.locator("[data-sentence-picker] input[name=span]")
        values = [picker.nth(i).get_attribute("value") for i in range(2)]
        picker.nth(0).check()
        picker.nth(1).check()
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state("load")
        listed = page.locator("[data-evidence-list] input[name=span]")
        self.assertEqual(listed.count(), 2)
        for i in range(2):
            box = listed.nth(i).bounding_box()
            self.assertIsNotNone(box)
            self.assertGreater(box["width"] * box["height"], 100, "a visible checkbox")
            self.assertIsNone(listed.nth(i).get_attribute("tabindex"))
        # The script's Remove buttons do nothing without it, so they do not show.
        self.assertEqual(
            page.locator("[data-evidence-list] [data-remove]:visible").count(), 0
        )
        self.shot("evidence-no-script", page=page)

        # Untick the first with the keyboard and save: only the second is kept.
        listed.nth(0).focus()
        page.keyboard.press("Space")
        self.assertFalse(listed.nth(0).is_checked())
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state("load")
        attempt = Attempt.objects.get(quiz=self.quiz)
        (response,) = Response.objects.filter(attempt=attempt, question=question)
        article, start, end = values[1].rsplit(":", 2)
        self.assertEqual(
            response.answer,
            [{"article": article, "start": int(start), "end": int(end)}],
        )
        self.assertEqual(listed.count(), 1)

    # --- checks --------------------------------------------------------------------

    def assertPageFits(self) -> None:
        """The page is no wider than the viewport: no sideways scrolling."""
        widths = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        self.assertLessEqual(widths[0], widths[1], "the page scrolls sideways")

    def assertTipsFit(self) -> None:
        """Each figure's tooltip, hovered, lies inside the viewport and widens nothing."""
        page = self.page
        marks = page.locator("article mark.figure")
        shifted = False
        for i in range(marks.count()):
            mark = marks.nth(i)
            mark.scroll_into_view_if_needed()
            mark.locator("a").hover()
            tip = mark.locator(".figure__tip")
            self.assertTrue(tip.is_visible())
            box = tip.bounding_box()
            width = page.evaluate("document.documentElement.clientWidth")
            where = f"tooltip {i} at {box}, viewport {width}"
            self.assertGreaterEqual(box["x"], 0, where)
            self.assertLessEqual(box["x"] + box["width"], width, where)
            self.assertPageFits()
            if not shifted and tip.evaluate("(t) => t.style.left !== ''"):
                shifted = True  # one picture of a tooltip moved in from the edge
                self.shot(f"tip-near-edge-{width}")
        page.mouse.move(0, 0)

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
        # The error summary has the focus, and links to the field to fix.
        self.assertEqual(page.evaluate("document.activeElement.id"), "error-summary")
        self.assertFocusVisible(page)
        summary = page.get_by_role("alert")
        self.assertIn("The two passwords differ.", summary.inner_text())
        self.shot("signup-error")
        summary.get_by_role("link", name=re.compile("^Password again")).click()
        self.assertEqual(page.evaluate("document.activeElement.id"), "id_password2")
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
        self.assertPageFits()
        # The "articles side by side" table: its headers on one line each.
        headers = page.locator(".lesson-body .table-scroll thead th")
        self.assertGreater(headers.count(), 3)
        heights = headers.evaluate_all(
            "(cells) => cells.map((c) => c.getBoundingClientRect().height)"
        )
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.lesson-body th')).lineHeight)"
        )
        self.assertLess(max(heights), 2 * line, f"headers wrap: {heights}")
        self.shot("lesson")
        self.assertTipsFit()

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
        choices = correct_choices(self.question("multiple"))
        current = page.locator(".question-nav__item[aria-current='step']")
        for choice in choices:
            page.get_by_label(choice["text"], exact=True).check()
        page.locator("#save-status", has_text="Answer saved.").wait_for()
        self.assertIn("is-answered", current.get_attribute("class"))
        # Unticking every box clears the saved answer, and the page says so.
        for choice in choices:
            page.get_by_label(choice["text"], exact=True).uncheck()
        page.locator("#save-status", has_text="Answer cleared.").wait_for()
        self.assertNotIn("is-answered", current.get_attribute("class"))
        self.assertIn("not answered", current.inner_text())
        for choice in choices:
            page.get_by_label(choice["text"], exact=True).check()
        page.locator("#save-status", has_text="Answer saved.").wait_for()
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
        # A click on a selection's words leaves it selected (and so sent).
        items.first.locator("label").click()
        self.assertTrue(items.first.locator("input[name=span]").is_checked())
        self.assertEqual(items.count(), 2)
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
        self.assertEqual(page.locator(".messages").count(), 0)
        self.shot("resumed-q4-saved")
        # The question list saves this page's answer on the way: the next page
        # says which question's answer that was.
        page.get_by_role("button", name=nav_button(1, "answered")).click()
        self.wait_for_path(QUESTION.format(n=1))
        self.assertEqual(
            page.locator(".messages").inner_text(), "Answer to question 4 saved."
        )
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
        # Up on the first link and Down on the last are disabled.
        ups = page.locator("[data-chain-list] button[data-move='-1']")
        downs = page.locator("[data-chain-list] button[data-move='1']")
        self.assertEqual(
            [ups.nth(i).is_disabled() for i in range(len(chain))],
            [True] + [False] * (len(chain) - 1),
        )
        self.assertEqual(
            [downs.nth(i).is_disabled() for i in range(len(chain))],
            [False] * (len(chain) - 1) + [True],
        )
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
        # Each question by its own sentence, as plain text.
        names = page.locator(".review-table tbody th").all_inner_texts()
        self.assertEqual(len(set(names)), 7, names)
        for name in names:
            with self.subTest(name):
                self.assertNotRegex(name, r"^\d+\. >|\*\*|…$")
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
        # The written question's model answer is not repeated under "Why".
        short = self.question("short").current
        written = page.locator(".result").nth(6)
        self.assertIn("A model answer", written.inner_text())
        self.assertEqual(
            written.locator("h3", has_text=re.compile("^Why$")).count(),
            0 if short.explanation == short.answer["model_answer"] else 1,
        )

        page.get_by_role("link", name="My progress").first.click()
        self.wait_for_path("/progress/")
        self.shot("progress")
