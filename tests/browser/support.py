"""What the browser tests share: the browser, the seeded site, screenshots, keys.

Each test gets a live server (``StaticLiveServerTestCase``) on a database seeded
through the real commands, and a fresh chromium profile. Every page a test
visits is saved as ``build/screenshots/<test>-<step>.png`` (full page).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command

from lessons.models import Attempt, Lesson, Question, Quiz, QuizItem, Response
from lessons.models.teaching import Status

if TYPE_CHECKING:
    from playwright.sync_api import Page, Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots"
TYPES = ("single", "multiple", "numeric", "evidence", "ordering", "chain", "short")
CROSS_LESSON = "one-story-several-outlets-christian-today-and-the-inquisitr"
PASSWORD = "read-the-hedges-42"


def seed_site() -> None:
    """The seeds, loaded and published as ``make run`` does it."""
    out = StringIO()
    call_command("import_seeds", stdout=out, stderr=out)
    call_command("build_lessons", publish=True, stdout=out, stderr=out)


def one_of_each(types: tuple[str, ...] = TYPES) -> list[Question]:
    """One published generated question per type, chosen deterministically.

    The evidence question is the one whose accepted words come earliest in its
    article, so a keyboard user reaches them with few arrow presses.
    """
    chosen = []
    for qtype in types:
        questions = Question.objects.filter(type=qtype, status=Status.PUBLISHED)
        questions = questions.select_related("current").order_by("pk")
        if qtype == "evidence":
            question = min(
                questions,
                key=lambda q: min(s["start"] for s in q.current.answer["accepted"]),
            )
        elif qtype == "numeric":
            question = next(q for q in questions if "value" in q.current.answer)
        else:
            question = questions.first()
        assert question is not None, f"the seeds give no published {qtype} question"
        chosen.append(question)
    return chosen


def assemble_quiz(slug: str, title: str, questions: list[Question]) -> Quiz:
    """A published quiz of ``questions`` in order, on the seeds' cross-article lesson."""
    quiz = Quiz.objects.create(
        key=f"browser-test:{slug}",
        slug=slug,
        title=title,
        description="Assembled by the browser tests from the seeds' generated questions.",
        lesson=Lesson.objects.get(slug=CROSS_LESSON),
        status=Status.PUBLISHED,
        generated=False,
        feedback=Quiz.Feedback.AFTER_SUBMIT,
    )
    for position, question in enumerate(questions, start=1):
        QuizItem.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def correct_choices(question: Question) -> list[dict[str, Any]]:
    return [c for c in question.current.answer["choices"] if c["correct"]]


def accepted_span(question: Question) -> dict[str, Any]:
    return min(question.current.answer["accepted"], key=lambda s: s["start"])


# JavaScript: where character ``index`` of a textarea is drawn on screen, from a
# mirror element styled like the textarea (the usual caret-coordinates trick).
CHAR_BOX_JS = """
([selector, index]) => {
  const area = document.querySelector(selector);
  const style = getComputedStyle(area);
  const mirror = document.createElement("div");
  for (const name of ["fontFamily", "fontSize", "fontWeight", "fontStyle", "lineHeight",
      "letterSpacing", "wordSpacing", "textTransform", "textIndent", "tabSize",
      "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
      "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth",
      "borderTopStyle", "borderRightStyle", "borderBottomStyle", "borderLeftStyle",
      "boxSizing", "overflowWrap", "wordBreak"]) {
    mirror.style[name] = style[name];
  }
  mirror.style.position = "absolute";
  mirror.style.visibility = "hidden";
  mirror.style.top = "0";
  mirror.style.left = "-9999px";
  mirror.style.whiteSpace = "pre-wrap";
  mirror.style.overflowWrap = "break-word";
  const scrollbar = area.offsetWidth - area.clientWidth
      - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
  mirror.style.width = (area.offsetWidth - scrollbar) + "px";
  mirror.textContent = area.value.slice(0, index);
  const mark = document.createElement("span");
  mark.textContent = area.value.slice(index, index + 1) || ".";
  mirror.appendChild(mark);
  mirror.appendChild(document.createTextNode(area.value.slice(index + 1)));
  document.body.appendChild(mirror);
  const top = mark.offsetTop, left = mark.offsetLeft;
  const width = mark.offsetWidth, height = mark.offsetHeight;
  mirror.remove();
  // Scroll the textarea so that the character's line is in view.
  if (top < area.scrollTop || top + height > area.scrollTop + area.clientHeight) {
    area.scrollTop = Math.max(0, top - area.clientHeight / 2);
  }
  const box = area.getBoundingClientRect();
  return {
    x: box.left + left - area.scrollLeft,
    y: box.top + top - area.scrollTop,
    width: width,
    height: height,
  };
}
"""

# JavaScript: where the focus is relative to ``selector``: here, or whether the
# target comes after or before the focused element in document (= tab) order.
FOCUS_JS = """
(selector) => {
  const target = document.querySelector(selector);
  if (!target) { return "missing"; }
  const active = document.activeElement;
  if (active === target) { return "here"; }
  if (!active || active === document.body) { return "after"; }
  return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING
    ? "after" : "before";
}
"""


class BrowserTestCase(StaticLiveServerTestCase):
    """A live, seeded Tally and a fresh chromium profile per test."""

    playwright: Playwright
    # The browser's time zone (tally.js tells the server; lessons/middleware.py).
    timezone_id = "UTC"

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.playwright.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        super().setUp()
        seed_site()
        self.profile = tempfile.mkdtemp(prefix="tally-chromium-")
        self.context = self.playwright.chromium.launch_persistent_context(
            self.profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
            timezone_id=self.timezone_id,
        )
        self.context.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page = self.new_page()
        self.test_name = self._testMethodName.removeprefix("test_")
        self.step = 0
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob(f"{self.test_name}-*.png"):
            old.unlink()

    def tearDown(self) -> None:
        self.context.close()
        shutil.rmtree(self.profile, ignore_errors=True)
        super().tearDown()

    def new_page(self) -> Page:
        """A tab whose script errors and failed requests fail the test."""
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        return page

    def assertNoScriptErrors(self) -> None:
        self.assertEqual(self.errors, [], "the pages logged errors")

    # --- pages ---------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.live_server_url}{path}"

    def shot(self, name: str, page: Page | None = None) -> Path:
        """Save the whole page as build/screenshots/<test>-<NN>-<name>.png."""
        self.step += 1
        path = SCREENSHOTS / f"{self.test_name}-{self.step:02d}-{name}.png"
        (page or self.page).screenshot(path=str(path), full_page=True)
        return path

    def wait_for_path(self, pattern: str, page: Page | None = None) -> None:
        """Wait until the page is at a path matching the regular expression."""
        page = page or self.page
        page.wait_for_url(re.compile(rf"^{re.escape(self.live_server_url)}{pattern}$"))
        page.wait_for_load_state("load")

    # --- keyboard ------------------------------------------------------------

    def tab_to(
        self, selector: str, *, page: Page | None = None, limit: int = 80
    ) -> None:
        """Press Tab (Shift+Tab when the target comes earlier) until it has focus."""
        page = page or self.page
        for _ in range(limit):
            where = page.evaluate(FOCUS_JS, selector)
            if where == "here":
                self.assertFocusVisible(page)
                return
            self.assertNotEqual(where, "missing", f"nothing matches {selector}")
            page.keyboard.press("Tab" if where == "after" else "Shift+Tab")
        self.fail(f"{limit} presses of Tab never reached {selector}")

    def assertFocusVisible(self, page: Page) -> None:
        """The focused element is drawn with an outline (WCAG 2.4.7)."""
        outline = page.evaluate(
            """() => {
              const el = document.activeElement;
              const style = getComputedStyle(el);
              const box = el.getBoundingClientRect();
              return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                      shadow: style.boxShadow, area: box.width * box.height,
                      what: el.outerHTML.slice(0, 120)};
            }"""
        )
        self.assertTrue(
            (outline["outline"] != "none" and outline["width"] > 0)
            or outline["shadow"] != "none",
            f"no visible focus on {outline['what']}",
        )
        self.assertGreater(
            outline["area"], 4, f"focus on a tiny element: {outline['what']}"
        )

    def focused(self, page: Page | None = None) -> str:
        return (page or self.page).evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )

    # --- evidence --------------------------------------------------------------

    def char_box(
        self, selector: str, index: int, page: Page | None = None
    ) -> dict[str, float]:
        return (page or self.page).evaluate(CHAR_BOX_JS, [selector, index])

    def drag_select(self, selector: str, start: int, end: int) -> None:
        """Select characters start..end of a textarea by dragging the mouse."""
        self.page.locator(selector).scroll_into_view_if_needed()
        first = self.char_box(selector, start)
        last = self.char_box(selector, end - 1)
        mouse = self.page.mouse
        mouse.move(first["x"] + 1, first["y"] + first["height"] / 2)
        mouse.down()
        # Just past the last character's right edge: the caret goes after it.
        mouse.move(
            last["x"] + last["width"] + 1, last["y"] + last["height"] / 2, steps=8
        )
        mouse.up()

    def selection(self, selector: str, page: Page | None = None) -> list[int]:
        return (page or self.page).evaluate(
            "(s) => { const a = document.querySelector(s); return [a.selectionStart, a.selectionEnd]; }",
            selector,
        )

    # --- server state ------------------------------------------------------------

    def attempt(self, quiz: Quiz) -> Attempt:
        return Attempt.objects.get(quiz=quiz)

    def responses(self, attempt: Attempt) -> dict[str, Response]:
        """The attempt's saved responses by question type."""
        return {
            r.question.type: r
            for r in Response.objects.filter(attempt=attempt).select_related("question")
        }

    def assertAllRight(
        self, responses: dict[str, Response], types: tuple[str, ...]
    ) -> None:
        for qtype in types:
            response = responses[qtype]
            if qtype == "short":
                self.assertTrue(
                    response.needs_manual, "a written answer awaits a teacher"
                )
                continue
            self.assertEqual(
                (response.score, response.correct),
                (Decimal(1), True),
                f"the {qtype} answer {response.answer!r} scored {response.score}",
            )
