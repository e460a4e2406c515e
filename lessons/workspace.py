"""Reads for the teacher's workspace (quizzes, classes, grading) and students' classes.

Each function makes a fixed number of queries whatever the number of
questions, members or assignments; results live in ``lessons.results``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Assignment, Attempt, Classroom, Membership, Quiz, Response
from .models.teaching import Status
from .selectors import counted_score

# An assignment due within this long (and not yet submitted) is "due soon".
DUE_SOON = timedelta(days=2)


# --- quizzes --------------------------------------------------------------------


def quizzes_for_teacher(user: Any, *, show: str = "all") -> QuerySet[Quiz]:
    """A teacher's own quizzes and every published one (all of them for staff).

    ``show``: "mine", "shared" (published, of others or generated) or "all".
    """
    mine = Q(author=user)
    shared = Q(status=Status.PUBLISHED) & ~mine
    if show == "mine":
        condition = mine
    elif show == "shared":
        condition = shared
    else:
        condition = Q() if user.is_staff else mine | shared
    return (
        Quiz.objects.filter(condition)
        .select_related("author")
        .annotate(
            item_count=Count("items", distinct=True),
            draw_count=Count("draws", distinct=True),
        )
        .order_by("-updated", "pk")
    )


def quiz_editable_by(user: Any) -> QuerySet[Quiz]:
    """Quizzes whose settings and questions a teacher may change: their own."""
    if user.is_staff:
        return Quiz.objects.all()
    return Quiz.objects.filter(author=user)


def assignable_quizzes(user: Any) -> QuerySet[Quiz]:
    """Quizzes students can take, the teacher's own first."""
    return (
        Quiz.objects.public()
        .annotate(own=Count("pk", filter=Q(author=user)))
        .order_by("-own", "title", "pk")
    )


# --- classes --------------------------------------------------------------------


def classes_for_teacher(user: Any) -> QuerySet[Classroom]:
    """The teacher's classes (every class for staff) with member and quiz counts."""
    classes = Classroom.objects.all() if user.is_staff else user.classrooms_taught
    return (
        classes.filter(archived=False)
        .select_related("teacher")
        .annotate(
            member_count=Count("memberships", distinct=True),
            assignment_count=Count("assignments", distinct=True),
        )
        .order_by("name", "pk")
    )


def class_taught_by(user: Any) -> QuerySet[Classroom]:
    """Classes a teacher may manage: their own; staff manage all."""
    if user.is_staff:
        return Classroom.objects.all()
    return Classroom.objects.filter(teacher=user)


@dataclass
class AssignmentRow:
    assignment: Assignment
    submitted: int = 0  # students with a submitted attempt
    awaiting: int = 0  # answers awaiting the teacher's grading


def class_assignments(classroom: Classroom) -> list[AssignmentRow]:
    """The class's assignments with how many have submitted and await grading (3 queries)."""
    rows = [
        AssignmentRow(assignment=a)
        for a in Assignment.objects.filter(classroom=classroom)
        .select_related("quiz")
        .order_by("due", "created", "pk")
    ]
    if not rows:
        return rows
    quiz_ids = [row.assignment.quiz_id for row in rows]
    members = Membership.objects.filter(classroom=classroom).values("student_id")
    submitted = dict(
        Attempt.objects.filter(
            quiz_id__in=quiz_ids, student_id__in=members, submitted__isnull=False
        )
        .values("quiz_id")
        .annotate(n=Count("student_id", distinct=True))
        .values_list("quiz_id", "n")
    )
    awaiting = dict(
        awaiting_responses(classroom=classroom, quiz_ids=quiz_ids)
        .values("attempt__quiz_id")
        .annotate(n=Count("id"))
        .values_list("attempt__quiz_id", "n")
    )
    for row in rows:
        row.submitted = submitted.get(row.assignment.quiz_id, 0)
        row.awaiting = awaiting.get(row.assignment.quiz_id, 0)
    return rows


# --- grading ----------------------------------------------------------------------


def class_responses(*, classroom: Classroom, quiz_ids: list[int]) -> QuerySet[Response]:
    """Answers in submitted attempts by the class's members at these quizzes."""
    members = Membership.objects.filter(classroom=classroom).values("student_id")
    return Response.objects.filter(
        attempt__quiz_id__in=quiz_ids,
        attempt__student_id__in=members,
        attempt__submitted__isnull=False,
    )


def awaiting_responses(
    *, classroom: Classroom, quiz_ids: list[int]
) -> QuerySet[Response]:
    """Answers that wait for a teacher's grade."""
    return class_responses(classroom=classroom, quiz_ids=quiz_ids).filter(
        needs_manual=True
    )


def responses_to_grade(
    *, classroom: Classroom, quiz: Quiz, graded: bool = False
) -> QuerySet[Response]:
    """Answers awaiting a grade (or, with ``graded``, those a teacher has graded)."""
    responses = class_responses(classroom=classroom, quiz_ids=[quiz.pk])
    if graded:
        responses = responses.filter(needs_manual=False, graded_by__isnull=False)
    else:
        responses = responses.filter(needs_manual=True)
    return responses.select_related(
        "attempt__student", "question", "version", "graded_by"
    ).order_by("attempt__submitted", "attempt_id", "pk")


# --- a student's classes ------------------------------------------------------------


@dataclass
class StudentAssignment:
    assignment: Assignment
    attempts: list[Attempt] = field(default_factory=list)
    status: str = "not_started"  # not_started | in_progress | submitted
    counted: Decimal | None = None
    awaiting_grading: bool = False
    score_hidden: bool = False
    due_soon: bool = False
    overdue: bool = False

    @property
    def quiz(self) -> Quiz:
        return self.assignment.quiz

    @property
    def status_label(self) -> str:
        return {
            "not_started": "Not started",
            "in_progress": "In progress",
            "submitted": "Submitted",
        }[self.status]


@dataclass
class StudentClass:
    membership: Membership
    assignments: list[StudentAssignment] = field(default_factory=list)

    @property
    def classroom(self) -> Classroom:
        return self.membership.classroom


def student_classes(student: Any, *, now: datetime) -> list[StudentClass]:
    """The student's classes, each with its assignments and the student's standing.

    Three queries: the memberships, the assignments, the student's attempts.
    Scores show only where the quiz's feedback rule lets the student see them.
    """
    classes = [
        StudentClass(membership=m)
        for m in Membership.objects.filter(student=student, classroom__archived=False)
        .select_related("classroom__teacher")
        .order_by("classroom__name", "classroom_id")
    ]
    if not classes:
        return classes
    by_class = {c.membership.classroom_id: c for c in classes}
    assignments = list(
        Assignment.objects.filter(
            classroom_id__in=list(by_class), quiz__in=Quiz.objects.public()
        )
        .select_related("quiz")
        .order_by("due", "created", "pk")
    )
    quiz_ids = {a.quiz_id for a in assignments}
    attempts: dict[int, list[Attempt]] = {}
    for attempt in Attempt.objects.filter(
        student=student, quiz_id__in=quiz_ids
    ).order_by("number"):
        attempts.setdefault(attempt.quiz_id, []).append(attempt)
    for assignment in assignments:
        row = StudentAssignment(
            assignment=assignment, attempts=attempts.get(assignment.quiz_id, [])
        )
        for attempt in row.attempts:
            attempt.quiz = assignment.quiz  # feedback_visible reads it: no query
        _standing(row, now)
        by_class[assignment.classroom_id].assignments.append(row)
    return classes


def _standing(row: StudentAssignment, now: datetime) -> None:
    closed = [a for a in row.attempts if not a.is_open]
    if any(a.is_open for a in row.attempts):
        row.status = "in_progress"
    elif closed:
        row.status = "submitted"
    shown = [a for a in closed if a.feedback_visible(now)]
    row.counted = counted_score(shown, row.quiz.grading)
    row.score_hidden = bool(closed) and len(shown) < len(closed)
    row.awaiting_grading = any(
        a.state == Attempt.State.AWAITING_GRADING for a in closed
    )
    due = row.assignment.due
    if due is not None and not closed:
        row.overdue = now >= due
        row.due_soon = not row.overdue and due - now <= DUE_SOON
