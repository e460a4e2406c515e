"""Cached content HTML (lessons/fragments.py) is never stale and never personal,
and the hand-written reads (lessons/rows.py) give what the ORM gives."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.admin import AdminSite
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons import selectors
from lessons.admin import ArticleAdmin, SkillAdmin, SourceAdmin
from lessons.models import Attempt, Question, Response
from lessons.roles import is_teacher
from lessons.services.attempts import save_answer, start_attempt
from tests.factories import (
    ArticleFactory,
    AttributionHopFactory,
    FigureFactory,
    FindingFactory,
    LessonFactory,
    QuizFactory,
    SkillFactory,
    TeacherFactory,
    UserFactory,
)
from tests.lessons.views.helpers import make_quiz, post_init_seen


class LessonPageCacheTests(TestCase):
    fragment_cache = True

    def setUp(self) -> None:
        cache.clear()
        self.article = ArticleFactory()
        self.figure = FigureFactory(article=self.article, quantity="spent on parks")
        AttributionHopFactory(figure=self.figure, order=0)
        self.lesson = LessonFactory(title="Hedges in the budget")
        self.lesson.articles.add(self.article)
        self.url = self.lesson.get_absolute_url()

    def test_second_view_is_one_query_and_the_same_page(self) -> None:
        first = self.client.get(self.url)
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(self.url)
        self.assertEqual(len(queries), 1)
        self.assertEqual(first.content, second.content)

    def test_every_change_shows_at_once(self) -> None:
        self.assertContains(self.client.get(self.url), "spent on parks")
        # A figure edited.
        self.figure.quantity = "spent on playgrounds"
        self.figure.save()
        self.assertContains(self.client.get(self.url), "spent on playgrounds")
        # A finding added.
        finding = FindingFactory(
            article=self.article, explanation="The total is **hedged**."
        )
        self.lesson.findings.add(finding)
        self.assertContains(self.client.get(self.url), "<strong>hedged</strong>")
        # A skill added.
        self.lesson.skills.add(SkillFactory(name="Reading hedges"))
        self.assertContains(self.client.get(self.url), "Reading hedges")
        # A quiz published for it.
        QuizFactory(lesson=self.lesson, title="Test your hedges")
        self.assertContains(self.client.get(self.url), "Test your hedges")
        # The lesson itself edited, then unpublished.
        self.lesson.body = "Now about **bases**."
        self.lesson.save()
        self.assertContains(self.client.get(self.url), "<strong>bases</strong>")
        self.lesson.status = "draft"
        self.lesson.save()
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_admin_edits_to_what_the_page_shows_show_at_once(self) -> None:
        """Articles, sources and skills carry no ``updated`` of their own: an
        edit in the admin marks the lessons showing them, so the page changes."""
        outlet = self.article.outlet
        speaker = self.figure.hops.get().source
        speaker.named = True
        speaker.save()
        skill = SkillFactory(name="Reading hedges")
        self.lesson.skills.add(skill)
        home = reverse("lessons:home")
        self.assertNotContains(self.client.get(self.url), "(unnamed)")
        self.client.get(home)  # both cached
        site = AdminSite()
        request = RequestFactory().post("/admin/")
        edits = [
            (ArticleAdmin, self.article, "headline", "A renamed headline", None),
            (SourceAdmin, outlet, "name", "A renamed outlet", None),
            (SourceAdmin, speaker, "named", False, " (unnamed)"),
            (SkillAdmin, skill, "name", "A renamed skill", None),
        ]
        for admin_class, obj, field, value, shown in edits:
            with self.subTest(model=type(obj).__name__, field=field):
                setattr(obj, field, value)
                admin_class(type(obj), site).save_model(request, obj, None, True)
                self.assertContains(self.client.get(self.url), shown or value)
        self.assertContains(self.client.get(home), "A renamed skill")

    def test_cached_content_is_the_same_for_everyone(self) -> None:
        student = UserFactory(username="student-with-a-name")
        self.client.force_login(student)
        self.client.get(self.url)  # cached while signed in
        self.client.logout()
        page = self.client.get(self.url).content.decode()
        self.assertNotIn("student-with-a-name", page)
        self.assertIn("Hedges in the budget", page)


class HomePageCacheTests(TestCase):
    fragment_cache = True

    def setUp(self) -> None:
        cache.clear()

    def test_new_and_unpublished_lessons_show_at_once(self) -> None:
        LessonFactory(title="The first lesson")
        self.assertContains(
            self.client.get(reverse("lessons:home")), "The first lesson"
        )
        second = LessonFactory(title="The second lesson")
        self.assertContains(
            self.client.get(reverse("lessons:home")), "The second lesson"
        )
        second.status = "draft"
        second.save()
        self.assertNotContains(
            self.client.get(reverse("lessons:home")), "The second lesson"
        )


class HandWrittenReadTests(TestCase):
    """The selectors on lessons/rows.py return what the ORM returns."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(3)
        cls.student = UserFactory()
        cls.attempt = start_attempt(quiz=cls.quiz, student=cls.student)
        question = Question.objects.select_related("current").get(
            pk=cls.attempt.question_order[0]
        )
        from tests.lessons.views.test_query_budgets import _any

        save_answer(attempt=cls.attempt, question=question, answer=_any(question))

    def test_attempt_with_quiz(self) -> None:
        fast = selectors.student_attempt(pk=self.attempt.pk, student=self.student)
        orm = Attempt.objects.select_related("quiz").get(pk=self.attempt.pk)
        for field in Attempt._meta.concrete_fields:
            self.assertEqual(
                getattr(fast, field.attname), getattr(orm, field.attname), field.name
            )
        for field in type(orm.quiz)._meta.concrete_fields:
            self.assertEqual(
                getattr(fast.quiz, field.attname),
                getattr(orm.quiz, field.attname),
                field.name,
            )
        self.assertIsInstance(fast.points, Decimal)
        with self.assertRaises(Attempt.DoesNotExist):
            selectors.student_attempt(pk=self.attempt.pk, student=UserFactory())

    def test_attempt_at_a_position(self) -> None:
        """The attempt, the question at the position with its version, the answer
        to it and the answered ids, as the ORM reads them, in one query."""
        with CaptureQueriesContext(connection) as queries:
            found = selectors.student_attempt_at(
                pk=self.attempt.pk,
                student_id=self.student.pk,
                position=1,
                answered=True,
            )
        self.assertEqual(len(queries), 1)
        question, response = found.question, found.response
        self.assertEqual(question.pk, self.attempt.question_order[0])
        orm_question = Question.objects.select_related("current").get(pk=question.pk)
        orm_response = Response.objects.get(attempt=self.attempt, question=question)
        self.assertEqual(question.current.answer, orm_question.current.answer)
        self.assertEqual(question.current.stem, orm_question.current.stem)
        for field in Response._meta.concrete_fields:
            self.assertEqual(
                getattr(response, field.attname),
                getattr(orm_response, field.attname),
                field.name,
            )
        self.assertIs(response.attempt, found.attempt)
        self.assertEqual(found.attempt.quiz, self.quiz)
        self.assertEqual(found.answered, {question.pk})
        self.assertEqual(selectors.answered_question_ids(self.attempt), {question.pk})

        second = selectors.student_attempt_at(
            pk=self.attempt.pk, student_id=self.student.pk, position=2
        )
        self.assertEqual(second.question.pk, self.attempt.question_order[1])
        self.assertIsNone(second.response)
        self.assertIsNone(second.answered)
        for position in (0, -1, 4, 10**6):
            with self.subTest(position=position):
                outside = selectors.student_attempt_at(
                    pk=self.attempt.pk, student_id=self.student.pk, position=position
                )
                self.assertEqual(outside.attempt.pk, self.attempt.pk)
                self.assertIsNone(outside.question)
                self.assertIsNone(outside.response)
        with self.assertRaises(Attempt.DoesNotExist):
            selectors.student_attempt_at(
                pk=self.attempt.pk, student_id=UserFactory().pk, position=1
            )

    def test_with_the_students_row_and_role(self) -> None:
        for answered in (False, True):
            with self.subTest(answered=answered):
                found = selectors.student_attempt_at(
                    pk=self.attempt.pk,
                    student_id=self.student.pk,
                    position=1,
                    answered=answered,
                    with_student=True,
                )
                for field in type(self.student)._meta.concrete_fields:
                    self.assertEqual(
                        getattr(found.student, field.attname),
                        getattr(self.student, field.attname),
                    )
                self.assertFalse(is_teacher(found.student))
                self.assertEqual(
                    found.answered,
                    {self.attempt.question_order[0]} if answered else None,
                )
        teacher = TeacherFactory()
        theirs = start_attempt(quiz=self.quiz, student=teacher)
        found = selectors.student_attempt_at(
            pk=theirs.pk, student_id=teacher.pk, position=2, with_student=True
        )
        self.assertTrue(is_teacher(found.student))

    def test_no_answers_is_an_empty_set(self) -> None:
        other = start_attempt(quiz=self.quiz, student=UserFactory())
        found = selectors.student_attempt_at(
            pk=other.pk, student_id=other.student_id, position=3, answered=True
        )
        self.assertEqual(found.answered, set())
        self.assertEqual(found.question.pk, other.question_order[2])

    def test_question_with_current(self) -> None:
        question = selectors.question_with_current(self.attempt.question_order[1])
        orm = Question.objects.select_related("current").get(pk=question.pk)
        for model_fields, fast, slow in (
            (Question._meta.concrete_fields, question, orm),
            (type(orm.current)._meta.concrete_fields, question.current, orm.current),
        ):
            for field in model_fields:
                self.assertEqual(
                    getattr(fast, field.attname), getattr(slow, field.attname)
                )
        with self.assertRaises(Question.DoesNotExist):
            selectors.question_with_current(999_999)

    def test_instances_behave_as_the_orms(self) -> None:
        """Made without Model.__init__ when nothing listens to its signals: saved
        state, saving and reloading work; with a post_init receiver, the ORM's
        own path runs and the receiver sees the instance."""
        attempt = selectors.student_attempt(pk=self.attempt.pk, student=self.student)
        self.assertFalse(attempt._state.adding)
        self.assertEqual(attempt._state.db, "default")
        attempt.number = 7
        attempt.save(update_fields=["number"])
        attempt.refresh_from_db()
        self.assertEqual(attempt.number, 7)

        seen = post_init_seen(self, Attempt)
        again = selectors.student_attempt(pk=self.attempt.pk, student=self.student)
        self.assertEqual(seen, [again])
        self.assertEqual(again.number, 7)
