"""Classes: create one, join it with its code, assign quizzes to it."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lessons.models import Assignment, Classroom, Membership, Quiz
from lessons.models.classes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, new_join_code
from lessons.models.teaching import Status
from lessons.roles import is_teacher


def create_classroom(*, teacher: User, name: str) -> Classroom:
    if not is_teacher(teacher):
        raise ValidationError("Only teachers can create classes.", code="not_teacher")
    name = (name or "").strip()
    if not name:
        raise ValidationError("A class needs a name.", code="no_name")
    if len(name) > 200:
        raise ValidationError(
            "A class name has at most 200 characters.", code="too_long"
        )
    for _ in range(5):  # a clash among 31^8 codes is rare; retry rather than fail
        try:
            with transaction.atomic():
                return Classroom.objects.create(
                    teacher=teacher, name=name, join_code=new_join_code()
                )
        except IntegrityError:
            continue
    raise ValidationError(
        "Could not find a free join code; try again."
    )  # pragma: no cover


def normalise_join_code(code: str) -> str:
    """Codes are case-insensitive and may be typed with spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def join_classroom(*, student: User, code: str) -> Membership:
    """Join the class with this code; joining twice is harmless."""
    code = normalise_join_code(code)
    if len(code) != JOIN_CODE_LENGTH or any(
        ch not in JOIN_CODE_ALPHABET for ch in code
    ):
        raise ValidationError(
            f"A join code has {JOIN_CODE_LENGTH} letters and digits, like ABCD2345.",
            code="bad_code",
        )
    classroom = Classroom.objects.filter(join_code=code, archived=False).first()
    if classroom is None:
        raise ValidationError("No open class has that join code.", code="unknown_code")
    if classroom.teacher_id == student.pk:
        raise ValidationError("You teach this class.", code="own_class")
    membership, _ = Membership.objects.get_or_create(
        classroom=classroom, student=student
    )
    return membership


def leave_classroom(*, student: User, classroom: Classroom) -> None:
    Membership.objects.filter(classroom=classroom, student=student).delete()


def new_join_code_for(*, classroom: Classroom) -> Classroom:
    """Replace a leaked code; members stay."""
    classroom.join_code = new_join_code()
    classroom.save(update_fields=["join_code"])
    return classroom


def assign_quiz(
    *, classroom: Classroom, quiz: Quiz, teacher: User, due: datetime | None = None
) -> Assignment:
    """Assign a published quiz to a class the teacher teaches (or move its due date)."""
    if classroom.teacher_id != teacher.pk and not teacher.is_staff:
        raise ValidationError(
            "You can only assign quizzes to your own classes.", code="not_yours"
        )
    if quiz.status != Status.PUBLISHED:
        raise ValidationError(
            "Publish the quiz before assigning it.", code="not_published"
        )
    if not quiz.is_public:
        raise ValidationError(
            "Publish the quiz's lesson before assigning the quiz.",
            code="not_published",
        )
    assignment, created = Assignment.objects.get_or_create(
        classroom=classroom, quiz=quiz, defaults={"due": due, "assigned_by": teacher}
    )
    if not created and assignment.due != due:
        assignment.due = due
        assignment.save(update_fields=["due"])
    return assignment


def unassign_quiz(*, assignment: Assignment, teacher: User) -> None:
    if assignment.classroom.teacher_id != teacher.pk and not teacher.is_staff:
        raise ValidationError("You can only change your own classes.", code="not_yours")
    assignment.delete()
