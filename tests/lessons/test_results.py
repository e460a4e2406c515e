import math
from decimal import Decimal
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase

from lessons.models import Attempt, Response
from lessons.results import question_stats, student_results
from lessons.services.attempts import (
    regrade_question,
    save_answer,
    start_attempt,
    submit_attempt,
)
from tests.factories import (
    QuizFactory,
    QuizItemFactory,
    TeacherFactory,
    UserFactory,
    class_with_submissions,
)


def answer(quiz, questions, student, picks):
    attempt = start_attempt(quiz=quiz, student=student)
    for question, pick in zip(questions, picks, strict=True):
        if pick is not None:
            save_answer(attempt=attempt, question=question, answer=pick)
    return submit_attempt(attempt=attempt)


class QuestionStatsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.quiz = QuizFactory()
        cls.questions = [
            QuizItemFactory(quiz=cls.quiz, position=n).question for n in (1, 2, 3)
        ]
        # Correct choice is "b" in every factory question; "a" is tagged hedge-read-as-exact.
        cls.table = [
            ("b", "b", "b"),
            ("b", "b", "a"),
            ("b", "a", "a"),
            ("a", "a", "a"),
        ]
        for picks in cls.table:
            answer(cls.quiz, cls.questions, UserFactory(), picks)

    def test_facility_and_distribution(self):
        """Facility is the mean score; every choice is counted with its misconception."""
        stats = question_stats(self.quiz)
        first = stats[0]
        self.assertEqual(first.answered, 4)
        self.assertAlmostEqual(first.facility, 0.75)
        counts = {c.key: c.count for c in first.choices}
        self.assertEqual(counts, {"a": 1, "b": 3})
        self.assertEqual(first.misconceptions, [("hedge-read-as-exact", 1)])

    def test_discrimination_is_the_item_rest_correlation(self):
        """The discrimination index equals Pearson's r of item score and rest score."""
        stats = question_stats(self.quiz)
        for index, item in enumerate(stats):
            x = [1.0 if row[index] == "b" else 0.0 for row in self.table]
            totals = [sum(1.0 for pick in row if pick == "b") for row in self.table]
            y = [t - xi for t, xi in zip(totals, x, strict=True)]
            mx, my = sum(x) / 4, sum(y) / 4
            cov = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
            r = cov / math.sqrt(
                sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y)
            )
            with self.subTest(question=index + 1):
                self.assertAlmostEqual(item.discrimination, r, places=6)

    def test_student_results_count_by_the_quiz_rule(self):
        """Each student appears with the score that counts."""
        rows = student_results(self.quiz)
        self.assertEqual(
            sorted(r.counted for r in rows),
            [Decimal("0"), Decimal("0.3333"), Decimal("0.6667"), Decimal("1")],
        )


class ResultsQueryBudgetTests(TestCase):
    def test_results_of_a_class_of_1000_cost_the_same_as_of_10(self):
        """student_results and question_stats make a fixed number of queries."""
        teacher = TeacherFactory()
        quiz = QuizFactory()
        questions = [QuizItemFactory(quiz=quiz, position=n).question for n in (1, 2)]

        for size in (10, 1000):
            classroom = class_with_submissions(
                teacher, quiz, questions, size, state="graded", assigned=False
            )
            with self.assertNumQueries(2):
                rows = student_results(quiz, classroom)
            self.assertEqual(len(rows), size)
            with self.assertNumQueries(5):
                stats = question_stats(quiz, classroom)
            self.assertEqual(stats[0].answered, size)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's planner")
class PlannerTests(TestCase):
    def test_counts_need_no_up_to_date_statistics(self):
        """Statistics taken when the tables held only dead rows (an emptied test
        database) once made PostgreSQL plan the choice counts as nested loops
        over every row of four tables: minutes for one class. A statement
        timeout makes such a plan fail the test instead of hanging it."""
        teacher = TeacherFactory()
        quiz = QuizFactory()
        questions = [QuizItemFactory(quiz=quiz, position=n).question for n in (1, 2)]
        gone = class_with_submissions(teacher, quiz, questions, 50, assigned=False)
        Response.objects.filter(attempt__quiz=quiz).delete()
        Attempt.objects.filter(quiz=quiz).delete()
        get_user_model().objects.filter(memberships__classroom=gone).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE lessons_response, lessons_attempt, lessons_quiz, "
                "lessons_membership, auth_user"
            )
            cursor.execute("SET LOCAL statement_timeout = '20s'")
        classroom = class_with_submissions(
            teacher, quiz, questions, 1000, state="graded", assigned=False
        )
        stats = question_stats(quiz, classroom)
        self.assertEqual(stats[0].answered, 1000)
        self.assertEqual(sum(c.count for c in stats[0].choices), 1000)


class RegradeQuestionTests(TestCase):
    def test_fixing_a_key_regrades_past_answers(self):
        """After a key fix, regrading rescores the responses and their attempts."""
        quiz = QuizFactory()
        question = QuizItemFactory(quiz=quiz, position=1).question
        attempt = answer(quiz, [question], UserFactory(), ["a"])
        self.assertEqual(attempt.score, 0)
        from lessons.services.generation import add_question_version

        fixed = dict(question.current.content)
        fixed["answer"] = {
            "choices": [
                {
                    **c,
                    "correct": c["key"] == "a",
                    "misconception": "" if c["key"] == "a" else "x",
                }
                for c in fixed["answer"]["choices"]
            ]
        }
        add_question_version(question=question, content=fixed)
        self.assertEqual(regrade_question(question=question), 1)
        attempt.refresh_from_db()
        self.assertEqual(attempt.score, 1)
        self.assertEqual(Response.objects.get().version, question.current)
