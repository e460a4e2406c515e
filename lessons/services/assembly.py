"""Assembling a quiz one step at a time: add from the bank, reorder, remove, points.

``quizzes.set_quiz_questions`` replaces the whole list and checks every
question against the teacher's bank; these steps check only the questions
they add, so a quiz that holds a question since retired can still be
reordered. Each step rewrites the items through ``quizzes.write_quiz_items``,
in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.models import Quiz, QuizItem
from lessons.models.teaching import Status

from .authoring import publish_quiz
from .quizzes import check_in_bank, write_quiz_items

__all__ = [
    "add_quiz_questions",
    "move_quiz_question",
    "publish_assembled_quiz",
    "remove_quiz_question",
    "set_quiz_points",
]

MAX_QUESTIONS = 500


def _items(quiz: Quiz) -> list[tuple[int, Decimal]]:
    return list(
        QuizItem.objects.filter(quiz=quiz)
        .order_by("position")
        .values_list("question_id", "points")
    )


@transaction.atomic
def add_quiz_questions(
    *,
    quiz: Quiz,
    teacher: User,
    questions: Sequence[int],
    points: Decimal = Decimal(1),
) -> int:
    """Append bank questions to the quiz (those already in it are skipped).

    Returns how many were added. A published quiz publishes the teacher's
    draft questions it gains, so students never meet a draft.
    """
    items = _items(quiz)
    present = {pk for pk, _points in items}
    wanted = [pk for pk in dict.fromkeys(questions) if pk not in present]
    if not wanted:
        return 0
    check_in_bank(teacher, wanted)
    if len(items) + len(wanted) > MAX_QUESTIONS:
        raise ValidationError(
            f"A quiz holds at most {MAX_QUESTIONS} questions.", code="too_many"
        )
    write_quiz_items(quiz, [*items, *((pk, points) for pk in wanted)])
    return len(wanted)


@transaction.atomic
def remove_quiz_question(*, quiz: Quiz, question_id: int) -> None:
    """Take a question out of the quiz; past attempts keep their questions."""
    items = _items(quiz)
    if question_id not in {pk for pk, _points in items}:
        raise ValidationError("That question is not in this quiz.", code="not_in_quiz")
    write_quiz_items(quiz, [item for item in items if item[0] != question_id])


@transaction.atomic
def move_quiz_question(*, quiz: Quiz, question_id: int, by: int) -> None:
    """Move a question ``by`` places (negative: earlier), stopping at the ends."""
    items = _items(quiz)
    index = next((n for n, item in enumerate(items) if item[0] == question_id), None)
    if index is None:
        raise ValidationError("That question is not in this quiz.", code="not_in_quiz")
    target = max(0, min(len(items) - 1, index + by))
    if target == index:
        return
    items.insert(target, items.pop(index))
    write_quiz_items(quiz, items)


@transaction.atomic
def set_quiz_points(*, quiz: Quiz, points: Mapping[int, Decimal]) -> None:
    """Change what questions are worth; questions not named keep their points."""
    items = _items(quiz)
    unknown = sorted(set(points) - {pk for pk, _points in items})
    if unknown:
        raise ValidationError("That question is not in this quiz.", code="not_in_quiz")
    for value in points.values():
        if not value.is_finite() or not Decimal(0) < value <= Decimal(1000):
            raise ValidationError("Points run from above 0 to 1000.", code="points")
    if all(points.get(pk, old) == old for pk, old in items):
        return
    write_quiz_items(quiz, [(pk, points.get(pk, old)) for pk, old in items])


def publish_assembled_quiz(*, quiz: Quiz) -> Quiz:
    """Publish a quiz of fixed questions, random draws, or both.

    ``authoring.publish_quiz`` wants fixed questions; a quiz made only of
    random draws (which take published questions) is published as it is.
    """
    if not quiz.items.exists() and quiz.draws.exists():
        if quiz.status != Status.PUBLISHED:
            quiz.status = Status.PUBLISHED
            quiz.save(update_fields=["status", "updated"])
        return quiz
    return publish_quiz(quiz=quiz)
