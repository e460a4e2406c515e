"""Serializers: ModelSerializers for output, plain Serializers for commands.

TLDR: a question's answer data leaves the server in two ways only: as
``grade.public_data`` (what a student may see while answering), or whole to a
user who may edit the question. An attempt shows scores, feedback and keys
only when ``Attempt.feedback_visible`` says so.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import QuerySet
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lessons.display import shuffled_choices
from lessons.engine.grade import AnswerDataError, key_response, public_data
from lessons.engine.questions import QuestionType
from lessons.forms_teach import MAX_ROWS
from lessons.models import (
    Article,
    Assignment,
    Attempt,
    AttributionHop,
    Classroom,
    Figure,
    Finding,
    Lesson,
    Membership,
    Question,
    Quiz,
    QuizDraw,
    QuizItem,
    Response,
    Skill,
    Source,
    Span,
    Story,
)
from lessons.selectors import (
    articles_editable_by,
    can_edit,
    evidence_article_keys,
    question_with_current,
    quizzes_visible_to,
)
from lessons.services.assembly import MAX_QUESTIONS
from lessons.workspace import assignable_quizzes, class_taught_by

from .filters import MAX_ID
from .permissions import teaches


class OutputSerializer(serializers.ModelSerializer):
    """A ModelSerializer for output only: every field read-only (always present)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


# --- reference data ---------------------------------------------------------------


class SkillSerializer(OutputSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name", "question", "description", "position"]


class SourceSerializer(OutputSerializer):
    class Meta:
        model = Source
        fields = ["id", "name", "kind", "named", "url"]


class StorySerializer(OutputSerializer):
    class Meta:
        model = Story
        fields = ["id", "slug", "title"]


# --- articles, figures, findings (teachers) --------------------------------------


class SpanSerializer(OutputSerializer):
    class Meta:
        model = Span
        fields = ["id", "figure", "role", "start", "end", "exact", "prefix", "suffix"]


class AttributionHopSerializer(OutputSerializer):
    source = SourceSerializer()

    class Meta:
        model = AttributionHop
        fields = ["order", "speaker", "role", "organisation", "verb", "source", "span"]


class FigureSerializer(OutputSerializer):
    hops = AttributionHopSerializer(many=True)
    spans = SpanSerializer(many=True)

    class Meta:
        model = Figure
        fields = [
            "id", "article", "key", "start", "end", "exact", "prefix", "suffix",
            "low", "high", "bound", "kind", "unit", "quantity", "subject", "location",
            "time_text", "time_kind", "time_start", "time_end", "method", "method_text",
            "reviewed", "rule", "note", "updated", "hops", "spans",
        ]  # fmt: skip


class ArticleSerializer(OutputSerializer):
    outlet = SourceSerializer()

    class Meta:
        model = Article
        fields = [
            "id", "key", "headline", "outlet", "url", "published", "published_inferred",
            "published_note", "story", "owner", "text_sha256", "created",
        ]  # fmt: skip


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its text, every span and every figure with its attribution."""

    spans = SpanSerializer(many=True)
    figures = FigureSerializer(many=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "spans", "figures"]


class StrictCharField(serializers.CharField):
    """Text only: a number or a boolean is refused, not turned into text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ArticleImportSerializer(serializers.Serializer):
    """A pasted article: its text exactly as given, and what is known about it."""

    text = StrictCharField(
        trim_whitespace=False,
        max_length=settings.TALLY_MAX_ARTICLE_CHARS,
        help_text="The article's text, stored exactly as given (offsets depend on it).",
    )
    headline = StrictCharField(max_length=500)
    outlet = StrictCharField(max_length=300, help_text="The publisher's name.")
    url = serializers.URLField(max_length=500, required=False, default="")
    outlet_url = serializers.URLField(max_length=200, required=False, default="")
    published = serializers.DateField(required=False, allow_null=True, default=None)
    published_inferred = serializers.BooleanField(required=False, default=False)
    published_note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=2000
    )
    story = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Story.objects.all(),
        required=False,
        help_text="Slug of an existing story to add the article to.",
    )
    key = serializers.SlugField(
        max_length=100, required=False, allow_null=True, default=None,
        help_text="A stable key; by default made from the headline.",
    )  # fmt: skip

    def validate_text(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("The article text is empty.")
        return value


class BuildInputSerializer(serializers.Serializer):
    publish = serializers.BooleanField(
        required=False, default=False, help_text="Publish what is built."
    )


class BuildReportSerializer(serializers.Serializer):
    """What a run of the checks and generation created and changed."""

    lessons_created = serializers.IntegerField()
    lessons_updated = serializers.IntegerField()
    questions_created = serializers.IntegerField()
    question_versions_added = serializers.IntegerField()
    questions_retired = serializers.IntegerField()
    quizzes_created = serializers.IntegerField()
    lessons = serializers.SerializerMethodField(help_text="Ids of the scope's lessons.")
    quizzes = serializers.SerializerMethodField(help_text="Ids of the scope's quizzes.")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_lessons(self, report: Any) -> list[int]:
        return [lesson.pk for lesson in report.lessons]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_quizzes(self, report: Any) -> list[int]:
        return [quiz.pk for quiz in report.quizzes]


class FindingSerializer(OutputSerializer):
    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id", "key", "article", "story", "kind", "verdict", "explanation", "skill",
            "values", "figures", "updated",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_figures(self, finding: Finding) -> list[int]:
        """Figure ids in the finding's order (from the prefetched through rows)."""
        return [link.figure_id for link in finding.findingfigure_set.all()]


# --- lessons, questions, quizzes --------------------------------------------------


class LessonArticleSerializer(OutputSerializer):
    """An article as a lesson presents it: the text a student reads."""

    outlet = serializers.CharField(source="outlet.name")

    class Meta:
        model = Article
        fields = ["id", "key", "headline", "outlet", "url", "published", "published_inferred",
                  "text"]  # fmt: skip


class LessonSerializer(OutputSerializer):
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Lesson
        fields = [
            "id", "key", "slug", "title", "summary", "status", "skills", "story", "author",
            "generated", "edited", "version", "position", "created", "updated",
            "published_at",
        ]  # fmt: skip


class LessonDetailSerializer(LessonSerializer):
    """A lesson with its body (Markdown) and the articles it reads."""

    articles = LessonArticleSerializer(many=True)
    figures = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    findings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(LessonSerializer.Meta):
        fields = [
            *LessonSerializer.Meta.fields,
            "body",
            "articles",
            "figures",
            "findings",
        ]


def _public(question: Question) -> dict[str, Any]:
    """``grade.public_data``; an evidence question also names the articles it
    selects from (which the student must read anyway), never the spans."""
    if question.current is None:
        return {}
    try:
        data = public_data(question.type, question.current.answer, question.key)
    except AnswerDataError:  # a broken key: no choices, rather than a failed page
        return {}
    if question.type == "evidence":
        data["articles"] = evidence_article_keys(question)
    return data


class QuestionSerializer(OutputSerializer):
    """A question in public form; the key too, for a user who may edit it."""

    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    version = serializers.IntegerField(
        source="current.number", read_only=True, allow_null=True
    )
    stem = serializers.CharField(source="current.stem", read_only=True, allow_null=True)
    data = serializers.SerializerMethodField(
        help_text="What a student may see of the answer data: choices without keys, "
        "items and links shuffled, the unit asked for."
    )
    can_edit = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField(
        help_text="The full answer data; null unless the user may edit the question."
    )
    explanation = serializers.SerializerMethodField(
        help_text="Shown with feedback; null unless the user may edit the question."
    )
    evidence = serializers.SerializerMethodField(
        help_text="The spans the question is about; null unless the user may edit it."
    )

    class Meta:
        model = Question
        fields = [
            "id", "key", "lesson", "type", "skill", "difficulty", "status", "generated",
            "edited", "retired", "author", "version", "stem", "data", "can_edit", "answer",
            "explanation", "evidence",
        ]  # fmt: skip

    def _editor(self, question: Question) -> bool:
        request = self.context.get("request")
        return request is not None and can_edit(request.user, question)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, question: Question) -> dict[str, Any]:
        return _public(question)

    def get_can_edit(self, question: Question) -> bool:
        return self._editor(question)

    @extend_schema_field(
        {"type": "object", "nullable": True, "additionalProperties": True}
    )
    def get_answer(self, question: Question) -> dict[str, Any] | None:
        if question.current is None or not self._editor(question):
            return None
        return question.current.answer

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_explanation(self, question: Question) -> str | None:
        if question.current is None or not self._editor(question):
            return None
        return question.current.explanation

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(), allow_null=True)
    )
    def get_evidence(self, question: Question) -> list[Any] | None:
        if question.current is None or not self._editor(question):
            return None
        return question.current.evidence


class QuestionEditSerializer(serializers.Serializer):
    """A teacher's edit; fields left out keep their current content."""

    stem = serializers.CharField(required=False, max_length=10_000)
    explanation = serializers.CharField(
        required=False, allow_blank=True, max_length=20_000
    )
    answer = serializers.JSONField(
        required=False, help_text="The full answer data for the question's type."
    )
    evidence = serializers.ListField(
        child=serializers.DictField(), required=False, max_length=200
    )
    difficulty = serializers.IntegerField(required=False, min_value=1, max_value=3)

    def validate_answer(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("The answer data must be an object.")
        return value


class PublicQuestionSerializer(OutputSerializer):
    """A question as a student meets it in a quiz or an attempt."""

    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    version = serializers.IntegerField(
        source="current.number", read_only=True, allow_null=True
    )
    stem = serializers.CharField(source="current.stem", read_only=True, allow_null=True)
    data = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "type", "skill", "difficulty", "version", "stem", "data"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, question: Question) -> dict[str, Any]:
        data = _public(question)
        attempt = self.context.get("attempt")
        if attempt is not None and "choices" in data:
            data["choices"] = shuffled_choices(
                data["choices"],
                shuffle=attempt.quiz.shuffle_choices,
                seed=f"{attempt.seed}:{question.pk}",
            )
        return data


class QuizItemSerializer(OutputSerializer):
    question = PublicQuestionSerializer()

    class Meta:
        model = QuizItem
        fields = ["position", "points", "question"]


class QuizSerializer(OutputSerializer):
    feedback_rule = serializers.ChoiceField(
        source="feedback",
        choices=Quiz.Feedback.choices,
        read_only=True,
        help_text="When feedback and answers are shown.",
    )

    class Meta:
        model = Quiz
        fields = [
            "id", "key", "slug", "title", "description", "lesson", "status", "author",
            "generated", "shuffle_questions", "shuffle_choices", "attempts_allowed",
            "grading", "time_limit", "opens_at", "closes_at", "feedback_rule", "position",
            "created", "updated",
        ]  # fmt: skip


class QuizDrawSerializer(OutputSerializer):
    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = QuizDraw
        fields = ["skill", "count"]


class QuizDetailSerializer(QuizSerializer):
    """A quiz with its questions in order, in public form, and its random draws."""

    items = QuizItemSerializer(many=True)
    draws = QuizDrawSerializer(
        many=True, help_text="Questions of each skill drawn at random per attempt."
    )

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "items", "draws"]


# --- attempts -------------------------------------------------------------------------


class AttemptSerializer(OutputSerializer):
    """An attempt; its score only once the quiz's feedback rule allows."""

    feedback_visible = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    points = serializers.SerializerMethodField()
    max_points = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = [
            "id", "quiz", "student", "number", "state", "started", "deadline", "submitted",
            "feedback_visible", "score", "points", "max_points",
        ]  # fmt: skip

    def _visible(self, attempt: Attempt) -> bool:
        return attempt.feedback_visible(self.context["now"])

    def get_feedback_visible(self, attempt: Attempt) -> bool:
        return self._visible(attempt)

    @extend_schema_field(
        serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    )
    def get_score(self, attempt: Attempt) -> str | None:
        shown = self._visible(attempt) and attempt.score is not None
        return str(attempt.score) if shown else None

    @extend_schema_field(
        serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    )
    def get_points(self, attempt: Attempt) -> str | None:
        return (
            str(attempt.points)
            if self._visible(attempt) and not attempt.is_open
            else None
        )

    @extend_schema_field(
        serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    )
    def get_max_points(self, attempt: Attempt) -> str | None:
        return str(attempt.max_points) if not attempt.is_open else None


class GradeSerializer(serializers.Serializer):
    score = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True,
        help_text="0..1; null while the answer awaits a teacher's grading.",
    )  # fmt: skip
    correct = serializers.BooleanField(allow_null=True)
    feedback = serializers.CharField(allow_blank=True)
    comment = serializers.CharField(
        allow_blank=True, help_text="The teacher's comment."
    )


class ResponseSerializer(OutputSerializer):
    """A saved answer; its grade only once the quiz's feedback rule allows."""

    version = serializers.IntegerField(source="version.number", read_only=True)
    answer = serializers.JSONField(
        read_only=True, help_text="The answer as saved (normalised)."
    )
    grade = serializers.SerializerMethodField(
        help_text="Null until the quiz's feedback rule lets the student see it."
    )

    class Meta:
        model = Response
        fields = [
            "question",
            "version",
            "answer",
            "answered_at",
            "needs_manual",
            "grade",
        ]

    @extend_schema_field(GradeSerializer(allow_null=True))
    def get_grade(self, response: Response) -> dict[str, Any] | None:
        if not self.context.get("feedback_visible"):
            return None
        return GradeSerializer(response).data


class SolutionSerializer(serializers.Serializer):
    """The right answer and why: only once the attempt is closed and feedback shown."""

    key = serializers.JSONField(
        help_text="The answer that scores 1 (short: a model answer)."
    )
    explanation = serializers.CharField()


class AttemptItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    question = PublicQuestionSerializer()
    response = ResponseSerializer(allow_null=True)
    solution = SolutionSerializer(allow_null=True)


class AttemptArticleSerializer(OutputSerializer):
    """An article an evidence question selects from."""

    class Meta:
        model = Article
        fields = ["key", "headline", "text"]


class AttemptDetailSerializer(AttemptSerializer):
    """An attempt with every question, the saved answers and, when allowed, results."""

    items = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "items", "articles"]

    @extend_schema_field(AttemptItemSerializer(many=True))
    def get_items(self, attempt: Attempt) -> list[dict[str, Any]]:
        visible = self._visible(attempt)
        context = {**self.context, "attempt": attempt, "feedback_visible": visible}
        responses = self.context["responses"]
        items = []
        for position, question in enumerate(self.context["questions"], start=1):
            response = responses.get(question.pk)
            solution = None
            # While the attempt is open even "immediately" shows no keys: the
            # student could still change an answer to the key.
            if visible and not attempt.is_open and question.current is not None:
                version = response.version if response is not None else question.current
                solution = _solution(question.type, version.answer, version.explanation)
            items.append(
                {
                    "position": position,
                    "question": PublicQuestionSerializer(
                        question, context=context
                    ).data,
                    "response": (
                        ResponseSerializer(response, context=context).data
                        if response is not None
                        else None
                    ),
                    "solution": solution,
                }
            )
        return items

    @extend_schema_field(AttemptArticleSerializer(many=True))
    def get_articles(self, attempt: Attempt) -> list[dict[str, Any]]:
        return AttemptArticleSerializer(self.context["articles"], many=True).data


def _solution(
    question_type: str, answer: dict[str, Any], explanation: str
) -> dict | None:
    try:
        return {"key": key_response(question_type, answer), "explanation": explanation}
    except AnswerDataError:
        return None


class ScopedIdField(serializers.PrimaryKeyRelatedField):
    """The id of an object in ``scope(user)``; any other id reads as unknown."""

    def __init__(self, *, scope: Any, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.scope(self.context["request"].user)

    def to_internal_value(self, data: Any) -> Any:
        if (
            isinstance(data, bool)
            or not isinstance(data, int)
            or not 1 <= data <= MAX_ID
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


def _quizzes_with_lessons(user: Any) -> QuerySet[Quiz]:
    # start_attempt checks the lesson is published (Quiz.is_public): read it here.
    return quizzes_visible_to(user).select_related("lesson")


class AttemptStartSerializer(serializers.Serializer):
    quiz = ScopedIdField(
        scope=_quizzes_with_lessons,
        queryset=Quiz.objects.all(),
        help_text="The quiz to start (or resume).",
    )


class AttemptQuestionInputSerializer(serializers.Serializer):
    """A question of this attempt."""

    question = serializers.IntegerField(
        help_text="The id of a question in this attempt."
    )

    def validate_question(self, value: int) -> Question:
        attempt: Attempt = self.context["attempt"]
        if value not in attempt.question_order:
            raise serializers.ValidationError(
                f"Question {value} is not part of this attempt."
            )
        try:
            return question_with_current(value)
        except Question.DoesNotExist:
            raise serializers.ValidationError(
                f"Question {value} no longer exists."
            ) from None


class AnswerInputSerializer(AttemptQuestionInputSerializer):
    """One answer: its shape depends on the question's type (see ``data``)."""

    answer = serializers.JSONField(
        help_text="single: a choice key; multiple, ordering, chain: a list of keys; "
        'numeric: a number or {"value"} or {"low", "high"} (with "unit"); evidence: '
        'a list of {"article", "start", "end"}; short: text.'
    )


class ClearedSerializer(serializers.Serializer):
    cleared = serializers.BooleanField(
        help_text="Whether there was a saved answer to remove."
    )


# --- progress and auth -------------------------------------------------------------


class SkillProgressSerializer(serializers.Serializer):
    skill = SkillSerializer()
    answered = serializers.IntegerField(help_text="Answers in submitted attempts.")
    average = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        allow_null=True,
        help_text="0..1 over graded answers.",
    )


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='Send as "Authorization: Token <token>".')


# --- strict input fields -------------------------------------------------------------
#
# JSON has types; a field refuses a value of the wrong one rather than coercing
# it ("5" is not a whole number, 1 is not a boolean), so that what the schema
# calls invalid is refused.


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number: text, booleans and fractions are refused."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false``: nothing else."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictDurationField(serializers.DurationField):
    """A duration as text ("01:30:00" or "P1DT2H"); a bare number is refused."""

    def to_internal_value(self, data: Any) -> timedelta:
        if not isinstance(data, str):
            self.fail("invalid", format="[DD] [HH:[MM:]]ss[.uuuuuu]")
        return super().to_internal_value(data)


NUMBER_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


class NumberField(serializers.DecimalField):
    """A decimal given as a JSON number or as text in plain digits ("0.75")."""

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, (int, float, str)):
            self.fail("invalid")
        if isinstance(data, str) and not re.fullmatch(NUMBER_PATTERN, data):
            self.fail("invalid")
        return super().to_internal_value(data)


class NumberFieldExtension(OpenApiSerializerFieldExtension):
    """A NumberField in the schema: a number within its bounds, or digits as text."""

    target_class = NumberField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict:
        field = self.target
        number: dict[str, Any] = {"type": "number"}
        if field.min_value is not None:
            number["minimum"] = float(field.min_value)
        if field.max_value is not None:
            number["maximum"] = float(field.max_value)
        return {"oneOf": [number, {"type": "string", "pattern": NUMBER_PATTERN}]}


def _enum(*values: str) -> dict[str, Any]:
    """An enum inline in its property (see ``InlineChoiceField``)."""
    return {"oneOf": [{"type": "string", "enum": list(values)}]}


class InlineChoiceField(serializers.ChoiceField):
    """A ChoiceField whose enum stays inline in the schema.

    drf-spectacular names a shared enum component after the field ("kind",
    "status"); a second component using the same choices under that name makes
    the name ambiguous (a warning), so input fields keep theirs inline.
    """


class InlineChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = InlineChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict:
        values = list(self.target.choices)
        if self.target.allow_blank:
            values.append("")
        return _enum(*values)


def _text(max_length: int, **kwargs: Any) -> StrictCharField:
    """Optional text that may be blank (blank is its default)."""
    kwargs.setdefault("required", False)
    return StrictCharField(allow_blank=True, max_length=max_length, **kwargs)


# --- figures: review, correct, add, attribute (the article's owner) --------------------


def _figure_choices(name: str) -> list[Any]:
    return list(Figure._meta.get_field(name).choices or [])


class FigureValuesSerializer(serializers.Serializer):
    """What a figure states; fields left out keep their value (or the default)."""

    low = NumberField(
        max_digits=30, decimal_places=6, allow_null=True, required=False,
        help_text="The value, or the low end of a range.",
    )  # fmt: skip
    high = NumberField(
        max_digits=30, decimal_places=6, allow_null=True, required=False,
        help_text="The high end of a range; the value again otherwise.",
    )  # fmt: skip
    bound = InlineChoiceField(choices=_figure_choices("bound"), required=False)
    kind = InlineChoiceField(choices=_figure_choices("kind"), required=False)
    unit = _text(100)
    quantity = _text(200, help_text="The counted thing, e.g. 'fighters killed'.")
    subject = _text(200)
    location = InlineChoiceField(choices=_figure_choices("location"), required=False)
    time_text = _text(200)
    time_kind = InlineChoiceField(
        choices=_figure_choices("time_kind"), allow_blank=True, required=False
    )
    time_start = serializers.DateField(allow_null=True, required=False)
    time_end = serializers.DateField(allow_null=True, required=False)
    method = InlineChoiceField(choices=_figure_choices("method"), required=False)
    method_text = _text(200)
    note = _text(2_000)


class FigureAddSerializer(serializers.Serializer):
    """A figure the extractor missed: its place in the article's text, and its values."""

    article = ScopedIdField(
        scope=articles_editable_by,
        queryset=Article.objects.all(),
        help_text="An article of yours.",
    )
    start = StrictIntegerField(min_value=0, max_value=MAX_ID)
    end = StrictIntegerField(
        min_value=1, max_value=MAX_ID, help_text="Offsets in the text, end exclusive."
    )
    values = FigureValuesSerializer(help_text="At least the bound and a value.")


class HopInputSerializer(serializers.Serializer):
    """One hop of a figure's attribution chain."""

    speaker = StrictCharField(max_length=300, help_text="As the article writes it.")
    kind = InlineChoiceField(
        choices=Source._meta.get_field("kind").choices or [], default="unknown"
    )
    named = StrictBooleanField(
        default=True, help_text="False for 'a senior official' and the like."
    )
    role = _text(200, default="")
    organisation = _text(200, default="")
    verb = _text(100, default="")
    start = StrictIntegerField(
        min_value=0, max_value=MAX_ID, required=False,
        help_text="With end: the words that name the source.",
    )  # fmt: skip
    end = StrictIntegerField(min_value=1, max_value=MAX_ID, required=False)


class AttributionSerializer(serializers.Serializer):
    hops = HopInputSerializer(
        many=True,
        max_length=MAX_ROWS,
        help_text="The first-hand source first, then each outlet that passed it on.",
    )


# --- lessons and questions (what the user may edit) -----------------------------------


class LessonEditSerializer(serializers.Serializer):
    """A teacher's words for a lesson; fields left out keep their current text."""

    title = StrictCharField(required=False, max_length=300)
    summary = _text(2_000)
    body = StrictCharField(
        required=False,
        max_length=100_000,
        trim_whitespace=False,
        help_text="Markdown.",
    )


class QuestionCreateSerializer(serializers.Serializer):
    """A hand-written question: a draft of yours until you publish it."""

    type = serializers.ChoiceField(choices=[(t.value, t.value) for t in QuestionType])
    skill = serializers.SlugRelatedField(
        slug_field="slug", queryset=Skill.objects.all(), help_text="A skill's slug."
    )
    stem = StrictCharField(max_length=10_000)
    explanation = _text(20_000, default="")
    answer = serializers.JSONField(
        help_text="The full answer data for the question's type (as in `answer` of "
        "a question you may edit)."
    )
    difficulty = StrictIntegerField(min_value=1, max_value=3, default=2)

    def validate_answer(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("The answer data must be an object.")
        return value


class RegradeReportSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many answers' grades changed.")


# --- quizzes (the author) ---------------------------------------------------------------


class QuizSettingsSerializer(serializers.Serializer):
    """A quiz's title and rules; on a change, fields left out keep their value."""

    title = StrictCharField(max_length=300)
    description = _text(20_000, help_text="Shown before a student starts (Markdown).")
    shuffle_questions = StrictBooleanField(required=False)
    shuffle_choices = StrictBooleanField(required=False)
    attempts_allowed = StrictIntegerField(
        required=False, min_value=0, max_value=100, help_text="0 for no limit."
    )
    grading = serializers.ChoiceField(
        choices=Quiz.Grading.choices,
        required=False,
        help_text="Which attempt counts.",
    )
    time_limit = StrictDurationField(
        required=False,
        allow_null=True,
        min_value=timedelta(minutes=1),
        max_value=timedelta(days=7),
        help_text='For example "00:30:00"; null for none.',
    )
    opens_at = serializers.DateTimeField(required=False, allow_null=True)
    closes_at = serializers.DateTimeField(required=False, allow_null=True)
    feedback_rule = serializers.ChoiceField(
        source="feedback",
        choices=Quiz.Feedback.choices,
        required=False,
        help_text="When feedback and answers are shown.",
    )


class QuizItemInputSerializer(serializers.Serializer):
    question = StrictIntegerField(
        min_value=1, max_value=MAX_ID, help_text="A question in your bank."
    )
    points = NumberField(
        max_digits=6, decimal_places=2, min_value=Decimal("0.01"),
        max_value=Decimal(1000), default=Decimal(1),
    )  # fmt: skip


class QuizQuestionsSerializer(serializers.Serializer):
    items = QuizItemInputSerializer(
        many=True,
        max_length=MAX_QUESTIONS,
        help_text="The quiz's fixed questions in order; replaces those it had.",
    )


class QuizDrawsSerializer(serializers.Serializer):
    draws = serializers.DictField(
        child=StrictIntegerField(min_value=0, max_value=100),
        help_text="Skill slug -> how many questions of it each attempt draws; "
        "replaces the draws the quiz had.",
    )

    def validate_draws(self, value: dict[str, int]) -> dict[str, int]:
        if len(value) > 200:
            raise serializers.ValidationError("Too many skills.")
        return value


# --- classes, assignments, results, grading ----------------------------------------------


class UserSerializer(OutputSerializer):
    class Meta:
        model = User
        fields = ["id", "username"]


class ClassroomSerializer(OutputSerializer):
    """A class; its join code only for its teacher and staff."""

    teacher = serializers.SlugRelatedField(slug_field="username", read_only=True)
    join_code = serializers.SerializerMethodField(
        help_text="For the class's teacher and staff; null for its members."
    )

    class Meta:
        model = Classroom
        fields = ["id", "name", "teacher", "join_code", "archived", "created"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_join_code(self, classroom: Classroom) -> str | None:
        if teaches(self.context["request"].user, classroom):
            return classroom.join_code
        return None


class ClassroomCreateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=200)


class JoinSerializer(serializers.Serializer):
    code = StrictCharField(
        max_length=24, help_text="The join code; case, spaces and dashes do not matter."
    )


class MembershipSerializer(OutputSerializer):
    student = UserSerializer()

    class Meta:
        model = Membership
        fields = ["student", "joined"]


class AssignmentClassSerializer(OutputSerializer):
    class Meta:
        model = Classroom
        fields = ["id", "name"]


class AssignmentQuizSerializer(OutputSerializer):
    class Meta:
        model = Quiz
        fields = ["id", "title", "slug"]


class StandingSerializer(serializers.Serializer):
    """Where you stand on an assignment of a class you belong to."""

    status = serializers.SerializerMethodField()
    attempts = serializers.SerializerMethodField()
    score = serializers.DecimalField(
        source="counted", max_digits=5, decimal_places=4, allow_null=True,
        help_text="The score that counts; null until the feedback rule shows it.",
    )  # fmt: skip
    score_hidden = serializers.BooleanField()
    awaiting_grading = serializers.BooleanField()
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField()

    @extend_schema_field(_enum("not_started", "in_progress", "submitted"))
    def get_status(self, row: Any) -> str:
        return row.status

    def get_attempts(self, row: Any) -> int:
        return len(row.attempts)


class AssignmentSerializer(OutputSerializer):
    classroom = AssignmentClassSerializer()
    quiz = AssignmentQuizSerializer()
    standing = serializers.SerializerMethodField(
        help_text="Yours, in a class you belong to; null in a class you teach."
    )

    class Meta:
        model = Assignment
        fields = ["id", "classroom", "quiz", "due", "created", "standing"]

    @extend_schema_field(StandingSerializer(allow_null=True))
    def get_standing(self, assignment: Assignment) -> dict[str, Any] | None:
        row = self.context.get("standings", {}).get(assignment.pk)
        return None if row is None else StandingSerializer(row).data


class AssignmentCreateSerializer(serializers.Serializer):
    classroom = ScopedIdField(
        scope=class_taught_by,
        queryset=Classroom.objects.all(),
        help_text="A class you teach.",
    )
    quiz = ScopedIdField(
        scope=assignable_quizzes,
        queryset=Quiz.objects.all(),
        help_text="A published quiz.",
    )
    due = serializers.DateTimeField(allow_null=True, default=None)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if Assignment.objects.filter(
            classroom=data["classroom"], quiz=data["quiz"]
        ).exists():
            raise serializers.ValidationError(
                {
                    "quiz": [
                        "This quiz is already assigned to the class; change its "
                        "due date with PATCH."
                    ]
                }  # fmt: skip
            )
        return data


class AssignmentDueSerializer(serializers.Serializer):
    due = serializers.DateTimeField(allow_null=True, help_text="Null for none.")


class StudentResultSerializer(serializers.Serializer):
    student = UserSerializer()
    attempts = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    counted = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True,
        help_text="The score that counts under the quiz's rule.",
    )  # fmt: skip
    last_submitted = serializers.DateTimeField(allow_null=True)

    def get_attempts(self, row: Any) -> int:
        return len(row.attempts)

    @extend_schema_field(
        _enum("in_progress", "awaiting_grading", "submitted", "not_started")
    )
    def get_status(self, row: Any) -> str:
        if row.in_progress:
            return "in_progress"
        if row.awaiting_grading:
            return "awaiting_grading"
        return "submitted" if row.attempts else "not_started"


class ChoiceCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    correct = serializers.BooleanField()
    misconception = serializers.CharField(allow_blank=True)
    count = serializers.IntegerField()


class MisconceptionCountSerializer(serializers.Serializer):
    tag = serializers.CharField()
    count = serializers.IntegerField()


class QuestionStatsSerializer(serializers.Serializer):
    """One question's outcomes and item analysis over submitted attempts."""

    question = serializers.IntegerField(source="question.pk")
    type = serializers.CharField(source="question.type")
    skill = serializers.CharField(source="question.skill.slug")
    stem = serializers.CharField(source="question.current.stem", allow_null=True)
    answered = serializers.IntegerField()
    right = serializers.IntegerField()
    partial = serializers.IntegerField()
    wrong = serializers.IntegerField()
    awaiting = serializers.IntegerField(help_text="Answers awaiting grading.")
    facility = serializers.FloatField(
        allow_null=True, help_text="Mean score as a share of the maximum, 0..1."
    )
    discrimination = serializers.FloatField(
        allow_null=True,
        help_text="Correlation of this question's score with the rest of the quiz.",
    )
    choices = ChoiceCountSerializer(many=True)
    misconceptions = serializers.SerializerMethodField(
        help_text="Misconception tags of the wrong choices picked, most common first."
    )

    @extend_schema_field(MisconceptionCountSerializer(many=True))
    def get_misconceptions(self, item: Any) -> list[dict[str, Any]]:
        return [{"tag": tag, "count": n} for tag, n in item.misconceptions]


class ResultsSerializer(serializers.Serializer):
    """A class's results on an assigned quiz (``lessons.results``)."""

    classroom = serializers.IntegerField()
    quiz = serializers.IntegerField()
    students = StudentResultSerializer(many=True)
    questions = QuestionStatsSerializer(many=True)


class GradingResponseSerializer(OutputSerializer):
    """A written answer as its grader sees it, with the rubric and model answer."""

    student = UserSerializer(source="attempt.student")
    type = serializers.CharField(source="question.type")
    version = serializers.IntegerField(source="version.number")
    stem = serializers.CharField(source="version.stem")
    answer = serializers.JSONField(help_text="The answer as saved.")
    rubric = serializers.SerializerMethodField()
    model_answer = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = [
            "id", "attempt", "student", "question", "type", "version", "stem", "answer",
            "answered_at", "needs_manual", "score", "comment", "graded_by", "rubric",
            "model_answer",
        ]  # fmt: skip

    def _key(self, response: Response) -> dict[str, Any]:
        answer = response.version.answer
        return answer if isinstance(answer, dict) else {}

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_rubric(self, response: Response) -> list[Any]:
        rubric = self._key(response).get("rubric")
        return rubric if isinstance(rubric, list) else []

    def get_model_answer(self, response: Response) -> str:
        return str(self._key(response).get("model_answer", ""))


class GradeInputSerializer(serializers.Serializer):
    score = NumberField(
        max_digits=5, decimal_places=4, min_value=Decimal(0), max_value=Decimal(1),
        help_text="0..1.",
    )  # fmt: skip
    comment = _text(5_000, default="", help_text="For the student.")
