from django.urls import path, re_path
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views
from .schema import SchemaView

app_name = "api"

router = DefaultRouter()
router.register("skills", views.SkillViewSet, basename="skill")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("stories", views.StoryViewSet, basename="story")
router.register("figures", views.FigureViewSet, basename="figure")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("lessons", views.LessonViewSet, basename="lesson")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("quizzes", views.QuizViewSet, basename="quiz")
router.register("attempts", views.AttemptViewSet, basename="attempt")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("classrooms", views.ClassroomViewSet, basename="classroom")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("responses", views.ResponseViewSet, basename="response")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema"),
        name="swagger-ui",
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),
]
