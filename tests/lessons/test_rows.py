from __future__ import annotations

from decimal import Decimal
from unittest import mock

from django.db import DatabaseError, connection, models, transaction
from django.db.transaction import TransactionManagementError
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lessons import rows
from lessons.models import Attempt, Quiz, Response
from tests.factories import AttemptFactory, QuestionFactory, ResponseFactory
from tests.lessons.views.helpers import make_quiz, post_init_seen


class NamedParameterTests(SimpleTestCase):
    def test_placeholders_named_in_order_escapes_kept(self) -> None:
        named, names = rows._named("SELECT %s, '100%%' WHERE a = %s AND b = %s")
        self.assertEqual(
            named, "SELECT %(p0)s, '100%%' WHERE a = %(p1)s AND b = %(p2)s"
        )
        self.assertEqual(names, ("p0", "p1", "p2"))


class QmarkTests(SimpleTestCase):
    def test_placeholders_become_question_marks_escapes_unescaped(self) -> None:
        self.assertEqual(
            rows._qmark("SELECT %s, '100%%' WHERE a = %s"),
            "SELECT ?, '100%' WHERE a = ?",
        )


class QueryTests(TestCase):
    SQL = "SELECT %s, '5%%', %s"

    def test_rows_and_one_row_counted_when_queries_are_logged(self) -> None:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(
                tuple(rows.query(self.SQL, ["a", None], one=True)), ("a", "5%", None)
            )
            self.assertEqual(
                [tuple(r) for r in rows.query(self.SQL, [1, 2])], [(1, "5%", 2)]
            )
        self.assertEqual(len(queries), 2)

    def test_the_drivers_cursor_when_nothing_watches(self) -> None:
        """The same rows without Django's cursor, on SQLite only."""
        with mock.patch.object(rows, "execute", wraps=rows.execute) as through_django:
            found = rows.query(self.SQL, ["a", None], one=True)
        self.assertEqual(tuple(found), ("a", "5%", None))
        self.assertEqual(through_django.called, connection.vendor != "sqlite")

    def test_an_execute_wrapper_sees_the_query(self) -> None:
        seen = []

        def watch(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(watch):
            rows.query(self.SQL, ["a", None], one=True)
        self.assertEqual(len(seen), 1)

    def test_driver_errors_arrive_as_djangos(self) -> None:
        for logged in (False, True):
            with self.subTest(logged=logged):
                context = (
                    CaptureQueriesContext(connection) if logged else mock.MagicMock()
                )
                with context, transaction.atomic():
                    with self.assertRaises(DatabaseError) as raised:
                        rows.query("SELECT * FROM no_such_table WHERE a = %s", [1])
                    transaction.set_rollback(True)
                self.assertEqual(type(raised.exception).__module__, "django.db.utils")

    def test_a_broken_transaction_is_refused(self) -> None:
        with transaction.atomic():
            transaction.set_rollback(True)
            with self.assertRaises(TransactionManagementError):
                rows.query(self.SQL, ["a", None], one=True)


class UpsertTests(TestCase):
    KEY = ("attempt", "question")
    UPDATE = ("answer", "score", "correct", "feedback", "answered_at")

    def _answer(self, saved: Response, **values: object) -> Response:
        """An unsaved answer to ``saved``'s question, by ``saved``'s attempt
        unless ``values`` say otherwise."""
        fields: dict[str, object] = {
            "attempt_id": saved.attempt_id,
            "question_id": saved.question_id,
            "version_id": saved.version_id,
            "answer": "b",
            "score": Decimal("1"),
            "correct": True,
            "feedback": "Right.",
            "detail": {},
            "needs_manual": False,
            "answered_at": timezone.now(),
            **values,
        }
        return rows.new(Response, **fields)

    def test_inserts_then_updates_the_same_row_in_place(self) -> None:
        saved = ResponseFactory(feedback="Right.", comment="Kept.")
        again = self._answer(
            saved,
            answer="c",
            score=Decimal("0"),
            correct=False,
            feedback=gettext_lazy("Wrong."),  # not a str: converted as Django does
            comment="",
        )
        rows.upsert(again, unique=self.KEY, update=self.UPDATE)
        self.assertEqual(again.pk, saved.pk)
        self.assertFalse(again._state.adding)
        row = Response.objects.get(pk=saved.pk)
        self.assertEqual(
            (row.answer, row.score, row.correct, row.feedback, row.comment),
            ("c", Decimal("0"), False, "Wrong.", "Kept."),
        )

        fresh = self._answer(
            saved,
            attempt_id=AttemptFactory().pk,
            answer=["x", 1],
            score=Decimal("0.5"),
            correct=None,
            feedback="Half.",
            detail={"parts": [1, 0]},
        )
        rows.upsert(fresh, unique=self.KEY, update=self.UPDATE)
        self.assertNotEqual(fresh.pk, saved.pk)
        row = Response.objects.get(pk=fresh.pk)
        self.assertEqual(
            (row.answer, row.score, row.correct, row.detail),
            (["x", 1], Decimal("0.5"), None, {"parts": [1, 0]}),
        )

    def test_only_exact_plain_values_skip_the_fields_conversion(self) -> None:
        fields = {f.name: f for f in Response._meta.concrete_fields}
        self.assertEqual(rows._plain_types(fields["feedback"]), {str, type(None)})
        self.assertEqual(rows._plain_types(fields["attempt"]), {int, type(None)})
        self.assertEqual(rows._plain_types(fields["correct"]), {bool, type(None)})
        for name in ("answer", "score", "answered_at"):
            with self.subTest(name=name):
                self.assertIsNone(rows._plain_types(fields[name]))
        # A subclass may convert in its own way: it is not taken for plain.
        self.assertIsNone(rows._plain_types(models.SlugField()))
        self.assertIsNone(rows._plain_types(models.EmailField()))


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
