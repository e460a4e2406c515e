"""Filters for the lists (django-filter); skills are named by slug, others by id."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from lessons.engine.questions import QuestionType
from lessons.models import (
    Assignment,
    Attempt,
    Figure,
    Finding,
    Lesson,
    Question,
    Quiz,
)
from lessons.models.teaching import Status

MAX_ID = 2**63 - 1  # the largest id a database column holds


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number, or the list is refused (400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(django_filters.TypedChoiceFilter):
    """``true`` or ``false``; anything else is refused (400), not ignored."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class StrictFilterSet(django_filters.FilterSet):
    """A parameter given empty is refused, not read as "no filter"."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and self.data.get(name) == "":
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid


class LessonFilter(StrictFilterSet):
    skill = django_filters.CharFilter(
        field_name="skills__slug", distinct=True, help_text="A skill's slug."
    )
    status = django_filters.ChoiceFilter(choices=Status.choices)
    article = IdFilter(
        field_name="articles", distinct=True, help_text="An article's id."
    )

    class Meta:
        model = Lesson
        fields = ["skill", "status", "article"]


class QuestionFilter(StrictFilterSet):
    skill = django_filters.CharFilter(
        field_name="skill__slug", help_text="A skill's slug."
    )
    type = django_filters.ChoiceFilter(
        choices=[(t.value, t.value) for t in QuestionType]
    )
    lesson = IdFilter(field_name="lesson_id", help_text="A lesson's id.")
    difficulty = django_filters.ChoiceFilter(choices=[(1, "1"), (2, "2"), (3, "3")])
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Question
        fields = ["skill", "type", "lesson", "difficulty", "status"]


class QuizFilter(StrictFilterSet):
    lesson = IdFilter(field_name="lesson_id", help_text="A lesson's id.")
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Quiz
        fields = ["lesson", "status"]


class FigureFilter(StrictFilterSet):
    article = IdFilter(field_name="article_id", help_text="An article's id.")
    reviewed = BooleanFilter()

    class Meta:
        model = Figure
        fields = ["article", "reviewed"]


class FindingFilter(StrictFilterSet):
    kind = django_filters.CharFilter(help_text="e.g. stock_vs_flow, part_whole.")
    verdict = django_filters.ChoiceFilter(
        choices=Finding._meta.get_field("verdict").choices
    )
    article = IdFilter(field_name="article_id", help_text="An article's id.")

    class Meta:
        model = Finding
        fields = ["kind", "verdict", "article"]


class AttemptFilter(StrictFilterSet):
    quiz = IdFilter(field_name="quiz_id", help_text="A quiz's id.")
    state = django_filters.ChoiceFilter(choices=Attempt.State.choices)

    class Meta:
        model = Attempt
        fields = ["quiz", "state"]


class AssignmentFilter(StrictFilterSet):
    classroom = IdFilter(field_name="classroom_id", help_text="A class's id.")
    quiz = IdFilter(field_name="quiz_id", help_text="A quiz's id.")

    class Meta:
        model = Assignment
        fields = ["classroom", "quiz"]
