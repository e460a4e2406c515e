from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
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
from .services.lessons_editing import refresh_lessons_showing


class ShownOnLessonPagesAdmin(admin.ModelAdmin):
    """An edit here shows on the cached lesson and home pages at once."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change:
            refresh_lessons_showing(obj)


@admin.register(Source)
class SourceAdmin(ShownOnLessonPagesAdmin):
    list_display = ("name", "kind", "named")
    list_filter = ("kind", "named")
    search_fields = ("name",)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Article)
class ArticleAdmin(ShownOnLessonPagesAdmin):
    list_display = ("headline", "outlet", "published", "published_inferred", "story")
    list_filter = ("outlet", "story", "published_inferred")
    search_fields = ("headline", "text")
    readonly_fields = ("text_sha256", "created")
    raw_id_fields = ("owner",)


class SpanInline(admin.TabularInline):
    model = Span
    fields = ("role", "start", "end", "exact")
    readonly_fields = ("exact",)
    extra = 0


class AttributionHopInline(admin.TabularInline):
    model = AttributionHop
    fields = ("order", "speaker", "source", "role", "organisation", "verb")
    raw_id_fields = ("source",)
    extra = 0


@admin.register(Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ("exact", "article", "low", "high", "bound", "quantity", "reviewed")
    list_filter = ("bound", "kind", "method", "location", "reviewed", "article")
    search_fields = ("exact", "quantity", "subject")
    readonly_fields = ("start", "end", "exact", "prefix", "suffix", "rule", "updated")
    inlines = (SpanInline, AttributionHopInline)


@admin.register(Skill)
class SkillAdmin(ShownOnLessonPagesAdmin):
    list_display = ("name", "slug", "question", "position")
    ordering = ("position",)


class FindingFigureInline(admin.TabularInline):
    model = FindingFigure
    raw_id_fields = ("figure",)
    extra = 0


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("kind", "verdict", "skill", "article", "story")
    list_filter = ("kind", "verdict", "skill")
    search_fields = ("key", "explanation")
    readonly_fields = ("key", "values", "updated")
    inlines = (FindingFigureInline,)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "generated", "edited", "version")
    list_filter = ("status", "generated", "skills")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("skills", "articles")
    raw_id_fields = ("figures", "findings", "author")


class QuestionVersionInline(admin.StackedInline):
    model = QuestionVersion
    fields = ("number", "stem", "explanation", "answer", "evidence", "created")
    readonly_fields = ("number", "created")
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "type",
        "skill",
        "difficulty",
        "status",
        "edited",
        "retired",
    )
    list_filter = ("type", "skill", "status", "difficulty", "generated", "retired")
    search_fields = ("key", "versions__stem")
    raw_id_fields = ("lesson", "finding", "figures", "author", "current")
    inlines = (QuestionVersionInline,)


class QuizItemInline(admin.TabularInline):
    model = QuizItem
    raw_id_fields = ("question",)
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "attempts_allowed", "grading", "feedback")
    list_filter = ("status", "grading", "feedback")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("lesson", "author")
    inlines = (QuizItemInline,)
