"""A student's classes: joining with a code, the assignments page, leaving."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lessons.models import Membership
from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    QuizFactory,
    TeacherFactory,
    UserFactory,
)
from tests.lessons.views.helpers import make_quiz

JOIN = reverse("lessons:class-join")
MINE = reverse("lessons:my-classes")


class ClassJoinTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.student = UserFactory()
        cls.classroom = ClassroomFactory(name="Media 10", join_code="ABCD2345")

    def setUp(self) -> None:
        self.client.force_login(self.student)

    def test_sign_in_required(self):
        """Signed-out visitors are sent to sign in."""
        self.client.logout()
        response = self.client.get(JOIN)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_page_has_a_labelled_code_field(self):
        """The form asks for the code, with a label; ?code= fills it in."""
        response = self.client.get(JOIN, {"code": "ABCD2345"})
        self.assertContains(response, '<label for="id_code">Join code</label>')
        self.assertContains(response, 'value="ABCD2345"')

    def test_joins_with_the_code_typed_loosely(self):
        """Lower case, spaces and dashes are fine; the student lands on their classes."""
        response = self.client.post(JOIN, {"code": " abcd-2345 "})
        self.assertRedirects(response, MINE)
        self.assertTrue(
            Membership.objects.filter(
                classroom=self.classroom, student=self.student
            ).exists()
        )

    def test_joining_twice_is_harmless(self):
        """A second join keeps one membership."""
        self.client.post(JOIN, {"code": "ABCD2345"})
        self.client.post(JOIN, {"code": "ABCD2345"})
        self.assertEqual(Membership.objects.filter(student=self.student).count(), 1)

    def test_bad_codes_are_refused(self):
        """Malformed, unknown, archived and own-class codes: 400 with a message."""
        ClassroomFactory(join_code="ZZZZ2222", archived=True)
        own = ClassroomFactory(join_code="YYYY3333", teacher=TeacherFactory())
        cases = {
            "": "This field is required",
            "ABC": "A join code has 8 letters",
            "ABCD234O": "A join code has 8 letters",  # O is not in the alphabet
            "<script>x</script>": "A join code has 8 letters",
            "QQQQ9999": "No open class has that join code",
            "ZZZZ2222": "No open class has that join code",
            "x" * 100: "Ensure this value has at most",
        }
        for code, message in cases.items():
            with self.subTest(code=code[:12]):
                response = self.client.post(JOIN, {"code": code})
                self.assertContains(response, message, status_code=400)
        self.client.force_login(own.teacher)
        response = self.client.post(JOIN, {"code": "YYYY3333"})
        self.assertContains(response, "You teach this class", status_code=400)
        self.assertFalse(Membership.objects.exists())


class MyClassesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.student = UserFactory()
        cls.classroom = ClassroomFactory(name="Media 10")
        MembershipFactory(classroom=cls.classroom, student=cls.student)
        now = timezone.now()
        cls.later = make_quiz(1, types=("single",), title="Later quiz")
        cls.soon = make_quiz(1, types=("single",), title="Soon quiz")
        cls.late = make_quiz(1, types=("single",), title="Late quiz")
        cls.done = make_quiz(1, types=("single",), title="Done quiz")
        cls.hidden = make_quiz(
            1,
            types=("single",),
            title="Hidden quiz",
            feedback="after_close",
            closes_at=now + timedelta(days=30),
        )
        for quiz, due in (
            (cls.later, now + timedelta(days=10)),
            (cls.soon, now + timedelta(hours=20)),
            (cls.late, now - timedelta(days=1)),
            (cls.done, now - timedelta(days=1)),
            (cls.hidden, None),
        ):
            AssignmentFactory(classroom=cls.classroom, quiz=quiz, due=due)
        for quiz in (cls.done, cls.hidden):
            attempt = start_attempt(quiz=quiz, student=cls.student)
            save_answer(
                attempt=attempt,
                question=quiz.items.select_related("question__current").get().question,
                answer="b",
            )
            submit_attempt(attempt=attempt)
        start_attempt(quiz=cls.later, student=cls.student)
        cls.elsewhere = ClassroomFactory(name="Not my class")
        AssignmentFactory(classroom=cls.elsewhere, quiz=QuizFactory(title="Not mine"))

    def setUp(self) -> None:
        self.client.force_login(self.student)

    def rows(self) -> dict[str, str]:
        """Each assignment's table row as rendered, by quiz title (the page is a
        Jinja2 template: its response has no ``context`` to read)."""
        response = self.client.get(MINE)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(html.count('<section class="class-block"'), 1)
        return {
            title: row
            for row in re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL)
            for title in re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', row)
        }

    def test_lists_only_my_classes_and_their_assignments(self):
        """My class and its quizzes appear; other classes' do not."""
        response = self.client.get(MINE)
        self.assertContains(response, "Media 10")
        self.assertContains(response, "Later quiz")
        self.assertNotContains(response, "Not my class")
        self.assertNotContains(response, "Not mine")

    def test_status_and_due_flags(self):
        """Not started / in progress / submitted, due soon and overdue."""
        rows = self.rows()
        self.assertIn(">In progress</span>", rows["Later quiz"])
        self.assertNotIn("due soon", rows["Later quiz"])
        self.assertIn("due soon", rows["Soon quiz"])
        self.assertIn(">Not started</span>", rows["Soon quiz"])
        self.assertIn("tag--overdue", rows["Late quiz"])
        self.assertIn(">Submitted</span>", rows["Done quiz"])
        self.assertNotIn("overdue", rows["Done quiz"])
        response = self.client.get(MINE)
        self.assertContains(response, "due soon")
        self.assertContains(response, "overdue")
        self.assertContains(response, "In progress")

    def test_score_shown_only_where_the_feedback_rule_allows(self):
        """The counted score shows after submission, not before an after-close quiz closes."""
        rows = self.rows()
        self.assertIn("<td>100% <span", rows["Done quiz"])
        self.assertNotIn("%", rows["Hidden quiz"])
        self.assertIn("shown after the quiz closes", rows["Hidden quiz"])
        self.assertContains(self.client.get(MINE), "shown after the quiz closes")

    def test_no_classes_yet(self):
        """A student in no class is pointed to the join page."""
        self.client.force_login(UserFactory())
        response = self.client.get(MINE)
        self.assertContains(response, "You are not in a class yet")
        self.assertContains(response, JOIN)

    def test_teachers_are_pointed_to_their_workspace(self):
        """A teacher opening the page gets a link to the classes they teach."""
        self.client.force_login(TeacherFactory())
        self.assertContains(self.client.get(MINE), reverse("teach:class-list"))

    def test_queries_do_not_grow_with_classes_and_assignments(self):
        """The page costs the same for one class and for four with more quizzes."""

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(MINE)
            return len(queries)

        before = count()
        for _ in range(3):
            classroom = ClassroomFactory()
            MembershipFactory(classroom=classroom, student=self.student)
            for _ in range(3):
                AssignmentFactory(classroom=classroom)
        self.assertEqual(count(), before)
        self.assertLessEqual(before, 5)


class ClassLeaveTests(TestCase):
    def test_leaves_a_class(self):
        """Leaving removes the membership and returns to the list."""
        membership = MembershipFactory()
        self.client.force_login(membership.student)
        response = self.client.post(
            reverse("lessons:class-leave", args=[membership.classroom_id])
        )
        self.assertRedirects(response, MINE)
        self.assertFalse(Membership.objects.filter(pk=membership.pk).exists())

    def test_leaving_a_class_one_is_not_in_is_a_404(self):
        """Someone else's class, or an unknown one, is a 404; GET is refused."""
        membership = MembershipFactory()
        self.client.force_login(UserFactory())
        url = reverse("lessons:class-leave", args=[membership.classroom_id])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(
            self.client.post(reverse("lessons:class-leave", args=[999999])).status_code,
            404,
        )
        self.assertTrue(Membership.objects.filter(pk=membership.pk).exists())


class ClassesNavTests(TestCase):
    def test_signed_in_users_see_a_classes_link(self):
        """The main navigation links to "Classes" for signed-in users only."""
        link = f'<a href="{MINE}">Classes</a>'
        self.assertNotContains(
            self.client.get(reverse("lessons:home")), link, html=True
        )
        self.client.force_login(UserFactory())
        self.assertContains(self.client.get(reverse("lessons:home")), link, html=True)
