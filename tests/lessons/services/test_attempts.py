from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from lessons.models import Attempt, Response
from lessons.services.attempts import (
    QuizClosed,
    clear_answer,
    grade_manually,
    save_answer,
    start_attempt,
    submit_attempt,
)
from tests.factories import (
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
    UserFactory,
)

SHORT_ANSWER = {
    "rubric": [{"criterion": "Names the base", "points": 1}],
    "model_answer": "x",
}


def make_quiz(questions: int = 2, **quiz_fields):
    quiz = QuizFactory(**quiz_fields)
    items = [QuizItemFactory(quiz=quiz, position=n) for n in range(1, questions + 1)]
    return quiz, [item.question for item in items]


class StartAttemptTests(TestCase):
    def setUp(self):
        self.student = UserFactory()
        self.quiz, self.questions = make_quiz()

    def test_starts_then_resumes(self):
        """A second start returns the open attempt instead of a new one."""
        first = start_attempt(quiz=self.quiz, student=self.student)
        again = start_attempt(quiz=self.quiz, student=self.student)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(first.question_order, [q.pk for q in self.questions])

    def test_attempt_limit(self):
        """Once the allowed attempts are used, no new one starts."""
        self.quiz.attempts_allowed = 1
        self.quiz.save()
        submit_attempt(attempt=start_attempt(quiz=self.quiz, student=self.student))
        with self.assertRaisesMessage(QuizClosed, "used all 1 attempts"):
            start_attempt(quiz=self.quiz, student=self.student)

    def test_closed_and_unpublished_quizzes(self):
        """A quiz outside its window, or a draft, cannot be started."""
        now = timezone.now()
        cases = {
            "draft": ({"status": "draft"}, "not published"),
            "not yet open": ({"opens_at": now + timedelta(days=1)}, "opens at"),
            "closed": ({"closes_at": now - timedelta(days=1)}, "has closed"),
        }
        for name, (fields, message) in cases.items():
            with self.subTest(name):
                quiz, _ = make_quiz(**fields)
                with self.assertRaisesMessage(QuizClosed, message):
                    start_attempt(quiz=quiz, student=self.student, now=now)
                self.assertFalse(Attempt.objects.filter(quiz=quiz).exists())

    def test_shuffle_keeps_every_question(self):
        """Shuffled questions are a permutation of the quiz's questions."""
        quiz, questions = make_quiz(questions=8, shuffle_questions=True)
        attempt = start_attempt(quiz=quiz, student=self.student)
        self.assertCountEqual(attempt.question_order, [q.pk for q in questions])

    def test_one_open_attempt_is_a_database_rule(self):
        """The database refuses a second in-progress attempt."""
        start_attempt(quiz=self.quiz, student=self.student)
        with self.assertRaises(IntegrityError):
            Attempt.objects.create(
                quiz=self.quiz, student=self.student, number=2, started=timezone.now()
            )


class SaveAnswerTests(TestCase):
    def setUp(self):
        self.student = UserFactory()
        self.quiz, self.questions = make_quiz()
        self.attempt = start_attempt(quiz=self.quiz, student=self.student)

    def test_grades_on_save_and_updates_in_place(self):
        """Answering twice keeps one response, graded from the last answer."""
        question = self.questions[0]
        save_answer(attempt=self.attempt, question=question, answer="a")
        save_answer(attempt=self.attempt, question=question, answer="b")
        response = Response.objects.get(attempt=self.attempt, question=question)
        self.assertEqual(response.answer, "b")
        self.assertEqual(response.score, Decimal("1"))
        self.assertEqual(response.version, question.current)

    def test_a_new_answer_updates_the_same_row(self):
        """The returned response is the stored row, kept (same id) by a new answer."""
        question = self.questions[0]
        first = save_answer(attempt=self.attempt, question=question, answer="a")
        second = save_answer(attempt=self.attempt, question=question, answer="b")
        self.assertIsNotNone(first.pk)
        self.assertEqual(first.pk, second.pk)
        self.assertFalse(second._state.adding)
        self.assertEqual(Response.objects.get().pk, first.pk)

    def test_malformed_answer_changes_nothing(self):
        """An unknown choice is refused with a clear message and stores nothing."""
        with self.assertRaisesMessage(ValidationError, "could not be read"):
            save_answer(attempt=self.attempt, question=self.questions[0], answer="zzz")
        self.assertFalse(Response.objects.exists())

    def test_question_outside_the_attempt(self):
        """A question from another quiz is refused."""
        stranger = QuestionFactory()
        with self.assertRaisesMessage(ValidationError, "not part of this attempt"):
            save_answer(attempt=self.attempt, question=stranger, answer="a")

    def test_after_submission(self):
        """A submitted attempt is final."""
        submit_attempt(attempt=self.attempt)
        with self.assertRaisesMessage(QuizClosed, "final"):
            save_answer(attempt=self.attempt, question=self.questions[0], answer="b")

    def test_time_limit_is_enforced(self):
        """An answer after the deadline submits the attempt and is refused."""
        quiz, questions = make_quiz(time_limit=timedelta(minutes=5))
        start = timezone.now()
        attempt = start_attempt(quiz=quiz, student=self.student, now=start)
        self.assertEqual(attempt.deadline, start + timedelta(minutes=5))
        with self.assertRaisesMessage(QuizClosed, "Time is up"):
            save_answer(
                attempt=attempt,
                question=questions[0],
                answer="b",
                now=start + timedelta(minutes=6),
            )
        attempt.refresh_from_db()
        self.assertEqual(attempt.submitted, attempt.deadline)
        self.assertFalse(Response.objects.filter(attempt=attempt).exists())


class SubmitAttemptTests(TestCase):
    def setUp(self):
        self.student = UserFactory()
        self.quiz, self.questions = make_quiz()
        self.attempt = start_attempt(quiz=self.quiz, student=self.student)

    def test_score_is_share_of_points(self):
        """One right answer of two equal questions scores one half."""
        save_answer(attempt=self.attempt, question=self.questions[0], answer="b")
        save_answer(attempt=self.attempt, question=self.questions[1], answer="a")
        attempt = submit_attempt(attempt=self.attempt)
        self.assertEqual(attempt.score, Decimal("0.5"))
        self.assertEqual(attempt.state, Attempt.State.GRADED)

    def test_double_submission_records_once(self):
        """Submitting twice keeps the first submission time and score."""
        first = submit_attempt(attempt=self.attempt, now=timezone.now())
        stamp = first.submitted
        stale = Attempt.objects.get(pk=self.attempt.pk)
        stale.state = Attempt.State.IN_PROGRESS  # a second request holding an old copy
        again = submit_attempt(attempt=stale, now=stamp + timedelta(minutes=1))
        self.assertEqual(again.submitted, stamp)
        self.assertEqual(
            Attempt.objects.filter(quiz=self.quiz, student=self.student).count(), 1
        )

    def test_closed_state_requires_a_submission_time(self):
        """The database refuses a closed attempt without a submission time."""
        with transaction.atomic(), self.assertRaises(IntegrityError):
            Attempt.objects.filter(pk=self.attempt.pk).update(
                state=Attempt.State.GRADED
            )

    def test_short_answers_await_a_teacher(self):
        """A short written answer leaves the attempt awaiting grading until graded."""
        question = QuestionFactory(type="short")
        question.current.answer = SHORT_ANSWER
        question.current.save()
        quiz = QuizFactory()
        QuizItemFactory(quiz=quiz, question=question, position=1)
        attempt = start_attempt(quiz=quiz, student=self.student)
        response = save_answer(
            attempt=attempt, question=question, answer="Of the province."
        )
        attempt = submit_attempt(attempt=attempt)
        self.assertEqual(attempt.state, Attempt.State.AWAITING_GRADING)
        self.assertIsNone(response.score)
        stored = Response.objects.get(attempt=attempt)
        grade_manually(response=stored, score=Decimal("0.5"), grader=UserFactory())
        attempt.refresh_from_db()
        self.assertEqual(attempt.state, Attempt.State.GRADED)
        self.assertEqual(attempt.score, Decimal("0.5"))
        stored.refresh_from_db()
        self.assertEqual(stored.feedback, "Graded by your teacher.")


class EvidenceOfALoneArticleTests(TestCase):
    def test_spans_of_an_unnamed_lone_article_are_read(self):
        """An evidence key that leaves the article unnamed reads spans of the lesson's one article."""
        from tests.factories import ArticleFactory

        article = ArticleFactory()
        question = QuestionFactory(type="evidence")
        question.lesson.articles.add(article)
        start = article.text.index("according to the mayor")
        question.current.answer = {
            "accepted": [{"article": "", "start": start, "end": start + 22}],
            "threshold": "0.5",
        }
        question.current.save()
        quiz = QuizFactory()
        QuizItemFactory(quiz=quiz, question=question, position=1)
        attempt = start_attempt(quiz=quiz, student=UserFactory())
        response = save_answer(
            attempt=attempt,
            question=question,
            answer=[{"start": start, "end": start + 22}],
        )
        self.assertEqual(response.score, Decimal(1))


class ImmediateFeedbackTests(TestCase):
    def test_an_answer_seen_with_its_feedback_is_final(self):
        """Under immediate feedback a question cannot be answered again once answered."""
        quiz, questions = make_quiz(feedback="immediately")
        attempt = start_attempt(quiz=quiz, student=UserFactory())
        save_answer(attempt=attempt, question=questions[0], answer="a")
        with self.assertRaisesMessage(ValidationError, "already answered"):
            save_answer(attempt=attempt, question=questions[0], answer="b")
        self.assertEqual(Response.objects.get(attempt=attempt).answer, "a")


class ClearAnswerTests(TestCase):
    def setUp(self):
        self.student = UserFactory()
        self.quiz, self.questions = make_quiz()
        self.attempt = start_attempt(quiz=self.quiz, student=self.student)

    def test_clears_only_that_answer(self):
        """The question is unanswered again; the attempt's other answers stay."""
        first, second = self.questions
        save_answer(attempt=self.attempt, question=first, answer="b")
        save_answer(attempt=self.attempt, question=second, answer="b")
        self.assertTrue(clear_answer(attempt=self.attempt, question=first))
        self.assertEqual(
            list(Response.objects.values_list("question", flat=True)), [second.pk]
        )
        self.assertFalse(clear_answer(attempt=self.attempt, question=first))

    def test_a_cleared_question_scores_nothing(self):
        first, second = self.questions
        save_answer(attempt=self.attempt, question=first, answer="b")
        save_answer(attempt=self.attempt, question=second, answer="b")
        clear_answer(attempt=self.attempt, question=second)
        submit_attempt(attempt=self.attempt)
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.score, Decimal("0.5"))

    def test_the_rules_of_saving_apply(self):
        """Not after submission, not past the deadline, not another quiz's
        question, not once immediate feedback has been seen; nothing changes."""
        save_answer(attempt=self.attempt, question=self.questions[0], answer="b")
        with self.assertRaisesMessage(ValidationError, "not part of this attempt"):
            clear_answer(attempt=self.attempt, question=QuestionFactory())
        submit_attempt(attempt=self.attempt)
        with self.assertRaisesMessage(QuizClosed, "final"):
            clear_answer(attempt=self.attempt, question=self.questions[0])
        self.assertEqual(Response.objects.count(), 1)

        quiz, questions = make_quiz(time_limit=timedelta(minutes=5))
        start = timezone.now()
        attempt = start_attempt(quiz=quiz, student=self.student, now=start)
        save_answer(attempt=attempt, question=questions[0], answer="b", now=start)
        with self.assertRaisesMessage(QuizClosed, "Time is up"):
            clear_answer(
                attempt=attempt,
                question=questions[0],
                now=start + timedelta(minutes=6),
            )
        self.assertTrue(Response.objects.filter(attempt=attempt).exists())

        quiz, questions = make_quiz(feedback="immediately")
        attempt = start_attempt(quiz=quiz, student=self.student)
        save_answer(attempt=attempt, question=questions[0], answer="a")
        with self.assertRaisesMessage(ValidationError, "already answered"):
            clear_answer(attempt=attempt, question=questions[0])
        self.assertTrue(Response.objects.filter(attempt=attempt).exists())
