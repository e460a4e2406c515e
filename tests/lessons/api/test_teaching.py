"""The teacher's workspace over the API: figures, lessons, questions, quizzes,
classes, assignments, results and grading, on the web UI's services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lessons.models import (
    Assignment,
    Attempt,
    Classroom,
    Figure,
    Lesson,
    Membership,
    Question,
    Quiz,
    Response,
)
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    AttemptFactory,
    AttributionHopFactory,
    ClassroomFactory,
    FigureFactory,
    LessonFactory,
    MembershipFactory,
    QuestionFactory,
    QuizDrawFactory,
    QuizFactory,
    QuizItemFactory,
    ResponseFactory,
    SkillFactory,
    UserFactory,
    class_with_submissions,
)

from .base import ApiTestCase, secret_keys_in

SINGLE = {
    "choices": [
        {"key": "a", "text": "Exactly", "correct": False, "misconception": "exact"},
        {"key": "b", "text": "Roughly", "correct": True},
    ]
}


def snapshot(*models) -> tuple:
    """Every row of the models, to show that a refused request changed nothing."""
    return tuple(tuple(m.objects.order_by("pk").values()) for m in models)


class FigureWriteTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.article = ArticleFactory(owner=cls.teacher)
        cls.figure = FigureFactory(article=cls.article, reviewed=False)
        cls.others = ArticleFactory(owner=cls.users["other_teacher"])

    def setUp(self) -> None:
        super().setUp()
        self.act_as("teacher")

    def test_add_a_missed_figure(self):
        """The selected words become a reviewed figure of the teacher's."""
        start = self.article.text.index("40 percent")
        response = self.client.post(
            "/api/v1/figures/",
            {"article": self.article.pk, "start": start, "end": start + 10,
             "values": {"low": 40, "high": "40", "bound": "exact", "kind": "percent"}},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["exact"], "40 percent")
        self.assertIs(body["reviewed"], True)
        self.assertEqual(Figure.objects.get(pk=body["id"]).rule, "teacher")

    def test_bad_additions_change_nothing(self):
        """Unknown or forged articles, bad offsets and values: 400s, no figure."""
        good = {"article": self.article.pk, "start": 4, "end": 8,
                "values": {"low": 1, "bound": "exact"}}  # fmt: skip
        before = snapshot(Figure)
        for change in [
            {"article": 999999},
            {"article": self.others.pk},  # another teacher's article
            {"article": str(self.article.pk)},
            {"start": "4"},
            {"start": -1},
            {"end": 100_000},  # past the text
            {"start": 8, "end": 4},
            {"values": []},
            {"values": {"low": "lots", "bound": "exact"}},
            {"values": {"low": 5, "high": 1, "bound": "range"}},
            {"values": {"low": True, "bound": "exact"}},
            {"values": {"low": 1, "bound": "sort of"}},
            {"start": self.figure.start, "end": self.figure.end},  # overlaps
        ]:
            with self.subTest(change=change):
                response = self.client.post(
                    "/api/v1/figures/", {**good, **change}, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Figure), before)

    def test_correct_confirm_and_delete(self):
        """A correction changes what is given and marks the figure reviewed."""
        url = f"/api/v1/figures/{self.figure.pk}/"
        response = self.client.patch(
            url, {"low": "1900000", "bound": "at_least"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.figure.refresh_from_db()
        self.assertEqual(self.figure.low, Decimal("1900000"))
        self.assertEqual(self.figure.bound, "at_least")
        self.assertIs(self.figure.reviewed, True)
        other = FigureFactory(article=self.article, exact="40 percent", reviewed=False)
        response = self.client.post(f"/api/v1/figures/{other.pk}/confirm/")
        self.assertEqual(response.status_code, 200)
        self.assertIs(response.json()["reviewed"], True)
        self.assertEqual(
            self.client.delete(f"/api/v1/figures/{other.pk}/").status_code, 204
        )
        self.assertFalse(Figure.objects.filter(pk=other.pk).exists())

    def test_bad_corrections_change_nothing(self):
        """Values the model refuses, or of the wrong type: 400, the figure as it was."""
        before = snapshot(Figure)
        for body in [
            {"low": "3000000", "high": "1"},  # low above high
            {"bound": "range", "high": None, "low": None},
            {"time_start": "2024-05-01", "time_end": "2024-01-01"},
            {"low": "1e5"},
            {"kind": 3},
            {"note": 5},
            {"time_start": "yesterday"},
        ]:
            with self.subTest(body=body):
                response = self.client.patch(
                    f"/api/v1/figures/{self.figure.pk}/", body, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Figure), before)

    def test_set_the_attribution_chain(self):
        """Hops replace the chain, first-hand first; a hop may mark its words."""
        AttributionHopFactory(figure=self.figure, order=0)
        start = self.article.text.index("the mayor")
        response = self.client.put(
            f"/api/v1/figures/{self.figure.pk}/attribution/",
            {"hops": [
                {"speaker": "the city treasurer", "kind": "government"},
                {"speaker": "the mayor", "kind": "government", "start": start,
                 "end": start + 9, "verb": "according to"},
            ]},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        hops = response.json()["hops"]
        self.assertEqual(
            [h["speaker"] for h in hops], ["the city treasurer", "the mayor"]
        )
        self.assertEqual(hops[1]["span"] is not None, True)

    def test_bad_attribution_changes_nothing(self):
        """A hop without a speaker, of an unknown kind or with half a selection: 400."""
        AttributionHopFactory(figure=self.figure, order=0)
        from lessons.models import AttributionHop, Span

        before = snapshot(AttributionHop, Span)
        for hops in [
            [{"kind": "government"}],
            [{"speaker": "", "kind": "government"}],
            [{"speaker": "x", "kind": "oracle"}],
            [{"speaker": "x", "start": 3}],
            [{"speaker": "x", "start": 3, "end": 100_000}],
            [{"speaker": "x", "named": "yes"}],
            "the mayor",
        ]:
            with self.subTest(hops=hops):
                response = self.client.put(
                    f"/api/v1/figures/{self.figure.pk}/attribution/",
                    {"hops": hops},
                    format="json",
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(AttributionHop, Span), before)

    def test_another_teachers_figure_is_not_found(self):
        """A figure of another teacher's article is a 404 for every write."""
        figure = FigureFactory(article=self.others)
        url = f"/api/v1/figures/{figure.pk}/"
        self.assertError(self.client.patch(url, {"note": "x"}, format="json"), 404)
        self.assertError(self.client.delete(url), 404)
        self.assertError(self.client.post(url + "confirm/"), 404)
        self.assertTrue(Figure.objects.filter(pk=figure.pk).exists())


class LessonAndQuestionWriteTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lesson = LessonFactory(status="draft", author=cls.teacher)
        cls.skill = SkillFactory()

    def setUp(self) -> None:
        super().setUp()
        self.act_as("teacher")

    def test_edit_a_lesson(self):
        """Title, summary and body are saved; the lesson is marked edited."""
        response = self.client.patch(
            f"/api/v1/lessons/{self.lesson.pk}/",
            {"title": "Hedged figures", "body": "# Hedges\n"},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["body"], "# Hedges\n")
        self.lesson.refresh_from_db()
        self.assertEqual(self.lesson.title, "Hedged figures")
        self.assertEqual(self.lesson.summary, "What the figures say.")
        self.assertIs(self.lesson.edited, True)
        self.assertEqual(self.lesson.version, 2)

    def test_bad_lesson_edits_change_nothing(self):
        """An empty title or body, wrong types, overlong text: 400, lesson as it was."""
        before = snapshot(Lesson)
        for body in [{"title": ""}, {"body": "   "}, {"title": 5}, {"body": None},
                     {"summary": "x" * 2001}]:  # fmt: skip
            with self.subTest(body=body):
                response = self.client.patch(
                    f"/api/v1/lessons/{self.lesson.pk}/", body, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Lesson), before)

    def test_write_a_question(self):
        """A hand-written question is the author's draft, with its key for them."""
        response = self.client.post(
            "/api/v1/questions/",
            {"type": "single", "skill": self.skill.slug, "stem": "How exact?",
             "answer": SINGLE, "difficulty": 1},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["author"]), ("draft", self.teacher.pk))
        self.assertEqual(body["answer"], SINGLE)
        self.act_as("student")
        self.assertError(self.client.get(f"/api/v1/questions/{body['id']}/"), 404)

    def test_bad_questions_are_refused(self):
        """Unknown types and skills, empty stems, unsound keys, wrong types: 400s."""
        before = snapshot(Question)
        good = {
            "type": "single",
            "skill": self.skill.slug,
            "stem": "?",
            "answer": SINGLE,
        }
        for change in [
            {"type": "essay"},
            {"skill": "no-such-skill"},
            {"skill": 5},
            {"stem": ""},
            {"answer": "b"},
            {"answer": {"choices": []}},
            {"difficulty": 4},
            {"difficulty": "2"},
        ]:
            with self.subTest(change=change):
                response = self.client.post(
                    "/api/v1/questions/", {**good, **change}, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Question), before)

    def test_regrade_after_fixing_a_key(self):
        """Answers graded under the old key are graded again under the new."""
        question = QuestionFactory(author=self.teacher, lesson=self.lesson)
        quiz = QuizFactory(author=self.teacher)
        QuizItemFactory(quiz=quiz, question=question, position=1)
        now = timezone.now()
        attempt = AttemptFactory(quiz=quiz, student=self.student, started=now,
                                 submitted=now, state="graded")  # fmt: skip
        ResponseFactory(attempt=attempt, question=question, answer="a",
                        score=Decimal(0), correct=False)  # fmt: skip
        fixed = {"choices": [{"key": "a", "text": "A", "correct": True},
                             {"key": "b", "text": "B", "correct": False}]}  # fmt: skip
        self.client.patch(
            f"/api/v1/questions/{question.pk}/", {"answer": fixed}, format="json"
        )
        response = self.client.post(f"/api/v1/questions/{question.pk}/regrade/")
        self.assertEqual(response.json(), {"changed": 1})
        self.assertEqual(Response.objects.get(attempt=attempt).score, 1)


class QuizWriteTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.skill = SkillFactory()
        cls.quiz = QuizFactory(status="draft", author=cls.teacher)
        cls.bank = [QuestionFactory(skill=cls.skill) for _ in range(3)]
        cls.others_draft = QuestionFactory(
            status="draft", author=cls.users["other_teacher"]
        )

    def setUp(self) -> None:
        super().setUp()
        self.act_as("teacher")

    def test_create_and_change_settings(self):
        """A new quiz is the author's draft; a change keeps the settings left out."""
        response = self.client.post(
            "/api/v1/quizzes/",
            {"title": "Hedges", "attempts_allowed": 2, "grading": "last",
             "time_limit": "00:30:00", "feedback_rule": "after_close",
             "closes_at": "2031-01-01T00:00:00Z", "shuffle_choices": True},
            format="json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        quiz = Quiz.objects.get(pk=body["id"])
        self.assertEqual((quiz.author, quiz.status), (self.teacher, "draft"))
        self.assertEqual(quiz.time_limit, timedelta(minutes=30))
        self.assertEqual(quiz.feedback, "after_close")
        response = self.client.patch(
            f"/api/v1/quizzes/{quiz.pk}/", {"time_limit": None}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        quiz.refresh_from_db()
        self.assertIsNone(quiz.time_limit)
        self.assertEqual(quiz.attempts_allowed, 2)

    def test_bad_settings_change_nothing(self):
        """Wrong types, out-of-range values, opening after closing: 400, no change."""
        before = snapshot(Quiz)
        for body in [
            {"title": ""},
            {"attempts_allowed": "2"},
            {"attempts_allowed": 101},
            {"shuffle_questions": 1},
            {"time_limit": 1800},
            {"time_limit": "00:00:10"},
            {"grading": "best"},
            {"opens_at": "2031-02-01T00:00:00Z", "closes_at": "2031-01-01T00:00:00Z"},
            {"feedback": "immediately", "feedback_rule": 3},
        ]:
            with self.subTest(body=body):
                response = self.client.patch(
                    f"/api/v1/quizzes/{self.quiz.pk}/", body, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Quiz), before)

    def test_set_questions_with_points_and_draws(self):
        """Fixed questions in order with their points, then random draws by skill."""
        items = [{"question": q.pk, "points": p}
                 for q, p in zip(self.bank, ["2", 1.5, "1"], strict=True)]  # fmt: skip
        response = self.client.put(
            f"/api/v1/quizzes/{self.quiz.pk}/questions/",
            {"items": items},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            [(i["question"]["id"], i["points"]) for i in response.json()["items"]],
            [
                (self.bank[0].pk, "2.00"),
                (self.bank[1].pk, "1.50"),
                (self.bank[2].pk, "1.00"),
            ],
        )
        response = self.client.put(
            f"/api/v1/quizzes/{self.quiz.pk}/draws/",
            {"draws": {self.skill.slug: 2}},
            format="json",
        )
        self.assertEqual(
            response.json()["draws"], [{"skill": self.skill.slug, "count": 2}]
        )

    def test_published_quiz_publishes_the_drafts_it_gains(self):
        """Students never meet a draft: a published quiz publishes what it gains."""
        quiz = QuizFactory(author=self.teacher)
        draft = QuestionFactory(status="draft", author=self.teacher)
        response = self.client.put(
            f"/api/v1/quizzes/{quiz.pk}/questions/",
            {"items": [{"question": draft.pk}]},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        draft.refresh_from_db()
        self.assertEqual(draft.status, "published")

    def test_bad_question_lists_change_nothing(self):
        """Questions outside the bank, twice, unknown skills, wrong types: 400s."""
        QuizItemFactory(quiz=self.quiz, question=self.bank[0], position=1)
        from lessons.models import QuizDraw, QuizItem

        before = snapshot(QuizItem, QuizDraw)
        url = f"/api/v1/quizzes/{self.quiz.pk}/"
        for path, body in [
            ("questions/", {"items": [{"question": self.others_draft.pk}]}),
            ("questions/", {"items": [{"question": 999999}]}),
            ("questions/", {"items": [{"question": self.bank[1].pk}] * 2}),
            ("questions/", {"items": [{"question": str(self.bank[1].pk)}]}),
            ("questions/", {"items": [{"question": self.bank[1].pk, "points": 0}]}),
            ("questions/", {"items": [{"question": self.bank[1].pk, "points": "1e2"}]}),
            ("questions/", {"items": {"question": self.bank[1].pk}}),
            ("draws/", {"draws": {"no-such-skill": 1}}),
            ("draws/", {"draws": {self.skill.slug: 101}}),
            ("draws/", {"draws": {self.skill.slug: "2"}}),
            ("draws/", {"draws": [self.skill.slug]}),
        ]:
            with self.subTest(path=path, body=body):
                response = self.client.put(url + path, body, format="json")
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(QuizItem, QuizDraw), before)

    def test_generated_quizzes_are_read_only_for_teachers(self):
        """As in the web UI: a generated (author-less) quiz is staff's to change."""
        generated = QuizFactory(generated=True)
        QuizDrawFactory(quiz=generated)
        response = self.client.patch(
            f"/api/v1/quizzes/{generated.pk}/", {"title": "Mine"}, format="json"
        )
        self.assertError(response, 403, "permission_denied")
        self.act_as("staff")
        response = self.client.patch(
            f"/api/v1/quizzes/{generated.pk}/", {"title": "Staff's"}, format="json"
        )
        self.assertEqual(response.status_code, 200)


class ClassTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.classroom = ClassroomFactory(teacher=cls.teacher)
        MembershipFactory(classroom=cls.classroom, student=cls.student)
        cls.other_class = ClassroomFactory(teacher=cls.users["other_teacher"])

    def test_members_see_the_class_but_not_its_code(self):
        """A member reads the class and its teacher, never the join code."""
        self.act_as("student")
        rows = self.client.get("/api/v1/classrooms/").json()["results"]
        self.assertEqual([r["id"] for r in rows], [self.classroom.pk])
        self.assertEqual(rows[0]["teacher"], self.teacher.username)
        self.assertIsNone(rows[0]["join_code"])
        self.assertNotIn(self.classroom.join_code, str(rows))
        self.act_as("teacher")
        rows = self.client.get("/api/v1/classrooms/").json()["results"]
        self.assertEqual(rows[0]["join_code"], self.classroom.join_code)
        self.act_as("staff")
        self.assertEqual(self.client.get("/api/v1/classrooms/").json()["count"], 2)

    def test_create_join_new_code_leave(self):
        """A class is created, joined by code, re-coded, and left."""
        self.act_as("teacher")
        response = self.client.post(
            "/api/v1/classrooms/", {"name": "  Year 11  "}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual(created["name"], "Year 11")
        code = created["join_code"]
        self.act_as("other_student")
        dashed = f"{code[:4].lower()}-{code[4:]}"
        response = self.client.post(
            "/api/v1/classrooms/join/", {"code": dashed}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNone(response.json()["join_code"])
        self.act_as("teacher")
        members = self.client.get(f"/api/v1/classrooms/{created['id']}/members/")
        self.assertEqual(
            [m["student"]["username"] for m in members.json()["results"]],
            [self.users["other_student"].username],
        )
        response = self.client.post(f"/api/v1/classrooms/{created['id']}/new-code/")
        self.assertNotEqual(response.json()["join_code"], code)
        self.act_as("other_student")
        response = self.client.post(f"/api/v1/classrooms/{created['id']}/leave/")
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Membership.objects.filter(classroom_id=created["id"]).exists())

    def test_bad_codes_and_names_change_nothing(self):
        """Malformed or unknown codes and bad names: 400s naming the field."""
        before = snapshot(Classroom, Membership)
        self.act_as("other_student")
        for code, status in [("ABC", 400), ("ZZZZZZZZ", 400), (12345678, 400),
                             ("", 400)]:  # fmt: skip
            with self.subTest(code=code):
                response = self.client.post(
                    "/api/v1/classrooms/join/", {"code": code}, format="json"
                )
                error = self.assertError(response, status, "invalid")
                self.assertIn("code", error["details"])
        self.act_as("teacher")
        for name in ["", "   ", "x" * 201, 5, None]:
            with self.subTest(name=name):
                response = self.client.post(
                    "/api/v1/classrooms/", {"name": name}, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Classroom, Membership), before)

    def test_remove_a_member_and_forged_ids(self):
        """A member of another class, or of none, is a 404; a member is removed."""
        self.act_as("teacher")
        outsider = UserFactory()
        MembershipFactory(classroom=self.other_class, student=outsider)
        base = f"/api/v1/classrooms/{self.classroom.pk}/members/"
        self.assertError(self.client.delete(f"{base}{outsider.pk}/"), 404)
        self.assertError(self.client.delete(f"{base}999999/"), 404)
        self.assertError(
            self.client.delete(
                f"/api/v1/classrooms/{self.other_class.pk}/members/{outsider.pk}/"
            ),
            404,
        )
        self.assertTrue(Membership.objects.filter(student=outsider).exists())
        self.assertEqual(
            self.client.delete(f"{base}{self.student.pk}/").status_code, 204
        )
        self.assertFalse(self.classroom.memberships.exists())


class AssignmentTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.classroom = ClassroomFactory(teacher=cls.teacher)
        MembershipFactory(classroom=cls.classroom, student=cls.student)
        cls.other_class = ClassroomFactory(teacher=cls.users["other_teacher"])
        cls.quiz = QuizFactory(author=cls.teacher)
        cls.draft = QuizFactory(status="draft", author=cls.teacher)
        cls.assignment = AssignmentFactory(classroom=cls.classroom, quiz=cls.quiz)

    def test_students_see_their_standing(self):
        """A member's list shows their standing; a teacher's shows none."""
        now = timezone.now()
        AttemptFactory(quiz=self.quiz, student=self.student, started=now,
                       submitted=now, state="graded", score=Decimal("0.75"))  # fmt: skip
        self.act_as("student")
        body = self.client.get("/api/v1/assignments/").json()
        self.assertEqual(secret_keys_in(body), set())
        [row] = body["results"]
        self.assertEqual(row["quiz"]["id"], self.quiz.pk)
        self.assertEqual(row["standing"]["status"], "submitted")
        self.assertEqual(row["standing"]["score"], "0.7500")
        self.assertEqual(row["standing"]["attempts"], 1)
        self.act_as("teacher")
        [row] = self.client.get("/api/v1/assignments/").json()["results"]
        self.assertIsNone(row["standing"])
        self.act_as("other_teacher")
        self.assertEqual(self.client.get("/api/v1/assignments/").json()["count"], 0)

    def test_assign_move_due_and_unassign(self):
        """A published quiz is assigned, its due date moved, and unassigned."""
        self.act_as("teacher")
        quiz = QuizFactory()
        response = self.client.post(
            "/api/v1/assignments/",
            {"classroom": self.classroom.pk, "quiz": quiz.pk},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        response = self.client.patch(
            f"/api/v1/assignments/{pk}/", {"due": "2031-03-01T12:00:00Z"}, format="json"
        )
        self.assertEqual(response.json()["due"], "2031-03-01T12:00:00Z")
        self.assertEqual(
            self.client.delete(f"/api/v1/assignments/{pk}/").status_code, 204
        )
        self.assertFalse(Assignment.objects.filter(pk=pk).exists())

    def test_bad_assignments_change_nothing(self):
        """Forged classes, drafts, unknown ids, wrong types, twice: 400s."""
        self.act_as("teacher")
        before = snapshot(Assignment)
        for body in [
            {"classroom": self.other_class.pk, "quiz": QuizFactory().pk},
            {"classroom": self.classroom.pk, "quiz": self.draft.pk},
            {"classroom": self.classroom.pk, "quiz": 999999},
            {"classroom": str(self.classroom.pk), "quiz": self.quiz.pk},
            {"classroom": self.classroom.pk, "quiz": self.quiz.pk},  # again
            {"classroom": self.classroom.pk, "quiz": QuizFactory().pk, "due": "soon"},
        ]:
            with self.subTest(body=body):
                response = self.client.post("/api/v1/assignments/", body, format="json")
                self.assertError(response, 400, "invalid")
        response = self.client.patch(
            f"/api/v1/assignments/{self.assignment.pk}/", {"due": 5}, format="json"
        )
        self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Assignment), before)


class ResultsAndGradingTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.quiz = QuizFactory(author=cls.users["other_teacher"])
        choice = QuestionFactory()
        choice.current.answer = SINGLE
        choice.current.save(update_fields=["answer"])
        written = QuestionFactory(type="short")
        written.current.answer = {"rubric": [{"criterion": "Names the base",
                                              "points": 1}],
                                  "model_answer": "Of the budget."}  # fmt: skip
        written.current.save(update_fields=["answer"])
        cls.questions = [choice, written, QuestionFactory()]
        for n, q in enumerate(cls.questions, 1):
            QuizItemFactory(quiz=cls.quiz, question=q, position=n)
        cls.classroom = class_with_submissions(cls.teacher, cls.quiz, cls.questions, 4)

    def setUp(self) -> None:
        super().setUp()
        self.act_as("teacher")

    def url(self, tail: str, classroom=None, quiz=None) -> str:
        classroom = classroom or self.classroom
        quiz = quiz or self.quiz
        return f"/api/v1/classrooms/{classroom.pk}/quizzes/{quiz.pk}/{tail}/"

    def test_results_per_student_and_question(self):
        """Per student a status; per question outcomes, picks and misconceptions."""
        body = self.client.get(self.url("results")).json()
        self.assertEqual(len(body["students"]), 4)
        self.assertEqual({r["status"] for r in body["students"]}, {"awaiting_grading"})
        first = body["questions"][0]
        self.assertEqual(first["question"], self.questions[0].pk)
        self.assertEqual(first["answered"], 4)
        self.assertEqual(first["right"] + first["wrong"], 4)
        picks = {c["key"]: c["count"] for c in first["choices"]}
        self.assertEqual(sum(picks.values()), 4)
        self.assertEqual(
            first["misconceptions"], [{"tag": "exact", "count": picks["a"]}]
        )
        self.assertEqual(body["questions"][1]["awaiting"], 4)

    def test_results_of_classes_not_taught_or_quizzes_not_assigned_are_404s(self):
        """Another teacher's class, or a quiz not assigned to the class: 404s."""
        other = ClassroomFactory(teacher=self.users["other_teacher"])
        AssignmentFactory(classroom=other, quiz=self.quiz)
        for url in (self.url("results", classroom=other),
                    self.url("results", quiz=QuizFactory()),
                    self.url("grading", classroom=other),
                    "/api/v1/classrooms/999999/quizzes/1/results/"):  # fmt: skip
            with self.subTest(url=url):
                self.assertError(self.client.get(url), 404, "not_found")

    def test_grade_a_written_answer(self):
        """A grade scores the answer, rescores the attempt, leaves the list."""
        rows = self.client.get(self.url("grading")).json()["results"]
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0]["model_answer"], "Of the budget.")
        pk = rows[0]["id"]
        response = self.client.post(
            f"/api/v1/responses/{pk}/grade/",
            {"score": 0.5, "comment": "Name the base."},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        graded = Response.objects.select_related("attempt").get(pk=pk)
        self.assertEqual(graded.score, Decimal("0.5"))
        self.assertEqual(graded.graded_by, self.teacher)
        self.assertEqual(graded.attempt.state, "graded")
        self.assertEqual(len(self.client.get(self.url("grading")).json()["results"]), 3)

    def test_bad_grades_change_nothing(self):
        """Scores outside 0..1, of the wrong type or too precise: 400s."""
        pk = Response.objects.filter(needs_manual=True).first().pk
        before = snapshot(Response, Attempt)
        for body in [{"score": 2}, {"score": -0.1}, {"score": "half"}, {"score": True},
                     {"score": "0.12345"}, {}, {"score": 1, "comment": 5}]:  # fmt: skip
            with self.subTest(body=body):
                response = self.client.post(
                    f"/api/v1/responses/{pk}/grade/", body, format="json"
                )
                self.assertError(response, 400, "invalid")
        self.assertEqual(snapshot(Response, Attempt), before)

    def test_who_may_grade(self):
        """The class's teacher and the quiz's author; nobody else sees the answer."""
        pk = Response.objects.filter(needs_manual=True).first().pk
        url = f"/api/v1/responses/{pk}/grade/"
        machine = Response.objects.filter(needs_manual=False).first().pk
        self.assertError(
            self.client.post(f"/api/v1/responses/{machine}/grade/", {"score": 1},
                             format="json"), 404)  # fmt: skip
        outsider = self.users["other_teacher"]
        self.quiz.author = UserFactory()
        self.quiz.save()
        self.act_as("other_teacher")
        self.assertError(self.client.post(url, {"score": 1}, format="json"), 404)
        self.quiz.author = outsider
        self.quiz.save()
        self.assertEqual(
            self.client.post(url, {"score": 1}, format="json").status_code, 200
        )


class TeachingQueryBudgetTests(ApiTestCase):
    """Lists and results cost the same number of queries whatever their size."""

    def count(self, make, url, role: str, sizes=(5, 50)) -> list[int]:
        counts = []
        for n in sizes:
            with transaction.atomic():
                target = make(n)
                self.act_as(role)
                target_url = url(target) if callable(url) else url
                self.client.get(target_url)  # warm per-process caches
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(target_url)
                self.assertEqual(response.status_code, 200, response.content[:300])
                counts.append(len(queries))
                transaction.set_rollback(True)
        return counts

    def classes(self, n):
        for _ in range(n):
            classroom = ClassroomFactory(teacher=self.teacher)
            MembershipFactory(classroom=classroom, student=self.student)
            AssignmentFactory(classroom=classroom, quiz=QuizFactory())
            AttemptFactory(quiz=classroom.assignments.get().quiz, student=self.student)

    def class_of(self, n):
        classroom = ClassroomFactory(teacher=self.teacher)
        users = get_user_model().objects.bulk_create(  # no password hashing
            get_user_model()(username=f"m{classroom.pk}-{i}") for i in range(n)
        )
        for user in users:
            MembershipFactory(classroom=classroom, student=user)
        return classroom

    def graded_class(self, n):
        quiz = QuizFactory(author=self.teacher)
        questions = [QuestionFactory(), QuestionFactory(type="short")]
        for position, question in enumerate(questions, 1):
            QuizItemFactory(quiz=quiz, question=question, position=position)
        return class_with_submissions(self.teacher, quiz, questions, n), quiz

    def test_lists(self):
        """Classes, assignments, members and the grading list, by size."""
        for name, make, url, role in [
            ("classes", self.classes, "/api/v1/classrooms/", "teacher"),
            ("classes", self.classes, "/api/v1/classrooms/", "student"),
            ("assignments", self.classes, "/api/v1/assignments/", "teacher"),
            ("assignments", self.classes, "/api/v1/assignments/", "student"),
            ("members", self.class_of,
             lambda c: f"/api/v1/classrooms/{c.pk}/members/", "teacher"),
            ("grading", self.graded_class,
             lambda t: f"/api/v1/classrooms/{t[0].pk}/quizzes/{t[1].pk}/grading/",
             "teacher"),
        ]:  # fmt: skip
            with self.subTest(list=name, role=role):
                small, large = self.count(make, url, role)
                self.assertEqual(small, large, f"{name}: {small} for 5, {large} for 50")

    def test_results_of_10_and_200_students(self):
        """The results make the same queries for a class of 10 as of 200."""
        small, large = self.count(
            self.graded_class,
            lambda t: f"/api/v1/classrooms/{t[0].pk}/quizzes/{t[1].pk}/results/",
            "teacher",
            sizes=(10, 200),
        )
        self.assertEqual(small, large, f"results: {small} for 10, {large} for 200")


class OptionsTests(ApiTestCase):
    def test_options_describe_every_new_route(self):
        """OPTIONS answers 200 on the new routes (DRF's metadata, no server error)."""
        self.act_as("teacher")
        for url in [
            "/api/v1/figures/1/attribution/",
            "/api/v1/classrooms/",
            "/api/v1/classrooms/join/",
            "/api/v1/classrooms/1/members/1/",
            "/api/v1/classrooms/1/quizzes/1/results/",
            "/api/v1/assignments/",
            "/api/v1/responses/1/grade/",
            "/api/v1/quizzes/1/questions/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.options(url).status_code, 200)
