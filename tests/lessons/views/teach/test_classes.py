"""The teacher's workspace: question bank, quizzes, classes, results and grading."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.models import (
    Assignment,
    Attempt,
    Classroom,
    Membership,
    Quiz,
    QuizDraw,
    QuizItem,
    Response,
)
from lessons.results import StudentResult
from lessons.selectors import counted_score
from lessons.services.attempts import (
    grade_manually,
    save_answer,
    start_attempt,
    submit_attempt,
)
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClassroomFactory,
    FigureFactory,
    LessonFactory,
    MembershipFactory,
    QuestionFactory,
    QuestionVersionFactory,
    QuizFactory,
    QuizItemFactory,
    SkillFactory,
    StaffFactory,
    TeacherFactory,
    UserFactory,
    class_with_submissions,
)
from tests.lessons.views.helpers import make_question, make_quiz

User = get_user_model()


def teach(name: str, *args) -> str:
    return reverse(f"teach:{name}", args=args)


class WorkspaceData:
    """A teacher with a class of two students, a quiz assigned, and a rival teacher."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()
        cls.other = TeacherFactory()
        cls.student = UserFactory()
        cls.classmate = UserFactory()
        cls.classroom = ClassroomFactory(teacher=cls.teacher, name="Media 10")
        MembershipFactory(classroom=cls.classroom, student=cls.student)
        MembershipFactory(classroom=cls.classroom, student=cls.classmate)
        cls.quiz = make_quiz(2, types=("single", "short"), author=cls.teacher)
        cls.assignment = AssignmentFactory(classroom=cls.classroom, quiz=cls.quiz)
        cls.draft = QuizFactory(author=cls.teacher, status="draft", title="My draft")
        cls.other_class = ClassroomFactory(teacher=cls.other, name="Rival class")
        cls.other_quiz = QuizFactory(author=cls.other, title="Their published quiz")
        cls.other_draft = QuizFactory(
            author=cls.other, status="draft", title="Their draft"
        )
        cls.other_assignment = AssignmentFactory(
            classroom=cls.other_class, quiz=cls.quiz
        )

    def login(self, user=None) -> None:
        self.client.force_login(user or self.teacher)


def take(quiz: Quiz, student, answers: dict[str, str] | None = None) -> Attempt:
    """Answer every question of ``quiz`` (single: "b"/given, short: text) and submit."""
    attempt = start_attempt(quiz=quiz, student=student)
    for item in quiz.items.select_related("question__current").order_by("position"):
        question = item.question
        if question.type == "short":
            answer = "It is only a lower bound."
        else:
            answer = (answers or {}).get(question.type, "b")
        save_answer(attempt=attempt, question=question, answer=answer)
    return submit_attempt(attempt=attempt)


# --- permissions --------------------------------------------------------------------


class WorkspacePermissionTests(WorkspaceData, TestCase):
    def pages(self) -> list[str]:
        return [
            teach("bank"),
            teach("quiz-list"),
            teach("quiz-add"),
            teach("quiz-edit", self.draft.pk),
            teach("class-list"),
            teach("class-add"),
            teach("class-detail", self.classroom.pk),
            teach("assign", self.classroom.pk),
            teach("assignment-edit", self.classroom.pk, self.assignment.pk),
            teach("results", self.classroom.pk, self.quiz.pk),
            teach("results-csv", self.classroom.pk, self.quiz.pk, "students"),
            teach("results-csv", self.classroom.pk, self.quiz.pk, "questions"),
            teach("grading", self.classroom.pk, self.quiz.pk),
        ]

    def test_teacher_reaches_every_page(self):
        """Every page of the workspace answers 200 for the class's teacher."""
        self.login()
        for url in self.pages():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_anonymous_users_are_sent_to_sign_in(self):
        """Signed-out visitors are redirected to the sign-in page."""
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])

    def test_students_are_refused(self):
        """A student gets a 403 on every page and every POST of the workspace."""
        self.login(self.student)
        for url in self.pages():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        posts = [
            teach("bank-add"),
            teach("quiz-items", self.draft.pk),
            teach("quiz-publish", self.draft.pk),
            teach("class-new-code", self.classroom.pk),
            teach("class-remove-member", self.classroom.pk, self.student.pk),
            teach("unassign", self.classroom.pk, self.assignment.pk),
        ]
        for url in posts:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url).status_code, 403)
        self.assertTrue(Assignment.objects.filter(pk=self.assignment.pk).exists())

    def test_another_teachers_class_is_a_404(self):
        """Another teacher's class, its results, grading and changes are all 404s."""
        self.login(self.other)
        gets = [
            teach("class-detail", self.classroom.pk),
            teach("assign", self.classroom.pk),
            teach("assignment-edit", self.classroom.pk, self.assignment.pk),
            teach("results", self.classroom.pk, self.quiz.pk),
            teach("results-csv", self.classroom.pk, self.quiz.pk, "students"),
            teach("grading", self.classroom.pk, self.quiz.pk),
        ]
        for url in gets:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        code = self.classroom.join_code
        posts = [
            (teach("class-new-code", self.classroom.pk), {}),
            (
                teach("class-remove-member", self.classroom.pk, self.student.pk),
                {},
            ),
            (teach("assign", self.classroom.pk), {"quiz": self.quiz.pk}),
            (
                teach("assignment-edit", self.classroom.pk, self.assignment.pk),
                {"due": ""},
            ),
            (teach("unassign", self.classroom.pk, self.assignment.pk), {}),
            (teach("grading", self.classroom.pk, self.quiz.pk), {"response": "1"}),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, data).status_code, 404)
        self.classroom.refresh_from_db()
        self.assertEqual(self.classroom.join_code, code)
        self.assertEqual(self.classroom.memberships.count(), 2)
        self.assertTrue(Assignment.objects.filter(pk=self.assignment.pk).exists())

    def test_a_class_cannot_be_reached_through_another_class(self):
        """An assignment of another class, named under one's own class, is a 404."""
        self.login()
        url = teach("assignment-edit", self.classroom.pk, self.other_assignment.pk)
        self.assertEqual(self.client.get(url).status_code, 404)
        url = teach("unassign", self.classroom.pk, self.other_assignment.pk)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Assignment.objects.filter(pk=self.other_assignment.pk).exists())

    def test_others_quizzes_are_read_only_and_their_drafts_hidden(self):
        """Another teacher's published quiz can be read, not edited; a draft is a 404."""
        self.login()
        response = self.client.get(teach("quiz-detail", self.other_quiz.pk))
        self.assertContains(response, "Their published quiz")
        self.assertContains(response, "not change it")
        for name in ("quiz-edit",):
            self.assertEqual(
                self.client.get(teach(name, self.other_quiz.pk)).status_code, 404
            )
        for name in ("quiz-items", "quiz-draws", "quiz-publish"):
            with self.subTest(name=name):
                response = self.client.post(
                    teach(name, self.other_quiz.pk), {"action": "save"}
                )
                self.assertEqual(response.status_code, 404)
        for name in ("quiz-detail", "quiz-edit"):
            with self.subTest(name=name):
                self.assertEqual(
                    self.client.get(teach(name, self.other_draft.pk)).status_code, 404
                )
        self.other_draft.refresh_from_db()
        self.assertEqual(self.other_draft.status, "draft")

    def test_own_quiz_detail_leads_to_the_editor(self):
        """Opening one's own quiz read-only redirects to its editor."""
        self.login()
        response = self.client.get(teach("quiz-detail", self.draft.pk))
        self.assertRedirects(response, teach("quiz-edit", self.draft.pk))

    def test_staff_see_every_class_and_its_results(self):
        """Staff can open any teacher's class and its results."""
        self.login(StaffFactory())
        for url in (
            teach("class-detail", self.classroom.pk),
            teach("results", self.classroom.pk, self.quiz.pk),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_unknown_ids_are_404s(self):
        """Unknown classes, quizzes, assignments and CSV tables are 404s."""
        self.login()
        for url in (
            teach("class-detail", 999999),
            teach("quiz-edit", 999999),
            teach("quiz-detail", 999999),
            teach("results", self.classroom.pk, 999999),
            teach("results", self.classroom.pk, self.other_quiz.pk),  # not assigned
            teach("results-csv", self.classroom.pk, self.quiz.pk, "answers"),
            teach("assignment-edit", self.classroom.pk, 999999),
            teach("bank") + "?quiz=999999",
            teach("bank") + "?quiz=abc",
            teach("bank") + f"?quiz={self.other_draft.pk}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_get_is_refused_where_only_post_makes_sense(self):
        """Actions that change something answer 405 to a GET."""
        self.login()
        for url in (
            teach("bank-add"),
            teach("quiz-items", self.draft.pk),
            teach("quiz-publish", self.draft.pk),
            teach("class-new-code", self.classroom.pk),
            teach("unassign", self.classroom.pk, self.assignment.pk),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 405)


# --- the question bank ------------------------------------------------------------------


class BankTests(WorkspaceData, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.skill = SkillFactory(name="Read the hedges")
        cls.article = ArticleFactory(headline="Parks budget")
        cls.lesson = LessonFactory()
        cls.lesson.articles.add(cls.article)
        cls.hedge = QuestionFactory(skill=cls.skill, difficulty=3, lesson=cls.lesson)
        QuestionVersionFactory(
            question=cls.hedge, number=2, stem="> Quoted text\n\nWhich **hedge**?"
        )
        cls.hedge.current = cls.hedge.versions.get(number=2)
        cls.hedge.save()
        cls.numeric = make_question("numeric")
        cls.own_draft = QuestionFactory(status="draft", author=cls.teacher)
        cls.their_draft = QuestionFactory(status="draft", author=cls.other)
        cls.retired = QuestionFactory(retired=True)

    def setUp(self) -> None:
        self.login()

    def test_lists_published_and_own_questions_with_their_details(self):
        """The bank shows published questions and the teacher's drafts, not others'."""
        response = self.client.get(teach("bank"))
        ids = {row["question"].pk for row in response.context["rows"]}
        self.assertIn(self.hedge.pk, ids)
        self.assertIn(self.own_draft.pk, ids)
        self.assertNotIn(self.their_draft.pk, ids)
        self.assertNotIn(self.retired.pk, ids)
        self.assertContains(response, "Which hedge?")  # the stem's summary
        self.assertContains(response, "v2")
        self.assertContains(response, "Read the hedges")

    def test_filters(self):
        """Skill, type, article and difficulty narrow the list."""
        cases = [
            ({"skill": self.skill.slug}, self.hedge, self.numeric),
            ({"type": "numeric"}, self.numeric, self.hedge),
            ({"article": self.article.pk}, self.hedge, self.numeric),
            ({"difficulty": "3"}, self.hedge, self.numeric),
            ({"status": "draft"}, self.own_draft, self.hedge),
            ({"q": "hedge"}, self.hedge, self.numeric),
        ]
        for params, shown, hidden in cases:
            with self.subTest(params=params):
                response = self.client.get(teach("bank"), params)
                ids = {row["question"].pk for row in response.context["rows"]}
                self.assertIn(shown.pk, ids)
                self.assertNotIn(hidden.pk, ids)

    def test_bad_filter_values_are_reported_not_crashing(self):
        """A filter value that is not a choice is reported and ignored."""
        response = self.client.get(
            teach("bank"), {"type": "essay", "difficulty": "9", "article": "x"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not understood")

    def test_paginated(self):
        """Questions come 25 a page; an out-of-range page shows the last one."""
        for _ in range(30):
            QuestionFactory(skill=self.skill)
        response = self.client.get(teach("bank"), {"skill": self.skill.slug})
        self.assertEqual(len(response.context["rows"]), 25)
        self.assertContains(response, "Next page")
        response = self.client.get(
            teach("bank"), {"skill": self.skill.slug, "page": 99}
        )
        self.assertEqual(response.context["page"].number, 2)

    def test_target_quiz_marks_questions_already_in_it(self):
        """With ?quiz=, the questions already in that quiz are marked, not tickable."""
        QuizItemFactory(quiz=self.draft, question=self.hedge, position=1)
        response = self.client.get(teach("bank"), {"quiz": self.draft.pk})
        rows = {row["question"].pk: row for row in response.context["rows"]}
        self.assertIs(rows[self.hedge.pk]["in_target"], True)
        self.assertIs(rows[self.numeric.pk]["in_target"], False)
        self.assertNotContains(response, f'value="{self.hedge.pk}" id="bank-q')

    def test_adds_ticked_questions_to_a_quiz(self):
        """Ticked questions are appended to the quiz in order, reused across quizzes."""
        QuizItemFactory(quiz=self.draft, question=self.numeric, position=1)
        response = self.client.post(
            teach("bank-add"),
            {
                "quiz": self.draft.pk,
                "questions": [self.hedge.pk, self.own_draft.pk, self.numeric.pk],
                "next": teach("bank") + f"?quiz={self.draft.pk}",
            },
        )
        self.assertRedirects(response, teach("bank") + f"?quiz={self.draft.pk}")
        self.assertEqual(
            list(
                self.draft.items.order_by("position").values_list("question", flat=True)
            ),
            [self.numeric.pk, self.hedge.pk, self.own_draft.pk],
        )
        self.assertTrue(QuizItem.objects.filter(question=self.numeric).count() >= 1)

    def test_refuses_questions_outside_the_bank(self):
        """A forged post naming another teacher's draft adds nothing."""
        response = self.client.post(
            teach("bank-add"),
            {"quiz": self.draft.pk, "questions": [self.hedge.pk, self.their_draft.pk]},
            follow=True,
        )
        self.assertContains(response, "not in your bank")
        self.assertFalse(self.draft.items.exists())

    def test_refuses_another_teachers_quiz_and_bad_ids(self):
        """Adding to someone else's quiz, or with ids that are not ids, changes nothing."""
        for data in (
            {"quiz": self.other_draft.pk, "questions": [self.hedge.pk]},
            {"quiz": self.draft.pk, "questions": ["1; DROP TABLE"]},
            {"quiz": self.draft.pk},
            {"quiz": "", "questions": [self.hedge.pk]},
        ):
            with self.subTest(data=data):
                response = self.client.post(teach("bank-add"), data)
                self.assertEqual(response.status_code, 302)
        self.assertFalse(self.other_draft.items.exists())
        self.assertFalse(self.draft.items.exists())

    def test_next_never_leaves_the_site(self):
        """An off-site ``next`` falls back to the bank."""
        response = self.client.post(
            teach("bank-add"),
            {
                "quiz": self.draft.pk,
                "questions": [self.hedge.pk],
                "next": "https://evil.example/",
            },
        )
        self.assertRedirects(response, teach("bank"))


# --- quizzes ---------------------------------------------------------------------------


class QuizListTests(WorkspaceData, TestCase):
    def test_lists_own_and_shared_published_quizzes(self):
        """Own quizzes (drafts too) and others' published ones; not others' drafts."""
        self.login()
        response = self.client.get(teach("quiz-list"))
        self.assertContains(response, "My draft")
        self.assertContains(response, "Their published quiz")
        self.assertContains(response, "read-only")
        self.assertNotContains(response, "Their draft")

    def test_show_filter(self):
        """?show=mine and ?show=shared split the list; a bad value shows all."""
        self.login()
        mine = self.client.get(teach("quiz-list"), {"show": "mine"})
        self.assertContains(mine, "My draft")
        self.assertNotContains(mine, "Their published quiz")
        shared = self.client.get(teach("quiz-list"), {"show": "shared"})
        self.assertNotContains(shared, "My draft")
        self.assertContains(shared, "Their published quiz")
        bad = self.client.get(teach("quiz-list"), {"show": "<script>"})
        self.assertEqual(bad.context["show"], "all")


class QuizFormData:
    @staticmethod
    def settings(**overrides) -> dict[str, str]:
        data = {
            "title": "Hedges and sources",
            "description": "Read *carefully*.",
            "shuffle_questions": "on",
            "attempts_allowed": "2",
            "grading": "last",
            "time_limit": "20",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-01-08T17:30",
            "feedback": "after_close",
        }
        data.update(overrides)
        return data


class QuizAddTests(WorkspaceData, QuizFormData, TestCase):
    def setUp(self) -> None:
        self.login()

    def test_creates_a_draft_with_its_settings(self):
        """The new quiz is the teacher's draft, with every setting stored."""
        response = self.client.post(teach("quiz-add"), self.settings())
        quiz = Quiz.objects.get(title="Hedges and sources")
        self.assertRedirects(response, teach("quiz-edit", quiz.pk))
        self.assertEqual(quiz.author, self.teacher)
        self.assertEqual(quiz.status, "draft")
        self.assertIs(quiz.shuffle_questions, True)
        self.assertIs(quiz.shuffle_choices, False)
        self.assertEqual(quiz.attempts_allowed, 2)
        self.assertEqual(quiz.grading, "last")
        self.assertEqual(quiz.time_limit, timedelta(minutes=20))
        self.assertEqual(quiz.opens_at.isoformat(), "2030-01-01T09:00:00+00:00")
        self.assertEqual(quiz.feedback, "after_close")

    def test_bad_input_is_refused(self):
        """Bad dates, a close before the open, bad numbers and choices: 400, no quiz."""
        cases = {
            "closes first": {"closes_at": "2029-12-31T09:00"},
            "not a date": {"opens_at": "next tuesday"},
            "impossible date": {"opens_at": "2030-02-30T09:00"},
            "empty title": {"title": "   "},
            "negative attempts": {"attempts_allowed": "-1"},
            "zero time limit": {"time_limit": "0"},
            "unknown rule": {"grading": "best-of-three"},
            "unknown feedback": {"feedback": "never"},
        }
        for label, change in cases.items():
            with self.subTest(label):
                response = self.client.post(teach("quiz-add"), self.settings(**change))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "There is a problem")
        self.assertFalse(Quiz.objects.filter(title="Hedges and sources").exists())


class QuizEditTests(WorkspaceData, QuizFormData, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questions = [QuestionFactory() for _ in range(3)]

    def setUp(self) -> None:
        self.login()
        for n, question in enumerate(self.questions, start=1):
            QuizItemFactory(quiz=self.draft, question=question, position=n)

    def order(self) -> list[int]:
        return list(
            self.draft.items.order_by("position").values_list("question_id", flat=True)
        )

    def test_page_shows_questions_in_order_with_keyboard_buttons(self):
        """Each question has its points and Up, Down and Remove buttons."""
        response = self.client.get(teach("quiz-edit", self.draft.pk))
        for question in self.questions:
            self.assertContains(response, f'value="up-{question.pk}"')
            self.assertContains(response, f'value="remove-{question.pk}"')
        self.assertContains(response, 'name="draw-')
        self.assertContains(response, "Publish the quiz")

    def test_saves_settings(self):
        """Posted settings replace the quiz's; the author stays."""
        response = self.client.post(
            teach("quiz-edit", self.draft.pk), self.settings(title="Renamed")
        )
        self.assertRedirects(response, teach("quiz-edit", self.draft.pk))
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "Renamed")
        self.assertEqual(self.draft.time_limit, timedelta(minutes=20))

    def test_bad_settings_change_nothing(self):
        """A close before the open is a 400 and the quiz stays as it was."""
        response = self.client.post(
            teach("quiz-edit", self.draft.pk),
            self.settings(title="Renamed", closes_at="2029-01-01T00:00"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "close after it opens", status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.title, "My draft")

    def test_moves_questions_up_and_down(self):
        """Up and Down swap a question with its neighbour; the ends stay put."""
        a, b, c = (q.pk for q in self.questions)
        url = teach("quiz-items", self.draft.pk)
        self.client.post(url, {"action": f"up-{c}"})
        self.assertEqual(self.order(), [a, c, b])
        self.client.post(url, {"action": f"down-{a}"})
        self.assertEqual(self.order(), [c, a, b])
        self.client.post(url, {"action": f"up-{c}"})
        self.assertEqual(self.order(), [c, a, b])

    def test_removes_a_question(self):
        """Remove takes the question out and renumbers the rest."""
        a, b, c = (q.pk for q in self.questions)
        response = self.client.post(
            teach("quiz-items", self.draft.pk), {"action": f"remove-{b}"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.order(), [a, c])
        self.assertEqual(
            list(
                self.draft.items.order_by("position").values_list("position", flat=True)
            ),
            [1, 2],
        )

    def test_saves_points(self):
        """Save sets each question's points."""
        a, b, c = (q.pk for q in self.questions)
        self.client.post(
            teach("quiz-items", self.draft.pk),
            {
                "action": "save",
                f"points-{a}": "2.5",
                f"points-{b}": "1",
                f"points-{c}": "4",
            },
        )
        points = dict(self.draft.items.values_list("question_id", "points"))
        self.assertEqual(points[a], Decimal("2.5"))
        self.assertEqual(points[c], Decimal("4"))

    def test_forged_item_posts_change_nothing(self):
        """Unknown questions, actions and bad points are refused with a 400."""
        before = list(self.draft.items.values_list("question_id", "position", "points"))
        outsider = QuestionFactory()
        for data in (
            {"action": f"remove-{outsider.pk}"},
            {"action": f"up-{outsider.pk}"},
            {"action": "explode-1"},
            {"action": "up-abc"},
            {},
            {"action": "save", f"points-{self.questions[0].pk}": "0"},
            {"action": "save", f"points-{self.questions[0].pk}": "lots"},
            {"action": "save", f"points-{self.questions[0].pk}": "1e9"},
        ):
            with self.subTest(data=data):
                response = self.client.post(teach("quiz-items", self.draft.pk), data)
                self.assertEqual(response.status_code, 400)
        after = list(self.draft.items.values_list("question_id", "position", "points"))
        self.assertEqual(before, after)

    def test_saves_random_draws(self):
        """A count per skill becomes the quiz's draws; zero removes one."""
        skill = SkillFactory()
        response = self.client.post(
            teach("quiz-draws", self.draft.pk), {f"draw-{skill.slug}": "3"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(QuizDraw.objects.get(quiz=self.draft).count, 3)
        self.client.post(
            teach("quiz-draws", self.draft.pk), {f"draw-{skill.slug}": "0"}
        )
        self.assertFalse(QuizDraw.objects.filter(quiz=self.draft).exists())

    def test_bad_draws_are_refused(self):
        """A draw outside 0..100 or not a number is a 400 and changes nothing."""
        skill = SkillFactory()
        for value in ("101", "-1", "two"):
            with self.subTest(value=value):
                response = self.client.post(
                    teach("quiz-draws", self.draft.pk), {f"draw-{skill.slug}": value}
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(QuizDraw.objects.filter(quiz=self.draft).exists())

    def test_publishes_the_quiz_and_its_draft_questions(self):
        """Publish makes the quiz and its draft questions published."""
        draft_question = QuestionFactory(status="draft", author=self.teacher)
        QuizItemFactory(quiz=self.draft, question=draft_question, position=4)
        response = self.client.post(teach("quiz-publish", self.draft.pk))
        self.assertRedirects(response, teach("quiz-edit", self.draft.pk))
        self.draft.refresh_from_db()
        draft_question.refresh_from_db()
        self.assertEqual(self.draft.status, "published")
        self.assertEqual(draft_question.status, "published")

    def test_an_empty_quiz_cannot_be_published(self):
        """A quiz with no questions and no draws stays a draft, with a message."""
        empty = QuizFactory(author=self.teacher, status="draft")
        response = self.client.post(teach("quiz-publish", empty.pk), follow=True)
        self.assertContains(response, "no questions yet")
        empty.refresh_from_db()
        self.assertEqual(empty.status, "draft")

    def test_a_quiz_of_random_draws_only_can_be_published(self):
        """Draws alone are enough to publish."""
        drawn = QuizFactory(author=self.teacher, status="draft")
        QuestionFactory(skill=(skill := SkillFactory()))
        QuizDraw.objects.create(quiz=drawn, skill=skill, count=1)
        self.client.post(teach("quiz-publish", drawn.pk))
        drawn.refresh_from_db()
        self.assertEqual(drawn.status, "published")

    def test_adding_to_a_published_quiz_publishes_the_new_draft_questions(self):
        """Students never meet a draft: questions added to a live quiz are published."""
        draft_question = QuestionFactory(status="draft", author=self.teacher)
        self.client.post(
            teach("bank-add"), {"quiz": self.quiz.pk, "questions": [draft_question.pk]}
        )
        draft_question.refresh_from_db()
        self.assertEqual(draft_question.status, "published")


# --- classes and assignments ------------------------------------------------------------


class ClassTests(WorkspaceData, TestCase):
    def setUp(self) -> None:
        self.login()

    def test_class_list_shows_only_own_classes(self):
        """The list shows the teacher's classes with their counts, not others'."""
        response = self.client.get(teach("class-list"))
        self.assertContains(response, "Media 10")
        self.assertContains(response, "2 students")
        self.assertNotContains(response, "Rival class")

    def test_creates_a_class_with_a_join_code(self):
        """A new class belongs to the teacher and gets a valid join code."""
        response = self.client.post(teach("class-add"), {"name": "  Year 9  "})
        classroom = Classroom.objects.get(name="Year 9")
        self.assertRedirects(response, teach("class-detail", classroom.pk))
        self.assertEqual(classroom.teacher, self.teacher)
        self.assertRegex(classroom.join_code, r"^[A-Z2-9]{8}$")

    def test_a_class_needs_a_name(self):
        """An empty or over-long name is a 400 and no class."""
        for name in ("", "   ", "x" * 201):
            with self.subTest(name=name[:10]):
                response = self.client.post(teach("class-add"), {"name": name})
                self.assertEqual(response.status_code, 400)
        self.assertEqual(Classroom.objects.filter(teacher=self.teacher).count(), 1)

    def test_detail_shows_code_members_and_assignments(self):
        """The class page shows the join code big, a copy button, members and quizzes."""
        response = self.client.get(teach("class-detail", self.classroom.pk))
        self.assertContains(
            response,
            f'<p class="join-code" id="join-code" aria-describedby="join-how">'
            f"{self.classroom.join_code}</p>",
            html=False,
        )
        self.assertContains(response, "data-copy-target")
        self.assertContains(response, self.student.username)
        self.assertContains(response, self.quiz.title)
        self.assertContains(response, teach("results", self.classroom.pk, self.quiz.pk))

    def test_new_code_replaces_the_old_one(self):
        """A new code is issued; the members stay."""
        old = self.classroom.join_code
        self.client.post(teach("class-new-code", self.classroom.pk))
        self.classroom.refresh_from_db()
        self.assertNotEqual(self.classroom.join_code, old)
        self.assertEqual(self.classroom.memberships.count(), 2)

    def test_removes_a_member(self):
        """Remove takes the student out of the class; their attempts stay."""
        attempt = take(self.quiz, self.student)
        response = self.client.post(
            teach("class-remove-member", self.classroom.pk, self.student.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(
            Membership.objects.filter(
                classroom=self.classroom, student=self.student
            ).exists()
        )
        self.assertTrue(Attempt.objects.filter(pk=attempt.pk).exists())

    def test_removing_a_non_member_is_a_404(self):
        """A student who is not in the class cannot be removed from it."""
        outsider = UserFactory()
        MembershipFactory(classroom=self.other_class, student=outsider)
        response = self.client.post(
            teach("class-remove-member", self.classroom.pk, outsider.pk)
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Membership.objects.filter(student=outsider).exists())

    def test_assigns_a_published_quiz_with_a_due_date(self):
        """A published quiz (another teacher's too) is assigned with its due date."""
        response = self.client.post(
            teach("assign", self.classroom.pk),
            {"quiz": self.other_quiz.pk, "due": "2030-05-01T15:00"},
        )
        self.assertEqual(response.status_code, 302)
        assignment = Assignment.objects.get(
            classroom=self.classroom, quiz=self.other_quiz
        )
        self.assertEqual(assignment.due.isoformat(), "2030-05-01T15:00:00+00:00")
        self.assertEqual(assignment.assigned_by, self.teacher)

    def test_assign_refuses_bad_input(self):
        """Drafts, unknown quizzes, bad dates and repeats are 400s that assign nothing."""
        cases = {
            "draft": {"quiz": self.draft.pk},
            "their draft": {"quiz": self.other_draft.pk},
            "unknown": {"quiz": 999999},
            "not an id": {"quiz": "abc"},
            "no quiz": {},
            "bad date": {"quiz": self.other_quiz.pk, "due": "31/31/2030"},
            "already assigned": {"quiz": self.quiz.pk},
        }
        for label, data in cases.items():
            with self.subTest(label):
                response = self.client.post(teach("assign", self.classroom.pk), data)
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.classroom.assignments.count(), 1)

    def test_changes_and_clears_the_due_date(self):
        """The due date can be moved, and removed."""
        url = teach("assignment-edit", self.classroom.pk, self.assignment.pk)
        self.assertContains(self.client.get(url), "Save the due date")
        self.client.post(url, {"due": "2031-01-02T03:04"})
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.due.isoformat(), "2031-01-02T03:04:00+00:00")
        self.client.post(url, {"due": ""})
        self.assignment.refresh_from_db()
        self.assertIsNone(self.assignment.due)

    def test_bad_due_date_changes_nothing(self):
        """A due date that is not a date is a 400; the old one stays."""
        due = self.assignment.due
        url = teach("assignment-edit", self.classroom.pk, self.assignment.pk)
        response = self.client.post(url, {"due": "soon"})
        self.assertEqual(response.status_code, 400)
        self.assignment.refresh_from_db()
        self.assertEqual(self.assignment.due, due)

    def test_unassigns(self):
        """Remove takes the quiz off the class; attempts at it are kept."""
        attempt = take(self.quiz, self.student)
        self.client.post(teach("unassign", self.classroom.pk, self.assignment.pk))
        self.assertFalse(Assignment.objects.filter(pk=self.assignment.pk).exists())
        self.assertTrue(Attempt.objects.filter(pk=attempt.pk).exists())


# --- results -----------------------------------------------------------------------------


class ResultsTests(WorkspaceData, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        take(cls.quiz, cls.student)  # right on the single choice
        take(cls.quiz, cls.classmate, {"single": "a"})  # wrong: a misconception
        cls.outsider = UserFactory()
        take(cls.quiz, cls.outsider)  # not in the class: not counted

    def setUp(self) -> None:
        self.login()

    def test_per_student_and_per_question(self):
        """The page shows each member's status and each question's outcomes."""
        response = self.client.get(teach("results", self.classroom.pk, self.quiz.pk))
        students = [row["result"].student for row in response.context["students"]]
        self.assertEqual(set(students), {self.student, self.classmate})
        self.assertContains(response, "Awaiting grading")
        single = response.context["questions"][0]["stats"]
        self.assertEqual((single.answered, single.right, single.wrong), (2, 1, 1))
        self.assertEqual(single.facility, 0.5)
        self.assertContains(response, "secret misc single")  # misconception tag
        self.assertContains(response, "Facility index")
        self.assertContains(response, "Discrimination index")

    def test_charts_are_accessible_inline_svg(self):
        """Two inline SVG charts, each with a title and a description."""
        response = self.client.get(teach("results", self.classroom.pk, self.quiz.pk))
        content = response.content.decode()
        self.assertEqual(content.count('<svg class="chart"'), 2)
        self.assertIn('<title id="histogram-title">', content)
        self.assertIn('<desc id="facility-desc">', content)
        self.assertIn('aria-labelledby="facility-title facility-desc"', content)
        self.assertNotIn("<script", content.split("<main", 1)[1])

    def test_students_csv(self):
        """One row per student, as an attachment."""
        response = self.client.get(
            teach("results-csv", self.classroom.pk, self.quiz.pk, "students")
        )
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("media-10", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][0], "username")
        self.assertEqual(
            {row[0] for row in rows[1:]},
            {self.student.username, self.classmate.username},
        )

    def test_questions_csv(self):
        """One row per question with the item analysis."""
        response = self.client.get(
            teach("results-csv", self.classroom.pk, self.quiz.pk, "questions")
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][10], "facility index")
        self.assertEqual(rows[1][5:9], ["2", "1", "0", "1"])
        self.assertEqual(rows[1][10], "0.5000")
        self.assertIn("secret-misc-single (1)", rows[1][12])

    def test_csv_quotes_and_defuses_formulas(self):
        """Cells that a spreadsheet would run are prefixed with '; commas are quoted."""
        for username in ("=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)", "a,b"):
            user = User.objects.create(username=username, first_name='Q "x", y')
            MembershipFactory(classroom=self.classroom, student=user)
        question = self.quiz.items.order_by("position").first().question
        version = question.current
        version.stem = "=1+1 is the stem"
        version.save()
        response = self.client.get(
            teach("results-csv", self.classroom.pk, self.quiz.pk, "students")
        )
        text = response.content.decode("utf-8-sig")
        self.assertIn('"Q ""x"", y"', text)
        names = {row[0] for row in csv.reader(io.StringIO(text))}
        for safe in ("'=HYPERLINK(1)", "'+cmd", "'-2+3", "'@SUM(A1)", "a,b"):
            self.assertIn(safe, names)
        response = self.client.get(
            teach("results-csv", self.classroom.pk, self.quiz.pk, "questions")
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[1][2], "'=1+1 is the stem")

    def grade_short(self, student, score: str = "1") -> None:
        """Grade ``student``'s written answer, so their attempt is final."""
        response = Response.objects.get(
            attempt__quiz=self.quiz, attempt__student=student, needs_manual=True
        )
        grade_manually(response=response, score=Decimal(score), grader=self.teacher)

    def test_scores_awaiting_grading_are_provisional_and_left_out(self):
        """A score still awaiting grading reads "so far" and stays out of the summary.

        It is not counted "with a score", nor in the mean, the median or the
        histogram, until the teacher grades it; then it counts as final.
        """
        url = teach("results", self.classroom.pk, self.quiz.pk)
        response = self.client.get(url)
        self.assertEqual(response.context["scored_count"], 0)
        self.assertEqual(response.context["provisional_count"], 2)
        self.assertIsNone(response.context["mean"])
        self.assertIsNone(response.context["median"])
        self.assertEqual(sum(b.count for b in response.context["bins"]), 0)
        self.assertContains(response, "so far — awaiting grading", count=2)
        self.assertContains(response, "2 awaiting grading are left out")

        self.grade_short(self.student)  # 1 of 2 on the choice + 1 → 100%
        response = self.client.get(url)
        self.assertEqual(response.context["scored_count"], 1)
        self.assertEqual(response.context["provisional_count"], 1)
        self.assertEqual(response.context["mean"], Decimal(1))
        self.assertEqual([b.count for b in response.context["bins"]][-1], 1)
        self.assertContains(response, "so far — awaiting grading", count=1)
        rows = {
            row["result"].student: row["result"] for row in response.context["students"]
        }
        self.assertFalse(rows[self.student].provisional)
        self.assertTrue(rows[self.classmate].provisional)

    def test_provisional_follows_the_grading_rule(self):
        """An awaiting attempt makes the score provisional only if it can change it."""
        result = StudentResult(student=self.student)
        graded = Attempt(number=1, state="graded", score=Decimal("0.4"))
        awaiting = Attempt(number=2, state="awaiting_grading", score=Decimal("0.5"))
        result.attempts = [graded, awaiting]
        for grading, provisional in (
            (Quiz.Grading.FIRST, False),
            (Quiz.Grading.LAST, True),
            (Quiz.Grading.HIGHEST, True),
            (Quiz.Grading.AVERAGE, True),
        ):
            with self.subTest(grading=grading):
                result.grading = grading
                result.counted = counted_score(result.attempts, grading)
                self.assertIs(result.provisional, provisional)
        graded.score = Decimal(1)  # nothing can beat full marks
        result.grading = Quiz.Grading.HIGHEST
        result.counted = Decimal(1)
        self.assertIs(result.provisional, False)
        result.counted = None
        self.assertIs(result.provisional, False)

    def test_students_csv_says_which_scores_are_final(self):
        """The per-student CSV has a column saying whether the score awaits grading."""
        self.grade_short(self.student)
        response = self.client.get(
            teach("results-csv", self.classroom.pk, self.quiz.pk, "students")
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        column = rows[0].index("score status")
        statuses = {row[0]: row[column] for row in rows[1:]}
        self.assertEqual(
            statuses,
            {
                self.student.username: "final",
                self.classmate.username: "provisional: awaiting grading",
            },
        )

    def test_an_empty_class_has_results_too(self):
        """A class with no attempts shows empty charts, not an error."""
        empty = ClassroomFactory(teacher=self.teacher)
        AssignmentFactory(classroom=empty, quiz=self.quiz)
        response = self.client.get(teach("results", empty.pk, self.quiz.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No students in this class yet")


# --- grading -------------------------------------------------------------------------


class GradingTests(WorkspaceData, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.attempt = take(cls.quiz, cls.student)
        cls.short = cls.quiz.items.get(position=2).question

    def setUp(self) -> None:
        self.login()
        self.response = Response.objects.get(attempt=self.attempt, question=self.short)

    def url(self, classroom=None) -> str:
        return teach("grading", (classroom or self.classroom).pk, self.quiz.pk)

    def test_lists_answers_awaiting_grading_with_rubric_and_model_answer(self):
        """The answer, the rubric and the model answer are on the page."""
        self.assertEqual(self.attempt.state, "awaiting_grading")
        response = self.client.get(self.url())
        self.assertContains(response, "It is only a lower bound.")
        self.assertContains(response, "SECRET-RUBRIC-CRITERION")
        self.assertContains(response, "SECRET-MODEL-ANSWER")
        self.assertContains(response, self.student.username)

    def test_grades_with_a_score_and_comment(self):
        """A score and comment are saved, and the attempt is rescored and graded."""
        response = self.client.post(
            self.url(),
            {"response": self.response.pk, "score": "0.5", "comment": "Why?"},
        )
        self.assertRedirects(response, self.url())
        self.response.refresh_from_db()
        self.attempt.refresh_from_db()
        self.assertEqual(self.response.score, Decimal("0.5"))
        self.assertEqual(self.response.comment, "Why?")
        self.assertEqual(self.response.graded_by, self.teacher)
        self.assertEqual(self.attempt.state, "graded")
        self.assertEqual(self.attempt.score, Decimal("0.75"))
        self.assertNotContains(self.client.get(self.url()), "It is only a lower bound.")

    def test_grades_by_points_per_criterion(self):
        """Points per criterion are summed over the rubric's total (1 of 2 → 0.5)."""
        self.client.post(
            self.url(), {"response": self.response.pk, "criterion-1": "1", "score": ""}
        )
        self.response.refresh_from_db()
        self.assertEqual(self.response.score, Decimal("0.5"))

    def test_a_graded_answer_can_be_graded_again(self):
        """Answers already graded are listed apart and can be changed."""
        self.client.post(self.url(), {"response": self.response.pk, "score": "0"})
        response = self.client.get(self.url() + "?show=graded")
        self.assertContains(response, "It is only a lower bound.")
        self.client.post(
            self.url() + "?show=graded", {"response": self.response.pk, "score": "1"}
        )
        self.response.refresh_from_db()
        self.assertEqual(self.response.score, Decimal("1"))

    def test_bad_grades_change_nothing(self):
        """Scores outside 0..1, too many points, or nothing at all: 400, ungraded."""
        for data in (
            {"score": "1.5"},
            {"score": "-0.1"},
            {"score": "half"},
            {"criterion-1": "3"},
            {},
        ):
            with self.subTest(data=data):
                response = self.client.post(
                    self.url(), {"response": self.response.pk, **data}
                )
                self.assertEqual(response.status_code, 400)
        self.response.refresh_from_db()
        self.assertIs(self.response.needs_manual, True)
        self.assertIsNone(self.response.score)

    def test_forged_responses_are_404s(self):
        """Answers outside the class or quiz, of open attempts, or not ids: 404s."""
        outsider = UserFactory()
        outside = Response.objects.get(
            attempt=take(self.quiz, outsider), question=self.short
        )
        open_attempt = start_attempt(quiz=self.quiz, student=self.classmate)
        save_answer(attempt=open_attempt, question=self.short, answer="Draft")
        still_open = Response.objects.get(attempt=open_attempt, question=self.short)
        single = Response.objects.get(
            attempt=self.attempt, question=self.quiz.items.get(position=1).question
        )
        for pk in (outside.pk, still_open.pk, single.pk, "abc", "", 999999):
            with self.subTest(pk=pk):
                response = self.client.post(self.url(), {"response": pk, "score": "1"})
                self.assertEqual(response.status_code, 404)
        outside.refresh_from_db()
        self.assertIsNone(outside.score)

    def test_the_student_sees_awaiting_grading_until_then(self):
        """The student's result says "awaiting grading" until the teacher grades."""
        self.client.force_login(self.student)
        result = reverse("lessons:attempt-result", args=[self.attempt.pk])
        self.assertContains(self.client.get(result), "awaiting grading")
        self.login()
        self.client.post(
            self.url(), {"response": self.response.pk, "score": "1", "comment": "Good"}
        )
        self.client.force_login(self.student)
        response = self.client.get(result)
        self.assertNotContains(response, "awaiting grading")
        self.assertContains(response, "Good")


# --- query budgets -------------------------------------------------------------------


class WorkspaceQueryBudgetTests(TestCase):
    """Pages cost the same number of queries whatever the size of the class or quiz."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.teacher = TeacherFactory()
        cls.quiz = make_quiz(
            3, types=("single", "multiple", "short"), author=cls.teacher
        )

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def test_results_pages_hold_for_10_and_1000_students(self):
        """Results, both CSVs and grading: same queries for 10 and 1,000 students."""
        self.client.force_login(self.teacher)
        counts = {}
        questions = [
            item.question
            for item in self.quiz.items.select_related("question__current").order_by(
                "position"
            )
        ]
        for size in (10, 1000):
            classroom = class_with_submissions(self.teacher, self.quiz, questions, size)
            urls = {
                "results": teach("results", classroom.pk, self.quiz.pk),
                "students csv": teach(
                    "results-csv", classroom.pk, self.quiz.pk, "students"
                ),
                "questions csv": teach(
                    "results-csv", classroom.pk, self.quiz.pk, "questions"
                ),
                "grading": teach("grading", classroom.pk, self.quiz.pk),
                "class": teach("class-detail", classroom.pk),
            }
            counts[size] = {name: self.count(url) for name, url in urls.items()}
        self.assertEqual(counts[10], counts[1000])
        # The user, the teacher check, the assignment, then the results' own queries.
        self.assertLessEqual(counts[1000]["results"], 10)
        self.assertLessEqual(counts[1000]["students csv"], 5)
        self.assertLessEqual(counts[1000]["questions csv"], 7)

    def test_bank_quiz_and_class_pages_hold_for_more_questions_and_members(self):
        """Bank, quiz editor, quiz list, class list: the same for 3 or 30 questions."""
        self.client.force_login(self.teacher)
        counts = {}
        for size in (3, 30):
            quiz = make_quiz(size, author=self.teacher, status="draft")
            classroom = ClassroomFactory(teacher=self.teacher)
            for _ in range(size):
                MembershipFactory(classroom=classroom)
            counts[size] = {
                "bank": self.count(teach("bank") + f"?quiz={quiz.pk}"),
                "quiz edit": self.count(teach("quiz-edit", quiz.pk)),
                "quiz list": self.count(teach("quiz-list")),
                "class detail": self.count(teach("class-detail", classroom.pk)),
                "class list": self.count(teach("class-list")),
            }
            self.client.get(teach("bank"))  # warm per-process caches
        self.assertEqual(counts[3], counts[30])
        self.assertLessEqual(counts[30]["quiz edit"], 8)
        self.assertLessEqual(counts[30]["bank"], 9)


class CsvCellTests(TestCase):
    def test_text_that_could_run_is_prefixed(self):
        """Text starting with = + - @ (or a tab or CR) gets a leading apostrophe."""
        from lessons.views.teach.classes import csv_cell

        for text in ("=1", "+1", "-1", "@A1", "\tx", "\rx"):
            with self.subTest(text=text):
                self.assertEqual(csv_cell(text), "'" + text)
        self.assertEqual(csv_cell("plain"), "plain")
        self.assertEqual(csv_cell(None), "")

    def test_numbers_we_computed_stay_numbers(self):
        """A negative discrimination index is written as a number, not defused text."""
        from lessons.views.teach.classes import csv_cell

        self.assertEqual(csv_cell(Decimal("-0.2500")), Decimal("-0.2500"))
        self.assertEqual(csv_cell(-3), -3)


class AssemblyTests(TestCase):
    """The steps a quiz is assembled with keep its items numbered 1..n."""

    def test_add_skips_questions_already_in_the_quiz(self):
        """Adding a question twice adds it once."""
        from lessons.services.assembly import add_quiz_questions

        teacher = TeacherFactory()
        quiz = QuizFactory(author=teacher, status="draft")
        question = QuestionFactory()
        self.assertEqual(
            add_quiz_questions(quiz=quiz, teacher=teacher, questions=[question.pk]), 1
        )
        self.assertEqual(
            add_quiz_questions(
                quiz=quiz, teacher=teacher, questions=[question.pk, question.pk]
            ),
            0,
        )
        self.assertEqual(quiz.items.count(), 1)


# --- the teacher's navigation --------------------------------------------------------


class TeacherNavTests(WorkspaceData, TestCase):
    """Every page under /teach/ has the one teacher navigation, its section current."""

    SECTIONS = [
        ("Dashboard", "/teach/"),
        ("Articles", "/teach/articles/"),
        ("Lessons", "/teach/lessons/"),
        ("Questions", "/teach/questions/"),
        ("Question bank", "/teach/bank/"),
        ("Quizzes", "/teach/quizzes/"),
        ("Classes", "/teach/classes/"),
    ]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.article = ArticleFactory(
            owner=cls.teacher, text="Officials said at least 50,000 were there."
        )
        cls.figure = FigureFactory(article=cls.article, exact="at least 50,000")
        cls.lesson = LessonFactory(author=cls.teacher, status="draft")
        cls.lesson.articles.add(cls.article)
        cls.question = cls.quiz.items.order_by("position").first().question

    def pages(self) -> list[tuple[str, str]]:
        """Every page a teacher can GET, with the section it belongs to."""
        a, f, lesson, q = self.article.pk, self.figure.pk, self.lesson.pk, self.question
        c, quiz = self.classroom.pk, self.quiz.pk
        return [
            (teach("dashboard"), "Dashboard"),
            (teach("article-list"), "Articles"),
            (teach("article-add"), "Articles"),
            (teach("article-review", a), "Articles"),
            (teach("article-findings", a), "Articles"),
            (teach("figure-add", a), "Articles"),
            (teach("figure-edit", f), "Articles"),
            (teach("figure-delete", f), "Articles"),
            (teach("figure-attribution", f), "Articles"),
            (teach("lesson-list"), "Lessons"),
            (teach("lesson-detail", lesson), "Lessons"),
            (teach("lesson-edit", lesson), "Lessons"),
            (teach("question-list"), "Questions"),
            (teach("question-detail", q.pk), "Questions"),
            (teach("question-edit", q.pk), "Questions"),
            (teach("bank"), "Question bank"),
            (teach("quiz-list"), "Quizzes"),
            (teach("quiz-add"), "Quizzes"),
            (teach("quiz-detail", self.other_quiz.pk), "Quizzes"),
            (teach("quiz-edit", self.draft.pk), "Quizzes"),
            (teach("class-list"), "Classes"),
            (teach("class-add"), "Classes"),
            (teach("class-detail", c), "Classes"),
            (teach("assign", c), "Classes"),
            (teach("assignment-edit", c, self.assignment.pk), "Classes"),
            (teach("results", c, quiz), "Classes"),
            (teach("grading", c, quiz), "Classes"),
        ]

    def nav(self, url: str) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertEqual(content.count("<nav"), content.count("</nav>"))
        self.assertEqual(
            content.count('aria-label="Teacher&#x27;s workspace"')
            + content.count('aria-label="Teacher\'s workspace"'),
            1,
        )
        self.assertNotIn("teach-subnav", content)
        self.assertNotIn("Quizzes and classes", content)
        return content.split('class="teach-nav"', 1)[1].split("</nav>", 1)[0]

    def test_every_page_has_the_one_nav_with_its_section_current(self):
        """Dashboard, Articles, Lessons, Questions, Question bank, Quizzes, Classes.

        The section a page belongs to is marked aria-current ("page" on the
        section's own page, "true" deeper in it); no other link is.
        """
        self.login()
        for url, section in self.pages():
            with self.subTest(url=url):
                nav = self.nav(url)
                self.assertEqual(
                    re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav),
                    [(href, name) for name, href in self.SECTIONS],
                )
                self.assertEqual(nav.count("aria-current"), 1)
                href = dict(self.SECTIONS)[section]
                current = "page" if url == href else "true"
                self.assertIn(
                    f'<a href="{href}" aria-current="{current}">{section}</a>', nav
                )
