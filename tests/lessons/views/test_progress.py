from __future__ import annotations

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import UserFactory
from tests.lessons.views.helpers import make_quiz


class ProgressTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(2, types=("single",))
        cls.student = UserFactory()

    def setUp(self) -> None:
        self.client.force_login(self.student)

    def take(self, answers: list[str]) -> None:
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        for item, answer in zip(
            self.quiz.items.order_by("position"), answers, strict=False
        ):
            save_answer(attempt=attempt, question=item.question, answer=answer)
        submit_attempt(attempt=attempt)

    def test_progress_by_skill_and_counted_score(self) -> None:
        """Skills show answered counts and averages; the quiz shows the score that counts."""
        self.take(["a", "a"])
        self.take(["b", "a"])
        response = self.client.get(reverse("lessons:progress"))
        skill = self.quiz.items.first().question.skill
        self.assertContains(response, skill.name)
        self.assertContains(response, "25%")  # 1 right of 4 answers
        self.assertContains(response, "50%")  # the highest attempt counts
        self.assertContains(response, "highest attempt")

    def test_score_hidden_until_the_quiz_closes(self) -> None:
        """Under 'after close', the counted score waits for the quiz to close."""
        self.quiz.feedback = "after_close"
        self.quiz.closes_at = timezone.now() + timedelta(days=1)
        self.quiz.save()
        self.take(["b", "b"])
        response = self.client.get(reverse("lessons:progress"))
        self.assertContains(response, "shown after the quiz closes")

    def test_skill_awaiting_grading_says_so(self) -> None:
        """A skill whose only answers wait for a teacher says "awaiting grading", not a dash."""
        quiz = make_quiz(1, types=("short",))
        attempt = start_attempt(quiz=quiz, student=self.student)
        save_answer(
            attempt=attempt,
            question=quiz.items.get().question,
            answer="Both can hold if many were recruited.",
        )
        submit_attempt(attempt=attempt)
        response = self.client.get(reverse("lessons:progress"))
        self.assertContains(response, '<span class="muted">awaiting grading</span>')
        # A skill with no answers at all keeps the dash.
        self.assertContains(response, '<span class="muted">–</span>')

    def test_needs_sign_in(self) -> None:
        """Progress is personal: anonymous visitors are sent to sign in."""
        self.client.logout()
        response = self.client.get(reverse("lessons:progress"))
        self.assertEqual(response.status_code, 302)
