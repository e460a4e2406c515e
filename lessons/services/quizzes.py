"""A teacher's own quizzes and questions: assemble from the bank, set the rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from lessons.engine.questions import QuestionType
from lessons.models import Question, Quiz, QuizDraw, QuizItem, Skill
from lessons.models.teaching import Status

from .authoring import check_question_content, publish_quiz
from .generation import add_question_version

SETTINGS = (
    "title",
    "description",
    "shuffle_questions",
    "shuffle_choices",
    "attempts_allowed",
    "grading",
    "time_limit",
    "opens_at",
    "closes_at",
    "feedback",
)


def _hand_key(prefix: str) -> str:
    return f"hand-{prefix}-{uuid.uuid4().hex[:12]}"


def _slug(title: str, key: str) -> str:
    return f"{slugify(title)[:90].strip('-') or 'quiz'}-{key[-6:]}"


@transaction.atomic
def create_quiz(*, author: User, title: str, **settings: Any) -> Quiz:
    """A new draft quiz of the teacher's own; questions come from the bank."""
    key = _hand_key("quiz")
    quiz = Quiz(
        key=key, slug=_slug(title or "quiz", key), author=author, generated=False
    )
    return update_quiz(quiz=quiz, title=title, **settings)


@transaction.atomic
def update_quiz(*, quiz: Quiz, **settings: Any) -> Quiz:
    """Change a quiz's title and rules; the model's constraints are checked."""
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise ValidationError(f"Unknown quiz settings: {', '.join(unknown)}.")
    for name, value in settings.items():
        setattr(quiz, name, value)
    try:
        if not (quiz.title or "").strip():
            raise ValidationError({"title": ["A quiz needs a title."]})
        if isinstance(quiz.time_limit, timedelta) and quiz.time_limit <= timedelta(0):
            raise ValidationError({"time_limit": ["A time limit must be positive."]})
        quiz.full_clean(exclude=["lesson", "author"])
    except ValidationError:
        if quiz.pk is not None:
            quiz.refresh_from_db()  # a refused change leaves the quiz as stored
        raise
    quiz.generated = False  # a teacher's settings: generation leaves it alone now
    quiz.save()
    return quiz


def bank_for(teacher: User) -> Any:
    """Questions a teacher may put in a quiz: published ones and their own."""
    return Question.objects.filter(
        Q(status=Status.PUBLISHED) | Q(author=teacher),
        retired=False,
        current__isnull=False,
    )


@transaction.atomic
def set_quiz_questions(
    *,
    quiz: Quiz,
    teacher: User,
    questions: list[int],
    points: dict[int, Decimal] | None = None,
) -> Quiz:
    """The quiz's fixed questions, in order, each worth ``points`` (default 1)."""
    if len(set(questions)) != len(questions):
        raise ValidationError("A question appears twice in the list.")
    check_in_bank(teacher, questions)
    points = points or {}
    write_quiz_items(quiz, [(pk, points.get(pk, Decimal(1))) for pk in questions])
    return quiz


def check_in_bank(teacher: User, questions: Sequence[int]) -> None:
    """Refuse questions the teacher may not put in a quiz (1 query)."""
    found = set(bank_for(teacher).filter(pk__in=questions).values_list("pk", flat=True))
    missing = [pk for pk in questions if pk not in found]
    if missing:
        raise ValidationError(
            f"These questions are not in your bank: {', '.join(map(str, missing))}.",
            code="not_in_bank",
        )


def write_quiz_items(quiz: Quiz, items: Sequence[tuple[int, Decimal]]) -> None:
    """Replace the quiz's fixed questions: (question id, points), in order.

    The quiz is the teacher's from then on: generation leaves it alone. A
    published quiz publishes the draft questions it gains, so students never
    meet a draft.
    """
    # Delete and insert: renumbering in place would trip the unique positions.
    QuizItem.objects.filter(quiz=quiz).delete()
    QuizItem.objects.bulk_create(
        QuizItem(quiz=quiz, question_id=pk, position=n, points=points)
        for n, (pk, points) in enumerate(items, 1)
    )
    quiz.generated = False
    quiz.save(update_fields=["generated", "updated"])
    if items and quiz.status == Status.PUBLISHED:
        publish_quiz(quiz=quiz)


@transaction.atomic
def set_quiz_draws(*, quiz: Quiz, draws: dict[str, int]) -> Quiz:
    """Random draws: skill slug -> how many questions each attempt draws."""
    skills = {s.slug: s for s in Skill.objects.filter(slug__in=list(draws))}
    unknown = sorted(set(draws) - set(skills))
    if unknown:
        raise ValidationError(f"Unknown skills: {', '.join(unknown)}.")
    for slug, count in draws.items():
        if not isinstance(count, int) or not 0 <= count <= 100:
            raise ValidationError(f"Draw for {slug}: a whole number from 0 to 100.")
    quiz.draws.all().delete()
    QuizDraw.objects.bulk_create(
        QuizDraw(quiz=quiz, skill=skills[slug], count=count)
        for slug, count in sorted(draws.items())
        if count
    )
    return quiz


@transaction.atomic
def create_question(
    *,
    author: User,
    type: str,
    skill: Skill,
    stem: str,
    explanation: str,
    answer: dict[str, Any],
    difficulty: int = 2,
    evidence: list[dict[str, Any]] | None = None,
) -> Question:
    """A hand-written question, a draft of its author's, with its first version."""
    try:
        question_type = QuestionType(type)
    except ValueError:
        raise ValidationError({"type": [f"Unknown question type {type!r}."]}) from None
    content = {
        "stem": stem,
        "explanation": explanation,
        "answer": answer,
        "evidence": evidence or [],
    }
    check_question_content(question_type.value, content, difficulty=difficulty)
    question = Question.objects.create(
        key=_hand_key("question"),
        type=question_type.value,
        skill=skill,
        difficulty=difficulty,
        author=author,
        generated=False,
        edited=True,
    )
    add_question_version(question=question, content=content)
    return question
