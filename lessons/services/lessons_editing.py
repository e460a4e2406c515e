"""A teacher's edits to a lesson's words.

An edited lesson is the teacher's: generation never overwrites it again
(``Lesson.edited``), though it still keeps its figures and findings linked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from lessons.models import Lesson

__all__ = ["edit_lesson"]

MAX_TITLE_CHARS = 300
MAX_SUMMARY_CHARS = 2_000
MAX_BODY_CHARS = 100_000


@transaction.atomic
def edit_lesson(*, lesson: Lesson, title: str, summary: str, body: str) -> Lesson:
    """Save a teacher's title, summary and Markdown body; mark the lesson edited.

    Bumps the version when anything changed; an edit that changes nothing
    writes nothing. Raises ValidationError (by field) and changes nothing on
    bad input.
    """
    title, summary = (title or "").strip(), (summary or "").strip()
    body = body or ""
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["The title is empty."]
    elif len(title) > MAX_TITLE_CHARS:
        errors["title"] = [f"The title is longer than {MAX_TITLE_CHARS} characters."]
    if len(summary) > MAX_SUMMARY_CHARS:
        errors["summary"] = [
            f"The summary is longer than {MAX_SUMMARY_CHARS:,} characters."
        ]
    if not body.strip():
        errors["body"] = ["The body is empty."]
    elif len(body) > MAX_BODY_CHARS:
        errors["body"] = [f"The body is longer than {MAX_BODY_CHARS:,} characters."]
    if errors:
        raise ValidationError(errors)
    if (lesson.title, lesson.summary, lesson.body) == (title, summary, body):
        return lesson
    lesson.title, lesson.summary, lesson.body = title, summary, body
    lesson.edited = True
    lesson.version += 1
    lesson.save(
        update_fields=["title", "summary", "body", "edited", "version", "updated"]
    )
    return lesson
