"""Every endpoint against every role: who may read, who may change what."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from lessons.models import Response
from tests.factories import (
    ARTICLE_TEXT,
    ArticleFactory,
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    FigureFactory,
    FindingFactory,
    LessonFactory,
    MembershipFactory,
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
    ResponseFactory,
    SkillFactory,
    StoryFactory,
)

from .base import ROLES, ApiTestCase

A, S, S2, T, T2, X = ROLES  # anonymous, student, other student, teacher, other, staff


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def roles(**statuses: int) -> dict[str, int]:
    """Expected statuses by role; every role must be given."""
    assert set(statuses) == set(ROLES), set(ROLES) ^ set(statuses)
    return statuses


# Teachers only, and nobody may see the object but its owner (and staff).
OWNER_ONLY_READ = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=200,
    other_teacher=404,
    staff=200,
)
TEACHERS_READ = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=200,
    other_teacher=200,
    staff=200,
)
# A teacher's own draft: invisible to everyone else.
DRAFT_READ = roles(
    anonymous=404,
    student=404,
    other_student=404,
    teacher=200,
    other_teacher=404,
    staff=200,
)
DRAFT_WRITE = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=200,
    other_teacher=404,
    staff=200,
)
# Shared (author-less, published) content: any teacher may change it.
SHARED_WRITE = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=200,
    other_teacher=200,
    staff=200,
)
# A teacher's own published content: others see it, only they (and staff) change it.
OWN_PUBLISHED_WRITE = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=200,
    other_teacher=403,
    staff=200,
)
SIGNED_IN = roles(
    anonymous=401,
    student=200,
    other_student=200,
    teacher=200,
    other_teacher=200,
    staff=200,
)
# The student's attempt: theirs to act on; staff may read it, not act on it.
ATTEMPT_READ = roles(
    anonymous=401,
    student=200,
    other_student=404,
    teacher=404,
    other_teacher=404,
    staff=200,
)
ATTEMPT_ACT = roles(
    anonymous=401,
    student=200,
    other_student=404,
    teacher=404,
    other_teacher=404,
    staff=403,
)
DRAFT_DELETE = {**DRAFT_WRITE, "teacher": 204, "staff": 204}
DRAFT_WRITE_STUDENT_MEMBER = DRAFT_WRITE  # students are refused before the lookup
TEACHERS_CREATE = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=201,
    other_teacher=201,
    staff=201,
)
# The teacher's class: its member reads it, so does staff; nobody else sees it.
CLASS_READ = roles(
    anonymous=401,
    student=200,
    other_student=404,
    teacher=200,
    other_teacher=404,
    staff=200,
)
STAFF_BUILD = roles(
    anonymous=401,
    student=403,
    other_student=403,
    teacher=403,
    other_teacher=403,
    staff=200,
)


@dataclass(frozen=True)
class Case:
    method: str
    url: Callable[[Any], str]
    expected: dict[str, int]
    body: Callable[[Any], Any] = field(default=lambda t: None)


CASES = [
    # reference data, docs
    Case("get", lambda t: "/api/v1/skills/", everyone(200)),
    Case("get", lambda t: f"/api/v1/skills/{t.skill.slug}/", everyone(200)),
    Case("get", lambda t: "/api/v1/schema/", everyone(200)),
    Case("get", lambda t: "/api/v1/docs/", everyone(200)),
    Case("get", lambda t: "/api/v1/redoc/", everyone(200)),
    # lessons
    Case("get", lambda t: "/api/v1/lessons/", everyone(200)),
    Case("get", lambda t: f"/api/v1/lessons/{t.lesson.pk}/", everyone(200)),
    Case("get", lambda t: f"/api/v1/lessons/{t.draft_lesson.pk}/", DRAFT_READ),
    Case(
        "post", lambda t: f"/api/v1/lessons/{t.draft_lesson.pk}/publish/", DRAFT_WRITE
    ),
    Case("post", lambda t: f"/api/v1/lessons/{t.lesson.pk}/publish/", SHARED_WRITE),
    Case(
        "post",
        lambda t: f"/api/v1/lessons/{t.own_lesson.pk}/publish/",
        OWN_PUBLISHED_WRITE,
    ),
    # questions
    Case("get", lambda t: "/api/v1/questions/", everyone(200)),
    Case("get", lambda t: f"/api/v1/questions/{t.question.pk}/", everyone(200)),
    Case("get", lambda t: f"/api/v1/questions/{t.draft_question.pk}/", DRAFT_READ),
    Case(
        "patch",
        lambda t: f"/api/v1/questions/{t.draft_question.pk}/",
        DRAFT_WRITE,
        lambda t: {"stem": "Which words hedge the figure?"},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/questions/{t.question.pk}/",
        SHARED_WRITE,
        lambda t: {"difficulty": 3},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/questions/{t.own_question.pk}/",
        OWN_PUBLISHED_WRITE,
        lambda t: {"difficulty": 1},
    ),
    Case(
        "post",
        lambda t: f"/api/v1/questions/{t.draft_question.pk}/publish/",
        DRAFT_WRITE,
    ),
    # quizzes
    Case("get", lambda t: "/api/v1/quizzes/", everyone(200)),
    Case("get", lambda t: f"/api/v1/quizzes/{t.quiz.pk}/", everyone(200)),
    Case("get", lambda t: f"/api/v1/quizzes/{t.draft_quiz.pk}/", DRAFT_READ),
    Case("post", lambda t: f"/api/v1/quizzes/{t.draft_quiz.pk}/publish/", DRAFT_WRITE),
    Case(
        "post",
        lambda t: f"/api/v1/quizzes/{t.own_quiz.pk}/publish/",
        OWN_PUBLISHED_WRITE,
    ),
    Case("post", lambda t: f"/api/v1/quizzes/{t.quiz.pk}/publish/", STAFF_BUILD),
    # articles, stories, figures, findings
    Case("get", lambda t: "/api/v1/articles/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/articles/{t.shared_article.pk}/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/articles/{t.own_article.pk}/", OWNER_ONLY_READ),
    Case(
        "post",
        lambda t: "/api/v1/articles/",
        roles(
            anonymous=401,
            student=403,
            other_student=403,
            teacher=201,
            other_teacher=201,
            staff=201,
        ),
        lambda t: {"text": ARTICLE_TEXT, "headline": "Parks", "outlet": "The Gazette"},
    ),  # fmt: skip
    Case("post", lambda t: f"/api/v1/articles/{t.own_article.pk}/build/", DRAFT_WRITE),
    Case(
        "post", lambda t: f"/api/v1/articles/{t.shared_article.pk}/build/", STAFF_BUILD
    ),
    Case("get", lambda t: "/api/v1/stories/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/stories/{t.story.pk}/", TEACHERS_READ),
    Case("post", lambda t: f"/api/v1/stories/{t.story.pk}/build/", STAFF_BUILD),
    Case("get", lambda t: "/api/v1/figures/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/figures/{t.shared_figure.pk}/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/figures/{t.own_figure.pk}/", OWNER_ONLY_READ),
    Case("get", lambda t: "/api/v1/findings/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/findings/{t.shared_finding.pk}/", TEACHERS_READ),
    Case("get", lambda t: f"/api/v1/findings/{t.own_finding.pk}/", OWNER_ONLY_READ),
    # attempts and progress
    Case("get", lambda t: "/api/v1/attempts/", SIGNED_IN),
    Case("get", lambda t: f"/api/v1/attempts/{t.attempt.pk}/", ATTEMPT_READ),
    Case(
        "get",
        lambda t: f"/api/v1/attempts/{t.attempt_at_own_quiz.pk}/",
        roles(
            anonymous=401,
            student=200,
            other_student=404,
            teacher=200,
            other_teacher=404,
            staff=200,
        ),
    ),  # fmt: skip
    Case(
        "post",
        lambda t: "/api/v1/attempts/",
        roles(
            anonymous=401,
            student=200,
            other_student=201,
            teacher=201,
            other_teacher=201,
            staff=201,
        ),
        lambda t: {"quiz": t.quiz.pk},
    ),  # fmt: skip
    Case(
        "post",
        lambda t: f"/api/v1/attempts/{t.attempt.pk}/answer/",
        ATTEMPT_ACT,
        lambda t: {"question": t.question.pk, "answer": "b"},
    ),
    Case(
        "post",
        lambda t: f"/api/v1/attempts/{t.attempt.pk}/clear/",
        ATTEMPT_ACT,
        lambda t: {"question": t.question.pk},
    ),
    Case("post", lambda t: f"/api/v1/attempts/{t.attempt.pk}/submit/", ATTEMPT_ACT),
    Case("get", lambda t: "/api/v1/progress/", SIGNED_IN),
    # --- the teacher's workspace ---
    # figures: only the article's owner (and staff) change them
    Case(
        "post",
        lambda t: "/api/v1/figures/",
        roles(
            anonymous=401,
            student=403,
            other_student=403,
            teacher=201,
            other_teacher=400,
            staff=201,
        ),
        lambda t: {
            "article": t.own_article.pk,
            "start": 4,
            "end": 8,
            "values": {"low": "2", "bound": "exact", "kind": "count"},
        },
    ),  # fmt: skip
    Case(
        "patch",
        lambda t: f"/api/v1/figures/{t.own_figure.pk}/",
        DRAFT_WRITE,
        lambda t: {"bound": "at_least", "note": "Checked."},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/figures/{t.shared_figure.pk}/",
        STAFF_BUILD,
        lambda t: {"note": "Checked."},
    ),
    Case("delete", lambda t: f"/api/v1/figures/{t.own_figure.pk}/", DRAFT_DELETE),
    Case("post", lambda t: f"/api/v1/figures/{t.own_figure.pk}/confirm/", DRAFT_WRITE),
    Case(
        "post", lambda t: f"/api/v1/figures/{t.shared_figure.pk}/confirm/", STAFF_BUILD
    ),
    Case(
        "put",
        lambda t: f"/api/v1/figures/{t.own_figure.pk}/attribution/",
        DRAFT_WRITE,
        lambda t: {"hops": [{"speaker": "the mayor", "kind": "government"}]},
    ),
    # lessons and questions
    Case(
        "patch",
        lambda t: f"/api/v1/lessons/{t.draft_lesson.pk}/",
        DRAFT_WRITE,
        lambda t: {"title": "Hedges"},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/lessons/{t.lesson.pk}/",
        SHARED_WRITE,
        lambda t: {"summary": "Shorter."},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/lessons/{t.own_lesson.pk}/",
        OWN_PUBLISHED_WRITE,
        lambda t: {"body": "Read the *hedges*."},
    ),
    Case(
        "post",
        lambda t: "/api/v1/questions/",
        TEACHERS_CREATE,
        lambda t: {
            "type": "single",
            "skill": t.skill.slug,
            "stem": "Which is right?",
            "answer": {
                "choices": [
                    {"key": "a", "text": "A", "correct": True},
                    {"key": "b", "text": "B", "correct": False},
                ]
            },
        },
    ),  # fmt: skip
    Case(
        "post",
        lambda t: f"/api/v1/questions/{t.draft_question.pk}/regrade/",
        DRAFT_WRITE,
    ),
    Case("post", lambda t: f"/api/v1/questions/{t.question.pk}/regrade/", SHARED_WRITE),
    Case(
        "post",
        lambda t: f"/api/v1/questions/{t.own_question.pk}/regrade/",
        OWN_PUBLISHED_WRITE,
    ),
    # quizzes: only the author (and staff) change them; generated ones: staff only
    Case(
        "post",
        lambda t: "/api/v1/quizzes/",
        TEACHERS_CREATE,
        lambda t: {"title": "Hedges, week 2", "attempts_allowed": 2},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/quizzes/{t.draft_quiz.pk}/",
        DRAFT_WRITE,
        lambda t: {"grading": "last"},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/quizzes/{t.own_quiz.pk}/",
        OWN_PUBLISHED_WRITE,
        lambda t: {"shuffle_questions": True},
    ),
    Case(
        "patch",
        lambda t: f"/api/v1/quizzes/{t.quiz.pk}/",
        STAFF_BUILD,
        lambda t: {"title": "Renamed"},
    ),
    Case(
        "put",
        lambda t: f"/api/v1/quizzes/{t.draft_quiz.pk}/questions/",
        DRAFT_WRITE,
        lambda t: {"items": [{"question": t.question.pk, "points": "2"}]},
    ),
    Case(
        "put",
        lambda t: f"/api/v1/quizzes/{t.quiz.pk}/questions/",
        STAFF_BUILD,
        lambda t: {"items": [{"question": t.question.pk}]},
    ),
    Case(
        "put",
        lambda t: f"/api/v1/quizzes/{t.draft_quiz.pk}/draws/",
        DRAFT_WRITE,
        lambda t: {"draws": {t.skill.slug: 1}},
    ),
    Case(
        "put",
        lambda t: f"/api/v1/quizzes/{t.own_quiz.pk}/draws/",
        OWN_PUBLISHED_WRITE,
        lambda t: {"draws": {}},
    ),
    # classes
    Case("get", lambda t: "/api/v1/classrooms/", SIGNED_IN),
    Case(
        "post",
        lambda t: "/api/v1/classrooms/",
        TEACHERS_CREATE,
        lambda t: {"name": "Year 10 Media"},
    ),
    Case("get", lambda t: f"/api/v1/classrooms/{t.classroom.pk}/", CLASS_READ),
    Case(
        "post",
        lambda t: f"/api/v1/classrooms/{t.classroom.pk}/new-code/",
        OWNER_ONLY_READ,
    ),
    Case(
        "get",
        lambda t: f"/api/v1/classrooms/{t.classroom.pk}/members/",
        OWNER_ONLY_READ,
    ),
    Case(
        "delete",
        lambda t: f"/api/v1/classrooms/{t.classroom.pk}/members/{t.student.pk}/",
        roles(
            anonymous=401,
            student=403,
            other_student=403,
            teacher=204,
            other_teacher=404,
            staff=204,
        ),
    ),  # fmt: skip
    Case(
        "post",
        lambda t: "/api/v1/classrooms/join/",
        roles(
            anonymous=401,
            student=200,
            other_student=200,
            teacher=400,  # they teach it
            other_teacher=200,
            staff=200,
        ),
        lambda t: {"code": t.classroom.join_code.lower()},
    ),  # fmt: skip
    Case(
        "post",
        lambda t: f"/api/v1/classrooms/{t.classroom.pk}/leave/",
        roles(
            anonymous=401,
            student=204,
            other_student=404,
            teacher=403,  # teaching is not belonging
            other_teacher=404,
            staff=403,
        ),
    ),  # fmt: skip
    Case(
        "get",
        lambda t: (
            f"/api/v1/classrooms/{t.classroom.pk}/quizzes/{t.own_quiz.pk}/results/"
        ),
        OWNER_ONLY_READ,
    ),
    Case(
        "get",
        lambda t: (
            f"/api/v1/classrooms/{t.classroom.pk}/quizzes/{t.own_quiz.pk}/grading/"
        ),
        OWNER_ONLY_READ,
    ),
    Case(
        "post",
        lambda t: f"/api/v1/responses/{t.written_response.pk}/grade/",
        DRAFT_WRITE,
        lambda t: {"score": "0.5", "comment": "Name the base."},
    ),
    # assignments
    Case("get", lambda t: "/api/v1/assignments/", SIGNED_IN),
    Case(
        "post",
        lambda t: "/api/v1/assignments/",
        roles(
            anonymous=401,
            student=403,
            other_student=403,
            teacher=201,
            other_teacher=400,  # not their class
            staff=201,
        ),
        lambda t: {
            "classroom": t.classroom.pk,
            "quiz": t.quiz.pk,
            "due": "2031-05-01T09:00:00Z",
        },
    ),  # fmt: skip
    Case("get", lambda t: f"/api/v1/assignments/{t.assignment.pk}/", CLASS_READ),
    Case(
        "patch",
        lambda t: f"/api/v1/assignments/{t.assignment.pk}/",
        DRAFT_WRITE_STUDENT_MEMBER,
        lambda t: {"due": None},
    ),
    Case(
        "delete",
        lambda t: f"/api/v1/assignments/{t.assignment.pk}/",
        roles(
            anonymous=401,
            student=403,
            other_student=403,
            teacher=204,
            other_teacher=404,
            staff=204,
        ),
    ),  # fmt: skip
    # tokens
    Case(
        "post",
        lambda t: "/api/v1/auth/token/",
        everyone(200),
        lambda t: {
            "username": t.student.username,
            "password": "correct horse battery staple",
        },
    ),
    Case(
        "delete",
        lambda t: "/api/v1/auth/token/",
        roles(
            anonymous=401,
            student=204,
            other_student=204,
            teacher=204,
            other_teacher=204,
            staff=204,
        ),
    ),  # fmt: skip
]


class PermissionMatrixTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        teacher = cls.users["teacher"]
        cls.skill = SkillFactory()
        cls.story = StoryFactory()
        # Shared content: generated, author-less, published.
        cls.shared_article = ArticleFactory()
        cls.shared_figure = FigureFactory(article=cls.shared_article)
        cls.shared_finding = FindingFactory(article=cls.shared_article, skill=cls.skill)
        ArticleFactory(story=cls.story)
        cls.lesson = LessonFactory(generated=True)
        cls.lesson.articles.add(cls.shared_article)
        cls.question = QuestionFactory(
            lesson=cls.lesson, skill=cls.skill, generated=True
        )
        cls.quiz = QuizFactory(lesson=cls.lesson)
        QuizItemFactory(quiz=cls.quiz, question=cls.question, position=1)
        # The teacher's own: an article, a draft lesson, question and quiz, and a
        # published lesson, question and quiz.
        cls.own_article = ArticleFactory(owner=teacher)
        cls.own_figure = FigureFactory(article=cls.own_article)
        cls.own_finding = FindingFactory(article=cls.own_article, skill=cls.skill)
        cls.draft_lesson = LessonFactory(status="draft", author=teacher)
        cls.draft_question = QuestionFactory(
            lesson=cls.draft_lesson, status="draft", author=teacher, skill=cls.skill
        )
        cls.draft_quiz = QuizFactory(
            status="draft", author=teacher, lesson=cls.draft_lesson
        )
        QuizItemFactory(quiz=cls.draft_quiz, question=cls.draft_question, position=1)
        cls.own_lesson = LessonFactory(author=teacher)
        cls.own_question = QuestionFactory(lesson=cls.own_lesson, author=teacher)
        cls.own_quiz = QuizFactory(author=teacher, lesson=cls.own_lesson)
        QuizItemFactory(quiz=cls.own_quiz, question=cls.own_question, position=1)
        # The student's attempts: at the shared quiz and at the teacher's.
        cls.attempt = AttemptFactory(quiz=cls.quiz, student=cls.student)
        cls.attempt_at_own_quiz = AttemptFactory(quiz=cls.own_quiz, student=cls.student)
        # The teacher's class: the student belongs to it and was assigned the
        # teacher's quiz, and a written answer of theirs awaits a grade. The
        # other teacher's class holds the other student.
        cls.classroom = ClassroomFactory(teacher=teacher)
        MembershipFactory(classroom=cls.classroom, student=cls.student)
        cls.assignment = AssignmentFactory(classroom=cls.classroom, quiz=cls.own_quiz)
        other_class = ClassroomFactory(teacher=cls.users["other_teacher"])
        MembershipFactory(classroom=other_class, student=cls.users["other_student"])
        now = timezone.now()
        submitted = AttemptFactory(
            quiz=cls.own_quiz, student=cls.student, started=now, submitted=now,
            state="awaiting_grading",
        )  # fmt: skip
        cls.written_response = ResponseFactory(
            attempt=submitted, question=cls.own_question, answer="Of the budget.",
            score=None, correct=None, needs_manual=True,
        )  # fmt: skip
        assert isinstance(cls.written_response, Response)

    def test_every_endpoint_against_every_role(self):
        """Each role gets exactly the status the rules give it, on every endpoint."""
        for case in CASES:
            for role in ROLES:
                url = case.url(self)
                with self.subTest(method=case.method, url=url, role=role):
                    self.act_as(role)
                    # Each request runs in a transaction rolled back after it, so
                    # one role's change never decides another role's answer.
                    with transaction.atomic():
                        response = getattr(self.client, case.method)(
                            url, case.body(self), format="json"
                        )
                        transaction.set_rollback(True)
                    self.assertEqual(
                        response.status_code,
                        case.expected[role],
                        response.content[:300],
                    )
                    if response.status_code >= 400 and "/api/v1/" in url:
                        self.assertError(response, response.status_code)

    def test_matrix_covers_every_operation(self):
        """Every operation in the OpenAPI schema appears in the matrix."""
        from drf_spectacular.generators import SchemaGenerator

        covered = {(case.method, _pattern(case.url(self), self)) for case in CASES}
        schema = SchemaGenerator().get_schema(request=None, public=True)
        for path, operations in schema["paths"].items():
            for method in operations:
                with self.subTest(method=method, path=path):
                    self.assertIn((method, re.sub(r"\{\w+\}", "{id}", path)), covered)


def _pattern(url: str, test: PermissionMatrixTests) -> str:
    """A concrete URL with its object ids or slug replaced by {id}."""
    parts = url.strip("/").split("/")
    parts = ["{id}" if (p.isdigit() or p == test.skill.slug) else p for p in parts]
    return "/" + "/".join(parts) + "/"
