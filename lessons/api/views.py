"""The API's ViewSets: they translate HTTP and call the same services as the web UI.

Which objects a user may see is the queryset (``selectors.*_visible_to``): an
object outside it is a 404. Every list and detail prefetches what it shows, so
a page costs the same number of queries whatever it holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lessons.models import (
    Article,
    Assignment,
    Attempt,
    AttributionHop,
    Classroom,
    Figure,
    Lesson,
    Membership,
    Question,
    Quiz,
    QuizDraw,
    QuizItem,
    Skill,
    Span,
    Story,
)
from lessons.results import question_stats, student_results
from lessons.selectors import (
    articles_visible_to,
    assignments_visible_to,
    attempt_articles,
    attempt_questions,
    attempt_responses,
    attempts_visible_to,
    classrooms_visible_to,
    figures_visible_to,
    findings_visible_to,
    lessons_visible_to,
    progress_by_skill,
    questions_visible_to,
    quizzes_visible_to,
    responses_gradable_by,
    stories_visible_to,
    student_attempt,
)
from lessons.services.analysis import analysis_scope
from lessons.services.articles import import_article
from lessons.services.attempts import (
    clear_answer,
    grade_manually,
    regrade_question,
    save_answer,
    start_attempt,
    submit_attempt,
)
from lessons.services.authoring import (
    edit_question,
    generate_lessons,
    publish_lesson,
    publish_question,
    publish_quiz,
)
from lessons.services.classes import (
    assign_quiz,
    create_classroom,
    join_classroom,
    leave_classroom,
    new_join_code_for,
    unassign_quiz,
)
from lessons.services.figures import (
    add_figure,
    confirm_figure,
    correct_figure,
    delete_figure,
    set_attribution,
)
from lessons.services.lessons_editing import edit_lesson
from lessons.services.quizzes import (
    create_question,
    create_quiz,
    set_quiz_draws,
    set_quiz_questions,
    update_quiz,
)
from lessons.services.tokens import issue_token, revoke_token
from lessons.workspace import responses_to_grade, student_classes

from . import filters
from . import serializers as s
from .authentication import TokenAuthentication
from .errors import error_body, error_responses
from .filters import MAX_ID
from .permissions import (
    CanEditContent,
    CanEditFigure,
    IsAttemptStudent,
    IsClassMember,
    IsQuizAuthor,
    IsTeacher,
    OwnsScope,
    TeachesClass,
)

LIST_ERRORS = error_responses(400, 401, 403, 404, 429)
READ_ERRORS = error_responses(401, 403, 404, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 415, 429)
ATTEMPT_ERRORS = error_responses(400, 401, 403, 404, 409, 415, 429)


class Pagination(PageNumberPagination):
    """Pages of 20 by default; ?page_size= up to 100, and a bad one is a 400."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request: Request, paginator: Any) -> int:
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
            raise ValidationError({"page": ["A whole number from 1."]})
        return int(raw)

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters


class TallyViewSet(viewsets.GenericViewSet):
    """Token first, so an anonymous request is told 401 with how to authenticate."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    parser_classes = [JSONParser]  # one request format, the one documented
    pagination_class = Pagination
    # Ids are whole numbers a database holds; any other path falls through to
    # the JSON 404 at the end of urls.py instead of reaching a query.
    lookup_value_regex = "[0-9]{1,18}"

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The list's filters and ordering apply to lists, not to one object:
        ``get_object`` on a detail action skips them (and their work)."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)


def _reads(name: str, serializer: Any, detail_serializer: Any = None) -> dict[str, Any]:
    return {
        "list": extend_schema(
            summary=f"List {name}",
            responses={200: serializer(many=True), **LIST_ERRORS},
        ),
        "retrieve": extend_schema(
            summary=f"Read one of the {name}",
            responses={200: detail_serializer or serializer, **READ_ERRORS},
        ),
    }


def _publish_schema(name: str, serializer: Any) -> Any:
    return extend_schema(
        summary=f"Publish a {name}",
        request=None,
        responses={200: serializer, **WRITE_ERRORS},
    )


# --- reference data --------------------------------------------------------------


@extend_schema_view(**_reads("skills", s.SkillSerializer))
class SkillViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The media-literacy skills that lessons and questions train (anyone)."""

    queryset = Skill.objects.all()
    serializer_class = s.SkillSerializer
    permission_classes = [AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,50}"
    ordering_fields = ["position", "slug", "name"]
    ordering = ["position", "slug"]


# --- articles, stories, figures, findings (teachers) -------------------------------


@extend_schema_view(
    **_reads("articles", s.ArticleSerializer, s.ArticleDetailSerializer),
    create=extend_schema(
        summary="Import an article",
        description="Stores the text exactly as given and the figures the extractor "
        "finds in it, unreviewed. The importing teacher owns the article.",
        request=s.ArticleImportSerializer,
        responses={201: s.ArticleDetailSerializer, **WRITE_ERRORS},
    ),
)
class ArticleViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Articles with their spans, figures and attribution (teachers)."""

    permission_classes = [IsTeacher]
    ordering_fields = ["headline", "published", "created", "key"]
    ordering = ["-published", "headline", "id"]

    def get_queryset(self) -> QuerySet[Article]:
        articles = articles_visible_to(self.request.user).select_related("outlet")
        if self.action == "retrieve":
            articles = _with_figures(articles)
        return articles

    def get_serializer_class(self) -> type:
        if self.action == "retrieve":
            return s.ArticleDetailSerializer
        if self.action == "create":
            return s.ArticleImportSerializer
        return s.ArticleSerializer

    def create(self, request: Request) -> Response:
        serializer = s.ArticleImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = import_article(**serializer.validated_data, owner=request.user)
        article = _with_figures(Article.objects.select_related("outlet")).get(
            pk=article.pk
        )
        return Response(
            s.ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Run the checks and generation for an article",
        description="An article that belongs to a story is checked with the story's "
        "other articles. What is built from your own articles is yours.",
        request=s.BuildInputSerializer,
        responses={200: s.BuildReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsTeacher, OwnsScope])
    def build(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        scope = analysis_scope(article)
        if scope["story"] is not None:
            self.check_object_permissions(request, scope["story"])
        return _build(request, **scope)


def _with_figures(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.prefetch_related(
        Prefetch("spans", queryset=Span.objects.order_by("start", "id")),
        Prefetch("figures", queryset=_figures(Figure.objects.order_by("start", "id"))),
    )


def _figures(figures: QuerySet[Figure]) -> QuerySet[Figure]:
    return figures.prefetch_related(
        Prefetch("hops", queryset=AttributionHop.objects.select_related("source")),
        Prefetch("spans", queryset=Span.objects.order_by("start", "id")),
    )


def _build(
    request: Request, *, article: Article | None, story: Story | None
) -> Response:
    serializer = s.BuildInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    report = generate_lessons(
        article=article,
        story=story,
        publish=serializer.validated_data["publish"],
        requested_by=request.user,
    )
    return Response(s.BuildReportSerializer(report).data)


@extend_schema_view(**_reads("stories", s.StorySerializer))
class StoryViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Stories: articles whose figures are compared (teachers)."""

    serializer_class = s.StorySerializer
    permission_classes = [IsTeacher]
    ordering_fields = ["title", "slug"]
    ordering = ["title", "id"]

    def get_queryset(self) -> QuerySet[Story]:
        return stories_visible_to(self.request.user)

    @extend_schema(
        summary="Run the checks and generation for a story",
        request=s.BuildInputSerializer,
        responses={200: s.BuildReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsTeacher, OwnsScope])
    def build(self, request: Request, pk: str | None = None) -> Response:
        return _build(request, article=None, story=self.get_object())


REBUILT = (
    " The findings over the article (or its story) are recomputed, and its "
    "lessons rebuilt, so every number a lesson states follows the figures."
)


@extend_schema_view(
    **_reads("figures", s.FigureSerializer),
    create=extend_schema(
        summary="Add a figure the extractor missed",
        description="Select its words by offsets into the article's text (end "
        "exclusive) and give its values; the figure is marked reviewed." + REBUILT,
        request=s.FigureAddSerializer,
        responses={201: s.FigureSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Correct a figure",
        description="Changes the values given and marks the figure reviewed." + REBUILT,
        request=s.FigureValuesSerializer,
        responses={200: s.FigureSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Delete a figure the extractor got wrong",
        description=REBUILT.strip(),
        responses={
            204: OpenApiResponse(description="Deleted."),
            **error_responses(401, 403, 404, 429),
        },
    ),
)
class FigureViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Figures read from articles; the article's owner (or staff) reviews them."""

    serializer_class = s.FigureSerializer
    filterset_class = filters.FigureFilter
    ordering_fields = ["start", "key", "updated"]
    ordering = ["article_id", "start", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve", "create"):
            return [IsTeacher()]
        return [IsTeacher(), CanEditFigure()]

    def get_queryset(self) -> QuerySet[Figure]:
        return _figures(figures_visible_to(self.request.user).select_related("article"))

    def _detail(self, figure: Figure, status_code: int = 200) -> Response:
        figure = _figures(Figure.objects.all()).get(pk=figure.pk)
        return Response(s.FigureSerializer(figure).data, status=status_code)

    def create(self, request: Request) -> Response:
        serializer = s.FigureAddSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        figure = add_figure(**serializer.validated_data)
        return self._detail(figure, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        figure = self.get_object()
        serializer = s.FigureValuesSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        figure, _report = correct_figure(
            figure=figure, changes=dict(serializer.validated_data)
        )
        return self._detail(figure)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        delete_figure(figure=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Confirm a figure",
        description="You checked the extracted figure and found it right: it is "
        "marked reviewed, nothing else changes.",
        request=None,
        responses={200: s.FigureSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        return self._detail(confirm_figure(figure=self.get_object()))

    @extend_schema(
        summary="Set a figure's attribution chain",
        description="Replaces who said the figure, hop by hop, and marks it "
        "reviewed." + REBUILT,
        request=s.AttributionSerializer,
        responses={200: s.FigureSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["put"])
    def attribution(self, request: Request, pk: str | None = None) -> Response:
        figure = self.get_object()
        serializer = s.AttributionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hops = [dict(hop) for hop in serializer.validated_data["hops"]]
        return self._detail(set_attribution(figure=figure, hops=hops))


@extend_schema_view(**_reads("findings", s.FindingSerializer))
class FindingViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """What the checks found over an article's or a story's figures (teachers)."""

    serializer_class = s.FindingSerializer
    permission_classes = [IsTeacher]
    filterset_class = filters.FindingFilter
    ordering_fields = ["kind", "verdict", "key", "updated"]
    ordering = ["kind", "key", "id"]

    def get_queryset(self) -> QuerySet:
        return (
            findings_visible_to(self.request.user)
            .select_related("skill")
            .prefetch_related("findingfigure_set")
        )


# --- lessons, questions, quizzes ------------------------------------------------------


@extend_schema_view(
    **_reads("lessons", s.LessonSerializer, s.LessonDetailSerializer),
    partial_update=extend_schema(
        summary="Edit a lesson's title, summary and body",
        description="Marks the lesson edited, so generation never overwrites it "
        "again, and bumps its version; an edit that changes nothing writes nothing.",
        request=s.LessonEditSerializer,
        responses={200: s.LessonDetailSerializer, **WRITE_ERRORS},
    ),
)
class LessonViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Lessons: published for everyone; a teacher's own drafts for them."""

    permission_classes = [AllowAny]
    filterset_class = filters.LessonFilter
    ordering_fields = ["position", "title", "published_at", "created"]
    ordering = ["position", "title", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action == "partial_update":
            return [IsTeacher(), CanEditContent()]
        return super().get_permissions()

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        lesson = self.get_object()
        serializer = s.LessonEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = {
            "title": lesson.title,
            "summary": lesson.summary,
            "body": lesson.body,
            **serializer.validated_data,
        }
        lesson = edit_lesson(lesson=lesson, **text)  # saved in place; prefetches hold
        return Response(self.get_serializer(lesson).data)

    def get_queryset(self) -> QuerySet[Lesson]:
        lessons = lessons_visible_to(self.request.user).prefetch_related("skills")
        if self.action in ("retrieve", "partial_update"):
            lessons = lessons.prefetch_related(
                Prefetch("articles", queryset=Article.objects.select_related("outlet")),
                "figures",
                "findings",
            )
        return lessons

    def get_serializer_class(self) -> type:
        return (
            s.LessonDetailSerializer
            if self.action in ("retrieve", "partial_update")
            else s.LessonSerializer
        )

    @_publish_schema("lesson", s.LessonSerializer)
    @action(
        detail=True, methods=["post"], permission_classes=[IsTeacher, CanEditContent]
    )
    def publish(self, request: Request, pk: str | None = None) -> Response:
        lesson = publish_lesson(lesson=self.get_object())
        return Response(s.LessonSerializer(lesson).data)


@extend_schema_view(
    **_reads("questions", s.QuestionSerializer),
    create=extend_schema(
        summary="Write a question",
        description="A hand-written question with its first version: a draft of "
        "yours (in no lesson) until you publish it.",
        request=s.QuestionCreateSerializer,
        responses={201: s.QuestionSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Edit a question",
        description="Saves the content as a new version (past answers keep theirs) "
        "and marks the question edited, so generation leaves it alone.",
        request=s.QuestionEditSerializer,
        responses={200: s.QuestionSerializer, **WRITE_ERRORS},
    ),
)
class QuestionViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Questions in public form; with the key for a user who may edit them."""

    serializer_class = s.QuestionSerializer
    filterset_class = filters.QuestionFilter
    ordering_fields = ["position", "difficulty", "created"]
    ordering = ["lesson_id", "position", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        if self.action == "create":
            return [IsTeacher()]
        return [IsTeacher(), CanEditContent()]

    def get_queryset(self) -> QuerySet[Question]:
        return questions_visible_to(self.request.user).select_related(
            "current", "skill"
        )

    def create(self, request: Request) -> Response:
        serializer = s.QuestionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = create_question(author=request.user, **serializer.validated_data)
        question = self.get_queryset().get(pk=question.pk)
        return Response(
            self.get_serializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Regrade past answers against the current key",
        description="For a key you fixed: every machine-graded answer is graded "
        "again and its attempt rescored; answers a teacher graded are left alone.",
        request=None,
        responses={200: s.RegradeReportSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def regrade(self, request: Request, pk: str | None = None) -> Response:
        changed = regrade_question(question=self.get_object())
        return Response({"changed": changed})

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        question = self.get_object()
        serializer = s.QuestionEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = edit_question(question=question, **serializer.validated_data)
        return Response(self.get_serializer(question).data)

    @_publish_schema("question", s.QuestionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        question = publish_question(question=self.get_object())
        return Response(self.get_serializer(question).data)


QUIZ_AUTHOR = (
    " Only the quiz's author (or staff) may: a generated quiz is read-only for "
    "teachers, as in the web UI."
)


@extend_schema_view(
    **_reads("quizzes", s.QuizSerializer, s.QuizDetailSerializer),
    create=extend_schema(
        summary="Create a quiz",
        description="A draft quiz of yours; add questions from the bank and random "
        "draws, then publish it.",
        request=s.QuizSettingsSerializer,
        responses={201: s.QuizDetailSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a quiz's settings",
        description="Settings left out keep their value." + QUIZ_AUTHOR,
        request=s.QuizSettingsSerializer,
        responses={200: s.QuizDetailSerializer, **WRITE_ERRORS},
    ),
)
class QuizViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Quizzes and their questions in order, in public form."""

    permission_classes = [AllowAny]
    filterset_class = filters.QuizFilter
    ordering_fields = ["position", "title", "created"]
    ordering = ["position", "title", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action == "create":
            return [IsTeacher()]
        if self.action == "partial_update":
            return [IsTeacher(), IsQuizAuthor()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Quiz]:
        quizzes = quizzes_visible_to(self.request.user)
        if self.action == "retrieve":
            quizzes = _with_items(quizzes)
        return quizzes

    def get_serializer_class(self) -> type:
        return s.QuizDetailSerializer if self.action == "retrieve" else s.QuizSerializer

    def _detail(self, quiz: Quiz, status_code: int = 200) -> Response:
        quiz = _with_items(Quiz.objects.all()).get(pk=quiz.pk)
        return Response(s.QuizDetailSerializer(quiz).data, status=status_code)

    def create(self, request: Request) -> Response:
        serializer = s.QuizSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quiz = create_quiz(author=request.user, **serializer.validated_data)
        return self._detail(quiz, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        quiz = self.get_object()
        serializer = s.QuizSettingsSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._detail(update_quiz(quiz=quiz, **serializer.validated_data))

    @_publish_schema("quiz (and its draft questions)", s.QuizSerializer)
    @action(
        detail=True, methods=["post"], permission_classes=[IsTeacher, CanEditContent]
    )
    def publish(self, request: Request, pk: str | None = None) -> Response:
        quiz = publish_quiz(quiz=self.get_object())
        return Response(s.QuizSerializer(quiz).data)

    @extend_schema(
        summary="Set the quiz's fixed questions and their points",
        description="Replaces the quiz's questions with these, in this order; each "
        "must be in your bank (published questions and your own). A published quiz "
        "publishes the draft questions it gains, so students never meet a draft."
        + QUIZ_AUTHOR,
        request=s.QuizQuestionsSerializer,
        responses={200: s.QuizDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["put"], permission_classes=[IsTeacher, IsQuizAuthor])
    def questions(self, request: Request, pk: str | None = None) -> Response:
        quiz = self.get_object()
        serializer = s.QuizQuestionsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = serializer.validated_data["items"]
        set_quiz_questions(
            quiz=quiz,
            teacher=request.user,
            questions=[item["question"] for item in items],
            points={item["question"]: item["points"] for item in items},
        )
        return self._detail(quiz)

    @extend_schema(
        summary="Set the quiz's random draws",
        description="How many published questions of each skill every attempt "
        "draws at random, besides the fixed questions; replaces the draws the quiz "
        "had (0 removes one)." + QUIZ_AUTHOR,
        request=s.QuizDrawsSerializer,
        responses={200: s.QuizDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["put"], permission_classes=[IsTeacher, IsQuizAuthor])
    def draws(self, request: Request, pk: str | None = None) -> Response:
        quiz = self.get_object()
        serializer = s.QuizDrawsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        set_quiz_draws(quiz=quiz, draws=serializer.validated_data["draws"])
        return self._detail(quiz)


def _with_items(quizzes: QuerySet[Quiz]) -> QuerySet[Quiz]:
    return quizzes.prefetch_related(
        Prefetch(
            "items",
            queryset=QuizItem.objects.select_related(
                "question__current", "question__skill"
            ).order_by("position"),
        ),
        Prefetch("draws", queryset=QuizDraw.objects.select_related("skill")),
    )


# --- attempts and progress (students) -----------------------------------------------


@extend_schema_view(
    **_reads("your attempts", s.AttemptSerializer, s.AttemptDetailSerializer),
    create=extend_schema(
        summary="Start (or resume) an attempt at a quiz",
        description="Resumes your open attempt at the quiz if there is one (200); "
        "otherwise starts a new one (201) if the quiz is open and attempts are left (409 "
        "if not).",
        request=s.AttemptStartSerializer,
        responses={
            200: OpenApiResponse(s.AttemptDetailSerializer, description="Resumed."),
            201: OpenApiResponse(s.AttemptDetailSerializer, description="Started."),
            **ATTEMPT_ERRORS,
        },
    ),
)
class AttemptViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """A student's attempts: start, answer as you go, submit once, read the results."""

    permission_classes = [IsAuthenticated]
    filterset_class = filters.AttemptFilter
    ordering_fields = ["started", "submitted", "number"]
    ordering = ["-started", "-id"]

    def get_queryset(self) -> QuerySet[Attempt]:
        return attempts_visible_to(self.request.user).select_related("quiz")

    def get_serializer_class(self) -> type:
        return (
            s.AttemptDetailSerializer
            if self.action == "retrieve"
            else s.AttemptSerializer
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_object(self) -> Attempt:
        """The student's own attempt by the hand-written read the question page
        uses (answering is the hot path); anything else takes the general
        lookup, which answers 404 or 403 as the permissions say."""
        pk = self.kwargs.get("pk", "")
        if (
            self.action in ("answer", "clear")
            and str(pk).isdigit()
            and int(pk) <= MAX_ID
        ):
            try:
                attempt = student_attempt(pk=int(pk), student=self.request.user)
            except Attempt.DoesNotExist:
                pass
            else:
                self.check_object_permissions(self.request, attempt)
                return attempt
        return super().get_object()

    def _attempt_and_input(self, serializer_class: type) -> tuple[Attempt, Any]:
        """The student's attempt and the request's body, validated against it
        (a question of this attempt); 400 with the details otherwise."""
        attempt = self.get_object()
        serializer = serializer_class(
            data=self.request.data, context={"attempt": attempt}
        )
        serializer.is_valid(raise_exception=True)
        return attempt, serializer.validated_data

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(self._detail(self.get_object()))

    def _detail(self, attempt: Attempt) -> dict[str, Any]:
        questions = attempt_questions(attempt)
        context = {
            **self.get_serializer_context(),
            "questions": questions,
            "responses": attempt_responses(attempt),
            "articles": attempt_articles(questions),
        }
        return s.AttemptDetailSerializer(attempt, context=context).data

    def create(self, request: Request) -> Response:
        serializer = s.AttemptStartSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        now = timezone.now()
        attempt = start_attempt(
            quiz=serializer.validated_data["quiz"], student=request.user, now=now
        )
        started = attempt.started == now
        return Response(
            self._detail(attempt),
            status=status.HTTP_201_CREATED if started else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="Save an answer",
        description="Grades and stores one answer (replacing an earlier one). The "
        "grade is shown only if the quiz shows feedback immediately.",
        request=s.AnswerInputSerializer,
        responses={200: s.ResponseSerializer, **ATTEMPT_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, IsAttemptStudent],
    )
    def answer(self, request: Request, pk: str | None = None) -> Response:
        attempt, data = self._attempt_and_input(s.AnswerInputSerializer)
        now = timezone.now()
        response = save_answer(
            attempt=attempt, question=data["question"], answer=data["answer"], now=now
        )
        context = {"feedback_visible": attempt.feedback_visible(now)}
        return Response(s.ResponseSerializer(response, context=context).data)

    @extend_schema(
        summary="Clear an answer",
        description="Removes the saved answer to one question, which then counts "
        "as unanswered. The rules of saving apply: not after submission or the "
        "time limit, and not once the answer's feedback has been shown.",
        request=s.AttemptQuestionInputSerializer,
        responses={200: s.ClearedSerializer, **ATTEMPT_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, IsAttemptStudent],
    )
    def clear(self, request: Request, pk: str | None = None) -> Response:
        attempt, data = self._attempt_and_input(s.AttemptQuestionInputSerializer)
        cleared = clear_answer(attempt=attempt, question=data["question"])
        return Response(s.ClearedSerializer({"cleared": cleared}).data)

    @extend_schema(
        summary="Submit the attempt",
        description="Closes and scores the attempt; submitting again changes nothing. "
        "The results show as far as the quiz's feedback rule allows.",
        request=None,
        responses={200: s.AttemptDetailSerializer, **ATTEMPT_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, IsAttemptStudent],
    )
    def submit(self, request: Request, pk: str | None = None) -> Response:
        attempt = submit_attempt(attempt=self.get_object())
        return Response(self._detail(attempt))


@extend_schema_view(
    list=extend_schema(
        summary="Your progress by skill",
        responses={200: s.SkillProgressSerializer(many=True), **READ_ERRORS},
    )
)
class ProgressViewSet(TallyViewSet):
    """Every skill with your answered count and average score (submitted attempts)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.SkillProgressSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def list(self, request: Request) -> Response:
        progress = progress_by_skill(request.user)
        return Response(s.SkillProgressSerializer(progress, many=True).data)


# --- classes, assignments, results and grading --------------------------------------

TEACHER_ONLY = [IsTeacher, TeachesClass]
QUIZ_ID = OpenApiParameter(
    "quiz_id", int, OpenApiParameter.PATH, description="An assigned quiz's id."
)


@extend_schema_view(
    **_reads("your classes", s.ClassroomSerializer),
    create=extend_schema(
        summary="Create a class",
        description="A class of yours with a fresh join code to give your students.",
        request=s.ClassroomCreateSerializer,
        responses={201: s.ClassroomSerializer, **WRITE_ERRORS},
    ),
)
class ClassroomViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Classes: those you teach (all for staff) and those you belong to."""

    serializer_class = s.ClassroomSerializer
    permission_classes = [IsAuthenticated]
    throttle_scope: str | None = None  # "auth" for joining: codes are not to be guessed
    ordering_fields = ["name", "created"]
    ordering = ["name", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action == "create":
            return [IsTeacher()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Classroom]:
        return classrooms_visible_to(self.request.user).select_related("teacher")

    def create(self, request: Request) -> Response:
        serializer = s.ClassroomCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        classroom = create_classroom(teacher=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(classroom).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Give the class a new join code",
        description="The old code stops working; members stay.",
        request=None,
        responses={200: s.ClassroomSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="new-code",
        permission_classes=TEACHER_ONLY,
    )
    def new_code(self, request: Request, pk: str | None = None) -> Response:
        classroom = new_join_code_for(classroom=self.get_object())
        return Response(self.get_serializer(classroom).data)

    @extend_schema(
        summary="List the class's members",
        responses={200: s.MembershipSerializer(many=True), **LIST_ERRORS},
    )
    @action(detail=True, methods=["get"], permission_classes=TEACHER_ONLY)
    def members(self, request: Request, pk: str | None = None) -> Response:
        members = (
            Membership.objects.filter(classroom=self.get_object())
            .select_related("student")
            .order_by("student__username", "id")
        )
        page = self.paginate_queryset(members)
        return self.get_paginated_response(s.MembershipSerializer(page, many=True).data)

    @extend_schema(
        summary="Remove a member from the class",
        description="Their attempts are kept.",
        parameters=[OpenApiParameter("user_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={
            204: OpenApiResponse(description="Removed."),
            **error_responses(401, 403, 404, 429),
        },
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path="members/(?P<user_id>[0-9]{1,18})",
        permission_classes=TEACHER_ONLY,
    )
    def remove_member(
        self, request: Request, pk: str | None = None, user_id: str = ""
    ) -> Response:
        classroom = self.get_object()
        membership = get_object_or_404(
            Membership.objects.select_related("student"),
            classroom=classroom,
            student_id=int(user_id),
        )
        leave_classroom(student=membership.student, classroom=classroom)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Join a class with its code",
        description="Any signed-in user; joining a class twice changes nothing.",
        request=s.JoinSerializer,
        responses={200: s.ClassroomSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"], throttle_scope="auth")
    def join(self, request: Request) -> Response:
        serializer = s.JoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            membership = join_classroom(
                student=request.user, code=serializer.validated_data["code"]
            )
        except DjangoValidationError as error:
            raise ValidationError({"code": error.messages}) from error
        return Response(self.get_serializer(membership.classroom).data)

    @extend_schema(
        summary="Leave a class you belong to",
        description="Your attempts are kept.",
        request=None,
        responses={
            204: OpenApiResponse(description="Left."),
            **error_responses(400, 401, 403, 404, 415, 429),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[IsAuthenticated, IsClassMember],
    )
    def leave(self, request: Request, pk: str | None = None) -> Response:
        leave_classroom(student=request.user, classroom=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _assignment(self, quiz_id: str) -> Assignment:
        """The class's assignment of the quiz; a 404 if it was not assigned."""
        classroom = self.get_object()
        assignment = get_object_or_404(
            Assignment.objects.select_related("quiz"),
            classroom=classroom,
            quiz_id=int(quiz_id),
        )
        assignment.classroom = classroom
        return assignment

    @extend_schema(
        summary="A class's results on an assigned quiz",
        description="Per student: attempts, status and the score that counts under "
        "the quiz's rule. Per question (the quiz's order): outcomes, facility and "
        "discrimination indices, and how often each choice was picked with the "
        "misconceptions behind wrong picks. The class's teacher and staff only.",
        parameters=[QUIZ_ID],
        responses={200: s.ResultsSerializer, **READ_ERRORS},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="quizzes/(?P<quiz_id>[0-9]{1,18})/results",
        permission_classes=TEACHER_ONLY,
    )
    def results(
        self, request: Request, pk: str | None = None, quiz_id: str = ""
    ) -> Response:
        assignment = self._assignment(quiz_id)
        quiz, classroom = assignment.quiz, assignment.classroom
        results = {
            "classroom": classroom.pk,
            "quiz": quiz.pk,
            "students": student_results(quiz, classroom),
            "questions": question_stats(quiz, classroom),
        }
        return Response(s.ResultsSerializer(results).data)

    @extend_schema(
        summary="Written answers awaiting a grade",
        description="The class's answers to the assigned quiz that wait for a "
        "teacher, oldest submission first, with the rubric and model answer. Grade "
        "one with POST /responses/{id}/grade/.",
        parameters=[QUIZ_ID],
        responses={200: s.GradingResponseSerializer(many=True), **LIST_ERRORS},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="quizzes/(?P<quiz_id>[0-9]{1,18})/grading",
        permission_classes=TEACHER_ONLY,
    )
    def grading(
        self, request: Request, pk: str | None = None, quiz_id: str = ""
    ) -> Response:
        assignment = self._assignment(quiz_id)
        responses = responses_to_grade(
            classroom=assignment.classroom, quiz=assignment.quiz
        )
        page = self.paginate_queryset(responses)
        return self.get_paginated_response(
            s.GradingResponseSerializer(page, many=True).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="List assignments",
        description="The assignments of the classes you teach (every class for "
        "staff), and of the classes you belong to with your standing in each.",
        responses={200: s.AssignmentSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Read one assignment",
        responses={200: s.AssignmentSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary="Assign a published quiz to a class you teach",
        request=s.AssignmentCreateSerializer,
        responses={201: s.AssignmentSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change an assignment's due date",
        request=s.AssignmentDueSerializer,
        responses={200: s.AssignmentSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Take a quiz off a class",
        description="Students' attempts at it are kept.",
        responses={
            204: OpenApiResponse(description="Unassigned."),
            **error_responses(401, 403, 404, 429),
        },
    ),
)
class AssignmentViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Quizzes assigned to classes, with due dates (and your standing as a member)."""

    serializer_class = s.AssignmentSerializer
    filterset_class = filters.AssignmentFilter
    ordering_fields = ["due", "created"]
    ordering = ["due", "created", "id"]

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated()]
        if self.action == "create":
            return [IsTeacher()]
        return [IsTeacher(), TeachesClass()]

    def get_queryset(self) -> QuerySet[Assignment]:
        return assignments_visible_to(self.request.user).select_related(
            "classroom", "quiz"
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve"):
            # Three queries whatever the number of classes and assignments.
            classes = student_classes(self.request.user, now=timezone.now())
            context["standings"] = {
                row.assignment.pk: row for c in classes for row in c.assignments
            }
        return context

    def create(self, request: Request) -> Response:
        serializer = s.AssignmentCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        assignment = assign_quiz(teacher=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(assignment).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        serializer = s.AssignmentDueSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "due" in serializer.validated_data:
            assignment = assign_quiz(
                classroom=assignment.classroom,
                quiz=assignment.quiz,
                teacher=request.user,
                due=serializer.validated_data["due"],
            )
        return Response(self.get_serializer(assignment).data)

    def destroy(self, request: Request, pk: str | None = None) -> Response:
        unassign_quiz(assignment=self.get_object(), teacher=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResponseViewSet(TallyViewSet):
    """Written answers a teacher grades (see the class's grading list)."""

    serializer_class = s.GradingResponseSerializer  # also what OPTIONS describes
    permission_classes = [IsTeacher]

    def get_queryset(self) -> QuerySet[Any]:
        return responses_gradable_by(self.request.user).select_related(
            "attempt__student", "question", "version", "graded_by"
        )

    @extend_schema(
        summary="Grade a written answer",
        description="A score from 0 to 1 and a comment for the student; the attempt "
        "is rescored. The teacher of a class the student is in and which was "
        "assigned the quiz, the quiz's author, or staff; grading again replaces "
        "the grade.",
        request=s.GradeInputSerializer,
        responses={200: s.GradingResponseSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def grade(self, request: Request, pk: str | None = None) -> Response:
        response = self.get_object()
        serializer = s.GradeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = grade_manually(
            response=response, grader=request.user, **serializer.validated_data
        )
        return Response(s.GradingResponseSerializer(response).data)


@csrf_exempt  # it changes nothing; a CSRF failure would answer in HTML
def not_found(request: Any, path: str = "") -> JsonResponse:
    """Any other URL under the API: a 404 of the one error shape, not an HTML page."""
    hint = "" if request.path.endswith("/") else " API URLs end with a slash."
    body = error_body("not_found", f"There is nothing at {request.path}.{hint}")
    return JsonResponse(body, status=404)


# --- tokens ------------------------------------------------------------------------------


class TokenView(APIView):
    """Obtain (POST) or revoke (DELETE) your API token; throttled as "auth"."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    parser_classes = [JSONParser]
    throttle_scope = "auth"

    def get_permissions(self) -> list[Any]:
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [AllowAny()]

    @extend_schema(
        summary="Obtain a token",
        request=s.TokenRequestSerializer,
        responses={200: s.TokenSerializer, **error_responses(400, 401, 415, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None:
            raise AuthenticationFailed(
                "Unable to sign in with that username and password."
            )
        return Response({"token": issue_token(user=user).key})

    @extend_schema(
        summary="Revoke your token",
        request=None,
        responses={
            204: OpenApiResponse(description="Revoked (or there was none)."),
            **error_responses(401, 403, 429),
        },
    )
    def delete(self, request: Request) -> Response:
        revoke_token(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
