"""Forms for the teacher's quizzes, classes, assignments and grading, and for joining a class.

Forms parse and validate what was posted; the services in
``lessons.services`` apply it (and check the rules again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lessons.models import Article, Question, Quiz, Skill
from lessons.models.classes import JOIN_CODE_LENGTH
from lessons.models.teaching import Status
from lessons.selectors import articles_visible_to

MAX_ID = 2**63 - 1
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
TYPE_NAMES = {
    "single": "Single choice",
    "multiple": "Multiple choice",
    "numeric": "Numeric",
    "evidence": "Evidence",
    "ordering": "Ordering",
    "chain": "Attribution chain",
    "short": "Short written answer",
}
DIFFICULTIES = [("1", "1 · easy"), ("2", "2 · medium"), ("3", "3 · hard")]


def _in_current_zone(text: str) -> str:
    return text.format(zone=timezone.get_current_timezone_name())


# Help text naming the time zone the form reads times in: the reader's own
# (lessons/middleware.py), decided per request.
in_current_zone = lazy(_in_current_zone, str)


def _datetime_field(label: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        help_text=help_text
        or in_current_zone("Date and time, {zone} (for example 2026-03-01 09:00)."),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
        ),
    )


# --- the question bank --------------------------------------------------------------


class QuestionBankFilter(django_filters.FilterSet):
    """Filters for the bank: skill, type, article, difficulty, status and words."""

    q = django_filters.CharFilter(
        label=_("Words in the stem"), method="filter_words", max_length=100
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        empty_label=_("any skill"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=list(TYPE_NAMES.items()), empty_label=_("any type")
    )
    article = django_filters.ModelChoiceFilter(
        label=_("Article"),
        queryset=Article.objects.none(),
        method="filter_article",
        empty_label=_("any article"),
    )
    difficulty = django_filters.ChoiceFilter(
        label=_("Difficulty"), choices=DIFFICULTIES, empty_label=_("any difficulty")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("any status")
    )

    class Meta:
        model = Question
        fields = ["q", "skill", "type", "article", "difficulty", "status"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["article"].queryset = articles_visible_to(user).order_by(
            "headline", "pk"
        )

    def filter_words(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(current__stem__icontains=value) if value else queryset

    def filter_article(
        self, queryset: QuerySet, name: str, value: Article | None
    ) -> QuerySet:
        """Questions of a lesson on the article, or about one of its figures."""
        if value is None:
            return queryset
        return queryset.filter(
            Q(lesson__in=value.lessons.values("pk"))
            | Q(
                pk__in=Question.figures.through.objects.filter(
                    figure__article=value
                ).values("question_id")
            )
        )


class IdListField(forms.Field):
    """A list of object ids posted as repeated values (checkboxes)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        ids = []
        for item in value:
            text = str(item).strip()
            if not text.isdigit() or not 1 <= int(text) <= MAX_ID:
                raise ValidationError(
                    _("%(value)s is not an id."), params={"value": text}
                )
            ids.append(int(text))
        return ids

    def validate(self, value: list[int]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class AddQuestionsForm(forms.Form):
    """Questions picked in the bank, to append to one of the teacher's quizzes."""

    questions = IdListField(
        label=_("Questions"),
        error_messages={"required": _("Tick at least one question to add.")},
    )
    quiz = forms.ModelChoiceField(
        label=_("Add to the quiz"), queryset=Quiz.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, quizzes: QuerySet[Quiz] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if quizzes is not None:
            self.fields["quiz"].queryset = quizzes
            self.fields["quiz"].required = True


# --- quizzes ------------------------------------------------------------------------


class QuizSettingsForm(forms.Form):
    """A quiz's title, description and rules (see ``quizzes.SETTINGS``)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to students before they start (Markdown)."),
    )
    shuffle_questions = forms.BooleanField(
        label=_("Shuffle the questions for each attempt"), required=False
    )
    shuffle_choices = forms.BooleanField(
        label=_("Shuffle the choices of choice questions"), required=False
    )
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("0 for no limit."),
    )
    grading = forms.ChoiceField(
        label=_("Which attempt counts"), choices=Quiz.Grading.choices
    )
    time_limit = forms.IntegerField(
        label=_("Time limit in minutes"),
        min_value=1,
        max_value=7 * 24 * 60,
        required=False,
        help_text=_("Leave empty for no time limit."),
    )
    opens_at = _datetime_field(_("Opens at"))
    closes_at = _datetime_field(_("Closes at"))
    feedback = forms.ChoiceField(
        label=_("When feedback and answers are shown"),
        choices=Quiz.Feedback.choices,
        help_text=_(
            "“After the quiz closes” needs a closing time; without one, "
            "students see them once they submit."
        ),
    )

    @classmethod
    def initial_for(cls, quiz: Quiz) -> dict[str, Any]:
        minutes = (
            int(quiz.time_limit.total_seconds() // 60) if quiz.time_limit else None
        )
        return {
            "title": quiz.title,
            "description": quiz.description,
            "shuffle_questions": quiz.shuffle_questions,
            "shuffle_choices": quiz.shuffle_choices,
            "attempts_allowed": quiz.attempts_allowed,
            "grading": quiz.grading,
            "time_limit": minutes,
            "opens_at": quiz.opens_at,
            "closes_at": quiz.closes_at,
            "feedback": quiz.feedback,
        }

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("A quiz needs a title."))
        return title

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("The quiz must close after it opens."))
        return cleaned

    def settings(self) -> dict[str, Any]:
        """The cleaned values as ``update_quiz`` takes them."""
        data = dict(self.cleaned_data)
        minutes = data.pop("time_limit")
        data["time_limit"] = timedelta(minutes=minutes) if minutes else None
        return data


ITEM_ACTIONS = ("up", "down", "remove")


class QuizItemsForm(forms.Form):
    """The fixed questions' points, and one button's action: move, remove or save.

    Each item has a ``points-<question id>`` field; the pressed button posts
    ``action`` as ``save`` or ``up-<id>``, ``down-<id>``, ``remove-<id>``.
    """

    action = forms.CharField(max_length=40)

    def __init__(self, *args: Any, question_ids: Sequence[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.question_ids = list(question_ids)
        for pk in self.question_ids:
            self.fields[f"points-{pk}"] = forms.DecimalField(
                label=_("Points"),
                min_value=Decimal("0.01"),
                max_value=Decimal(1000),
                max_digits=6,
                decimal_places=2,
                required=False,
            )

    def clean_action(self) -> tuple[str, int | None]:
        action = self.cleaned_data["action"]
        if action == "save":
            return ("save", None)
        verb, _sep, pk = action.partition("-")
        if (
            verb not in ITEM_ACTIONS
            or not pk.isdigit()
            or int(pk) not in self.question_ids
        ):
            raise ValidationError(_("That question is not in this quiz."))
        return (verb, int(pk))

    def points(self) -> dict[int, Decimal]:
        return {
            pk: self.cleaned_data[f"points-{pk}"]
            for pk in self.question_ids
            if self.cleaned_data.get(f"points-{pk}") is not None
        }


class QuizDrawsForm(forms.Form):
    """How many random questions of each skill every attempt draws."""

    def __init__(
        self,
        *args: Any,
        skills: Iterable[Skill],
        initial_counts: dict[str, int],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.skills = list(skills)
        for skill in self.skills:
            self.fields[f"draw-{skill.slug}"] = forms.IntegerField(
                label=skill.name,
                min_value=0,
                max_value=100,
                required=False,
                initial=initial_counts.get(skill.slug, 0),
            )

    def draws(self) -> dict[str, int]:
        return {
            skill.slug: self.cleaned_data.get(f"draw-{skill.slug}") or 0
            for skill in self.skills
        }


# --- classes and assignments ----------------------------------------------------------


class ClassroomForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the class"),
        max_length=200,
        help_text=_("As your students know it, for example “Year 10 Media, Tuesdays”."),
    )


class DueForm(forms.Form):
    due = _datetime_field(
        _("Due"), in_current_zone("Date and time, {zone}. Leave empty for no due date.")
    )


class AssignForm(DueForm):
    quiz = forms.ModelChoiceField(
        label=_("Published quiz"),
        queryset=Quiz.objects.none(),
        empty_label=_("choose a quiz"),
    )

    field_order = ["quiz", "due"]

    def __init__(self, *args: Any, quizzes: QuerySet[Quiz], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quizzes


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=24,
        help_text=_(
            "The %(n)s letters and digits your teacher gave you; "
            "capitals, spaces and dashes do not matter."
        )
        % {"n": JOIN_CODE_LENGTH},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "join-code-input",
            }
        ),
    )


# --- grading -------------------------------------------------------------------------


class GradeForm(forms.Form):
    """A teacher's grade for a written answer: a score 0..1, or points per criterion.

    With points per criterion, the score is their sum over the rubric's total.
    """

    response = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    score = forms.DecimalField(
        label=_("Score (0 to 1)"),
        min_value=0,
        max_value=1,
        max_digits=5,
        decimal_places=4,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment for the student"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, rubric: Sequence[dict[str, Any]] = (), **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.rubric = []
        for n, row in enumerate(rubric, start=1):
            try:
                top = Decimal(str(row.get("points", "1")))
            except (ArithmeticError, ValueError):
                top = Decimal(1)
            if not top.is_finite() or top <= 0:
                continue
            self.rubric.append((n, str(row.get("criterion", "")), top))
            self.fields[f"criterion-{n}"] = forms.DecimalField(
                label=str(row.get("criterion", "")) or _("Criterion %(n)s") % {"n": n},
                min_value=0,
                max_value=top,
                max_digits=8,
                decimal_places=2,
                required=False,
                help_text=_("out of %(points)s") % {"points": _points(top)},
            )

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[f"criterion-{n}"] for n, _criterion, _top in self.rubric]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        given = {
            n: cleaned.get(f"criterion-{n}")
            for n, _criterion, _top in self.rubric
            if cleaned.get(f"criterion-{n}") is not None
        }
        if given:
            if len(given) < len(self.rubric):
                raise ValidationError(
                    _("Give points for every criterion, or a single score instead.")
                )
            total = sum((top for _n, _c, top in self.rubric), Decimal(0))
            cleaned["score"] = (sum(given.values(), Decimal(0)) / total).quantize(
                Decimal("0.0001")
            )
        elif cleaned.get("score") is None and not self.errors:
            raise ValidationError(
                _("Give a score from 0 to 1, or points for each criterion.")
            )
        return cleaned


def _points(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
