from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from lessons.selectors import progress_by_skill
from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import QuizFactory, QuizItemFactory, UserFactory


class ProgressBySkillTests(TestCase):
    def test_counts_submitted_answers_by_skill(self):
        """Each skill shows how many answers were submitted and their average."""
        student = UserFactory()
        item = QuizItemFactory(position=1)
        attempt = start_attempt(quiz=item.quiz, student=student)
        save_answer(attempt=attempt, question=item.question, answer="b")
        submit_attempt(attempt=attempt)
        row = next(
            p for p in progress_by_skill(student) if p.skill == item.question.skill
        )
        self.assertEqual(row.answered, 1)
        self.assertEqual(row.average, 1)

    def test_hides_answers_of_quizzes_whose_results_wait_for_the_close(self):
        """Answers of an after-close quiz that is still open do not show in progress."""
        student = UserFactory()
        quiz = QuizFactory(
            feedback="after_close", closes_at=timezone.now() + timedelta(days=1)
        )
        item = QuizItemFactory(quiz=quiz, position=1)
        attempt = start_attempt(quiz=quiz, student=student)
        save_answer(attempt=attempt, question=item.question, answer="b")
        submit_attempt(attempt=attempt)
        row = next(
            p for p in progress_by_skill(student) if p.skill == item.question.skill
        )
        self.assertEqual(row.answered, 0)
        self.assertIsNone(row.average)
