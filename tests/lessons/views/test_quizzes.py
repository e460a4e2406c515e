from __future__ import annotations

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lessons.models import Attempt, Quiz
from lessons.selectors import quizzes_visible_to
from lessons.services.attempts import QuizClosed, start_attempt
from lessons.workspace import assignable_quizzes
from tests.factories import QuizFactory, TeacherFactory, UserFactory
from tests.lessons.views.helpers import make_quiz


class QuizDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(3, time_limit=timedelta(minutes=15), attempts_allowed=2)

    def test_anonymous_is_invited_to_sign_in(self) -> None:
        """Visitors see the rules and a sign-in link, not a start button."""
        response = self.client.get(self.quiz.get_absolute_url())
        self.assertContains(response, "3 questions")
        self.assertContains(response, "Time limit: 0:15:00")
        self.assertContains(response, "Sign in to take this quiz")
        self.assertNotContains(response, "Start the quiz")

    def test_student_sees_start_and_attempts_left(self) -> None:
        """A student sees how many attempts are left and a start button (a CSRF form)."""
        self.client.force_login(UserFactory())
        response = self.client.get(self.quiz.get_absolute_url())
        self.assertContains(response, "you have 2 left")
        self.assertContains(response, "Start the quiz")
        self.assertContains(response, "csrfmiddlewaretoken")

    def test_unknown_or_draft_quiz_is_404(self) -> None:
        """Unknown slugs and draft quizzes are not found."""
        draft = QuizFactory(status="draft")
        for url in (
            reverse("lessons:quiz-detail", args=["nope"]),
            draft.get_absolute_url(),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


class QuizStartTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(3)
        cls.student = UserFactory()

    def setUp(self) -> None:
        self.client.force_login(self.student)
        self.url = reverse("lessons:quiz-start", args=[self.quiz.slug])

    def test_start_then_resume_the_same_attempt(self) -> None:
        """Starting twice resumes the open attempt instead of opening a second."""
        first = self.client.post(self.url)
        second = self.client.post(self.url)
        attempt = Attempt.objects.get()
        detail = reverse("lessons:attempt-detail", args=[attempt.pk])
        self.assertRedirects(first, detail, fetch_redirect_response=False)
        self.assertRedirects(second, detail, fetch_redirect_response=False)

    def test_closed_quiz_gives_a_message(self) -> None:
        """A closed quiz cannot be started; the student is told why."""
        self.quiz.opens_at = timezone.now() - timedelta(days=2)
        self.quiz.closes_at = timezone.now() - timedelta(days=1)
        self.quiz.save()
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "This quiz has closed.")
        self.assertFalse(Attempt.objects.exists())

    def test_get_is_not_allowed(self) -> None:
        """Starting an attempt needs a POST (with its CSRF token)."""
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_csrf_is_enforced(self) -> None:
        """A POST without the CSRF token is refused."""
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.student)
        self.assertEqual(client.post(self.url).status_code, 403)
        self.assertFalse(Attempt.objects.exists())


class QuizOfADraftLessonTests(TestCase):
    """A published quiz whose lesson is back in draft is hidden everywhere a
    student or an assigning teacher meets it, by the one rule Quiz.objects.public()."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(2)
        cls.quiz.lesson.status = "draft"
        cls.quiz.lesson.save()
        cls.student = UserFactory()

    def test_students_cannot_see_or_start_it(self) -> None:
        self.client.force_login(self.student)
        self.assertEqual(self.client.get(self.quiz.get_absolute_url()).status_code, 404)
        start = reverse("lessons:quiz-start", args=[self.quiz.slug])
        self.assertEqual(self.client.post(start).status_code, 404)
        self.assertNotContains(
            self.client.get(reverse("lessons:home")), self.quiz.title
        )
        self.assertFalse(Attempt.objects.exists())

    def test_the_service_refuses_it_too(self) -> None:
        with self.assertRaisesMessage(QuizClosed, "lesson is not published"):
            start_attempt(quiz=self.quiz, student=self.student)

    def test_one_rule_for_pages_api_and_assignments(self) -> None:
        teacher = TeacherFactory()
        self.assertNotIn(self.quiz, Quiz.objects.public())
        self.assertNotIn(self.quiz, assignable_quizzes(teacher))
        self.assertNotIn(self.quiz, quizzes_visible_to(teacher))
        self.assertNotIn(self.quiz, quizzes_visible_to(self.student))
        self.quiz.lesson.status = "published"
        self.quiz.lesson.save()
        self.assertIn(self.quiz, assignable_quizzes(teacher))
        self.assertIn(self.quiz, quizzes_visible_to(self.student))
        self.assertEqual(self.client.get(self.quiz.get_absolute_url()).status_code, 200)
