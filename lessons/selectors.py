"""Shared reads: the engine's view of stored articles and figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone

from lessons import rows
from lessons.auth import in_teachers_group_sql
from lessons.engine import types as engine

from .models import (
    Article,
    Assignment,
    Attempt,
    AttributionHop,
    Classroom,
    Figure,
    Finding,
    FindingFigure,
    Lesson,
    Membership,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Response,
    Skill,
    Span,
    Story,
)
from .models.teaching import Status
from .roles import TEACHERS_GROUP, is_teacher, remember_role


def figures_with_detail() -> QuerySet[Figure]:
    return Figure.objects.select_related("article").prefetch_related(
        Prefetch(
            "hops", queryset=AttributionHop.objects.select_related("source", "span")
        ),
        Prefetch("spans", queryset=Span.objects.order_by("start")),
    )


def _span(span: Span | None, article_key: str) -> engine.TextSpan | None:
    if span is None:
        return None
    return engine.TextSpan(span.start, span.end, span.role, article_key)


def figure_as_engine(figure: Figure) -> engine.Figure:
    """The engine's Figure for a stored one (hops and spans prefetched)."""
    article_key = figure.article.key
    time = None
    if figure.time_text or figure.time_kind:
        time = engine.TimeRef(
            text=figure.time_text,
            kind=engine.TimeKind(figure.time_kind or engine.TimeKind.POINT),
            start=figure.time_start,
            end=figure.time_end,
            span=next(
                (_span(s, article_key) for s in figure.spans.all() if s.role == "time"),
                None,
            ),
        )
    hops = tuple(
        engine.Hop(
            speaker=hop.speaker,
            kind=engine.SourceKind(hop.source.kind),
            named=hop.source.named,
            role=hop.role,
            organisation=hop.organisation,
            verb=hop.verb,
            span=_span(hop.span, article_key),
        )
        for hop in figure.hops.all()
    )
    spans = (engine.TextSpan(figure.start, figure.end, "value", article_key),) + tuple(
        engine.TextSpan(s.start, s.end, s.role, article_key) for s in figure.spans.all()
    )
    return engine.Figure(
        start=figure.start,
        end=figure.end,
        quote=figure.exact,
        low=stated_decimal(figure.low),
        high=stated_decimal(figure.high),
        bound=engine.Bound(figure.bound),
        kind=engine.FigureKind(figure.kind),
        unit=figure.unit,
        quantity=figure.quantity,
        subject=figure.subject,
        time=time,
        method=engine.Method(figure.method),
        hops=hops,
        location=engine.Location(figure.location),
        spans=spans,
        rule=figure.rule,
        key=figure.engine_key,
        article=article_key,
        reviewed=figure.reviewed,
    )


def stated_decimal(value: Decimal | None) -> Decimal | None:
    # The database pads to six places; the engine wants the value as stated.
    return None if value is None else value.normalize()


def scope_articles(
    *, article: Article | None = None, story: Story | None = None
) -> list[Article]:
    if story is not None:
        return list(story.articles.select_related("outlet").order_by("key"))
    if article is None:
        raise ValueError("give an article or a story")
    return [article]


def corpus_for(
    *, article: Article | None = None, story: Story | None = None
) -> engine.Corpus:
    """Every figure of an article, or of all the articles of a story."""
    articles = scope_articles(article=article, story=story)
    figures = (
        figures_with_detail()
        .filter(article__in=articles)
        .order_by("article__key", "start")
    )
    return engine.Corpus(
        articles={a.key: a.as_engine() for a in articles},
        figures=tuple(figure_as_engine(f) for f in figures),
    )


# --- students: attempts, scores, progress ---------------------------------------


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions in the order shown, with current versions (1 query)."""
    by_id = {
        q.pk: q
        for q in Question.objects.select_related("current", "skill").filter(
            pk__in=attempt.question_order
        )
    }
    return [by_id[pk] for pk in attempt.question_order if pk in by_id]


def attempt_responses(attempt: Attempt) -> dict[int, Response]:
    """The attempt's responses by question id (1 query)."""
    return {
        r.question_id: r
        for r in Response.objects.select_related("version").filter(attempt=attempt)
    }


def scored_attempts(attempts: Sequence[Attempt]) -> list[Attempt]:
    """The closed attempts with a score, in the order they were made: those a
    quiz's grading rule counts."""
    return [
        a
        for a in sorted(attempts, key=lambda a: a.number)
        if a.score is not None and not a.is_open
    ]


def counted_score(attempts: Sequence[Attempt], grading: str) -> Decimal | None:
    """The score that counts under a quiz's rule, of closed, graded attempts."""
    scores = [a.score for a in scored_attempts(attempts) if a.score is not None]
    if not scores:
        return None
    if grading == Quiz.Grading.HIGHEST:
        return max(scores)
    if grading == Quiz.Grading.FIRST:
        return scores[0]
    if grading == Quiz.Grading.LAST:
        return scores[-1]
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class SkillProgress:
    skill: Skill
    answered: int
    average: Decimal | None  # 0..1 over graded answers


def progress_by_skill(student: Any) -> list[SkillProgress]:
    """Every skill with the student's answered count and average score (2 queries)."""
    rows = {
        row["question__skill"]: row
        for row in Response.objects.filter(
            attempt__student=student, attempt__submitted__isnull=False
        )
        # Results a quiz holds back until it closes do not show here either.
        .exclude(
            attempt__quiz__feedback=Quiz.Feedback.AFTER_CLOSE,
            attempt__quiz__closes_at__gt=timezone.now(),
        )
        .values("question__skill")
        .annotate(answered=Count("id"), average=Avg("score"))
    }
    progress = []
    for skill in Skill.objects.all():
        row = rows.get(skill.pk)
        average = row["average"] if row else None
        progress.append(
            SkillProgress(
                skill=skill,
                answered=row["answered"] if row else 0,
                average=None
                if average is None
                else Decimal(average).quantize(Decimal("0.0001")),
            )
        )
    return progress


# --- student pages: fixed-query reads for the web UI -----------------------------


def published_lessons(*, skill: Skill | None = None) -> QuerySet[Lesson]:
    """Published lessons with their skills, optionally of one skill (2 queries)."""
    lessons = Lesson.objects.published().prefetch_related("skills")
    if skill is not None:
        lessons = lessons.filter(skills=skill)
    return lessons


def lesson_for_page(*, slug: str) -> Lesson:
    """A published lesson with everything its page shows prefetched.

    Articles, their figures with hops and sources, the lesson's findings with
    their skill, the lesson's skills and published quizzes: 6 queries in all.
    """
    return (
        Lesson.objects.published()
        .prefetch_related(*_lesson_page_prefetches())
        .get(slug=slug)
    )


def prefetch_lesson_page(lesson: Lesson) -> Lesson:
    """``lesson_for_page``'s prefetches for a lesson already read (5 queries)."""
    prefetch_related_objects([lesson], *_lesson_page_prefetches())
    return lesson


def _lesson_page_prefetches() -> list[Any]:
    return [
        "skills",
        Prefetch(
            "articles",
            queryset=Article.objects.select_related("outlet").prefetch_related(
                _figure_prefetch()
            ),
        ),
        Prefetch("findings", queryset=Finding.objects.select_related("skill")),
        Prefetch("quizzes", queryset=Quiz.objects.published()),  # of a published lesson
    ]


def article_for_page(*, key: str, published_only: bool = True) -> Article:
    """An article with its figures (hops, sources), findings and published lessons.

    With ``published_only``, only an article that a published lesson uses.
    """
    articles = Article.objects.all()
    if published_only:
        articles = articles.filter(pk__in=Lesson.objects.published().values("articles"))
    return (
        articles.select_related("outlet")
        .prefetch_related(
            _figure_prefetch(),
            Prefetch("findings", queryset=Finding.objects.select_related("skill")),
            Prefetch("lessons", queryset=Lesson.objects.published()),
        )
        .get(key=key)
    )


def _figure_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "figures",
        queryset=Figure.objects.order_by("start").prefetch_related(
            Prefetch("hops", queryset=AttributionHop.objects.select_related("source"))
        ),
    )


def student_attempt(*, pk: int, student: Any) -> Attempt:
    """The student's own attempt with its quiz (1 query); DoesNotExist otherwise.

    Hand-written SQL (lessons/rows.py): this read is on every answer saved or
    cleared over the API.
    """
    found = rows.fetch_one(_student_attempt_sql(), [pk, student.pk], (Attempt, Quiz))
    if found is None:
        raise Attempt.DoesNotExist("no such attempt of this student")
    attempt = cast(Attempt, found[0])
    rows.attach(attempt, "quiz", found[1])
    return attempt


@cache
def _student_attempt_sql() -> str:
    q = rows.quote
    return (
        f"SELECT {rows.columns(Attempt, 'a')}, {rows.columns(Quiz, 'z')} "
        f"FROM {rows.table(Attempt)} a INNER JOIN {rows.table(Quiz)} z "
        f"ON z.{q('id')} = a.{q('quiz_id')} "
        f"WHERE a.{q('id')} = %s AND a.{q('student_id')} = %s"
    )


@dataclass
class AttemptAt:
    """An attempt of the student's with the question at one of its positions."""

    attempt: Attempt
    question: Question | None  # None: no question at that position
    response: Response | None  # the attempt's answer to it, if any
    answered: set[int] | None  # the ids of the questions answered, when asked for
    student: Any = None  # the student's user row with its role, when asked for


# What saving an answer reads of each row (``rows.columns`` ``only``): the rest
# is deferred, and read by a query of its own only if a rare path needs it (a
# post shown again with its error, a late answer submitting the attempt).
_FOR_SAVING: dict[type[Model], tuple[str, ...]] = {
    Attempt: tuple(
        f.name for f in Attempt._meta.concrete_fields if f.name != "question_points"
    ),
    Quiz: ("feedback", "closes_at", "shuffle_choices"),
    Question: ("type", "lesson", "current"),
    QuestionVersion: ("answer",),
    Response: ("attempt", "question", "version"),
}


def student_attempt_at(
    *,
    pk: int,
    student_id: int,
    position: int,
    answered: bool = False,
    with_student: bool = False,
    for_saving: bool = False,
) -> AttemptAt:
    """The student's own attempt with its quiz, the question at ``position``
    (1-based) with its current version and the attempt's answer to it, with
    ``answered`` the ids of every question answered, and with ``with_student``
    the student's user row and role (for ``lessons.auth.preloaded``): one
    query, for the question page and every answer saved on it (``for_saving``:
    only the fields saving reads, ``_FOR_SAVING``). Attempt.DoesNotExist when
    the attempt is not the student's.

    Hand-written SQL (lessons/rows.py): the question's id is read from the
    attempt's ``question_order`` by the database.
    """
    index = position - 1 if position >= 1 else None
    models: list[rows.Selected] = [
        (model, _FOR_SAVING[model]) if for_saving else model
        for model in (Attempt, Quiz, Question, QuestionVersion, Response)
    ]
    if with_student:
        models.append(get_user_model())
    params: list[Any] = [TEACHERS_GROUP] if with_student else []
    found = rows.fetch_one_with_extra(
        _attempt_at_sql(answered, with_student, for_saving),
        [*params, index, pk, student_id],
        models,
    )
    if found is None:
        raise Attempt.DoesNotExist("no such attempt of this student")
    (attempt, quiz, question, version, response, *student), extra = found
    attempt = cast(Attempt, attempt)
    rows.attach(attempt, "quiz", quiz)
    question = cast(Question | None, question)
    response = cast(Response | None, response)
    if question is not None:
        rows.attach(question, "current", version)
        if response is not None:
            rows.attach(response, "question", question)
            rows.attach(response, "attempt", attempt)
            if version is not None and response.version_id == version.pk:
                rows.attach(response, "version", version)
    extras = list(extra)
    answered_ids = rows.split_ids(extras.pop(0)) if answered else None
    user = student[0] if student else None
    if user is not None:
        remember_role(user, in_teachers_group=bool(extras.pop(0)))
    return AttemptAt(
        attempt=attempt,
        question=question,
        response=response,
        answered=answered_ids,
        student=user,
    )


@cache
def _attempt_at_sql(answered: bool, with_student: bool, for_saving: bool) -> str:
    q = rows.quote
    user_model = get_user_model()
    at_position = rows.json_list_item(f"a.{q('question_order')}", "%s")
    select = [
        rows.columns(model, alias, _FOR_SAVING[model] if for_saving else None)
        for model, alias in (
            (Attempt, "a"),
            (Quiz, "z"),
            (Question, "q"),
            (QuestionVersion, "v"),
            (Response, "r"),
        )
    ]
    joins = ""
    if with_student:
        select.append(rows.columns(user_model, "u"))
        joins = (
            f"INNER JOIN {rows.table(user_model)} u "
            f"ON u.{q(user_model._meta.pk.column)} = a.{q('student_id')} "
        )
    if answered:
        select.append(
            rows.joined_ids(
                f"ar.{q('question_id')}",
                f"{rows.table(Response)} ar WHERE ar.{q('attempt_id')} = a.{q('id')}",
            )
        )
    if with_student:
        select.append(in_teachers_group_sql("u"))
    return (
        f"SELECT {', '.join(select)} "
        f"FROM {rows.table(Attempt)} a "
        f"INNER JOIN {rows.table(Quiz)} z ON z.{q('id')} = a.{q('quiz_id')} "
        f"{joins}"
        f"LEFT OUTER JOIN {rows.table(Question)} q ON q.{q('id')} = {at_position} "
        f"LEFT OUTER JOIN {rows.table(QuestionVersion)} v "
        f"ON v.{q('id')} = q.{q('current_id')} "
        f"LEFT OUTER JOIN {rows.table(Response)} r "
        f"ON r.{q('question_id')} = q.{q('id')} AND r.{q('attempt_id')} = a.{q('id')} "
        f"WHERE a.{q('id')} = %s AND a.{q('student_id')} = %s"
    )


def question_with_current(pk: int) -> Question:
    """A question with its current version (1 query); DoesNotExist otherwise.
    Hand-written SQL (lessons/rows.py): it is read on every answer saved over
    the API."""
    found = rows.fetch_one(
        _question_with_current_sql(), [pk], (Question, QuestionVersion)
    )
    if found is None:
        raise Question.DoesNotExist("no such question")
    question = cast(Question, found[0])
    rows.attach(question, "current", found[1])
    return question


@cache
def _question_with_current_sql() -> str:
    q = rows.quote
    return (
        f"SELECT {rows.columns(Question, 'q')}, {rows.columns(QuestionVersion, 'v')} "
        f"FROM {rows.table(Question)} q "
        f"LEFT OUTER JOIN {rows.table(QuestionVersion)} v "
        f"ON v.{q('id')} = q.{q('current_id')} "
        f"WHERE q.{q('id')} = %s"
    )


def answered_question_ids(attempt: Attempt) -> set[int]:
    """Ids of the questions the attempt has an answer for (1 query)."""
    return {row[0] for row in rows.query(_answered_sql(), [attempt.pk])}


@cache
def _answered_sql() -> str:
    q = rows.quote
    return (
        f"SELECT {q('question_id')} FROM {rows.table(Response)} "
        f"WHERE {q('attempt_id')} = %s"
    )


def articles_by_key(keys: Sequence[str]) -> dict[str, Article]:
    """Articles by key (1 query, none for no keys). Hand-written SQL
    (lessons/rows.py): an evidence question reads them on every view and save."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    sql = (
        f"SELECT {rows.columns(Article, 'a')} FROM {rows.table(Article)} a "
        f"WHERE a.{rows.quote('key')} IN ({', '.join(['%s'] * len(wanted))})"
    )
    return {a.key: a for a in rows.fetch_all(sql, wanted, Article)}


def lesson_articles(lesson_id: int | None) -> list[Article]:
    """The articles of a lesson (1 query, none without a lesson)."""
    if lesson_id is None:
        return []
    return list(Article.objects.filter(lessons=lesson_id).order_by("key"))


def quiz_for_page(*, slug: str) -> tuple[Quiz, int]:
    """A public quiz (``Quiz.objects.public()``: published, of a published lesson
    or of none) with its lesson, and how many questions it lists (1 query);
    Quiz.DoesNotExist otherwise. Hand-written SQL (lessons/rows.py)."""
    found = rows.fetch_one_with_extra(
        _quiz_for_page_sql(), [slug, Status.PUBLISHED, Status.PUBLISHED], (Quiz, Lesson)
    )
    if found is None:
        raise Quiz.DoesNotExist("no such public quiz")
    (quiz, lesson), (question_count,) = found
    assert isinstance(quiz, Quiz)
    quiz.lesson = cast(Lesson | None, lesson)
    return quiz, question_count


@cache
def _quiz_for_page_sql() -> str:
    q = rows.quote
    return (
        f"SELECT {rows.columns(Quiz, 'z')}, {rows.columns(Lesson, 'l')}, "
        f"(SELECT COUNT(*) FROM {rows.table(QuizItem)} i "
        f"WHERE i.{q('quiz_id')} = z.{q('id')}) "
        f"FROM {rows.table(Quiz)} z LEFT OUTER JOIN {rows.table(Lesson)} l "
        f"ON l.{q('id')} = z.{q('lesson_id')} "
        f"WHERE z.{q('slug')} = %s AND z.{q('status')} = %s "
        f"AND (z.{q('lesson_id')} IS NULL OR l.{q('status')} = %s)"
    )


def student_quiz_attempts(*, quiz: Quiz, student: Any) -> list[Attempt]:
    """The student's attempts at one quiz, oldest first (1 query)."""
    attempts = rows.fetch_all(
        _student_quiz_attempts_sql(), [quiz.pk, student.pk], Attempt
    )
    for attempt in attempts:
        attempt.quiz = quiz  # feedback_visible reads the quiz: no query per attempt
    return attempts


@cache
def _student_quiz_attempts_sql() -> str:
    q = rows.quote
    return (
        f"SELECT {rows.columns(Attempt, 'a')} FROM {rows.table(Attempt)} a "
        f"WHERE a.{q('quiz_id')} = %s AND a.{q('student_id')} = %s "
        f"ORDER BY a.{q('number')}"
    )


def student_attempts_by_quiz(student: Any) -> list[tuple[Quiz, list[Attempt]]]:
    """Every quiz the student has attempted, with the attempts (1 query)."""
    grouped: dict[int, tuple[Quiz, list[Attempt]]] = {}
    for attempt in (
        Attempt.objects.filter(student=student)
        .select_related("quiz")
        .order_by("quiz__title", "quiz_id", "number")
    ):
        grouped.setdefault(attempt.quiz_id, (attempt.quiz, []))[1].append(attempt)
    return list(grouped.values())


# --- visibility: who may read and edit which content (shared by API and web UI) --
#
# Anonymous users and students read published lessons, and the published quizzes
# and questions of published lessons (or of none); teachers also read their own
# drafts, and the articles they own, the shared ones (no owner) and those of
# published lessons; staff read everything. Generated content (author NULL) is
# shared once published: any teacher may then edit it.


def user_role(user: Any) -> str:
    """'staff', 'teacher', 'student' or 'anonymous'."""

    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    if user.is_staff:
        return "staff"
    return "teacher" if is_teacher(user) else "student"


def lessons_visible_to(user: Any) -> QuerySet[Lesson]:
    """Published lessons; a teacher's own drafts too; everything for staff."""
    role = user_role(user)
    if role == "staff":
        return Lesson.objects.all()
    if role == "teacher":
        return Lesson.objects.filter(status="published") | Lesson.objects.filter(
            author=user
        )
    return Lesson.objects.filter(status="published")


def questions_visible_to(user: Any) -> QuerySet[Question]:
    """Published, unretired questions of published lessons (or of none); see above."""
    role = user_role(user)
    if role == "staff":
        return Question.objects.all()
    public = Question.objects.filter(
        status="published", retired=False, lesson__isnull=True
    ) | Question.objects.filter(
        status="published", retired=False, lesson__status="published"
    )
    if role == "teacher":
        return public | Question.objects.filter(author=user)
    return public


def quizzes_visible_to(user: Any) -> QuerySet[Quiz]:
    """Published quizzes of published lessons (or of none); see above."""
    role = user_role(user)
    if role == "staff":
        return Quiz.objects.all()
    if role == "teacher":
        return Quiz.objects.public() | Quiz.objects.filter(author=user)
    return Quiz.objects.public()


def articles_visible_to(user: Any) -> QuerySet[Article]:
    """Articles of published lessons; a teacher's own and shared ones; all for staff."""
    role = user_role(user)
    if role == "staff":
        return Article.objects.all()
    in_published_lesson = Article.objects.filter(
        pk__in=Lesson.articles.through.objects.filter(
            lesson__status="published"
        ).values("article_id")
    )
    if role == "teacher":
        return (
            in_published_lesson
            | Article.objects.filter(owner=user)
            | Article.objects.filter(owner__isnull=True)
        )
    return in_published_lesson


def figures_visible_to(user: Any) -> QuerySet[Figure]:
    """The figures of the articles the user may read."""
    if user_role(user) == "staff":
        return Figure.objects.all()
    return Figure.objects.filter(article__in=articles_visible_to(user))


def stories_visible_to(user: Any) -> QuerySet[Story]:
    """Stories with an article the user may read."""
    if user_role(user) == "staff":
        return Story.objects.all()
    return Story.objects.filter(pk__in=articles_visible_to(user).values("story_id"))


def findings_visible_to(user: Any) -> QuerySet[Finding]:
    """Findings over an article, or a story, that the user may read."""
    if user_role(user) == "staff":
        return Finding.objects.all()
    return Finding.objects.filter(
        article__in=articles_visible_to(user)
    ) | Finding.objects.filter(story__in=stories_visible_to(user))


def attempts_visible_to(user: Any) -> QuerySet[Attempt]:
    """A student's own attempts; a teacher's too, and those at quizzes they wrote."""
    role = user_role(user)
    if role == "staff":
        return Attempt.objects.all()
    if role == "teacher":
        return Attempt.objects.filter(student=user) | Attempt.objects.filter(
            quiz__author=user
        )
    if role == "student":
        return Attempt.objects.filter(student=user)
    return Attempt.objects.none()


def can_edit(user: Any, item: Lesson | Question | Quiz) -> bool:
    """Staff; the author; any teacher for shared (author-less, published)
    lessons and questions. Quizzes are only their author's (generated ones
    staff's), publishing included: a shared quiz changed by one teacher would
    change under every class it is assigned to (``workspace.quiz_editable_by``)."""
    role = user_role(user)
    if role == "staff":
        return True
    if role != "teacher":
        return False
    if item.author_id == user.pk:
        return True
    if isinstance(item, Quiz):
        return False
    return item.author_id is None and item.status == "published"


def evidence_article_keys(question: Question) -> list[str]:
    """Keys of the articles an evidence question selects from (no query).

    A student must read them to answer, so naming them gives nothing away;
    the accepted spans themselves stay hidden.
    """
    answer = question.current.answer if question.current is not None else {}
    accepted = answer.get("accepted", []) if isinstance(answer, dict) else []
    return sorted(
        {s.get("article", "") for s in accepted if isinstance(s, dict)} - {""}
    )


def attempt_articles(questions: Sequence[Question]) -> list[Article]:
    """The articles the attempt's evidence questions select from: those their
    keys name, and a lesson's lone article where a key leaves it unnamed ("")
    (1 query; none without an evidence question)."""
    evidence = [q for q in questions if q.type == "evidence"]
    if not evidence:
        return []
    keys = {key for q in evidence for key in evidence_article_keys(q)}
    lone = {q.lesson_id for q in evidence if q.lesson_id and _names_lone_article(q)}
    articles = Article.objects.filter(key__in=keys) | Article.objects.filter(
        lessons__in=lone
    )
    return list(articles.distinct().order_by("key"))


def _names_lone_article(question: Question) -> bool:
    answer = question.current.answer if question.current is not None else {}
    accepted = answer.get("accepted", []) if isinstance(answer, dict) else []
    return any(isinstance(s, dict) and not s.get("article") for s in accepted)


# --- the teacher's workspace: authoring (fixed-query reads for /teach/) ----------


def articles_editable_by(user: Any) -> QuerySet[Article]:
    """Articles whose figures the user may review: their own; every one for staff.

    The same rule as the API's ``OwnsScope`` for a single article.
    """
    role = user_role(user)
    if role == "staff":
        return Article.objects.all()
    if role == "teacher":
        return Article.objects.filter(owner=user)
    return Article.objects.none()


def can_edit_article(user: Any, article: Article) -> bool:
    """Staff, or the teacher who owns the article (no query)."""
    role = user_role(user)
    return role == "staff" or (role == "teacher" and article.owner_id == user.pk)


def article_for_review(*, pk: int, user: Any) -> Article:
    """An article the user may review, with figures, hops, sources and hop spans.

    4 queries whatever the number of figures; DoesNotExist for anyone else's.
    """
    return (
        articles_editable_by(user)
        .select_related("outlet", "story")
        .prefetch_related(
            Prefetch(
                "figures",
                queryset=Figure.objects.order_by("start").prefetch_related(
                    Prefetch(
                        "hops",
                        queryset=AttributionHop.objects.select_related(
                            "source", "span"
                        ),
                    )
                ),
            )
        )
        .get(pk=pk)
    )


def scope_findings(*, article: Article | None, story: Story | None) -> list[Finding]:
    """Findings of an article or a story with skill and figures in order (2 queries)."""

    return list(
        Finding.objects.for_scope(article=article, story=story)
        .select_related("skill")
        .prefetch_related(
            Prefetch(
                "findingfigure_set",
                queryset=FindingFigure.objects.select_related(
                    "figure__article"
                ).order_by("position"),
            )
        )
        .order_by("verdict", "kind", "key")
    )


def teacher_lessons(user: Any) -> QuerySet[Lesson]:
    """The user's own lessons and the shared published ones, with question counts."""
    return (
        lessons_visible_to(user)
        .select_related("author")
        .prefetch_related("skills")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("status", "-updated", "title")
    )


def teacher_questions(user: Any) -> QuerySet[Question]:
    """The questions a teacher may read, with current version, lesson and skill."""
    return (
        questions_visible_to(user)
        .select_related("current", "lesson", "skill")
        .order_by("lesson__title", "lesson_id", "position", "id")
    )


def stale_responses(question: Question) -> QuerySet[Response]:
    """Machine-graded responses to ``question`` made under an older version."""
    return Response.objects.filter(
        question=question, needs_manual=False, graded_by__isnull=True
    ).exclude(version_id=question.current_id)


# --- classes, assignments and grading for the API ---------------------------------


def classrooms_visible_to(user: Any) -> QuerySet[Any]:
    """Staff: every class; others: those they teach and the open ones they belong to."""

    role = user_role(user)
    if role == "staff":
        return Classroom.objects.all()
    if role == "anonymous":
        return Classroom.objects.none()
    member_of = Membership.objects.filter(
        student=user, classroom__archived=False
    ).values("classroom_id")
    return Classroom.objects.filter(teacher=user) | Classroom.objects.filter(
        pk__in=member_of
    )


def assignments_visible_to(user: Any) -> QuerySet[Any]:
    """Assignments of the classes the user teaches (all for staff), and those of
    public quizzes (``Quiz.objects.public()``) in the open classes the user
    belongs to."""

    role = user_role(user)
    if role == "staff":
        return Assignment.objects.all()
    if role == "anonymous":
        return Assignment.objects.none()
    member_of = Membership.objects.filter(
        student=user, classroom__archived=False
    ).values("classroom_id")
    return Assignment.objects.filter(
        classroom__teacher=user
    ) | Assignment.objects.filter(
        classroom_id__in=member_of, quiz__in=Quiz.objects.public()
    )


def responses_gradable_by(user: Any) -> QuerySet[Response]:
    """Written answers (awaiting or given a teacher's grade) in submitted attempts
    that the user may grade: staff any; a teacher those at quizzes they wrote, and
    those of students in a class they teach that was assigned the quiz."""

    role = user_role(user)
    if role not in ("staff", "teacher"):
        return Response.objects.none()
    responses = Response.objects.filter(
        Q(needs_manual=True) | Q(graded_by__isnull=False),
        attempt__submitted__isnull=False,
    )
    if role == "staff":
        return responses
    assigned_in_class = Assignment.objects.filter(
        classroom__teacher=user,
        classroom__memberships__student=OuterRef("attempt__student"),
        quiz=OuterRef("attempt__quiz"),
    )
    return responses.filter(Q(attempt__quiz__author=user) | Exists(assigned_in_class))
