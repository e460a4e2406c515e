"""Content-derived HTML, rendered once per version of the content.

DESIGN.md §8: nothing is computed per request that can be computed once when
the content changes. A page reads a *stamp* of the content it shows (one small
SQL query of counts, sums and ``updated`` maxima) and looks the rendered HTML up
in Django's cache under a key made of that stamp and of the fragment's template
source. A change to the content changes the stamp, so the page asks for another
key: nothing is ever invalidated and stale HTML is never served.

Only HTML that is the same for every visitor is cached here: no user, no CSRF
token, no answer key (the question page caches nothing of a question's key).

What a stamp covers. Every row kind a fragment shows is counted (so a row
added, removed or moved in or out of the page's set changes the count, the sum
of ids or both) and, where the model has an ``updated`` field (lessons, figures,
findings, quizzes), the newest ``updated`` catches edits; hops are rewritten
with a save of their figure, which bumps ``figure.updated``. Rows without an
``updated`` field (articles, whose text is frozen; skills; sources) are covered
by membership, and an edit to one of them in the Django admin marks the
lessons that show it as updated (``services.lessons_editing.
refresh_lessons_showing``), so it shows on the next view.

The stamps are hand-written SQL (portable: SQLite and PostgreSQL): compiling
an ORM query costs about 0.2 ms of CPU, more than the rest of a cached page's
own work. Table and column names come from the models' ``_meta``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import connection
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from lessons import rows
from lessons.models import Figure, Finding, Lesson, Quiz, Skill
from lessons.models.teaching import Status

PREFIX = "tally:fragment:v1"


@cache
def _template_version(names: tuple[str, ...]) -> str:
    """A digest of the templates' source: a changed template is a new key.

    Read from the file the engine found (Django's or Jinja2's ``origin``)."""
    digest = hashlib.sha256()
    for name in names:
        source = Path(get_template(name).origin.name).read_bytes()
        digest.update(name.encode() + b"\0" + source + b"\0")
    return digest.hexdigest()[:16]


def fragment_key(name: str, templates: Sequence[str], stamp: Sequence[Any]) -> str:
    digest = hashlib.sha256(repr(tuple(stamp)).encode()).hexdigest()[:32]
    return f"{PREFIX}:{name}:{_template_version(tuple(templates))}:{digest}"


def cached_html(
    name: str,
    templates: Sequence[str],
    stamp: Sequence[Any] | Callable[[], Sequence[Any]],
    build: Callable[[], str],
) -> SafeString:
    """The HTML ``build()`` renders, from the cache when this stamp was seen
    (``stamp`` may be a function, called only when the cache is on).

    ``settings.TALLY_FRAGMENT_CACHE`` names the cache (None: build every time,
    as the query-budget tests do to measure the uncached path).
    """
    alias = getattr(settings, "TALLY_FRAGMENT_CACHE", DEFAULT_CACHE_ALIAS)
    if alias is None:
        return mark_safe(str(build()))  # noqa: S308 - as below
    django_cache = caches[alias]
    if callable(stamp):
        stamp = stamp()
    key = fragment_key(name, templates, stamp)
    html = django_cache.get(key)
    if html is None:
        html = str(build())
        django_cache.set(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our templates, autoescaped


# --- stamps -----------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _t(model: Any) -> str:
    return _q(model._meta.db_table)


@cache
def _home_sql() -> str:
    lesson, quiz, skill = _t(Lesson), _t(Quiz), _t(Skill)
    lesson_skills = _t(Lesson.skills.through)
    published = f"{_q('status')} = %s"
    return (
        "SELECT "
        f"(SELECT COUNT(*) FROM {lesson} WHERE {published}), "
        f"(SELECT SUM({_q('id')}) FROM {lesson} WHERE {published}), "
        f"(SELECT MAX({_q('updated')}) FROM {lesson} WHERE {published}), "
        f"(SELECT COUNT(*) FROM {lesson_skills} ls INNER JOIN {lesson} l "
        f"ON l.{_q('id')} = ls.{_q('lesson_id')} WHERE l.{published}), "
        f"(SELECT SUM(ls.{_q('skill_id')}) FROM {lesson_skills} ls INNER JOIN {lesson} l "
        f"ON l.{_q('id')} = ls.{_q('lesson_id')} WHERE l.{published}), "
        f"(SELECT COUNT(*) FROM {quiz} WHERE {published}), "
        f"(SELECT SUM({_q('id')}) FROM {quiz} WHERE {published}), "
        f"(SELECT MAX({_q('updated')}) FROM {quiz} WHERE {published}), "
        f"(SELECT COUNT(*) FROM {skill}), "
        f"(SELECT SUM({_q('id')}) FROM {skill})"
    )


def home_stamp() -> tuple[Any, ...]:
    """The version of what the home page lists: published lessons and quizzes (1 query)."""
    return tuple(rows.query(_home_sql(), [Status.PUBLISHED] * 8, one=True))


@cache
def _lesson_sql() -> str:
    lesson, quiz, figure, finding = _t(Lesson), _t(Quiz), _t(Figure), _t(Finding)
    articles = _t(Lesson.articles.through)
    findings = _t(Lesson.findings.through)
    skills = _t(Lesson.skills.through)
    lid = f"l.{_q('id')}"
    in_articles = (
        f"FROM {figure} f INNER JOIN {articles} la "
        f"ON la.{_q('article_id')} = f.{_q('article_id')} "
        f"WHERE la.{_q('lesson_id')} = {lid}"
    )
    in_findings = (
        f"FROM {finding} fi INNER JOIN {findings} lf "
        f"ON lf.{_q('finding_id')} = fi.{_q('id')} "
        f"WHERE lf.{_q('lesson_id')} = {lid}"
    )
    quizzes = (
        f"FROM {quiz} q WHERE q.{_q('lesson_id')} = {lid} AND q.{_q('status')} = %s"
    )
    return (
        f"SELECT {rows.columns(Lesson, 'l')}, "
        f"(SELECT COUNT(*) FROM {articles} la WHERE la.{_q('lesson_id')} = {lid}), "
        f"(SELECT SUM(la.{_q('article_id')}) FROM {articles} la "
        f"WHERE la.{_q('lesson_id')} = {lid}), "
        f"(SELECT COUNT(*) {in_articles}), "
        f"(SELECT MAX(f.{_q('updated')}) {in_articles}), "
        f"(SELECT COUNT(*) {in_findings}), "
        f"(SELECT SUM(fi.{_q('id')}) {in_findings}), "
        f"(SELECT MAX(fi.{_q('updated')}) {in_findings}), "
        f"(SELECT COUNT(*) {quizzes}), "
        f"(SELECT SUM(q.{_q('id')}) {quizzes}), "
        f"(SELECT MAX(q.{_q('updated')}) {quizzes}), "
        f"(SELECT COUNT(*) FROM {skills} ls WHERE ls.{_q('lesson_id')} = {lid}), "
        f"(SELECT SUM(ls.{_q('skill_id')}) FROM {skills} ls "
        f"WHERE ls.{_q('lesson_id')} = {lid}) "
        f"FROM {lesson} l WHERE l.{_q('slug')} = %s AND l.{_q('status')} = %s"
    )


def lesson_stamp(slug: str) -> tuple[Lesson, tuple[Any, ...]] | None:
    """A published lesson, and the version of everything its page shows (its
    own ``version`` and ``updated`` among them); None when there is no such
    lesson (1 query)."""
    row = rows.query(
        _lesson_sql(), [Status.PUBLISHED] * 3 + [slug, Status.PUBLISHED], one=True
    )
    if row is None:
        return None
    width = len(Lesson._meta.concrete_fields)
    lesson = rows.instance(Lesson, row[:width])
    assert isinstance(lesson, Lesson)
    return lesson, (lesson.pk, lesson.version, lesson.updated, *row[width:])
