from __future__ import annotations

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext

from lessons import rows
from lessons.models import Attempt, Quiz
from tests.factories import QuestionFactory
from tests.lessons.views.helpers import make_quiz, post_init_seen


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


class OnlyTests(TestCase):
    def test_fields_left_out_are_deferred_and_read_on_demand(self) -> None:
        quiz = make_quiz(1, title="Counting the dead")
        sql = (
            f"SELECT {rows.columns(Quiz, 'z', ('feedback',))} "
            f"FROM {rows.table(Quiz)} z WHERE z.id = %s"
        )
        with self.assertNumQueries(1):
            (found,) = rows.fetch_one(sql, [quiz.pk], [(Quiz, ("feedback",))])
            self.assertEqual(found.feedback, quiz.feedback)
        self.assertIn("title", found.get_deferred_fields())
        self.assertNotIn("feedback", found.get_deferred_fields())
        with self.assertNumQueries(1):
            self.assertEqual(found.title, "Counting the dead")

    def test_an_unknown_field_is_refused(self) -> None:
        with self.assertRaisesMessage(ValueError, "no column for ['nope']"):
            rows.columns(Quiz, "z", ("feedback", "nope"))


class NewTests(TestCase):
    def test_as_init_makes_it_defaults_included(self) -> None:
        made = rows.new(Quiz, title="A quiz", slug="a-quiz")
        expected = Quiz(title="A quiz", slug="a-quiz")
        for field in Quiz._meta.concrete_fields:
            self.assertEqual(
                getattr(made, field.attname), getattr(expected, field.attname)
            )
        self.assertTrue(made._state.adding)
        self.assertIsNone(made._state.db)

    def test_an_unknown_field_is_refused(self) -> None:
        with self.assertRaisesMessage(TypeError, "Quiz has no field ['nope']"):
            rows.new(Quiz, title="A quiz", nope=1)

    def test_init_signals_still_see_it(self) -> None:
        seen = post_init_seen(self, Quiz)
        made = rows.new(Quiz, title="Seen")
        self.assertEqual(seen, [made])
