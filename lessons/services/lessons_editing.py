"""A teacher's edits to a lesson's words.

An edited lesson is the teacher's: generation never overwrites it again
(``Lesson.edited``), though it still keeps its figures and findings linked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lessons.models import Article, Lesson, Skill, Source

__all__ = ["edit_lesson", "refresh_lessons_showing"]

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


def refresh_lessons_showing(obj: Article | Source | Skill) -> int:
    """Mark the lessons whose pages show ``obj`` as changed (their ``updated``),
    after an edit to it outside the lesson: an article's headline or date, a
    source's name (an outlet, a link of a figure's chain), a skill's name.

    Lesson and home pages are cached under stamps of their lessons' ``updated``
    (lessons/fragments.py), which these models do not carry themselves; this
    makes the next view show the edit. Returns how many lessons were marked.
    """
    if isinstance(obj, Article):
        lessons = Lesson.objects.filter(articles=obj)
    elif isinstance(obj, Source):
        articles = Article.objects.filter(
            Q(outlet=obj) | Q(figures__hops__source=obj)
        ).values("pk")
        lessons = Lesson.objects.filter(articles__in=articles)
    else:
        lessons = Lesson.objects.filter(Q(skills=obj) | Q(findings__skill=obj))
    ids = set(lessons.values_list("pk", flat=True))
    return Lesson.objects.filter(pk__in=ids).update(updated=timezone.now())
