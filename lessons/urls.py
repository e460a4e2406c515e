from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/signup/", views.signup, name="signup"),
    path("lessons/", views.lesson_list, name="lesson-list"),
    path("lessons/<slug:slug>/", views.lesson_detail, name="lesson-detail"),
    path("articles/<slug:key>/", views.article_detail, name="article-detail"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz-detail"),
    path("quizzes/<slug:slug>/start/", views.quiz_start, name="quiz-start"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt-detail"),
    path(
        "attempts/<int:pk>/questions/<int:number>/",
        views.attempt_question,
        name="attempt-question",
    ),
    path("attempts/<int:pk>/review/", views.attempt_review, name="attempt-review"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt-result"),
    path("progress/", views.progress, name="progress"),
]

# A student's classes (join with a code, assignments); see views/classes.py.
from .views import classes as class_views  # noqa: E402

urlpatterns += [
    path("classes/", class_views.my_classes, name="my-classes"),
    path("classes/join/", class_views.class_join, name="class-join"),
    path("classes/<int:pk>/leave/", class_views.class_leave, name="class-leave"),
]
