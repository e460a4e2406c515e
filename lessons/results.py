"""Selectors for teachers' results: per student, per question, item analysis.

Every function here makes a fixed number of queries whatever the number of
students: rows are aggregated in the database, and Python only arranges them.

Item analysis follows Moodle's quiz statistics, over submitted attempts:

- facility index: the mean score on the question, as a share of its maximum;
- discrimination index: the correlation between the score on the question
  and the score on the rest of the quiz (the attempt's points less this
  question's), so a question is not correlated with itself. The six sums it
  needs are computed by one aggregate query per quiz; Python only combines them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, FloatField, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast

from .models import Attempt, Classroom, Question, Quiz, Response
from .selectors import counted_score, scored_attempts

# Below this many answers a correlation says nothing; Moodle shows none either.
MIN_FOR_DISCRIMINATION = 3


def _students(quiz: Quiz, classroom: Classroom | None) -> QuerySet[User]:
    if classroom is not None:
        return User.objects.filter(memberships__classroom=classroom)
    return User.objects.filter(attempts__quiz=quiz).distinct()


def _attempts(quiz: Quiz, classroom: Classroom | None) -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(quiz=quiz)
    if classroom is not None:
        attempts = attempts.filter(student__memberships__classroom=classroom)
    return attempts


@dataclass
class StudentResult:
    student: User
    attempts: list[Attempt] = field(default_factory=list)
    counted: Decimal | None = None
    grading: str = Quiz.Grading.HIGHEST  # the quiz's rule for the score that counts

    @property
    def awaiting_grading(self) -> bool:
        return any(a.state == Attempt.State.AWAITING_GRADING for a in self.attempts)

    @property
    def provisional(self) -> bool:
        """Whether the score that counts may still change: an attempt it rests on
        awaits grading, so its written answers score nothing yet.

        Under "first" or "last" only that attempt matters; under "highest" any
        ungraded attempt could still overtake, unless the score is already full
        marks; under "average" every attempt matters.
        """
        if self.counted is None:
            return False
        waiting = [
            a.state == Attempt.State.AWAITING_GRADING
            for a in scored_attempts(self.attempts)
        ]
        if self.grading == Quiz.Grading.FIRST:
            return waiting[0]
        if self.grading == Quiz.Grading.LAST:
            return waiting[-1]
        if self.grading == Quiz.Grading.HIGHEST and self.counted >= 1:
            return False
        return any(waiting)

    @property
    def final(self) -> Decimal | None:
        """The score that counts once no grading can change it, else None."""
        return None if self.provisional else self.counted

    @property
    def in_progress(self) -> bool:
        return any(a.is_open for a in self.attempts)

    @property
    def last_submitted(self) -> Any:
        times = [a.submitted for a in self.attempts if a.submitted]
        return max(times) if times else None


def student_results(
    quiz: Quiz, classroom: Classroom | None = None
) -> list[StudentResult]:
    """Each student (of the class, or who tried the quiz) with the score that counts (2 queries)."""
    rows = {
        s.pk: StudentResult(student=s)
        for s in _students(quiz, classroom).order_by("username")
    }
    for attempt in _attempts(quiz, classroom).order_by("student_id", "number"):
        if attempt.student_id in rows:
            attempt.quiz = quiz
            rows[attempt.student_id].attempts.append(attempt)
    for row in rows.values():
        row.grading = quiz.grading
        row.counted = counted_score(row.attempts, quiz.grading)
    return list(rows.values())


@dataclass
class ChoiceCount:
    key: str
    text: str
    correct: bool
    misconception: str
    count: int


@dataclass
class QuestionStats:
    question: Question
    answered: int = 0
    right: int = 0
    partial: int = 0
    wrong: int = 0
    awaiting: int = 0
    facility: float | None = None  # 0..1
    discrimination: float | None = None  # -1..1
    choices: list[ChoiceCount] = field(default_factory=list)
    misconceptions: list[tuple[str, int]] = field(default_factory=list)


def question_stats(
    quiz: Quiz, classroom: Classroom | None = None
) -> list[QuestionStats]:
    """Per question: outcomes, answer distribution, misconceptions, item analysis.

    Five queries: the submitted attempts' ids, the questions, the outcome counts
    with the item-analysis sums, and the distribution of choice answers.
    """
    # The attempts' ids are read first, so that each count below filters on a
    # list instead of joining attempts, users and memberships again: with the
    # statistics of tables that held only dead rows, PostgreSQL planned that
    # join as nested loops over every row (tests/lessons/test_results.py). No
    # ordering: a response's is its attempt's and quiz's, which would join both
    # tables into every count for nothing.
    attempt_ids = list(
        _attempts(quiz, classroom)
        .filter(submitted__isnull=False)
        .order_by()
        .values_list("pk", flat=True)
    )
    responses = Response.objects.filter(attempt_id__in=attempt_ids).order_by()
    question_ids = list(
        quiz.items.order_by("position").values_list("question_id", flat=True)
    )
    extra = (
        responses.exclude(question_id__in=question_ids)
        .values_list("question_id", flat=True)
        .distinct()
    )
    questions = {
        q.pk: q
        for q in Question.objects.select_related("current", "skill").filter(
            Q(pk__in=question_ids) | Q(pk__in=extra)
        )
    }
    order = question_ids + sorted(set(questions) - set(question_ids))
    stats = {
        pk: QuestionStats(question=questions[pk]) for pk in order if pk in questions
    }

    score = Cast("score", FloatField())
    rest = Cast(F("attempt__points"), FloatField()) - score
    for row in responses.values("question_id").annotate(
        answered=Count("id"),
        right=Count("id", filter=Q(score=1)),
        wrong=Count("id", filter=Q(score=0)),
        awaiting=Count("id", filter=Q(needs_manual=True)),
        graded=Count("score"),
        sx=Sum(score),
        sxx=Sum(score * score),
        sy=Sum(rest),
        syy=Sum(rest * rest),
        sxy=Sum(score * rest),
        top=Max("score"),
    ):
        item = stats.get(row["question_id"])
        if item is None:
            continue
        item.answered = row["answered"]
        item.right = row["right"]
        item.wrong = row["wrong"]
        item.awaiting = row["awaiting"]
        item.partial = row["graded"] - row["right"] - row["wrong"]
        n = row["graded"]
        if n:
            item.facility = row["sx"] / n
        item.discrimination = _correlation(
            n, row["sx"], row["sxx"], row["sy"], row["syy"], row["sxy"]
        )

    _choice_distributions(stats, responses)
    return list(stats.values())


def _correlation(
    n: int,
    sx: float | None,
    sxx: float | None,
    sy: float | None,
    syy: float | None,
    sxy: float | None,
) -> float | None:
    """Pearson's r from sums; None where it is undefined (no spread, too few)."""
    if n < MIN_FOR_DISCRIMINATION or None in (sx, sxx, sy, syy, sxy):
        return None
    assert (
        sx is not None
        and sxx is not None
        and sy is not None
        and syy is not None
        and sxy is not None
    )
    cov = n * sxy - sx * sy
    var_x = n * sxx - sx * sx
    var_y = n * syy - sy * sy
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


def _choice_distributions(
    stats: dict[int, QuestionStats], responses: QuerySet[Response]
) -> None:
    """How often each choice was picked, and the misconceptions behind wrong picks."""
    choice_ids = [
        pk for pk, s in stats.items() if s.question.type in ("single", "multiple")
    ]
    picks: dict[int, Counter[str]] = defaultdict(Counter)
    for row in (
        responses.filter(question_id__in=choice_ids)
        .values("question_id", "answer")
        .annotate(n=Count("id"))
    ):
        answer = row["answer"]
        keys = answer if isinstance(answer, list) else [answer]
        for key in keys:
            picks[row["question_id"]][str(key)] += row["n"]
    for pk in choice_ids:
        item = stats[pk]
        version = item.question.current
        if version is None:
            continue
        tags: Counter[str] = Counter()
        for choice in version.answer.get("choices", []):
            count = picks[pk][choice["key"]]
            item.choices.append(
                ChoiceCount(
                    key=choice["key"],
                    text=choice.get("text", ""),
                    correct=bool(choice.get("correct")),
                    misconception=choice.get("misconception", ""),
                    count=count,
                )
            )
            if count and not choice.get("correct") and choice.get("misconception"):
                tags[choice["misconception"]] += count
        item.misconceptions = tags.most_common()
