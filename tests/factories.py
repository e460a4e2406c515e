"""One factory per model. Use .build() where a test needs no database."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lessons.models import (
    Article,
    AttributionHop,
    Figure,
    Finding,
    FindingFigure,
    Lesson,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Skill,
    Source,
    Span,
    Story,
)
from lessons.roles import TEACHERS_GROUP

ARTICLE_TEXT = (
    "City Spends $2 Million on Parks\n\n"
    "The city council said on Monday that it had spent about $2 million on parks "
    "this year, more than 40 percent of its leisure budget, according to the mayor."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class TeacherFactory(UserFactory):
    @factory.post_generation
    def teacher(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
            self.groups.add(group)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = "outlet"
    named = True


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    slug = factory.Sequence(lambda n: f"story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    key = factory.Sequence(lambda n: f"article-{n}")
    headline = "City Spends $2 Million on Parks"
    outlet = factory.SubFactory(SourceFactory)
    url = "https://example.com/parks"
    text = ARTICLE_TEXT
    text_sha256 = factory.LazyAttribute(
        lambda a: hashlib.sha256(a.text.encode()).hexdigest()
    )


class FigureFactory(factory.django.DjangoModelFactory):
    """A figure anchored at the first occurrence of ``exact`` in its article."""

    class Meta:
        model = Figure

    article = factory.SubFactory(ArticleFactory)
    key = factory.Sequence(lambda n: f"f{n}")
    exact = "about $2 million"
    start = factory.LazyAttribute(lambda f: f.article.text.index(f.exact))
    end = factory.LazyAttribute(lambda f: f.start + len(f.exact))
    low = Decimal("2000000")
    high = Decimal("2000000")
    bound = "approx"
    kind = "money"
    unit = "dollars"
    quantity = "spent on parks"
    subject = "the city council"
    reviewed = True
    rule = "annotation"


class SpanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Span

    figure = factory.SubFactory(FigureFactory)
    article = factory.SelfAttribute("figure.article")
    exact = "according to the mayor"
    start = factory.LazyAttribute(lambda s: s.article.text.index(s.exact))
    end = factory.LazyAttribute(lambda s: s.start + len(s.exact))
    role = "source"


class AttributionHopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributionHop

    figure = factory.SubFactory(FigureFactory)
    order = factory.Sequence(lambda n: n)
    source = factory.SubFactory(SourceFactory, name="the mayor", kind="government")
    speaker = "the mayor"
    verb = "according to"


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")
    question = "Who says so?"
    description = "A skill."


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    key = factory.Sequence(lambda n: f"missing_base:f{n}")
    article = factory.SubFactory(ArticleFactory)
    kind = "missing_base"
    verdict = "needs_explanation"
    explanation = "40 percent of what?"
    skill = factory.SubFactory(SkillFactory)
    values = factory.LazyFunction(dict)


class FindingFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FindingFigure

    finding = factory.SubFactory(FindingFactory)
    figure = factory.SubFactory(
        FigureFactory, article=factory.SelfAttribute("..finding.article")
    )
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    key = factory.Sequence(lambda n: f"hand-lesson-{n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What the figures say."
    body = "Read the **hedges**."
    status = "published"
    generated = False


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with a current version."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"hand-question-{n}")
    lesson = factory.SubFactory(LessonFactory)
    type = "single"
    skill = factory.SubFactory(SkillFactory)
    status = "published"
    generated = False

    @factory.post_generation
    def version(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and self.current_id is None:
            self.current = QuestionVersionFactory(question=self, number=1)
            self.save(update_fields=["current"])


class QuestionVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionVersion

    question = factory.SubFactory(QuestionFactory, version=None)
    number = 1
    stem = "What does 'about $2 million' allow?"
    explanation = "'About' makes the figure approximate."
    answer = factory.LazyFunction(
        lambda: {
            "choices": [
                {
                    "key": "a",
                    "text": "Exactly $2,000,000",
                    "correct": False,
                    "feedback": "'About' is not exact.",
                    "misconception": "hedge-read-as-exact",
                },
                {
                    "key": "b",
                    "text": "Roughly $2 million",
                    "correct": True,
                    "feedback": "Right.",
                    "misconception": "",
                },
            ]
        }
    )
    evidence = factory.LazyFunction(list)
    fingerprint = factory.Sequence(lambda n: f"{n:064x}")


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    key = factory.Sequence(lambda n: f"hand-quiz-{n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    status = "published"
    generated = False


class QuizItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizItem

    quiz = factory.SubFactory(QuizFactory)
    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)


# --- staff, attempts, responses and API tokens -------------------------------------

from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from lessons.models import Attempt, Response  # noqa: E402


class StaffFactory(UserFactory):
    is_staff = True


class AttemptFactory(factory.django.DjangoModelFactory):
    """An open attempt at its quiz's questions, in the quiz's order."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    student = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: n + 1)
    started = factory.LazyFunction(timezone.now)
    question_order = factory.LazyAttribute(
        lambda a: list(
            a.quiz.items.order_by("position").values_list("question_id", flat=True)
        )
    )
    question_points = factory.LazyAttribute(
        lambda a: {
            str(question_id): str(points)
            for question_id, points in a.quiz.items.values_list("question_id", "points")
        }
    )
    seed = "0123456789abcdef"


class ResponseFactory(factory.django.DjangoModelFactory):
    """A right answer ("b") to the default single-choice question."""

    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.SubFactory(QuestionFactory)
    version = factory.SelfAttribute("question.current")
    answer = "b"
    score = Decimal("1")
    correct = True
    feedback = "Right."
    answered_at = factory.LazyFunction(timezone.now)


class TokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Token
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)


# --- classes, memberships, assignments and random draws ------------------------------

from datetime import timedelta  # noqa: E402

from lessons.models import Assignment, Classroom, Membership, QuizDraw  # noqa: E402


class ClassroomFactory(factory.django.DjangoModelFactory):
    """A class taught by a new teacher, with a unique valid join code."""

    class Meta:
        model = Classroom

    name = factory.Sequence(lambda n: f"Class {n}")
    teacher = factory.SubFactory(TeacherFactory)
    # Eight letters of the join-code alphabet, unique per sequence number.
    join_code = factory.Sequence(
        lambda n: "".join(
            "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[(n // 31**i) % 31] for i in range(8)
        )
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A published quiz assigned to a class, due in a week."""

    class Meta:
        model = Assignment

    classroom = factory.SubFactory(ClassroomFactory)
    quiz = factory.SubFactory(QuizFactory)
    due = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    assigned_by = factory.SelfAttribute("classroom.teacher")


class QuizDrawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizDraw

    quiz = factory.SubFactory(QuizFactory)
    skill = factory.SubFactory(SkillFactory)
    count = 2


# --- a whole class at once ------------------------------------------------------------


def class_with_submissions(
    teacher,
    quiz,
    questions,
    size: int,
    *,
    state: str = "awaiting_grading",
    assigned: bool = True,
) -> Classroom:
    """A class of ``size`` students of ``teacher`` who each submitted one attempt
    at ``quiz`` (bulk-created, for results at scale). To each of ``questions``:
    "a" or "b" by turns for a choice question (scored 0 or 1), a written answer
    awaiting grading for a short one. With ``assigned``, the quiz is assigned to
    the class."""
    classroom = ClassroomFactory(teacher=teacher)
    if assigned:
        AssignmentFactory(classroom=classroom, quiz=quiz)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"c{classroom.pk}-s{n}") for n in range(size)
    )
    Membership.objects.bulk_create(
        Membership(classroom=classroom, student=u) for u in users
    )
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz,
            student=u,
            number=1,
            started=now,
            submitted=now,
            state=state,
            score=Decimal("0.5"),
            points=1,
            max_points=len(questions),
            question_order=[q.pk for q in questions],
            question_points={str(q.pk): "1" for q in questions},
        )
        for u in users
    )
    Response.objects.bulk_create(
        Response(
            attempt=a,
            question=q,
            version=q.current,
            answered_at=now,
            **_submitted_answer(q, turn),
        )
        for n, a in enumerate(attempts)
        for turn, q in enumerate(questions, start=n)
    )
    return classroom


def _submitted_answer(question, turn: int) -> dict:
    if question.type == "short":
        return {
            "answer": "Of what?",
            "score": None,
            "correct": None,
            "needs_manual": True,
        }
    right = turn % 2
    return {
        "answer": "b" if right else "a",
        "score": Decimal(right),
        "correct": bool(right),
        "needs_manual": False,
    }
