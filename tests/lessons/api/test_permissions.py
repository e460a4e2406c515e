"""Every endpoint against every role: who may read, who may change what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from tests.factories import (
    ARTICLE_TEXT,
    ArticleFactory,
    AttemptFactory,
    FigureFactory,
    FindingFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
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
    Case("post", lambda t: f"/api/v1/attempts/{t.attempt.pk}/submit/", ATTEMPT_ACT),
    Case("get", lambda t: "/api/v1/progress/", SIGNED_IN),
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
                    self.assertIn((method, path.replace("{slug}", "{id}")), covered)


def _pattern(url: str, test: PermissionMatrixTests) -> str:
    """A concrete URL with its object id or slug replaced by {id}."""
    parts = url.strip("/").split("/")
    parts = ["{id}" if (p.isdigit() or p == test.skill.slug) else p for p in parts]
    return "/" + "/".join(parts) + "/"
