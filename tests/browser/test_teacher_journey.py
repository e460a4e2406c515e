"""A teacher's whole journey through the web UI, on an article the test writes.

From pasting a news story to reading the class's results: the teacher reviews
the extracted figures (confirms, corrects, deletes, adds one by selecting its
words, edits a source chain), runs the checks, builds lessons and questions,
edits a question, publishes, assembles a quiz from the bank, makes a class and
assigns the quiz; two students join with the code and take it, one mostly right
and one mostly wrong; the teacher reads the results, downloads the CSV and
grades the written answers against the rubric.
"""

from __future__ import annotations

import csv
import re
import tempfile
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model

from lessons.models import (
    Article,
    Assignment,
    Attempt,
    Classroom,
    Figure,
    Finding,
    Lesson,
    Membership,
    Question,
    Quiz,
    Response,
)
from lessons.models.teaching import Status
from lessons.services.accounts import grant_teacher

from .support import CHROMIUM, CHROMIUM_ARGS, PASSWORD, BrowserTestCase

if TYPE_CHECKING:
    from playwright.sync_api import Page

HEADLINE = "Riverton braces for a second flood in a month"
OUTLET = "Riverton Gazette"
URL = "https://news.example.org/riverton/flood-second-wave"
# Written for this test, unrelated to the seeds: hedged figures, a named
# (Mayor Grace Okafor) and an unnamed source (a senior emergency official), a
# chain through an outlet (the fire service via Valley News), a percentage
# without a base (60%), a number that is no figure (101.5, a radio frequency),
# a source the extractor misreads (Monday's figures) and a figure it misses
# (a few).
ARTICLE = """\
Riverton braces for a second flood in a month

Water on the Alder river was still rising on Tuesday, a week after the worst \
flooding in the town's recorded history. Residents were told to tune to 101.5 FM \
for updates and to call for help only if their lives were in danger.

In Riverton, about 1,200 homes were damaged in the first flood, according to Mayor \
Grace Okafor, who said the figure came from a door-to-door count by council staff. \
Roughly a third of Riverton homes were hit. Riverton has 4,500 homes, give or take. \
"At least 300 families are still in temporary housing," she told reporters.

A senior emergency official, who asked not to be named, said the repair bill could \
reach nearly £40 million. That estimate has not been published.

The regional broadcaster Valley News reported that up to 5,000 residents had been \
evacuated, citing the county fire service. Valley News said the fire service had \
rescued more than 150 people by boat. A few farms upstream lost their whole \
herds.

According to Monday's figures, insurance claims have risen 60% since the first \
flood, an industry group said, without saying from what.

The council has set aside roughly £2.5 million for emergency repairs in this \
year's budget. Around 40 roads remain closed.
"""
EXTRACTED = [
    "101.5",
    "about 1,200",
    "Roughly a third",
    "4,500",
    "At least 300",
    "nearly £40 million",
    "up to 5,000",
    "more than 150",
    "60%",
    "roughly £2.5 million",
    "Around 40",
]
ADD_UP = "Does it add up?"
EDITED_FEEDBACK = (
    "You multiplied by the fraction. The 1,200 homes are a third of the total, "
    "so the total is 1,200 ÷ ⅓: about 3,600 homes."
)
CLASS_NAME = "Year 10 Media, Tuesdays"
QUIZ_TITLE = "Riverton flood: do the figures add up?"
GOOD_ANSWER = (
    "A third of the total gives 1,200 ÷ 0.33 to 1,200 ÷ 0.37, about 3,300 to 4,000 "
    "homes. The stated total is about 4,500, a range too. They agree only if "
    "'roughly a third' is nearer a quarter, or if 4,500 is high."
)
WEAK_ANSWER = "The numbers all come from the mayor so they must be right."
QUESTION = r"/attempts/\d+/questions/{n}/"


@pytest.mark.browser
class TeacherJourneyTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.teacher = get_user_model().objects.create_user(
            "ms-adeyemi", "adeyemi@example.org", PASSWORD
        )
        grant_teacher(user=self.teacher)
        self.picked: dict[str, Question] = {}

    def test_teacher_journey(self) -> None:
        """A teacher turns a pasted article into a published quiz for a class, two students take it, and the teacher reads the results, downloads them as CSV and grades the written answers."""
        self.sign_in_as_teacher()
        article = self.paste_article()
        self.review_figures(article)
        self.run_checks(article)
        lesson = self.build_lessons(article)
        self.edit_question(lesson)
        self.publish_lesson(lesson)
        quiz = self.assemble_quiz(article, lesson)
        classroom = self.make_class()
        self.assign(classroom, quiz)

        code = classroom.join_code
        self.take_quiz("ana", code, quiz, right=True)
        self.take_quiz("ben", code, quiz, right=False)

        self.read_results(classroom, quiz)
        self.download_csv(classroom, quiz)
        self.grade_written_answers(classroom, quiz)
        self.assertNoScriptErrors()

    # --- people ------------------------------------------------------------------

    def sign_in_as_teacher(self) -> None:
        page = self.page
        page.goto(self.url("/teach/"))
        self.wait_for_path(r"/accounts/login/\?next=.*")
        page.get_by_label("Username").fill("ms-adeyemi")
        page.get_by_label("Password").fill(PASSWORD)
        self.shot("sign-in")
        page.get_by_role("button", name="Sign in").click()
        self.wait_for_path("/teach/")
        self.shot("dashboard")

    def student_page(self) -> Page:
        """A separate browser profile: the student's own machine."""
        context = self.playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="tally-chromium-student-"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
            locale="en-GB",
        )
        context.set_default_timeout(10_000)
        self.addCleanup(context.close)
        page = context.new_page()
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

    # --- 1. paste the article --------------------------------------------------------

    def paste_article(self) -> Article:
        page = self.page
        self.assertTeachNav("Dashboard")
        page.get_by_role("navigation", name="Teacher's workspace").get_by_role(
            "link", name="Articles"
        ).click()
        self.wait_for_path("/teach/articles/")
        self.assertTeachNav("Articles")
        page.get_by_role("main").get_by_role("link", name="Add an article").click()
        self.wait_for_path("/teach/articles/add/")
        page.get_by_label("Headline").fill(HEADLINE)
        page.get_by_label("Outlet").fill(OUTLET)
        page.get_by_label("Web address (URL)").fill(URL)
        page.get_by_label("Date published").fill("2025-03-04")
        page.get_by_label("Paste the article's text").fill(ARTICLE)
        self.shot("article-add")
        page.get_by_role("button", name="Add the article and find its figures").click()
        self.wait_for_path(r"/teach/articles/\d+/")

        article = Article.objects.get(owner=self.teacher)
        self.assertEqual(article.text, ARTICLE)
        self.assertEqual(
            (
                article.headline,
                article.outlet.name,
                article.url,
                str(article.published),
            ),
            (HEADLINE, OUTLET, URL, "2025-03-04"),
        )
        self.assertEqual(
            list(article.figures.order_by("start").values_list("exact", flat=True)),
            EXTRACTED,
        )
        self.assertIn(
            f"The extractor found {len(EXTRACTED)} figures",
            page.locator(".messages").inner_text(),
        )
        # Every figure is marked in the text, each linked to its row.
        marks = page.locator(".article__text mark.figure")
        self.assertEqual(marks.locator("a").all_inner_texts(), EXTRACTED)
        self.assertEqual(
            marks.locator("a").evaluate_all("(a) => a.map((l) => l.hash)"),
            [
                f"#figure-row-{pk}"
                for pk in article.figures.order_by("start").values_list("pk", flat=True)
            ],
        )
        self.assertEqual(
            page.locator(".article__text .figure--unreviewed").count(), len(EXTRACTED)
        )
        self.assertIn(
            f"{len(EXTRACTED)} of {len(EXTRACTED)}", page.locator(".lead").inner_text()
        )
        # Values read as the engine writes them: a fraction in words, ranges with "to".
        rows = page.locator(".review-figures")
        third = rows.locator(".figure-row", has_text="“Roughly a third”")
        self.assertIn("about one-third", third.inner_text())
        self.assertIn("about 1,200", rows.inner_text())
        self.assertNotIn("0.333", rows.inner_text())
        self.shot("review")
        return article

    def assertTeachNav(self, current: str) -> None:
        """The one teacher navigation: every section, the current one marked."""
        nav = self.page.get_by_role("navigation", name="Teacher's workspace")
        self.assertEqual(
            nav.get_by_role("link").all_inner_texts(),
            [
                "Dashboard",
                "Articles",
                "Lessons",
                "Questions",
                "Question bank",
                "Quizzes",
                "Classes",
            ],
        )
        self.assertEqual(nav.locator("[aria-current]").all_inner_texts(), [current])
        self.assertEqual(self.page.locator("nav.teach-nav").count(), 1)

    def assertSelectsFit(self) -> None:
        """No select in the form is narrower than its longest option."""
        cut = self.page.evaluate(
            """() => [...document.querySelectorAll('main select')]
              .filter((s) => s.offsetParent)
              .map((s) => {
                const c = s.cloneNode(true);
                c.style.cssText = 'width:auto;min-width:0;max-width:none;position:absolute';
                document.body.appendChild(c);
                const need = c.offsetWidth;
                c.remove();
                return [s.name, s.offsetWidth, need];
              })
              .filter(([, width, need]) => width < need)"""
        )
        self.assertEqual(cut, [])

    # --- 2. review the figures ------------------------------------------------------------

    def figure(self, article: Article, exact: str) -> Figure:
        return Figure.objects.get(article=article, exact=exact)

    def back_at_review(self, article: Article, message: str) -> None:
        self.wait_for_path(rf"/teach/articles/{article.pk}/(#figure-row-\d+)?")
        self.assertIn(message, self.page.locator(".messages").inner_text())

    def review_figures(self, article: Article) -> None:
        page = self.page

        # Confirm one figure as extracted.
        page.get_by_role("button", name="Confirm “about 1,200”").click()
        self.back_at_review(article, "Figure “about 1,200” confirmed.")
        self.assertTrue(self.figure(article, "about 1,200").reviewed)

        # "4,500, give or take": the extractor reads the hedge as approximate;
        # the teacher adds that it is the town's total.
        page.get_by_role("link", name="Edit “4,500”", exact=True).click()
        self.wait_for_path(r"/teach/figures/\d+/edit/")
        self.assertTeachNav("Articles")
        # The figure is quoted among whole words, never cut mid-word.
        quote = page.locator("blockquote.in-context").inner_text()
        self.assertTrue(quote.startswith("…") and quote.endswith("…"), quote)
        at = ARTICLE.index(quote.strip("…"))
        after = at + len(quote.strip("…"))
        self.assertTrue(ARTICLE[at - 1].isspace(), quote)
        self.assertTrue(ARTICLE[after].isspace(), quote)
        self.assertIn("Riverton has 4,500 homes, give or take.", quote)
        # The value and the high end: one of them is required, and it says so.
        value = page.get_by_role("group", name="Value (one of these is required)")
        self.assertEqual(value.get_by_label("Value, or low end").input_value(), "4500")
        self.assertNotIn("optional", value.locator("label").all_inner_texts()[0])
        self.assertNotIn("optional", value.locator("label").all_inner_texts()[1])
        self.assertSelectsFit()
        self.assertEqual(page.get_by_label("Bound", exact=True).input_value(), "approx")
        page.get_by_label("Counted thing").fill("homes in total")
        self.shot("figure-edit")
        page.get_by_role("button", name="Save the figure").click()
        self.back_at_review(article, "Figure “4,500” saved and marked reviewed")
        total = self.figure(article, "4,500")
        self.assertEqual(
            (total.bound, total.quantity, total.reviewed),
            ("approx", "homes in total", True),
        )

        # "101.5 FM" is a radio frequency, not a figure.
        page.get_by_role("link", name="Delete “101.5”").click()
        self.wait_for_path(r"/teach/figures/\d+/delete/")
        self.shot("figure-delete")
        page.get_by_role("button", name="Delete the figure").click()
        self.back_at_review(article, "Figure “101.5” deleted.")
        self.assertFalse(article.figures.filter(exact="101.5").exists())

        self.add_missed_figure(article)
        self.add_first_hand_source(article)
        self.drop_wrong_source(article)

        self.assertEqual(
            page.locator(".article__text mark.figure a").all_inner_texts(),
            [*EXTRACTED[1:7], "more than 150", "A few", *EXTRACTED[8:]],
        )
        self.assertIn("6 of 11", page.locator(".lead").inner_text())
        self.shot("review-after-edits")

    def add_missed_figure(self, article: Article) -> None:
        """Drag over "A few" in the span picker, "Use the selection", give values."""
        page = self.page
        picker = f"#picker-{article.pk}-add"
        start = ARTICLE.index("A few")
        end = start + len("A few")
        self.drag_select(picker, start, end)
        self.assertEqual(self.selection(picker), [start, end])
        form = page.locator("#add-figure form")
        form.get_by_role("button", name="Use the selection").click()
        form.locator("[data-span-status]", has_text="Selected “A few”.").wait_for()
        self.assertEqual(form.get_by_label("Exact words").input_value(), "A few")
        form.get_by_label("Value, or low end").fill("3")
        form.get_by_label("High end").fill("6")
        form.get_by_label("Bound", exact=True).select_option("range")
        form.get_by_label("Kind", exact=True).select_option("count")
        form.get_by_label("Unit").fill("farms")
        form.get_by_label("Counted thing").fill("farms that lost their herds")
        form.get_by_label("Method", exact=True).select_option("unknown")
        self.shot("figure-add-selected")
        form.get_by_role("button", name="Add the figure").click()
        self.back_at_review(article, "Figure “A few” added.")
        added = self.figure(article, "A few")
        self.assertEqual(
            (added.start, added.end, added.low, added.high, added.bound),
            (start, end, Decimal(3), Decimal(6), "range"),
        )
        self.assertTrue(added.reviewed)

    def add_first_hand_source(self, article: Article) -> None:
        """Valley News only passed "more than 150" on: the fire service comes first."""
        page = self.page
        page.get_by_role("link", name="Source chain of “more than 150”").click()
        self.wait_for_path(r"/teach/figures/\d+/attribution/")
        rows = page.locator("li.hop-row")
        self.assertEqual(rows.count(), 2)
        self.assertEqual(
            rows.nth(0).get_by_label("Speaker, as written").input_value(), "Valley News"
        )
        new = rows.nth(1)
        new.get_by_label("Speaker, as written").fill("the county fire service")
        new.get_by_label("Kind", exact=True).select_option("government")
        new.get_by_label("Named").uncheck()
        new.get_by_label("Verb").fill("rescued")
        new.get_by_label("Order").fill("1")
        rows.nth(0).get_by_label("Order").fill("2")
        # Where the source is named: click before "the fire service" in the
        # text, then Shift+Right over its words, and use the selection.
        picker = f"#picker-{article.pk}-hops"
        named = "the fire service"
        start = ARTICLE.index(named)
        page.locator(picker).scroll_into_view_if_needed()
        box = self.char_box(picker, start)
        page.mouse.click(box["x"] + 1, box["y"] + box["height"] / 2)
        self.assertEqual(self.selection(picker), [start, start])
        for _ in named:
            page.keyboard.press("Shift+ArrowRight")
        self.assertEqual(self.selection(picker), [start, start + len(named)])
        new.locator("summary").click()
        new.get_by_role("button", name="Use the selection").click()
        self.assertEqual(new.get_by_label("Exact words").input_value(), named)
        self.shot("source-chain")
        page.get_by_role("button", name="Save the chain").click()
        self.back_at_review(article, "The source chain of “more than 150” is saved.")
        hops = list(self.figure(article, "more than 150").hops.select_related("span"))
        self.assertEqual(
            [hop.speaker for hop in hops], ["the county fire service", "Valley News"]
        )
        self.assertEqual(
            (hops[0].span.start, hops[0].span.end), (start, start + len(named))
        )
        row = page.locator(f"#figure-row-{hops[0].figure_id}")
        self.assertIn(
            "the county fire service (unnamed) → Valley News", row.inner_text()
        )

    def drop_wrong_source(self, article: Article) -> None:
        """The extractor read "Monday's figures" as a source of "60%": delete it."""
        page = self.page
        page.get_by_role("link", name="Source chain of “60%”").click()
        self.wait_for_path(r"/teach/figures/\d+/attribution/")
        rows = page.locator("li.hop-row")
        self.assertEqual(
            rows.nth(0).get_by_label("Speaker, as written").input_value(),
            "an industry group",
        )
        wrong = rows.nth(1)
        self.assertEqual(
            wrong.get_by_label("Speaker, as written").input_value(), "Monday's figures"
        )
        wrong.get_by_label("Delete").check()
        page.get_by_role("button", name="Save the chain").click()
        self.back_at_review(article, "The source chain of “60%” is saved.")
        self.assertEqual(
            [h.speaker for h in self.figure(article, "60%").hops.all()],
            ["an industry group"],
        )

    # --- 3. the checks ------------------------------------------------------------------------

    def run_checks(self, article: Article) -> None:
        page = self.page
        page.get_by_role("button", name="Run the checks").click()
        self.wait_for_path(rf"/teach/articles/{article.pk}/findings/")
        findings = Finding.objects.filter(figures__article=article).distinct()
        count = findings.count()
        self.assertIn(f"{count} findings", page.locator(".messages").inner_text())
        self.assertEqual(page.locator("li.finding").count(), count)
        # The part, the fraction and the corrected total are checked together.
        fraction = page.locator(
            "li.finding",
            has=page.locator(".finding__kind", has_text="Fraction of total"),
        )
        self.assertEqual(fraction.count(), 1)
        self.assertEqual(
            fraction.locator(".finding__figures a").all_inner_texts(),
            ["“about 1,200”", "“Roughly a third”", "“4,500”"],
        )
        self.assertIn("Needs explanation", fraction.locator(".badge").inner_text())
        kinds = page.locator(".finding__kind").all_inner_texts()
        for kind in ("Missing base", "Unnamed source", "Attribution chain"):
            self.assertIn(kind, kinds)
        self.shot("findings")

    # --- 4. lessons and questions ----------------------------------------------------------

    def build_lessons(self, article: Article) -> Lesson:
        page = self.page
        page.get_by_role("button", name="Build lessons and questions").click()
        self.wait_for_path(rf"/teach/lessons/\?article={article.pk}")
        self.assertIn("Lessons built:", page.locator(".messages").inner_text())
        lessons = Lesson.objects.filter(articles=article)
        self.assertGreater(lessons.count(), 5)
        self.assertEqual(
            set(lessons.values_list("status", "author")),
            {(Status.DRAFT, self.teacher.pk)},
        )
        self.assertEqual(page.locator("table tbody tr").count(), lessons.count())
        self.shot("lessons")
        lesson = lessons.get(title__startswith=ADD_UP)
        page.get_by_role("link", name=lesson.title, exact=True).click()
        self.wait_for_path(f"/teach/lessons/{lesson.pk}/")
        self.shot("lesson")
        return lesson

    def by_key(self, lesson: Lesson, suffix: str) -> Question:
        return Question.objects.select_related("current").get(
            lesson=lesson, key__endswith=suffix
        )

    def edit_question(self, lesson: Lesson) -> None:
        """Rewrite the feedback of the choice that multiplies instead of dividing."""
        page = self.page
        question = self.by_key(lesson, ":implied-total-choice")
        self.assertEqual(question.type, "single")
        page.locator(f"a[href='/teach/questions/{question.pk}/']").click()
        self.wait_for_path(f"/teach/questions/{question.pk}/")
        preview = page.locator("#student-preview")
        choices = question.current.answer["choices"]
        self.assertEqual(preview.locator("input[type=radio]").count(), len(choices))
        self.shot("question")

        page.get_by_role("link", name="Edit the question").click()
        self.wait_for_path(f"/teach/questions/{question.pk}/edit/")
        (inverted,) = [c for c in choices if c["misconception"] == "fraction-inverted"]
        row = page.locator("li.key-row").nth(choices.index(inverted))
        self.assertEqual(
            row.get_by_label("Choice", exact=True).input_value(), inverted["text"]
        )
        row.get_by_label("Feedback when chosen").fill(EDITED_FEEDBACK)
        self.shot("question-edit")
        page.get_by_role("button", name="Save as a new version").click()
        self.wait_for_path(f"/teach/questions/{question.pk}/")
        self.assertIn("Question saved.", page.locator(".messages").inner_text())
        # The student preview and the key, with the new feedback.
        self.assertIn("version 2", page.locator("main").inner_text())
        self.assertEqual(
            page.locator("#student-preview input[type=radio]").count(), len(choices)
        )
        self.assertIn(EDITED_FEEDBACK, page.locator(".teacher-key").inner_text())
        self.shot("question-saved")
        question.refresh_from_db()
        self.assertEqual(question.current.number, 2)
        self.assertTrue(question.edited)
        edited = next(
            c for c in question.current.answer["choices"] if c["key"] == inverted["key"]
        )
        self.assertEqual(edited["feedback"], EDITED_FEEDBACK)
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name=lesson.title
        ).click()
        self.wait_for_path(f"/teach/lessons/{lesson.pk}/")

    def publish_lesson(self, lesson: Lesson) -> None:
        """Publish the lesson, then its quiz: that publishes its questions."""
        page = self.page
        page.get_by_role("button", name="Publish the lesson").click()
        self.wait_for_path(f"/teach/lessons/{lesson.pk}/")
        self.assertIn("is published", page.locator(".messages").inner_text())
        page.get_by_role("button", name=re.compile("^Publish the quiz")).click()
        self.wait_for_path(f"/teach/lessons/{lesson.pk}/")
        self.assertIn("is published", page.locator(".messages").inner_text())
        self.shot("lesson-published")
        lesson.refresh_from_db()
        self.assertEqual(lesson.status, Status.PUBLISHED)
        self.assertEqual(
            set(
                lesson.questions.filter(retired=False).values_list("status", flat=True)
            ),
            {Status.PUBLISHED},
        )
        self.assertEqual(
            page.locator(".status--draft").count(), 0, "nothing left in draft"
        )

    # --- 5. the quiz ------------------------------------------------------------------------------

    def quiz_questions(self, article: Article, lesson: Lesson) -> dict[str, Question]:
        """The five questions the teacher picks, by type."""
        chain_figure = self.figure(article, "up to 5,000")
        return {
            "single": self.by_key(lesson, ":implied-total-choice"),
            "numeric": self.by_key(lesson, ":implied-total"),
            "short": self.by_key(lesson, ":what-would-be-true"),
            "chain": Question.objects.select_related("current").get(
                key=f"{article.key}/{chain_figure.key}:chain"
            ),
            "multiple": Question.objects.select_related("current").get(
                lesson__articles=article, key__endswith=":named-sources"
            ),
        }

    def bank_filter(
        self, article: Article, *, skill: str = "any skill", type: str = "any type"
    ) -> None:
        """Show the bank's questions on the article, of one skill or type."""
        page = self.page
        filters = page.get_by_role("form", name="Filter the questions")
        filters.get_by_label("Article").select_option(str(article.pk))
        filters.get_by_label("Skill", exact=True).select_option(label=skill)
        filters.get_by_label("Type", exact=True).select_option(label=type)
        filters.get_by_role("button", name="Filter").click()
        self.wait_for_path(r"/teach/bank/\?.*")

    def add_ticked(self, quiz_title: str, count: int) -> None:
        page = self.page
        self.assertEqual(
            page.locator("#bank-quiz option:checked").inner_text(), quiz_title
        )
        page.get_by_role("button", name="Add to the quiz").click()
        self.wait_for_path(r"/teach/bank/\?.*")
        self.assertIn(
            f"Added {count} question{'s' if count != 1 else ''}",
            page.locator(".messages").inner_text(),
        )

    def assemble_quiz(self, article: Article, lesson: Lesson) -> Quiz:
        page = self.page
        picked = self.quiz_questions(article, lesson)
        page.get_by_role("navigation", name="Teacher's workspace").get_by_role(
            "link", name="Quizzes"
        ).click()
        self.wait_for_path("/teach/quizzes/")
        self.assertTeachNav("Quizzes")
        page.get_by_role("link", name=re.compile("^New quiz")).click()
        self.wait_for_path("/teach/quizzes/add/")
        page.get_by_label("Title").fill(QUIZ_TITLE)
        page.get_by_label("Description").fill(
            "Five questions on the Riverton flood story: sources, totals and shares."
        )
        page.get_by_label("Attempts allowed").fill("2")
        page.get_by_label("Which attempt counts").select_option("highest")
        page.get_by_label("When feedback and answers are shown").select_option(
            "after_submit"
        )
        # "after the attempt is submitted" shows whole, at any width.
        for width in (1280, 800, 640):
            page.set_viewport_size({"width": width, "height": 900})
            with self.subTest(width=width):
                self.assertSelectsFit()
        page.set_viewport_size({"width": 1280, "height": 900})
        self.shot("quiz-new")
        page.get_by_role("button", name="Create the quiz").click()
        self.wait_for_path(r"/teach/quizzes/\d+/edit/")
        quiz = Quiz.objects.get(author=self.teacher, title=QUIZ_TITLE)
        self.assertEqual(
            (quiz.attempts_allowed, quiz.grading, quiz.feedback, quiz.status),
            (2, "highest", "after_submit", Status.DRAFT),
        )

        page.get_by_role("link", name="Add questions from the bank").click()
        self.wait_for_path(rf"/teach/bank/\?quiz={quiz.pk}")
        # The published questions of the "Does it add up?" lesson on this article.
        self.bank_filter(article, skill="Does it add up?")
        for qtype in ("single", "numeric", "short"):
            page.locator(f"#bank-q{picked[qtype].pk}").check()
        self.shot("bank-filtered")
        self.add_ticked(QUIZ_TITLE, 3)
        # Two drafts of other lessons on the article: a chain and a multiple choice.
        self.bank_filter(article, type="Attribution chain")
        rows = page.locator(".bank-table tbody tr")
        self.assertEqual(rows.filter(has_text="Draft").count(), rows.count())
        page.locator(f"#bank-q{picked['chain'].pk}").check()
        self.add_ticked(QUIZ_TITLE, 1)
        self.bank_filter(article, type="Multiple choice")
        page.locator(f"#bank-q{picked['multiple'].pk}").check()
        self.add_ticked(QUIZ_TITLE, 1)
        self.shot("bank-added")

        page.get_by_role("link", name="Back to the quiz").click()
        self.wait_for_path(rf"/teach/quizzes/{quiz.pk}/edit/#questions")
        items = page.locator(".quiz-item")
        self.assertEqual(items.count(), 5)
        self.assertEqual(page.locator(".quiz-item__meta", has_text="draft").count(), 2)
        page.get_by_role("button", name="Publish the quiz").click()
        self.wait_for_path(rf"/teach/quizzes/{quiz.pk}/edit/")
        self.assertIn("is published", page.locator(".messages").inner_text())
        self.shot("quiz-published")

        quiz.refresh_from_db()
        self.assertEqual(quiz.status, Status.PUBLISHED)
        self.assertEqual(
            [item.question_id for item in quiz.items.order_by("position")],
            [picked[t].pk for t in ("single", "numeric", "short", "chain", "multiple")],
        )
        self.assertEqual(
            set(
                Question.objects.filter(quiz_items__quiz=quiz).values_list(
                    "status", flat=True
                )
            ),
            {Status.PUBLISHED},
        )
        self.picked = picked
        return quiz

    # --- 6. the class ----------------------------------------------------------------------------

    def make_class(self) -> Classroom:
        page = self.page
        page.get_by_role("navigation", name="Teacher's workspace").get_by_role(
            "link", name="Classes"
        ).click()
        self.wait_for_path("/teach/classes/")
        page.get_by_role("link", name=re.compile("^New class")).click()
        self.wait_for_path("/teach/classes/add/")
        page.get_by_label("Name of the class").fill(CLASS_NAME)
        page.get_by_role("button", name="Create the class").click()
        self.wait_for_path(r"/teach/classes/\d+/")
        classroom = Classroom.objects.get(teacher=self.teacher)
        self.assertEqual(classroom.name, CLASS_NAME)
        self.assertEqual(page.locator("#join-code").inner_text(), classroom.join_code)
        self.shot("class")
        return classroom

    def assign(self, classroom: Classroom, quiz: Quiz) -> None:
        page = self.page
        form = page.locator("form.assign-form")
        form.get_by_label("Published quiz").select_option(label=QUIZ_TITLE)
        form.get_by_label("Due").fill("2030-03-20T09:00")
        form.get_by_role("button", name="Assign").click()
        self.wait_for_path(rf"/teach/classes/{classroom.pk}/#assignments")
        self.assertIn(
            f"“{QUIZ_TITLE}” assigned", page.locator(".messages").inner_text()
        )
        row = page.locator("#assignments tbody tr", has_text=QUIZ_TITLE)
        self.assertIn("Wed 20 Mar 2030, 09:00 UTC", row.inner_text())
        self.shot("class-assigned")
        assignment = Assignment.objects.get(classroom=classroom, quiz=quiz)
        self.assertEqual(assignment.due.isoformat(), "2030-03-20T09:00:00+00:00")

    # --- the students -----------------------------------------------------------------------------

    def take_quiz(self, name: str, code: str, quiz: Quiz, *, right: bool) -> None:
        """Sign up, join the class with its code, take the assigned quiz, submit."""
        page = self.student_page()
        page.goto(self.url("/accounts/signup/"))
        page.get_by_label("Username").fill(name)
        page.get_by_label("E-mail address").fill(f"{name}@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Password again").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        self.wait_for_path("/", page=page)

        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Classes"
        ).click()
        self.wait_for_path("/classes/", page=page)
        page.get_by_role("link", name="Join a class").first.click()
        self.wait_for_path("/classes/join/", page=page)
        # Typed as people copy it: lower case, with a space in the middle.
        page.get_by_label("Join code").fill(f"{code[:4].lower()} {code[4:].lower()}")
        self.shot(f"{name}-join", page=page)
        page.get_by_role("button", name="Join").click()
        self.wait_for_path("/classes/", page=page)
        self.assertIn(
            f"You are in the class “{CLASS_NAME}”.",
            page.locator(".messages").inner_text(),
        )
        row = page.locator("tbody tr", has_text=QUIZ_TITLE)
        self.assertIn("Wed 20 Mar 2030, 09:00 UTC", row.inner_text())
        self.shot(f"{name}-classes", page=page)
        user = get_user_model().objects.get(username=name)
        self.assertTrue(
            Membership.objects.filter(student=user, classroom__join_code=code).exists()
        )

        row.get_by_role("link", name=QUIZ_TITLE).click()
        self.wait_for_path(f"/quizzes/{quiz.slug}/", page=page)
        page.get_by_role("button", name="Start the quiz").click()
        self.wait_for_path(QUESTION.format(n=1), page=page)
        order = [
            item.question
            for item in quiz.items.order_by("position").select_related(
                "question__current"
            )
        ]
        for number, question in enumerate(order, start=1):
            self.answer(page, question, right=right)
            self.shot(f"{name}-q{number}-{question.type}", page=page)
            if number < len(order):
                page.get_by_role("button", name="Save and next").click()
                self.wait_for_path(QUESTION.format(n=number + 1), page=page)
            else:
                page.get_by_role("button", name="Save and review").click()
                self.wait_for_path(r"/attempts/\d+/review/", page=page)
        self.shot(f"{name}-review", page=page)
        page.get_by_role("button", name="Submit my answers").click()
        self.wait_for_path(r"/attempts/\d+/result/", page=page)
        self.shot(f"{name}-result", page=page)

        attempt = Attempt.objects.get(quiz=quiz, student=user)
        self.assertEqual(attempt.state, Attempt.State.AWAITING_GRADING)
        scores = {
            r.question.type: r.score
            for r in Response.objects.filter(attempt=attempt).select_related("question")
        }
        self.assertEqual(len(scores), 5)
        self.assertIsNone(scores.pop("short"))
        if right:
            self.assertEqual(set(scores.values()), {Decimal(1)}, scores)
        else:
            self.assertEqual(scores["single"], Decimal(0), scores)
            self.assertEqual(scores["numeric"], Decimal(0), scores)
            self.assertLess(sum(scores.values()), Decimal(2), scores)
            # The feedback the teacher rewrote is what this student reads.
            self.assertIn(EDITED_FEEDBACK, page.locator("main").inner_text())

    def answer(self, page: Page, question: Question, *, right: bool) -> None:
        """Answer from the key: right, or with the mistakes a weaker student makes."""
        key = question.current.answer
        if question.type == "single":
            choices = key["choices"]
            pick = next(
                c
                for c in choices
                if (
                    c["correct"] if right else c["misconception"] == "fraction-inverted"
                )
            )
            page.get_by_label(pick["text"], exact=True).check()
        elif question.type == "multiple":
            # The weaker student takes every source quoted by name for a named one.
            for choice in key["choices"]:
                if (
                    choice["correct"]
                    if right
                    else choice["misconception"] or choice["text"] == "Grace Okafor"
                ):
                    page.get_by_label(choice["text"], exact=True).check()
        elif question.type == "numeric":
            page.get_by_label("Number", exact=True).fill("3,600" if right else "400")
        elif question.type == "chain":
            pool = {entry["key"]: entry["text"] for entry in key["pool"]}
            # The weaker student starts from the outlet that published the article.
            links = key["chain"] if right else list(reversed(key["chain"]))[:2]
            for link in links:
                page.get_by_role(
                    "button", name=f"Add to the chain: {pool[link]}"
                ).click()
        elif question.type == "short":
            page.get_by_label("Your answer").fill(GOOD_ANSWER if right else WEAK_ANSWER)
        else:
            self.fail(f"no answer for a {question.type} question")

    # --- 7. the results ------------------------------------------------------------------------------

    def read_results(self, classroom: Classroom, quiz: Quiz) -> None:
        page = self.page
        # Back at the class page, where the teacher left it: reload.
        page.reload()
        self.wait_for_path(rf"/teach/classes/{classroom.pk}/#assignments")
        row = page.locator("#assignments tbody tr", has_text=QUIZ_TITLE)
        self.assertIn("2 of 2", row.inner_text())
        self.assertIn("2 to grade", row.inner_text())
        self.shot("class-after")
        row.get_by_role("link", name=re.compile("^Results")).click()
        self.wait_for_path(rf"/teach/classes/{classroom.pk}/quizzes/{quiz.pk}/results/")
        self.assertTeachNav("Classes")
        # Per student: both submitted, awaiting the written answer's grade, so
        # their scores are provisional and left out of the summary and chart.
        students = page.locator("#students tbody tr")
        self.assertEqual(students.count(), 2)
        for name in ("ana", "ben"):
            text = students.filter(has_text=name).inner_text()
            self.assertIn("Awaiting grading", text)
            self.assertRegex(text, r"\d+% so far — awaiting grading")
        summary = page.get_by_role("list", name="Summary")
        self.assertEqual(
            summary.locator("li", has_text="with a final score").inner_text(),
            "0\nwith a final score",
        )
        self.assertEqual(
            summary.locator("li", has_text="mean final score").inner_text(),
            "–\nmean final score",
        )
        self.assertIn(
            "2 awaiting grading are left out",
            page.locator("#scores-title + .chart-pair figcaption").inner_text(),
        )
        # Per question: five rows, the facility chart and the answer distributions.
        self.assertEqual(page.locator("#questions tbody tr").count(), 5)
        # Two SVG charts: the score histogram and the facility bars, one per question.
        self.assertEqual(page.locator("svg.chart").count(), 2)
        facility = page.locator("svg.chart", has=page.locator("#facility-title"))
        self.assertEqual(facility.locator("rect.chart__bar").count(), 5)
        self.assertIn("awaiting grading", facility.text_content())
        single = page.locator(".distribution", has_text="Q1.")
        picked = single.locator("tbody tr")
        self.assertEqual(
            picked.filter(has_text="correct")
            .locator("td")
            .first.inner_text()
            .split()[0],
            "1",
        )
        self.assertIn("fraction inverted", single.inner_text())
        self.assertIn("Misconceptions behind wrong picks", single.inner_text())
        self.shot("results")

    def download_csv(self, classroom: Classroom, quiz: Quiz) -> None:
        page = self.page
        with page.expect_download() as info:
            page.get_by_role("link", name="per student").click()
        download = info.value
        self.assertRegex(
            download.suggested_filename,
            r"^results-year-10-media-tuesdays-.*-students\.csv$",
        )
        with open(download.path(), encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual(rows[0][:4], ["username", "name", "attempts", "status"])
        self.assertEqual(rows[0][5], "score status")
        self.assertEqual(
            sorted((r[0], r[2], r[3], r[5]) for r in rows[1:]),
            [
                ("ana", "1", "awaiting grading", "provisional: awaiting grading"),
                ("ben", "1", "awaiting grading", "provisional: awaiting grading"),
            ],
        )
        with page.expect_download() as info:
            page.get_by_role("link", name="per question").click()
        with open(info.value.path(), encoding="utf-8-sig") as handle:
            questions = list(csv.DictReader(handle))
        self.assertEqual(len(questions), 5)
        by_type = {row["type"]: row for row in questions}
        self.assertEqual(by_type["Single choice"]["answered"], "2")
        self.assertEqual(by_type["Single choice"]["right"], "1")
        self.assertIn(
            "fraction-inverted (1)",
            by_type["Single choice"]["wrong choices' misconceptions"],
        )
        self.assertEqual(by_type["Short written answer"]["awaiting grading"], "2")

    def grade_written_answers(self, classroom: Classroom, quiz: Quiz) -> None:
        page = self.page
        page.get_by_role("link", name="grade now").click()
        self.wait_for_path(rf"/teach/classes/{classroom.pk}/quizzes/{quiz.pk}/grading/")
        items = page.locator("li.grading-item")
        self.assertEqual(items.count(), 2)
        rubric = self.picked["short"].current.answer["rubric"]
        self.shot("grading")
        # Points per criterion: 1 + 1 + 1 of 1 + 1 + 2 for ana, nothing for ben.
        self.assertEqual([r["points"] for r in rubric], [1, 1, 2])
        for name, points in (("ana", [1, 1, 1]), ("ben", [0, 0, 0])):
            item = page.locator("li.grading-item", has_text=name)
            self.assertIn(rubric[0]["criterion"], item.locator(".rubric").inner_text())
            for row, given in zip(rubric, points, strict=True):
                item.get_by_label(row["criterion"]).fill(str(given))
            item.get_by_label("Comment for the student").fill(
                "Good: you divided and compared ranges."
                if any(points)
                else "Check the arithmetic first."
            )
            item.get_by_role("button", name=re.compile("^Save the grade")).click()
            self.wait_for_path(
                rf"/teach/classes/{classroom.pk}/quizzes/{quiz.pk}/grading/"
            )
            self.assertIn(
                f"Graded {sum(points) * 100 // 4}% for {name}.",
                page.locator(".messages").inner_text(),
            )
        self.assertIn("Nothing to grade", page.locator("main").inner_text())
        self.shot("graded")

        page.get_by_role("link", name="Results").click()
        self.wait_for_path(rf"/teach/classes/{classroom.pk}/quizzes/{quiz.pk}/results/")
        self.shot("results-graded")
        total = sum(Decimal(str(r["points"])) for r in rubric)
        attempts = {
            a.student.username: a
            for a in Attempt.objects.filter(quiz=quiz).select_related("student")
        }
        self.assertEqual({a.state for a in attempts.values()}, {Attempt.State.GRADED})
        short = Response.objects.get(attempt=attempts["ana"], question__type="short")
        self.assertEqual(short.score, (Decimal(3) / total).quantize(short.score))
        # Four right answers and three quarters of the fifth, of five points.
        self.assertEqual(attempts["ana"].score, Decimal("0.95"))
        self.assertLess(attempts["ben"].score, Decimal("0.4"))
        students = page.locator("#students tbody tr")
        for name, attempt in attempts.items():
            text = students.filter(has_text=name).inner_text()
            self.assertIn("Submitted", text)
            self.assertIn(f"{attempt.score * 100:.0f}%", text)
            self.assertNotIn("so far", text)
        summary = page.get_by_role("list", name="Summary")
        self.assertEqual(
            summary.locator("li", has_text="with a final score").inner_text(),
            "2\nwith a final score",
        )
        self.assertEqual(
            summary.locator("li", has_text="awaiting grading").inner_text(),
            "0\nawaiting grading",
        )
