from __future__ import annotations

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext

from lessons import rows
from lessons.models import Attempt
from tests.factories import QuestionFactory
from tests.lessons.views.helpers import make_quiz


class NamedParameterTests(SimpleTestCase):
    def test_placeholders_named_in_order_escapes_kept(self) -> None:
        named, names = rows._named("SELECT %s, '100%%' WHERE a = %s AND b = %s")
        self.assertEqual(
            named, "SELECT %(p0)s, '100%%' WHERE a = %(p1)s AND b = %(p2)s"
        )
        self.assertEqual(names, ("p0", "p1", "p2"))


class ExecuteTests(TestCase):
    def test_values_reach_their_places_and_the_query_is_logged(self) -> None:
        with (
            CaptureQueriesContext(connection) as queries,
            connection.cursor() as cursor,
        ):
            rows.execute(cursor, "SELECT %s, %s, '5%%', %s", ["a", 2, None])
            self.assertEqual(tuple(cursor.fetchone()), ("a", 2, "5%", None))
        self.assertEqual(len(queries), 1)

    def test_a_missing_or_extra_value_is_refused(self) -> None:
        with connection.cursor() as cursor:
            for params in (["a"], ["a", "b", "c"]):
                with self.subTest(params=params), self.assertRaises(ValueError):
                    rows.execute(cursor, "SELECT %s, %s", params)

    def test_json_list_item(self) -> None:
        sql = f"SELECT {rows.json_list_item('%s', '%s')}"
        with connection.cursor() as cursor:
            for index, expected in ((0, 7), (2, 9), (3, None), (None, None)):
                with self.subTest(index=index):
                    literal = (
                        "CAST(%s AS jsonb)"
                        if connection.vendor == "postgresql"
                        else "%s"
                    )
                    rows.execute(
                        cursor, sql.replace("%s", literal, 1), ["[7, 8, 9]", index]
                    )
                    self.assertEqual(cursor.fetchone()[0], expected)

    def test_joined_ids_and_split_ids(self) -> None:
        source = (
            "(SELECT 3 AS n UNION ALL SELECT 11 UNION ALL SELECT 5) t WHERE t.n > %s"
        )
        with connection.cursor() as cursor:
            for floor, expected in ((0, {3, 5, 11}), (4, {5, 11}), (20, set())):
                with self.subTest(floor=floor):
                    rows.execute(
                        cursor, f"SELECT {rows.joined_ids('t.n', source)}", [floor]
                    )
                    self.assertEqual(rows.split_ids(cursor.fetchone()[0]), expected)


class AttachTests(TestCase):
    def test_the_relation_reads_without_a_query(self) -> None:
        quiz = make_quiz(1)
        question = QuestionFactory(lesson=quiz.lesson, current=None)
        attempt = Attempt(quiz_id=quiz.pk)
        rows.attach(attempt, "quiz", quiz)
        rows.attach(question, "current", None)
        with self.assertNumQueries(0):
            self.assertIs(attempt.quiz, quiz)
            self.assertIsNone(question.current)
