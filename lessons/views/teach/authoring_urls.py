"""/teach/: the teacher's dashboard and authoring, from an article to lessons."""

from django.urls import path

from . import authoring as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/add/", views.article_add, name="article-add"),
    path("articles/<int:pk>/", views.article_review, name="article-review"),
    path("articles/<int:pk>/figures/add/", views.figure_add, name="figure-add"),
    path("articles/<int:pk>/analyse/", views.article_analyse, name="article-analyse"),
    path(
        "articles/<int:pk>/findings/", views.article_findings, name="article-findings"
    ),
    path(
        "articles/<int:pk>/generate/", views.article_generate, name="article-generate"
    ),
    path("figures/<int:pk>/edit/", views.figure_edit, name="figure-edit"),
    path("figures/<int:pk>/confirm/", views.figure_confirm, name="figure-confirm"),
    path("figures/<int:pk>/delete/", views.figure_delete, name="figure-delete"),
    path(
        "figures/<int:pk>/attribution/",
        views.figure_attribution,
        name="figure-attribution",
    ),
    path("lessons/", views.lesson_list, name="lesson-list"),
    path("lessons/<int:pk>/", views.lesson_detail, name="lesson-detail"),
    path("lessons/<int:pk>/edit/", views.lesson_edit, name="lesson-edit"),
    path("lessons/<int:pk>/publish/", views.lesson_publish, name="lesson-publish"),
    path(
        "lessons/<int:pk>/quizzes/<int:quiz_pk>/publish/",
        views.lesson_quiz_publish,
        name="lesson-quiz-publish",
    ),
    path("questions/", views.question_list, name="question-list"),
    path("questions/<int:pk>/", views.question_detail, name="question-detail"),
    path("questions/<int:pk>/edit/", views.question_edit, name="question-edit"),
    path(
        "questions/<int:pk>/publish/", views.question_publish, name="question-publish"
    ),
    path(
        "questions/<int:pk>/regrade/", views.question_regrade, name="question-regrade"
    ),
]
