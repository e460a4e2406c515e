from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    AttributionHopFactory,
    FigureFactory,
    FindingFactory,
    LessonFactory,
    SkillFactory,
    SourceFactory,
    TeacherFactory,
)


class HomeTests(TestCase):
    def test_home_lists_published_lessons(self) -> None:
        """The home page links published lessons and hides drafts."""
        LessonFactory(title="Published lesson")
        LessonFactory(title="Draft lesson", status="draft")
        response = self.client.get(reverse("lessons:home"))
        self.assertContains(response, "Published lesson")
        self.assertNotContains(response, "Draft lesson")
        self.assertContains(response, 'href="#main"')  # the skip link
        self.assertContains(response, '<main id="main"')


class LessonListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.hedges = SkillFactory(slug="read-hedges", name="Read the hedges")
        cls.sources = SkillFactory(slug="who-says-so", name="Who says so?")
        LessonFactory(title="Hedged figures").skills.add(cls.hedges)
        LessonFactory(title="Named sources").skills.add(cls.sources)

    def test_filter_by_skill(self) -> None:
        """?skill= shows only the lessons that train that skill."""
        response = self.client.get(
            reverse("lessons:lesson-list"), {"skill": "read-hedges"}
        )
        self.assertContains(response, "Hedged figures")
        self.assertNotContains(response, "Named sources")
        self.assertContains(response, '<option value="read-hedges" selected>')

    def test_unfiltered_lists_all(self) -> None:
        """Without a filter every published lesson is listed."""
        response = self.client.get(reverse("lessons:lesson-list"))
        self.assertContains(response, "Hedged figures")
        self.assertContains(response, "Named sources")

    def test_unknown_skill_is_404(self) -> None:
        """An unknown skill slug is not found."""
        response = self.client.get(reverse("lessons:lesson-list"), {"skill": "nope"})
        self.assertEqual(response.status_code, 404)


class LessonDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.article = ArticleFactory()
        cls.figure = FigureFactory(article=cls.article, time_text="this year")
        AttributionHopFactory(figure=cls.figure, order=0)
        AttributionHopFactory(
            figure=cls.figure,
            order=1,
            speaker="a council official",
            source=SourceFactory(
                name="a council official", kind="government", named=False
            ),
        )
        cls.lesson = LessonFactory(
            body="Read the **hedges**.\n\n<script>alert(1)</script><a href='javascript:x'>x</a>"
        )
        cls.lesson.articles.add(cls.article)
        cls.lesson.findings.add(
            FindingFactory(article=cls.article, explanation="40 percent of *what*?")
        )

    def test_figures_are_marked_with_their_facts(self) -> None:
        """Each figure is a <mark> whose tooltip gives value, bound, time and source chain."""
        response = self.client.get(self.lesson.get_absolute_url())
        self.assertContains(response, '<mark class="figure">')
        self.assertContains(response, ">about $2 million</a>")
        self.assertContains(response, "2,000,000 dollars: about")
        self.assertContains(response, "time: this year")
        self.assertContains(response, "the mayor → a council official (unnamed)")
        self.assertContains(response, 'role="tooltip"')
        self.assertContains(response, f'aria-describedby="figure-{self.figure.pk}-tip"')

    def test_body_is_markdown_and_sanitised(self) -> None:
        """The body is rendered from Markdown with scripts and javascript: links removed."""
        response = self.client.get(self.lesson.get_absolute_url())
        self.assertContains(response, "<strong>hedges</strong>")
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "javascript:")

    def test_tables_scroll_in_their_own_container(self) -> None:
        """A table in the lesson body sits in its own horizontally scrolling, keyboard-reachable region."""
        lesson = LessonFactory(
            body="## Side by side\n\n| Article | Outlet |\n| --- | --- |\n| *A* | B |\n"
        )
        response = self.client.get(lesson.get_absolute_url())
        self.assertContains(
            response,
            '<div class="table-scroll" role="region" tabindex="0" aria-label="Table">'
            "<table>",
        )
        self.assertContains(response, "</table></div>")

    def test_findings_are_explained(self) -> None:
        """The lesson's findings are shown with their explanations."""
        response = self.client.get(self.lesson.get_absolute_url())
        self.assertContains(response, "What the checks found")
        self.assertContains(response, "40 percent of <em>what</em>?")

    def test_unknown_or_draft_lesson_is_404(self) -> None:
        """Unknown slugs and drafts are not found."""
        draft = LessonFactory(status="draft")
        for url in (
            reverse("lessons:lesson-detail", args=["nope"]),
            draft.get_absolute_url(),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class ArticleDetailTests(TestCase):
    def test_article_of_a_published_lesson(self) -> None:
        """An article used by a published lesson is shown with its figures marked."""
        article = ArticleFactory()
        FigureFactory(article=article)
        LessonFactory().articles.add(article)
        response = self.client.get(article.get_absolute_url())
        self.assertContains(response, '<mark class="figure">')

    def test_unpublished_article_is_404_except_for_teachers(self) -> None:
        """An article no published lesson uses is hidden from students, not from teachers."""
        article = ArticleFactory()
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)
        self.client.force_login(TeacherFactory())
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)

    def test_unknown_article_is_404(self) -> None:
        """An unknown key is not found."""
        url = reverse("lessons:article-detail", args=["nope"])
        self.assertEqual(self.client.get(url).status_code, 404)
