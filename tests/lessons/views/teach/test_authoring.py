"""The teacher's workspace, part 1: from an article to lessons and questions."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.models import Article, AttributionHop, Figure, Finding, Lesson, Question
from lessons.services.lessons_editing import edit_lesson
from tests.factories import (
    ArticleFactory,
    AttemptFactory,
    AttributionHopFactory,
    FigureFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
    ResponseFactory,
    SkillFactory,
    StaffFactory,
    TeacherFactory,
    UserFactory,
)
from tests.lessons.views.helpers import TYPES, make_question

from .forms_html import form_data

ARTICLE = (
    "Officials said at least 50,000 fighters were killed since 2014.\n\n"
    "About 25,000 remain, a senior official told the BBC. "
    "Another 6,000 died in 2015, the ministry said; 6,000 is a lot."
)


def _article(owner, text: str = ARTICLE, **fields) -> Article:
    return ArticleFactory(owner=owner, text=text, **fields)


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code < 400, (url, response.status_code)
    return len(queries)


# --- permissions -------------------------------------------------------------------


class PermissionTests(TestCase):
    """Only teachers (and staff) reach /teach/; each sees only their own drafts."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()
        cls.other = TeacherFactory()
        cls.student = UserFactory()
        cls.staff = StaffFactory()
        cls.article = _article(cls.teacher)
        cls.figure = FigureFactory(
            article=cls.article, exact="at least 50,000", reviewed=False
        )
        cls.draft = LessonFactory(author=cls.teacher, status="draft")
        cls.draft.articles.add(cls.article)
        cls.question = make_question("single", lesson=cls.draft)
        cls.question.author = cls.teacher
        cls.question.status = "draft"
        cls.question.save()

    def urls(self) -> list[str]:
        a, f, lesson, q = self.article.pk, self.figure.pk, self.draft.pk, self.question
        return [
            reverse("teach:article-review", args=[a]),
            reverse("teach:article-findings", args=[a]),
            reverse("teach:figure-add", args=[a]),
            reverse("teach:figure-edit", args=[f]),
            reverse("teach:figure-delete", args=[f]),
            reverse("teach:figure-attribution", args=[f]),
            reverse("teach:lesson-detail", args=[lesson]),
            reverse("teach:lesson-edit", args=[lesson]),
            reverse("teach:question-detail", args=[q.pk]),
            reverse("teach:question-edit", args=[q.pk]),
        ]

    def test_owner_and_staff_reach_every_page(self) -> None:
        """The owner and staff get each page."""
        general = [
            reverse("teach:dashboard"),
            reverse("teach:article-list"),
            reverse("teach:article-add"),
            reverse("teach:lesson-list"),
            reverse("teach:question-list"),
        ]
        for user in (self.teacher, self.staff):
            self.client.force_login(user)
            for url in general + self.urls():
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_anonymous_users_are_sent_to_sign_in(self) -> None:
        """Anonymous users are redirected to the login page, for pages and posts."""
        for url in [reverse("teach:dashboard"), *self.urls()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
        response = self.client.post(
            reverse("teach:figure-confirm", args=[self.figure.pk])
        )
        self.assertEqual(response.status_code, 302)
        self.assertIs(Figure.objects.get(pk=self.figure.pk).reviewed, False)

    def test_students_are_forbidden(self) -> None:
        """A signed-in student gets 403 everywhere, and a post changes nothing."""
        self.client.force_login(self.student)
        for url in [reverse("teach:dashboard"), *self.urls()]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(
            reverse("teach:figure-confirm", args=[self.figure.pk])
        )
        self.assertEqual(response.status_code, 403)
        self.assertIs(Figure.objects.get(pk=self.figure.pk).reviewed, False)

    def test_another_teachers_article_and_drafts_are_404(self) -> None:
        """Another teacher's articles, figures and drafts do not exist for them."""
        self.client.force_login(self.other)
        for url in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        posts = [
            reverse("teach:figure-confirm", args=[self.figure.pk]),
            reverse("teach:figure-delete", args=[self.figure.pk]),
            reverse("teach:article-analyse", args=[self.article.pk]),
            reverse("teach:article-generate", args=[self.article.pk]),
            reverse("teach:lesson-publish", args=[self.draft.pk]),
            reverse("teach:question-publish", args=[self.question.pk]),
            reverse("teach:question-regrade", args=[self.question.pk]),
        ]
        for url in posts:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Figure.objects.filter(pk=self.figure.pk).exists())
        self.assertEqual(Lesson.objects.get(pk=self.draft.pk).status, "draft")

    def test_published_work_of_another_teacher_is_readable_not_editable(self) -> None:
        """Shared (published) lessons and questions can be read, not changed."""
        lesson = LessonFactory(author=self.other, status="published")
        question = make_question("numeric", lesson=lesson)
        question.author = self.other
        question.save()
        self.client.force_login(self.teacher)
        self.assertEqual(
            self.client.get(
                reverse("teach:lesson-detail", args=[lesson.pk])
            ).status_code,
            200,
        )
        page = self.client.get(reverse("teach:question-detail", args=[question.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("teach:question-edit", args=[question.pk]))
        for url in (
            reverse("teach:lesson-edit", args=[lesson.pk]),
            reverse("teach:question-edit", args=[question.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
                self.assertEqual(self.client.post(url, {"title": "x"}).status_code, 403)
        self.assertEqual(
            Question.objects.get(pk=question.pk).current_id, question.current_id
        )

    def test_teach_link_shows_for_teachers_only(self) -> None:
        """The site navigation links to /teach/ for teachers and staff only."""
        dashboard = reverse("teach:dashboard")
        self.client.force_login(self.student)
        self.assertNotContains(self.client.get(reverse("lessons:home")), dashboard)
        self.client.force_login(self.teacher)
        self.assertContains(self.client.get(reverse("lessons:home")), dashboard)
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(reverse("lessons:home")), dashboard)

    def test_teach_link_costs_no_query_of_its_own(self) -> None:
        """The role comes with the session's user: a student's home page makes the
        anonymous page's queries plus the one that loads the user, and so does a
        teacher's, which shows the link."""
        home = reverse("lessons:home")
        self.client.get(home)
        with CaptureQueriesContext(connection) as anonymous:
            self.client.get(home)
        for user in (self.student, self.teacher):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.client.get(home)
                with CaptureQueriesContext(connection) as signed_in:
                    self.client.get(home)
                self.assertEqual(len(signed_in), len(anonymous) + 1)


# --- dashboard and articles ----------------------------------------------------------


class DashboardTests(TestCase):
    def test_lists_own_articles_and_drafts_only(self) -> None:
        """The dashboard lists the teacher's articles and draft lessons, not others'."""
        teacher, other = TeacherFactory(), TeacherFactory()
        mine = _article(teacher, headline="Mine to review")
        _article(other, headline="Someone else's")
        LessonFactory(author=teacher, status="draft", title="My draft lesson")
        LessonFactory(author=other, status="draft", title="Their draft lesson")
        self.client.force_login(teacher)
        page = self.client.get(reverse("teach:dashboard"))
        self.assertContains(page, "Mine to review")
        self.assertContains(page, reverse("teach:article-review", args=[mine.pk]))
        self.assertContains(page, "My draft lesson")
        self.assertNotContains(page, "Someone else")
        self.assertNotContains(page, "Their draft lesson")


class ArticleListTests(TestCase):
    def test_lists_own_articles_with_figures_to_review(self) -> None:
        """The list shows the teacher's articles and how many figures await review."""
        teacher = TeacherFactory()
        article = _article(teacher, headline="Counting the dead")
        FigureFactory(article=article, exact="at least 50,000", reviewed=False)
        _article(TeacherFactory(), headline="Not mine")
        self.client.force_login(teacher)
        page = self.client.get(reverse("teach:article-list"))
        self.assertContains(page, "Counting the dead")
        self.assertNotContains(page, "Not mine")
        self.assertContains(
            page, '<span class="status status--todo">1</span>', html=True
        )


class ArticleAddTests(TestCase):
    """Adding an article runs the extractor; bad input adds nothing."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)
        self.url = reverse("teach:article-add")
        self.fields = {
            "headline": "Fighters killed",
            "outlet": "BBC News",
            "published": "2015-12-01",
            "published_inferred": "on",
            "url": "https://example.com/story",
        }

    def test_pasted_text_is_imported_with_figures(self) -> None:
        """A pasted article is stored as the teacher's, with extracted figures."""
        response = self.client.post(self.url, self.fields | {"text": ARTICLE})
        article = Article.objects.get()
        self.assertRedirects(
            response, reverse("teach:article-review", args=[article.pk])
        )
        self.assertEqual(article.owner, self.teacher)
        self.assertEqual(article.text, ARTICLE)
        self.assertIs(article.published_inferred, True)
        self.assertEqual(article.outlet.name, "BBC News")
        self.assertTrue(article.figures.exists())
        self.assertFalse(article.figures.filter(reviewed=True).exists())

    def test_pasted_line_ends_are_normalised(self) -> None:
        """Browsers post CRLF; the stored text has LF, as the page's text areas do."""
        self.client.post(
            self.url, self.fields | {"text": ARTICLE.replace("\n", "\r\n")}
        )
        self.assertEqual(Article.objects.get().text, ARTICLE)

    def test_utf8_file_upload(self) -> None:
        """A UTF-8 .txt upload (with or without a BOM) is imported as its text."""
        text = (
            "Café owners said about 1,200 jobs were lost — “a conservative estimate”."
        )
        upload = SimpleUploadedFile(
            "story.txt", ("\ufeff" + text).encode(), content_type="text/plain"
        )
        response = self.client.post(self.url, self.fields | {"file": upload})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Article.objects.get().text, text)

    def test_bad_input_is_refused_and_nothing_is_added(self) -> None:
        """Non-UTF-8, non-.txt, both or neither text sources, missing fields: 400."""
        latin1 = SimpleUploadedFile("story.txt", "Café 50 000".encode("latin-1"))
        cases = [
            ({"file": latin1}, "not UTF-8"),
            ({"file": SimpleUploadedFile("story.pdf", b"%PDF-1.4")}, ".txt"),
            (
                {"text": ARTICLE, "file": SimpleUploadedFile("a.txt", b"Some 5 text")},
                "not both",
            ),
            ({"text": "   "}, "Paste the article"),
            ({"text": ARTICLE, "headline": ""}, "This field is required"),
            ({"text": ARTICLE, "url": "not a url"}, "Enter a valid URL"),
            ({"text": "bin\x00ary 5"}, "Null characters"),
            ({"file": SimpleUploadedFile("nul.txt", b"bin\x00ary 5")}, "NUL character"),
        ]
        for extra, message in cases:
            with self.subTest(message=message):
                response = self.client.post(self.url, self.fields | extra)
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "data-error-summary", status_code=400)
        self.assertFalse(Article.objects.exists())

    @override_settings(TALLY_MAX_ARTICLE_CHARS=40)
    def test_oversize_text_and_file_are_refused(self) -> None:
        """Text over the limit is refused, pasted or uploaded (and a huge file by size)."""
        response = self.client.post(self.url, self.fields | {"text": ARTICLE})
        self.assertContains(response, "the limit is 40", status_code=400)
        big = SimpleUploadedFile("big.txt", b"5 " * 200)
        response = self.client.post(self.url, self.fields | {"file": big})
        self.assertContains(response, "the limit is 160", status_code=400)
        self.assertFalse(Article.objects.exists())


# --- the review page ----------------------------------------------------------------


def _numbered_article(owner, figures: int) -> Article:
    """An article with ``figures`` numbers, each a figure with one source hop."""
    text = " ".join(f"Item {n} cost about {n + 100} dollars." for n in range(figures))
    article = _article(owner, text=text, key=f"numbers-{figures}")
    for n in range(figures):
        figure = FigureFactory(
            article=article,
            exact=f"about {n + 100} dollars",
            reviewed=n % 2 == 0,
        )
        AttributionHopFactory(figure=figure, order=0)
    return article


class ArticleReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)

    def test_figures_are_marked_on_the_text(self) -> None:
        """Each figure is a mark linking to its row with confirm, edit and delete."""
        article = _article(self.teacher)
        figure = FigureFactory(article=article, exact="at least 50,000", reviewed=False)
        page = self.client.get(reverse("teach:article-review", args=[article.pk]))
        self.assertContains(page, f'href="#figure-row-{figure.pk}"')
        self.assertContains(page, "figure--unreviewed")
        self.assertContains(page, reverse("teach:figure-confirm", args=[figure.pk]))
        self.assertContains(page, reverse("teach:figure-edit", args=[figure.pk]))
        self.assertContains(page, reverse("teach:figure-delete", args=[figure.pk]))
        self.assertContains(page, reverse("teach:figure-attribution", args=[figure.pk]))
        self.assertContains(page, f'data-length="{len(article.text)}"')

    def test_queries_do_not_grow_with_figures(self) -> None:
        """5 or 50 figures: the review page makes the same number of queries."""
        small = _numbered_article(self.teacher, 5)
        large = _numbered_article(self.teacher, 50)
        url = lambda a: reverse("teach:article-review", args=[a.pk])  # noqa: E731
        self.client.get(url(small))  # warm caches
        counts = [_count(self.client, "get", url(a)) for a in (small, large)]
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[0], 9)


# --- figures --------------------------------------------------------------------------


class FigureTests(TestCase):
    """Confirm, correct, delete and add figures; bad input changes nothing."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)
        self.article = _article(self.teacher)
        self.figure = FigureFactory(
            article=self.article,
            exact="at least 50,000",
            low=Decimal(50000),
            high=None,
            bound="at_least",
            kind="count",
            unit="",
            quantity="fighters killed",
            reviewed=False,
        )

    def values(self, **changes) -> dict:
        page = self.client.get(reverse("teach:figure-edit", args=[self.figure.pk]))
        return form_data(page.content.decode(), containing="bound") | changes

    def test_confirm(self) -> None:
        """Confirming marks the figure reviewed and returns to its row."""
        url = reverse("teach:figure-confirm", args=[self.figure.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url)
        self.assertRedirects(
            response,
            reverse("teach:article-review", args=[self.article.pk])
            + f"#figure-row-{self.figure.pk}",
            fetch_redirect_response=False,
        )
        self.assertIs(Figure.objects.get(pk=self.figure.pk).reviewed, True)

    def test_edit_corrects_values(self) -> None:
        """Saving the form applies the changed values and marks the figure reviewed."""
        response = self.client.post(
            reverse("teach:figure-edit", args=[self.figure.pk]),
            self.values(
                low="45,000", quantity="fighters killed in Iraq", method="estimate"
            ),
        )
        self.assertEqual(response.status_code, 302)
        figure = Figure.objects.get(pk=self.figure.pk)
        self.assertEqual(figure.low, Decimal(45000))
        self.assertEqual(figure.quantity, "fighters killed in Iraq")
        self.assertEqual(figure.method, "estimate")
        self.assertIs(figure.reviewed, True)

    def test_edit_refuses_unsound_values(self) -> None:
        """A range without a high end, a non-number, reversed dates: 400, unchanged."""
        cases = [
            ({"bound": "range", "high": ""}, "A range needs a low and a high end"),
            ({"low": "lots"}, "is not a number"),
            ({"low": "", "high": ""}, "Give the figure"),
            ({"low": "10", "high": "5"}, "below the low end"),
            (
                {"time_start": "2015-05-01", "time_end": "2015-01-01"},
                "end date is before",
            ),
        ]
        url = reverse("teach:figure-edit", args=[self.figure.pk])
        for changes, message in cases:
            with self.subTest(message=message):
                response = self.client.post(url, self.values(**changes))
                self.assertContains(response, message, status_code=400)
        figure = Figure.objects.get(pk=self.figure.pk)
        self.assertEqual((figure.low, figure.bound), (Decimal(50000), "at_least"))
        self.assertIs(figure.reviewed, False)

    def test_value_fields_say_one_of_them_is_required(self) -> None:
        """The value and the high end are one required group, not two optional fields.

        Their fieldset says one of them is required and how to fill them; when
        both are empty the error sits at the value, both inputs are marked
        invalid, and the summary links to the value.
        """
        url = reverse("teach:figure-edit", args=[self.figure.pk])
        page = self.client.get(url).content.decode()
        self.assertIn("Value (one of these is required)", page)
        low_label = page.split('<label for="id_low">', 1)[1].split("</label>", 1)[0]
        high_label = page.split('<label for="id_high">', 1)[1].split("</label>", 1)[0]
        self.assertNotIn("optional", low_label)
        self.assertNotIn("optional", high_label)
        self.assertIn('aria-describedby="value-help', page)

        response = self.client.post(url, self.values(low="", high=""))
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn('<a href="#id_low">', page)
        for name in ("low", "high"):
            tag = page.split(f'id="id_{name}"', 1)[0].rsplit("<input", 1)[1]
            tag += page.split(f'id="id_{name}"', 1)[1].split(">", 1)[0]
            with self.subTest(field=name):
                self.assertIn('aria-invalid="true"', tag)
                self.assertIn("id_low_error", tag)

    def test_figure_pages_quote_whole_words_in_context(self) -> None:
        """Edit, delete and source-chain pages quote the figure among whole words."""
        text = (
            "The regional council said on Monday that the fire service was "
            "stretched thin across the valley. A handful of farms lost their "
            "entire herds to the flood waters that swept the lowlands this spring."
        )
        article = _article(self.teacher, text=text)
        figure = FigureFactory(article=article, exact="A handful", low=Decimal(3))
        for name in ("figure-edit", "figure-delete", "figure-attribution"):
            with self.subTest(page=name):
                page = self.client.get(reverse(f"teach:{name}", args=[figure.pk]))
                quote = page.content.decode().split('<blockquote class="in-context">')
                quote = quote[1].split("</blockquote>")[0]
                shown = quote.replace('<mark class="figure">', "").replace(
                    "</mark>", ""
                )
                self.assertTrue(shown.startswith("…") and shown.endswith("…"), shown)
                shown = shown.strip("…")
                at = text.index(shown)
                self.assertTrue(at == 0 or text[at - 1] == " ", shown)
                self.assertEqual(text[at + len(shown)], " ", shown)
                self.assertIn("the fire service", shown)

    def test_review_page_reads_values_as_the_engine_writes_them(self) -> None:
        """A fraction reads "one-third", not "0.333333", with its hedge."""
        text = "About a third of the district was flooded, officials said."
        article = _article(self.teacher, text=text)
        FigureFactory(
            article=article,
            exact="About a third",
            low=Decimal("0.333333"),
            high=Decimal("0.333333"),
            bound="approx",
            kind="fraction",
            unit="",
        )
        page = self.client.get(reverse("teach:article-review", args=[article.pk]))
        self.assertContains(page, "about one-third")
        self.assertNotContains(page, "0.333333")

    def test_delete_asks_then_deletes(self) -> None:
        """GET asks for confirmation; POST deletes the figure."""
        url = reverse("teach:figure-delete", args=[self.figure.pk])
        self.assertContains(self.client.get(url), "Delete the figure")
        self.assertTrue(Figure.objects.filter(pk=self.figure.pk).exists())
        response = self.client.post(url)
        self.assertRedirects(
            response, reverse("teach:article-review", args=[self.article.pk])
        )
        self.assertFalse(Figure.objects.filter(pk=self.figure.pk).exists())

    def add_post(self, **span) -> dict:
        return {
            "add-low": "25,000",
            "add-bound": "approx",
            "add-kind": "count",
            "add-method": "estimate",
            "add-quantity": "fighters remaining",
            "add-occurrence": "1",
        } | {f"add-{k}": v for k, v in span.items()}

    def test_add_by_selection_offsets(self) -> None:
        """Offsets from a selection (code points) add a reviewed figure there."""
        start = ARTICLE.index("About 25,000")
        url = reverse("teach:figure-add", args=[self.article.pk])
        response = self.client.post(
            url,
            self.add_post(start=start, end=start + 12, quote="About 25,000"),
        )
        self.assertEqual(response.status_code, 302)
        figure = Figure.objects.get(article=self.article, exact="About 25,000")
        self.assertEqual((figure.start, figure.end), (start, start + 12))
        self.assertEqual(figure.low, Decimal(25000))
        self.assertIs(figure.reviewed, True)

    def test_add_by_quote_and_occurrence(self) -> None:
        """Without the script, the quote and its occurrence find the span."""
        url = reverse("teach:figure-add", args=[self.article.pk])
        response = self.client.post(
            url, self.add_post(quote="6,000", occurrence="2", **{"low": "6000"})
        )
        self.assertEqual(response.status_code, 302)
        second = ARTICLE.index("6,000", ARTICLE.index("6,000") + 1)
        self.assertTrue(
            Figure.objects.filter(article=self.article, start=second).exists()
        )

    def test_offsets_count_code_points(self) -> None:
        """A text with characters outside the BMP: offsets are code points."""
        text = "😀 Rebels 😀 said about 700 square kilometers were taken."
        article = _article(self.teacher, text=text, key="emoji")
        start = text.index("about 700")
        response = self.client.post(
            reverse("teach:figure-add", args=[article.pk]),
            self.add_post(start=start, end=start + 9, quote="about 700", low="700"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Figure.objects.get(article=article).exact, "about 700")

    def test_add_refuses_bad_selections(self) -> None:
        """Off the text, mismatched, unknown quote, missing occurrence, overlap: 400."""
        url = reverse("teach:figure-add", args=[self.article.pk])
        n = len(ARTICLE)
        cases = [
            ({"start": n - 2, "end": n + 5}, "not a stretch of the article"),
            ({"start": 0, "end": 4, "quote": "Nope"}, "does not match"),
            ({"quote": "1,000,000"}, "does not occur"),
            ({"quote": "6,000", "occurrence": "3"}, "occurs only 2 time"),
            ({"quote": ""}, "Select the words"),
            ({"quote": "at least 50,000"}, "overlaps a figure"),
        ]
        for span, message in cases:
            with self.subTest(message=message):
                response = self.client.post(url, self.add_post(**span))
                self.assertContains(response, message, status_code=400)
        self.assertEqual(self.article.figures.count(), 1)

    def test_attribution_is_set_hop_by_hop(self) -> None:
        """The formset saves the chain in order, with a span found by its quote."""
        url = reverse("teach:figure-attribution", args=[self.figure.pk])
        data = form_data(
            self.client.get(url).content.decode(), containing="hops-TOTAL_FORMS"
        )
        data |= {
            "hops-0-speaker": "the BBC",
            "hops-0-kind": "outlet",
            "hops-0-named": "on",
            "hops-0-ORDER": "2",
            "hops-0-quote": "the BBC",
        }
        data = {**data, "hops-TOTAL_FORMS": "2"}
        data |= {
            "hops-1-speaker": "a senior official",
            "hops-1-kind": "government",
            "hops-1-ORDER": "1",
            "hops-1-occurrence": "1",
        }
        data.pop("hops-1-named", None)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        hops = list(AttributionHop.objects.filter(figure=self.figure).order_by("order"))
        self.assertEqual([h.speaker for h in hops], ["a senior official", "the BBC"])
        self.assertIs(hops[0].source.named, False)
        self.assertEqual(hops[1].span.exact, "the BBC")

    def test_attribution_add_row_and_bad_input(self) -> None:
        """'Add another link' adds a blank row unsaved; a bad span saves nothing."""
        AttributionHopFactory(figure=self.figure, order=0)
        url = reverse("teach:figure-attribution", args=[self.figure.pk])
        data = form_data(
            self.client.get(url).content.decode(), containing="hops-TOTAL_FORMS"
        )
        more = self.client.post(url, data | {"more": "hops"})
        self.assertEqual(more.status_code, 200)
        self.assertContains(more, 'name="hops-2-speaker"')
        response = self.client.post(url, data | {"hops-0-quote": "not in the text"})
        self.assertContains(response, "does not occur", status_code=400)
        self.assertEqual(
            list(self.figure.hops.values_list("speaker", flat=True)), ["the mayor"]
        )


# --- checks and generation -------------------------------------------------------------


class AnalysisAndGenerationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)
        self.client.post(
            reverse("teach:article-add"),
            {"headline": "Fighters", "outlet": "BBC", "text": ARTICLE},
        )
        self.article = Article.objects.get()

    def test_run_checks_then_read_findings(self) -> None:
        """Running the checks stores findings; the findings page lists them."""
        response = self.client.post(
            reverse("teach:article-analyse", args=[self.article.pk])
        )
        self.assertRedirects(
            response, reverse("teach:article-findings", args=[self.article.pk])
        )
        page = self.client.get(
            reverse("teach:article-findings", args=[self.article.pk])
        )
        for finding in Finding.objects.filter(article=self.article):
            self.assertContains(page, finding.get_verdict_display().capitalize())
        self.assertEqual(
            self.client.get(
                reverse("teach:article-analyse", args=[self.article.pk])
            ).status_code,
            405,
        )

    def test_generate_makes_the_teachers_drafts(self) -> None:
        """Generated lessons and questions are drafts authored by the teacher."""
        response = self.client.post(
            reverse("teach:article-generate", args=[self.article.pk])
        )
        self.assertRedirects(
            response, reverse("teach:lesson-list") + f"?article={self.article.pk}"
        )
        lessons = Lesson.objects.filter(articles=self.article)
        self.assertTrue(lessons.exists())
        self.assertEqual(
            set(lessons.values_list("author", flat=True)), {self.teacher.pk}
        )
        self.assertEqual(set(lessons.values_list("status", flat=True)), {"draft"})
        page = self.client.get(response["Location"])
        for lesson in lessons:
            self.assertContains(page, lesson.title)


# --- lessons ------------------------------------------------------------------------------


class LessonTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()
        cls.other = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)
        self.lesson = LessonFactory(
            author=self.teacher, status="draft", title="Reading hedges", body="Old"
        )

    def test_list_shows_own_and_shared_not_others_drafts(self) -> None:
        """Own drafts and published lessons are listed; another's draft is not."""
        LessonFactory(author=self.other, status="published", title="Shared lesson")
        LessonFactory(author=self.other, status="draft", title="Their secret draft")
        page = self.client.get(reverse("teach:lesson-list"))
        self.assertContains(page, "Reading hedges")
        self.assertContains(page, "Shared lesson")
        self.assertNotContains(page, "Their secret draft")
        mine = self.client.get(reverse("teach:lesson-list") + "?mine=1")
        self.assertNotContains(mine, "Shared lesson")

    def test_list_queries_do_not_grow(self) -> None:
        """10 or 100 lessons' worth of questions: the same number of queries."""
        url = reverse("teach:lesson-list")
        skill = SkillFactory()
        for _n in range(10):
            make_question("single", lesson=self.lesson, skill=skill)
        self.client.get(url)
        small = _count(self.client, "get", url)
        for _n in range(90):
            lesson = LessonFactory(author=self.teacher, status="draft")
            lesson.skills.add(skill)
            make_question("single", lesson=lesson, skill=skill)
        self.assertEqual(_count(self.client, "get", url), small)

    def test_detail_lists_questions_and_quizzes(self) -> None:
        """The lesson page shows its body, questions and quizzes with publish buttons."""
        question = make_question("ordering", lesson=self.lesson)
        question.author, question.status = self.teacher, "draft"
        question.save()
        quiz = QuizFactory(lesson=self.lesson, author=self.teacher, status="draft")
        page = self.client.get(reverse("teach:lesson-detail", args=[self.lesson.pk]))
        self.assertContains(page, reverse("teach:question-edit", args=[question.pk]))
        self.assertContains(
            page, reverse("teach:lesson-publish", args=[self.lesson.pk])
        )
        self.assertContains(
            page, reverse("teach:lesson-quiz-publish", args=[self.lesson.pk, quiz.pk])
        )

    def test_edit_saves_and_marks_edited(self) -> None:
        """Saving stores the text, marks the lesson edited and bumps its version."""
        response = self.client.post(
            reverse("teach:lesson-edit", args=[self.lesson.pk]),
            {
                "title": "Hedges",
                "summary": "About hedges.",
                "body": "# New\r\n\r\nText",
            },
        )
        self.assertRedirects(
            response, reverse("teach:lesson-detail", args=[self.lesson.pk])
        )
        lesson = Lesson.objects.get(pk=self.lesson.pk)
        self.assertEqual((lesson.title, lesson.body), ("Hedges", "# New\n\nText"))
        self.assertIs(lesson.edited, True)
        self.assertEqual(lesson.version, 2)

    def test_preview_renders_without_saving(self) -> None:
        """Preview shows the sanitised Markdown and saves nothing."""
        response = self.client.post(
            reverse("teach:lesson-edit", args=[self.lesson.pk]),
            {
                "title": "Hedges",
                "body": "**bold** <script>alert(1)</script>",
                "preview": "1",
            },
        )
        self.assertContains(response, "<strong>bold</strong>")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertEqual(Lesson.objects.get(pk=self.lesson.pk).body, "Old")

    def test_edit_refuses_empty_title_or_body(self) -> None:
        """An empty title or body: 400 and nothing changes."""
        url = reverse("teach:lesson-edit", args=[self.lesson.pk])
        for data in ({"title": "", "body": "x"}, {"title": "T", "body": "  "}):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(url, data).status_code, 400)
        self.assertEqual(Lesson.objects.get(pk=self.lesson.pk).title, "Reading hedges")

    def test_publish_lesson_and_quiz(self) -> None:
        """Publishing the lesson and its quiz (which publishes its questions)."""
        question = make_question("single", lesson=self.lesson)
        question.author, question.status = self.teacher, "draft"
        question.save()
        quiz = QuizFactory(lesson=self.lesson, author=self.teacher, status="draft")
        QuizItemFactory(quiz=quiz, question=question, position=1)
        empty = QuizFactory(lesson=self.lesson, author=self.teacher, status="draft")
        self.client.post(reverse("teach:lesson-publish", args=[self.lesson.pk]))
        self.client.post(
            reverse("teach:lesson-quiz-publish", args=[self.lesson.pk, quiz.pk])
        )
        response = self.client.post(
            reverse("teach:lesson-quiz-publish", args=[self.lesson.pk, empty.pk]),
            follow=True,
        )
        self.assertContains(response, "no questions yet")
        self.assertEqual(Lesson.objects.get(pk=self.lesson.pk).status, "published")
        self.assertEqual(Question.objects.get(pk=question.pk).status, "published")
        empty.refresh_from_db()
        self.assertEqual(empty.status, "draft")


class SharedLessonQuizTests(TestCase):
    """A generated lesson is shared (any teacher may edit it); its generated quiz
    is not: only staff publish or change it, on the web as over the API."""

    def test_a_teacher_cannot_publish_a_generated_quiz(self) -> None:
        teacher = TeacherFactory()
        lesson = LessonFactory(generated=True)
        quiz = QuizFactory(lesson=lesson, generated=True, status="published")
        self.client.force_login(teacher)
        page = self.client.get(reverse("teach:lesson-detail", args=[lesson.pk]))
        publish = reverse("teach:lesson-quiz-publish", args=[lesson.pk, quiz.pk])
        self.assertContains(page, quiz.title)
        self.assertNotContains(page, publish)
        self.assertEqual(self.client.post(publish).status_code, 403)


class EditLessonServiceTests(TestCase):
    def test_unchanged_edit_writes_nothing(self) -> None:
        """Saving the same words keeps the version and the edited flag."""
        lesson = LessonFactory(title="T", summary="S", body="B")
        edit_lesson(lesson=lesson, title="T", summary="S", body="B")
        lesson.refresh_from_db()
        self.assertEqual((lesson.version, lesson.edited), (1, False))


# --- questions ------------------------------------------------------------------------------


class QuestionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()

    def setUp(self) -> None:
        self.client.force_login(self.teacher)
        self.article = _article(
            self.teacher,
            text=(
                "City Spends $2 Million on Parks\n\nThe council spent about $2 million, "
                "more than 40 percent of its leisure budget, according to the mayor."
            ),
        )
        self.lesson = LessonFactory(author=self.teacher, status="draft")
        self.lesson.articles.add(self.article)

    def question(self, qtype: str) -> Question:
        question = make_question(qtype, lesson=self.lesson, article=self.article)
        question.author, question.status = self.teacher, "draft"
        question.save()
        return question

    def edit_data(self, question: Question, **changes) -> dict:
        page = self.client.get(reverse("teach:question-edit", args=[question.pk]))
        self.assertEqual(page.status_code, 200)
        return form_data(page.content.decode(), containing="stem") | changes

    def test_list_queries_do_not_grow(self) -> None:
        """10 or 100 questions: the question list makes the same number of queries."""
        url = reverse("teach:question-list")
        for n in range(10):
            self.question(TYPES[n % len(TYPES)])
        self.client.get(url)
        small = _count(self.client, "get", url)
        for n in range(90):
            self.question(TYPES[n % len(TYPES)])
        self.assertEqual(_count(self.client, "get", url), small)
        lesson_url = reverse("teach:lesson-detail", args=[self.lesson.pk])
        self.assertGreater(_count(self.client, "get", lesson_url), 0)

    def test_preview_shows_no_key_to_the_student_part(self) -> None:
        """The student preview holds no key material; the teacher's key follows."""
        for qtype in TYPES:
            with self.subTest(qtype=qtype):
                question = self.question(qtype)
                html = self.client.get(
                    reverse("teach:question-detail", args=[question.pk])
                ).content.decode()
                student = html[
                    html.index('id="student-preview"') : html.index('id="key-title"')
                ]
                self.assertNotIn("SECRET", student)
                self.assertNotIn("48213.5", student)
                self.assertIn(
                    "SECRET-EXPLANATION", html[html.index('id="key-title"') :]
                )

    def test_unchanged_save_of_every_type_keeps_the_version(self) -> None:
        """Posting each editor as rendered validates and adds no version."""
        for qtype in TYPES:
            with self.subTest(qtype=qtype):
                question = self.question(qtype)
                before = question.versions.count()
                response = self.client.post(
                    reverse("teach:question-edit", args=[question.pk]),
                    self.edit_data(question),
                )
                self.assertEqual(response.status_code, 302, response.content[:3000])
                self.assertEqual(question.versions.count(), before)

    def test_edit_each_type_makes_a_new_version(self) -> None:
        """A changed key of each type is saved as the next version."""
        changes = {
            "single": {"choices-0-correct": "on", "choices-1-correct": ""},
            "multiple": {"options-partial": ""},
            "numeric": {
                "numeric-mode": "range",
                "numeric-low": "10",
                "numeric-high": "20",
            },
            "evidence": {"evidence-quote": "according to the mayor"},
            "ordering": {"items-0-position": "1", "items-2-position": "2"},
            "chain": {"pool-0-link": "4"},
            "short": {"rubric-0-points": "3", "short-model_answer": "Hedged."},
        }
        for qtype, change in changes.items():
            with self.subTest(qtype=qtype):
                question = self.question(qtype)
                data = self.edit_data(question, stem="A new stem", **change)
                data = {k: v for k, v in data.items() if v != ""}
                response = self.client.post(
                    reverse("teach:question-edit", args=[question.pk]), data
                )
                self.assertEqual(response.status_code, 302, response.content[:4000])
                question.refresh_from_db()
                self.assertEqual(question.current.number, 3)
                self.assertEqual(question.current.stem, "A new stem")
                self.assertIs(question.edited, True)
        self.assertEqual(
            Question.objects.get(type="single").current.answer["choices"][0]["correct"],
            True,
        )
        numeric = Question.objects.get(type="numeric").current.answer
        self.assertEqual((numeric["low"], numeric["high"]), ("10", "20"))
        evidence = Question.objects.get(type="evidence").current.answer["accepted"]
        self.assertEqual(len(evidence), 2)
        start = self.article.text.index("according to the mayor")
        self.assertEqual(evidence[1]["start"], start)

    def test_add_and_remove_choices(self) -> None:
        """'Add another choice' adds a row unsaved; a new row and a deletion save."""
        question = self.question("multiple")
        url = reverse("teach:question-edit", args=[question.pk])
        data = self.edit_data(question)
        more = self.client.post(url, data | {"more": "choices"})
        self.assertContains(more, 'name="choices-4-text"')
        self.assertEqual(
            Question.objects.get(pk=question.pk).current_id, question.current_id
        )
        data |= {
            "choices-3-text": "The parks department",
            "choices-3-correct": "on",
            "choices-3-feedback": "Yes: it spends it.",
            "choices-2-DELETE": "on",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        question.refresh_from_db()
        choices = question.current.answer["choices"]
        self.assertEqual(
            [c["text"] for c in choices],
            ["The council", "The mayor", "The parks department"],
        )
        self.assertEqual(len({c["key"] for c in choices}), 3)

    def test_unsound_keys_are_refused(self) -> None:
        """Two right answers to a single choice, no number, a bad span: 400, unchanged."""
        cases = [
            ("single", {"choices-0-correct": "on"}, "exactly one correct choice"),
            ("numeric", {"numeric-value": ""}, "Give the number"),
            ("evidence", {"accepted": "nope"}, "could not be read"),
            ("evidence", {"evidence-quote": "not in it"}, "does not occur"),
            ("ordering", {"items-0-position": "4"}, "different correct position"),
            (
                "chain",
                {
                    "pool-0-link": "",
                    "pool-1-link": "",
                    "pool-2-link": "",
                    "pool-3-link": "",
                    "pool-4-link": "",
                },
                "non-empty list",
            ),
            ("short", {"rubric-0-points": "0"}, "must be positive"),
            ("single", {"stem": "   "}, "stem"),
        ]
        for qtype, change, message in cases:
            with self.subTest(qtype=qtype, message=message):
                question = self.question(qtype)
                before = question.current_id
                response = self.client.post(
                    reverse("teach:question-edit", args=[question.pk]),
                    self.edit_data(question, **change),
                )
                self.assertContains(response, message, status_code=400)
                question.refresh_from_db()
                self.assertEqual(question.current_id, before)

    def test_publish_question(self) -> None:
        """Publishing a draft question."""
        question = self.question("short")
        self.client.post(reverse("teach:question-publish", args=[question.pk]))
        self.assertEqual(Question.objects.get(pk=question.pk).status, "published")

    def test_regrade_after_fixing_a_key(self) -> None:
        """Responses to an older version offer a regrade that rescores them."""
        question = QuestionFactory(author=self.teacher, lesson=self.lesson)
        quiz = QuizFactory()
        QuizItemFactory(quiz=quiz, question=question, position=1)
        attempt = AttemptFactory(quiz=quiz)
        response = ResponseFactory(attempt=attempt, question=question, answer="b")
        data = self.edit_data(
            question, **{"choices-0-correct": "on", "choices-1-correct": ""}
        )
        data = {k: v for k, v in data.items() if v != ""}
        saved = self.client.post(
            reverse("teach:question-edit", args=[question.pk]), data, follow=True
        )
        self.assertContains(saved, "Regrade 1 response")
        self.client.post(reverse("teach:question-regrade", args=[question.pk]))
        response.refresh_from_db()
        question.refresh_from_db()
        self.assertEqual(response.version_id, question.current_id)
        self.assertEqual(response.score, Decimal(0))
        page = self.client.get(reverse("teach:question-detail", args=[question.pk]))
        self.assertNotContains(
            page, reverse("teach:question-regrade", args=[question.pk])
        )
