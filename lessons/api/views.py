"""The API's ViewSets: they translate HTTP and call the same services as the web UI.

Which objects a user may see is the queryset (``selectors.*_visible_to``): an
object outside it is a 404. Every list and detail prefetches what it shows, so
a page costs the same number of queries whatever it holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.db.models import Prefetch, QuerySet
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
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
    Attempt,
    AttributionHop,
    Figure,
    Lesson,
    Question,
    Quiz,
    QuizItem,
    Skill,
    Span,
    Story,
)
from lessons.selectors import (
    articles_visible_to,
    attempt_articles,
    attempt_questions,
    attempt_responses,
    attempts_visible_to,
    figures_visible_to,
    findings_visible_to,
    lessons_visible_to,
    progress_by_skill,
    questions_visible_to,
    quizzes_visible_to,
    stories_visible_to,
)
from lessons.services.analysis import analysis_scope
from lessons.services.articles import import_article
from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from lessons.services.authoring import (
    edit_question,
    generate_lessons,
    publish_lesson,
    publish_question,
    publish_quiz,
)
from lessons.services.tokens import issue_token, revoke_token

from . import filters
from . import serializers as s
from .errors import error_body, error_responses
from .filters import MAX_ID
from .permissions import CanEditContent, IsAttemptStudent, IsTeacher, OwnsScope

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


@extend_schema_view(**_reads("figures", s.FigureSerializer))
class FigureViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Figures read from articles, with their spans and attribution hops (teachers)."""

    serializer_class = s.FigureSerializer
    permission_classes = [IsTeacher]
    filterset_class = filters.FigureFilter
    ordering_fields = ["start", "key", "updated"]
    ordering = ["article_id", "start", "id"]

    def get_queryset(self) -> QuerySet[Figure]:
        return _figures(figures_visible_to(self.request.user))


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


@extend_schema_view(**_reads("lessons", s.LessonSerializer, s.LessonDetailSerializer))
class LessonViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Lessons: published for everyone; a teacher's own drafts for them."""

    permission_classes = [AllowAny]
    filterset_class = filters.LessonFilter
    ordering_fields = ["position", "title", "published_at", "created"]
    ordering = ["position", "title", "id"]

    def get_queryset(self) -> QuerySet[Lesson]:
        lessons = lessons_visible_to(self.request.user).prefetch_related("skills")
        if self.action == "retrieve":
            lessons = lessons.prefetch_related(
                Prefetch("articles", queryset=Article.objects.select_related("outlet")),
                "figures",
                "findings",
            )
        return lessons

    def get_serializer_class(self) -> type:
        return (
            s.LessonDetailSerializer
            if self.action == "retrieve"
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
        return [IsTeacher(), CanEditContent()]

    def get_queryset(self) -> QuerySet[Question]:
        return questions_visible_to(self.request.user).select_related(
            "current", "skill"
        )

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


@extend_schema_view(**_reads("quizzes", s.QuizSerializer, s.QuizDetailSerializer))
class QuizViewSet(TallyViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Quizzes and their questions in order, in public form."""

    permission_classes = [AllowAny]
    filterset_class = filters.QuizFilter
    ordering_fields = ["position", "title", "created"]
    ordering = ["position", "title", "id"]

    def get_queryset(self) -> QuerySet[Quiz]:
        quizzes = quizzes_visible_to(self.request.user)
        if self.action == "retrieve":
            quizzes = quizzes.prefetch_related(
                Prefetch(
                    "items",
                    queryset=QuizItem.objects.select_related(
                        "question__current", "question__skill"
                    ).order_by("position"),
                )
            )
        return quizzes

    def get_serializer_class(self) -> type:
        return s.QuizDetailSerializer if self.action == "retrieve" else s.QuizSerializer

    @_publish_schema("quiz (and its draft questions)", s.QuizSerializer)
    @action(
        detail=True, methods=["post"], permission_classes=[IsTeacher, CanEditContent]
    )
    def publish(self, request: Request, pk: str | None = None) -> Response:
        quiz = publish_quiz(quiz=self.get_object())
        return Response(s.QuizSerializer(quiz).data)


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
        attempt = self.get_object()
        serializer = s.AnswerInputSerializer(
            data=request.data, context={"attempt": attempt}
        )
        serializer.is_valid(raise_exception=True)
        now = timezone.now()
        response = save_answer(
            attempt=attempt,
            question=serializer.validated_data["question"],
            answer=serializer.validated_data["answer"],
            now=now,
        )
        context = {"feedback_visible": attempt.feedback_visible(now)}
        return Response(s.ResponseSerializer(response, context=context).data)

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
