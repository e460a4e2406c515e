"""A teacher's authoring: generate from their articles, edit questions, publish.

Shared by the API and the web UI, so both follow one set of rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import timezone

from lessons.engine.grade import AnswerDataError, validate_answer_data
from lessons.models import Article, Lesson, Question, Quiz, Story
from lessons.models.teaching import Status

from .generation import BuildReport, add_question_version, build_lessons

__all__ = [
    "check_question_content",
    "edit_question",
    "generate_lessons",
    "publish_lesson",
    "publish_question",
    "publish_quiz",
]

MAX_STEM_CHARS = 10_000


@transaction.atomic
def generate_lessons(
    *,
    article: Article | None = None,
    story: Story | None = None,
    publish: bool = False,
    requested_by: AbstractBaseUser | None = None,
) -> BuildReport:
    """Run the checks and generation over an article or a story.

    What is built from a teacher's own articles (every article of the scope
    owned by ``requested_by``) becomes theirs: author-less lessons, questions
    and quizzes of the scope get them as author, so their drafts are theirs to
    review. Anything else stays author-less, shared once published.
    """
    if (article is None) == (story is None):
        raise ValidationError("Give an article or a story, not both.")
    report = build_lessons(article=article, story=story, publish=publish)
    if requested_by is not None and _owns_scope(
        requested_by, article=article, story=story
    ):
        lesson_ids = [lesson.pk for lesson in report.lessons]
        Lesson.objects.filter(pk__in=lesson_ids, author__isnull=True).update(
            author=requested_by
        )
        Question.objects.filter(lesson__in=lesson_ids, author__isnull=True).update(
            author=requested_by
        )
        Quiz.objects.filter(
            pk__in=[quiz.pk for quiz in report.quizzes], author__isnull=True
        ).update(author=requested_by)
    return report


def _owns_scope(
    user: AbstractBaseUser, *, article: Article | None, story: Story | None
) -> bool:
    if article is not None:
        return bool(article.owner_id == user.pk)
    assert story is not None
    owners = set(story.articles.values_list("owner_id", flat=True))
    return owners == {user.pk}


@transaction.atomic
def edit_question(
    *,
    question: Question,
    stem: str | None = None,
    explanation: str | None = None,
    answer: Mapping[str, Any] | None = None,
    evidence: Sequence[Mapping[str, Any]] | None = None,
    difficulty: int | None = None,
) -> Question:
    """Save a teacher's edit as the question's next version and mark it edited.

    Fields left out keep their current content. An edit that changes nothing
    writes nothing; past responses keep the version they answered.
    """
    current = question.current
    if current is None and (stem is None or explanation is None or answer is None):
        raise ValidationError(
            "A question without content needs a stem, explanation and answer."
        )
    new_stem: str = stem if stem is not None else current.stem  # type: ignore[union-attr]
    new_answer: dict[str, Any] = (
        dict(answer) if answer is not None else current.answer  # type: ignore[union-attr]
    )
    content: dict[str, Any] = {
        "stem": new_stem,
        "explanation": explanation if explanation is not None else current.explanation,  # type: ignore[union-attr]
        "answer": new_answer,
        "evidence": (current.evidence if current else [])
        if evidence is None
        else list(evidence),
    }
    check_question_content(question.type, content, difficulty=difficulty)

    changed = []
    if difficulty is not None and difficulty != question.difficulty:
        question.difficulty = difficulty
        changed.append("difficulty")
    if current is None or current.content != content:
        add_question_version(question=question, content=content)
    elif not changed:
        return question
    question.edited = True
    question.save(update_fields=[*changed, "edited"])
    return question


def check_question_content(
    question_type: str, content: Mapping[str, Any], *, difficulty: int | None = None
) -> None:
    """Raise a ValidationError per field unless a question's content is sound.

    The one check for a new question and an edited one: a stem, a sound key
    whose evidence spans lie in their articles, evidence spans, a difficulty.
    """
    errors: dict[str, list[str]] = {}
    stem = content.get("stem")
    if not isinstance(stem, str) or not stem.strip():
        errors["stem"] = ["The stem is empty."]
    elif len(stem) > MAX_STEM_CHARS:
        errors["stem"] = [f"The stem is longer than {MAX_STEM_CHARS:,} characters."]
    try:
        validate_answer_data(question_type, content["answer"])
    except AnswerDataError as error:
        errors["answer"] = [
            f"The answer data is not sound for a {question_type} question: {error}."
        ]
    else:
        span_error = _accepted_spans_error(content["answer"])
        if span_error:
            errors["answer"] = [span_error]
    evidence_error = _evidence_error(content.get("evidence", []))
    if evidence_error:
        errors["evidence"] = [evidence_error]
    if difficulty is not None and not 1 <= difficulty <= 3:
        errors["difficulty"] = ["Difficulty runs from 1 (easy) to 3 (hard)."]
    if errors:
        raise ValidationError(errors)


def _accepted_spans_error(answer: Mapping[str, Any]) -> str:
    """An evidence key's spans must lie in articles that exist, inside their text."""
    accepted = answer.get("accepted") or []
    keys = {span.get("article", "") for span in accepted} - {""}
    lengths = dict(
        Article.objects.filter(key__in=keys)
        .annotate(n=Length("text"))
        .values_list("key", "n")
    )
    for position, span in enumerate(accepted, start=1):
        key = span.get("article", "")
        if key and key not in lengths:
            return f"Accepted span #{position} names an unknown article {key!r}."
        if key and span["end"] > lengths[key]:
            return f"Accepted span #{position} runs past the end of {key!r}."
    return ""


def _evidence_error(evidence: Any) -> str:
    if not isinstance(evidence, list):
        return "Evidence must be a list of spans."
    for position, span in enumerate(evidence, start=1):
        if not isinstance(span, Mapping):
            return f"Evidence span #{position} must be an object."
        start, end = span.get("start"), span.get("end")
        if not (
            isinstance(start, int)
            and isinstance(end, int)
            and not isinstance(start, bool)
            and not isinstance(end, bool)
        ):
            return f"Evidence span #{position} needs whole-number 'start' and 'end'."
        if not 0 <= start < end:
            return f"Evidence span #{position}: the end must come after the start."
    return ""


def publish_lesson(*, lesson: Lesson) -> Lesson:
    """Publish a lesson (its questions and quizzes are published on their own)."""
    if lesson.status != Status.PUBLISHED:
        lesson.status = Status.PUBLISHED
        lesson.published_at = timezone.now()
        lesson.save(update_fields=["status", "published_at", "updated"])
    return lesson


def publish_question(*, question: Question) -> Question:
    """Publish a question that has content."""
    if question.current_id is None:
        raise ValidationError(
            "This question has no content yet; it cannot be published."
        )
    if question.status != Status.PUBLISHED:
        question.status = Status.PUBLISHED
        question.save(update_fields=["status"])
    return question


@transaction.atomic
def publish_quiz(*, quiz: Quiz) -> Quiz:
    """Publish a quiz and its draft questions, so students never meet a draft."""
    questions = Question.objects.filter(quiz_items__quiz=quiz)
    if not questions.exists():
        raise ValidationError(
            "This quiz has no questions yet; add some before publishing."
        )
    if questions.filter(current__isnull=True).exists():
        raise ValidationError("A question of this quiz has no content yet.")
    questions.filter(status=Status.DRAFT).update(status=Status.PUBLISHED)
    if quiz.status != Status.PUBLISHED:
        quiz.status = Status.PUBLISHED
        quiz.save(update_fields=["status", "updated"])
    return quiz
