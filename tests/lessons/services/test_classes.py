from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase

from lessons.models import Assignment, Membership
from lessons.services.classes import (
    assign_quiz,
    create_classroom,
    join_classroom,
    new_join_code_for,
)
from tests.factories import LessonFactory, QuizFactory, TeacherFactory, UserFactory


class CreateClassroomTests(TestCase):
    def test_teacher_creates_a_class_with_a_code(self):
        """A teacher's new class gets an 8-character join code."""
        classroom = create_classroom(teacher=TeacherFactory(), name="Year 10 Media")
        self.assertRegex(classroom.join_code, r"^[A-Z2-9]{8}$")

    def test_students_cannot_create_classes(self):
        """The teacher role is needed to create a class."""
        with self.assertRaisesMessage(ValidationError, "Only teachers"):
            create_classroom(teacher=UserFactory(), name="Mine")

    def test_name_is_required(self):
        """A blank name is refused."""
        with self.assertRaisesMessage(ValidationError, "needs a name"):
            create_classroom(teacher=TeacherFactory(), name="  ")


class JoinClassroomTests(TestCase):
    def setUp(self):
        self.classroom = create_classroom(teacher=TeacherFactory(), name="Class")
        self.student = UserFactory()

    def test_join_with_code_in_any_case_and_spacing(self):
        """Codes are read case-insensitively, spaces and dashes ignored; joining twice is harmless."""
        code = self.classroom.join_code
        messy = f"{code[:4].lower()}-{code[4:]} "
        join_classroom(student=self.student, code=messy)
        join_classroom(student=self.student, code=code)
        self.assertEqual(Membership.objects.filter(student=self.student).count(), 1)

    def test_bad_codes(self):
        """Malformed and unknown codes get clear messages."""
        cases = {
            "short": ("ABC", "8 letters"),
            "unknown": ("ZZZZZZZZ", "No open class"),
        }
        for name, (code, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(ValidationError, message):
                join_classroom(student=self.student, code=code)
        self.assertFalse(Membership.objects.exists())

    def test_new_code_keeps_members(self):
        """Replacing a leaked code keeps the members and retires the old code."""
        old = self.classroom.join_code
        join_classroom(student=self.student, code=old)
        new_join_code_for(classroom=self.classroom)
        self.assertNotEqual(self.classroom.join_code, old)
        self.assertTrue(Membership.objects.filter(student=self.student).exists())
        with self.assertRaises(ValidationError):
            join_classroom(student=UserFactory(), code=old)

    def test_membership_is_unique_in_the_database(self):
        """The database refuses a second membership of the same student."""
        Membership.objects.create(classroom=self.classroom, student=self.student)
        with self.assertRaises(IntegrityError):
            Membership.objects.create(classroom=self.classroom, student=self.student)


class AssignQuizTests(TestCase):
    def setUp(self):
        self.teacher = TeacherFactory()
        self.classroom = create_classroom(teacher=self.teacher, name="Class")

    def test_assign_then_move_the_due_date(self):
        """Assigning again updates the due date instead of duplicating."""
        quiz = QuizFactory()
        assign_quiz(classroom=self.classroom, quiz=quiz, teacher=self.teacher)
        assignment = assign_quiz(
            classroom=self.classroom,
            quiz=quiz,
            teacher=self.teacher,
            due="2030-01-01T09:00Z",
        )
        self.assertEqual(Assignment.objects.count(), 1)
        self.assertIsNotNone(assignment.due)

    def test_refusals(self):
        """Another teacher's class and a draft quiz cannot be assigned."""
        with self.assertRaisesMessage(ValidationError, "own classes"):
            assign_quiz(
                classroom=self.classroom, quiz=QuizFactory(), teacher=TeacherFactory()
            )
        with self.assertRaisesMessage(ValidationError, "Publish the quiz"):
            assign_quiz(
                classroom=self.classroom,
                quiz=QuizFactory(status="draft"),
                teacher=self.teacher,
            )
        with self.assertRaisesMessage(ValidationError, "Publish the quiz's lesson"):
            assign_quiz(
                classroom=self.classroom,
                quiz=QuizFactory(lesson=LessonFactory(status="draft")),
                teacher=self.teacher,
            )
        self.assertFalse(Assignment.objects.exists())
