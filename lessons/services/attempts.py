"""Taking a quiz: start or resume, save answers as the student goes, submit once.

Every answer is graded on the server by the engine's pure functions when it
is saved; what the student may see of the grade is the quiz's feedback rule,
applied where pages and the API present it.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone

from lessons import rows
from lessons.engine.grade import (
    AnswerDataError,
    ResponseError,
    grade_response,
    validate_response,
)
from lessons.models import Article, Attempt, Question, Quiz, QuizItem, Response
from lessons.models.teaching import Status

from ._json import plain_json

GRADED_FEEDBACK = "Graded by your teacher."


class QuizClosed(ValidationError):
    """The quiz is not open for this action now."""


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def check_quiz_open(*, quiz: Quiz, now: datetime) -> None:
    if quiz.status != Status.PUBLISHED:
        raise QuizClosed("This quiz is not published.", code="not_published")
    if not quiz.is_public:  # a quiz is about its lesson's content
        raise QuizClosed("This quiz's lesson is not published.", code="not_published")
    if quiz.opens_at and now < quiz.opens_at:
        raise QuizClosed(
            f"This quiz opens at {timezone.localtime(quiz.opens_at):%Y-%m-%d %H:%M %Z}.",
            code="not_open",
        )
    if quiz.closes_at and now >= quiz.closes_at:
        raise QuizClosed("This quiz has closed.", code="closed")


def start_attempt(*, quiz: Quiz, student: User, now: datetime | None = None) -> Attempt:
    """Resume the student's open attempt, or start a new one if allowed."""
    now = _now(now)
    current = Attempt.objects.filter(
        quiz=quiz, student=student, state=Attempt.State.IN_PROGRESS
    ).first()
    if current is not None:
        current.quiz = quiz
        if not current.is_overdue(now):
            return current
        submit_attempt(attempt=current, now=now)
    check_quiz_open(quiz=quiz, now=now)
    last = Attempt.objects.filter(quiz=quiz, student=student).aggregate(
        n=Max("number")
    )["n"]
    used = last or 0
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise QuizClosed(
            f"You have used all {quiz.attempts_allowed} attempts at this quiz.",
            code="no_attempts_left",
        )
    seed = secrets.token_hex(8)
    points = _draw_questions(quiz=quiz, seed=seed)
    if not points:
        raise QuizClosed("This quiz has no questions yet.", code="empty")
    question_ids = list(points)
    if quiz.shuffle_questions:
        random.Random(seed).shuffle(question_ids)
    deadline = None
    if quiz.time_limit:
        deadline = now + quiz.time_limit
        if quiz.closes_at and quiz.closes_at < deadline:
            deadline = quiz.closes_at
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                student=student,
                number=used + 1,
                started=now,
                deadline=deadline,
                question_order=question_ids,
                question_points=points,
                seed=seed,
            )
    except IntegrityError:
        # Another request started one at the same moment: use that one.
        return Attempt.objects.get(
            quiz=quiz, student=student, state=Attempt.State.IN_PROGRESS
        )


def _draw_questions(*, quiz: Quiz, seed: str) -> dict[int, str]:
    """The attempt's questions and their points: fixed items, then random draws.

    Each draw takes ``count`` published questions of its skill from the bank,
    never one already in the quiz, seeded per attempt so a resumed attempt
    keeps its questions.
    """
    points = {
        question_id: str(value)
        for question_id, value in QuizItem.objects.filter(quiz=quiz)
        .order_by("position")
        .values_list("question_id", "points")
    }
    for draw in quiz.draws.order_by("skill__position", "skill_id"):
        pool = list(
            Question.objects.filter(
                skill_id=draw.skill_id,
                status=Status.PUBLISHED,
                retired=False,
                current__isnull=False,
            )
            .exclude(pk__in=list(points))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        chosen = random.Random(f"{seed}:{draw.skill_id}").sample(
            pool, min(draw.count, len(pool))
        )
        points.update((question_id, str(draw.points)) for question_id in chosen)
    return points


RESPONSE_KEY = ("attempt", "question")
# What a new answer replaces; a teacher's grading and comment stay.
RESPONSE_ANSWER_FIELDS = (
    "version",
    "answer",
    "score",
    "correct",
    "feedback",
    "detail",
    "needs_manual",
    "answered_at",
)


def save_answer(
    *,
    attempt: Attempt,
    question: Question,
    answer: Any,
    now: datetime | None = None,
) -> Response:
    """Grade and store one answer (one write: insert or update in place).

    The question must be current (``select_related("current")``) and belong
    to the attempt. A late answer submits the attempt and is refused.
    """
    now = _now(now)
    _check_changeable(attempt=attempt, question=question, now=now)
    version = question.current
    if version is None:
        raise ValidationError("That question has no content yet.", code="no_version")
    text_lengths = _text_lengths(version.answer, question)
    try:
        normalised = validate_response(
            question.type, version.answer, answer, text_lengths=text_lengths
        )
        grade = grade_response(
            question.type, version.answer, normalised, text_lengths=text_lengths
        )
    except ResponseError as error:
        raise ValidationError(
            f"Your answer could not be read: {error}", code="bad_answer"
        ) from error
    except (
        AnswerDataError
    ) as error:  # a broken key is the teacher's problem, not the student's
        raise ValidationError(
            "This question cannot be graded right now; your teacher has been told.",
            code="bad_key",
        ) from error
    response = rows.new(
        Response,
        attempt_id=attempt.pk,
        question_id=question.pk,
        version_id=version.pk,
        answer=normalised,
        score=None if grade.needs_manual else grade.score,
        correct=None if grade.needs_manual else grade.correct,
        feedback=grade.feedback,
        detail=plain_json(grade.detail),
        needs_manual=grade.needs_manual,
        answered_at=now,
    )
    rows.attach(response, "attempt", attempt)
    rows.attach(response, "question", question)
    rows.attach(response, "version", version)
    # One statement, insert or update in place (lessons/rows.py says why not
    # bulk_create); the unique constraint on (attempt, question) decides which.
    rows.upsert(response, unique=RESPONSE_KEY, update=RESPONSE_ANSWER_FIELDS)
    return response


def clear_answer(
    *, attempt: Attempt, question: Question, now: datetime | None = None
) -> bool:
    """Remove the attempt's answer to ``question``, which then counts as
    unanswered; True when there was one to remove.

    The rules of saving apply: an open attempt within its time (a late one is
    submitted and refused), a question of the attempt, and no change once the
    student has seen the answer's feedback.
    """
    now = _now(now)
    _check_changeable(attempt=attempt, question=question, now=now)
    deleted, _ = Response.objects.filter(attempt=attempt, question=question).delete()
    return deleted > 0


def _check_changeable(*, attempt: Attempt, question: Question, now: datetime) -> None:
    """Refuse a change to the attempt's answer to ``question``: QuizClosed when
    the attempt is over (submitting it when its time is up), ValidationError
    when the question is not the attempt's or its feedback has been seen."""
    if not attempt.is_open:
        raise QuizClosed(
            "This attempt has been submitted; it is final.", code="submitted"
        )
    if attempt.is_overdue(now):
        submit_attempt(attempt=attempt, now=now)
        raise QuizClosed("Time is up: the attempt was submitted.", code="time_up")
    if question.pk not in attempt.question_order:
        raise ValidationError(
            "That question is not part of this attempt.", code="not_in_quiz"
        )
    if (
        attempt.answers_final_once_given
        and Response.objects.filter(attempt=attempt, question=question).exists()
    ):
        raise ValidationError(
            "You have already answered this question and seen its feedback.",
            code="answered",
        )


def _text_lengths(
    answer_data: dict[str, Any], question: Question
) -> dict[str, int] | None:
    """Lengths of the articles an evidence question selects from (None if none).

    A key that leaves the article unnamed ("") means the lesson's one article.
    """
    accepted = answer_data.get("accepted")
    if not accepted:
        return None
    keys = {str(span.get("article", "")) for span in accepted}
    articles = Article.objects.annotate(n=Length("text"))
    lengths = dict(articles.filter(key__in=keys).values_list("key", "n"))
    if "" in keys and question.lesson_id is not None:
        lone = list(
            articles.filter(lessons=question.lesson_id).values_list("n", flat=True)[:2]
        )
        if len(lone) == 1:
            lengths[""] = lone[0]
    return lengths


def submit_attempt(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Close an attempt and score it; a second submission changes nothing.

    The state change is a conditional UPDATE, so of two submissions racing
    only one closes the attempt; the partial unique constraint and the
    submitted-iff-closed check keep the row consistent either way.
    """
    now = _now(now)
    if attempt.deadline and now > attempt.deadline:
        now = attempt.deadline  # an overdue attempt closes at its deadline
    with transaction.atomic():
        points, max_points, manual = _points(attempt)
        score = (
            (points / max_points).quantize(Decimal("0.0001"))
            if max_points
            else Decimal(0)
        )
        state = Attempt.State.AWAITING_GRADING if manual else Attempt.State.GRADED
        closed = Attempt.objects.filter(
            pk=attempt.pk, state=Attempt.State.IN_PROGRESS
        ).update(
            state=state,
            submitted=now,
            points=points,
            max_points=max_points,
            score=score,
        )
    attempt.refresh_from_db(
        fields=["state", "submitted", "points", "max_points", "score"]
    )
    if (
        not closed and attempt.is_open
    ):  # pragma: no cover - the update above cannot miss
        raise ValidationError("The attempt could not be submitted.")
    return attempt


def _points(attempt: Attempt) -> tuple[Decimal, Decimal, bool]:
    """Points scored, points possible, and whether any answer awaits a teacher."""
    weights = {int(k): Decimal(v) for k, v in attempt.question_points.items()}
    points = Decimal(0)
    manual = False
    for question_id, score, needs_manual in Response.objects.filter(
        attempt=attempt
    ).values_list("question_id", "score", "needs_manual"):
        manual = manual or needs_manual
        if score is not None:
            points += score * weights.get(question_id, Decimal(1))
    return points.quantize(Decimal("0.0001")), sum(weights.values(), Decimal(0)), manual


@transaction.atomic
def grade_manually(
    *, response: Response, score: Decimal, grader: User, comment: str = ""
) -> Response:
    """A teacher's grade for an answer that awaits one; rescores the attempt."""
    if not Decimal(0) <= score <= Decimal(1):
        raise ValidationError("A score runs from 0 to 1.")
    response.score = score
    response.correct = score == 1
    response.needs_manual = False
    response.graded_by = grader
    response.comment = comment
    response.feedback = GRADED_FEEDBACK  # no longer "awaiting grading"
    response.save(
        update_fields=[
            "score",
            "correct",
            "needs_manual",
            "graded_by",
            "comment",
            "feedback",
        ]
    )
    rescore_attempt(attempt=response.attempt)
    return response


def rescore_attempt(*, attempt: Attempt) -> Attempt:
    """Recompute a closed attempt's points from its responses."""
    if attempt.is_open:
        return attempt
    points, max_points, manual = _points(attempt)
    attempt.points = points
    attempt.max_points = max_points
    attempt.score = (
        (points / max_points).quantize(Decimal("0.0001")) if max_points else Decimal(0)
    )
    attempt.state = Attempt.State.AWAITING_GRADING if manual else Attempt.State.GRADED
    attempt.save(update_fields=["points", "max_points", "score", "state"])
    return attempt


@transaction.atomic
def regrade_question(*, question: Question) -> int:
    """Grade every response to ``question`` again against its current version.

    For a teacher who fixed a key: each response is graded anew, points to the
    version it was graded under, and its attempt is rescored. Answers waiting
    for (or given) a teacher's grade are left alone. Returns how many changed.
    """
    version = question.current
    if version is None:
        raise ValidationError("That question has no content to grade against.")
    changed = 0
    attempts = set()
    text_lengths = _text_lengths(version.answer, question)  # the same for every answer
    responses = Response.objects.select_related("attempt").filter(
        question=question, needs_manual=False, graded_by__isnull=True
    )
    for response in responses:
        try:
            grade = grade_response(
                question.type,
                version.answer,
                response.answer,
                text_lengths=text_lengths,
            )
        except (ResponseError, AnswerDataError):
            continue  # an old answer the new key cannot read keeps its grade
        if grade.score != response.score or response.version_id != version.pk:
            response.score = grade.score
            response.correct = grade.correct
            response.feedback = grade.feedback
            response.detail = plain_json(grade.detail)
            response.version = version
            response.save(
                update_fields=["score", "correct", "feedback", "detail", "version"]
            )
            attempts.add(response.attempt)
            changed += 1
    for attempt in attempts:
        rescore_attempt(attempt=attempt)
    return changed
