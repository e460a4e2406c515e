"""The teacher's quizzes, classes, assignments, results and grading (under /teach/)."""

from django.urls import path

from . import classes as views

urlpatterns = [
    path("bank/", views.bank, name="bank"),
    path("bank/add/", views.bank_add, name="bank-add"),
    path("quizzes/", views.quiz_list, name="quiz-list"),
    path("quizzes/add/", views.quiz_add, name="quiz-add"),
    path("quizzes/<int:pk>/", views.quiz_detail, name="quiz-detail"),
    path("quizzes/<int:pk>/edit/", views.quiz_edit, name="quiz-edit"),
    path("quizzes/<int:pk>/questions/", views.quiz_items, name="quiz-items"),
    path("quizzes/<int:pk>/draws/", views.quiz_draws, name="quiz-draws"),
    path("quizzes/<int:pk>/publish/", views.quiz_publish, name="quiz-publish"),
    path("classes/", views.class_list, name="class-list"),
    path("classes/add/", views.class_add, name="class-add"),
    path("classes/<int:pk>/", views.class_detail, name="class-detail"),
    path("classes/<int:pk>/code/", views.class_new_code, name="class-new-code"),
    path(
        "classes/<int:pk>/members/<int:student_pk>/remove/",
        views.class_remove_member,
        name="class-remove-member",
    ),
    path("classes/<int:pk>/assign/", views.assign, name="assign"),
    path(
        "classes/<int:pk>/assignments/<int:assignment_pk>/",
        views.assignment_edit,
        name="assignment-edit",
    ),
    path(
        "classes/<int:pk>/assignments/<int:assignment_pk>/remove/",
        views.unassign,
        name="unassign",
    ),
    path(
        "classes/<int:pk>/quizzes/<int:quiz_pk>/results/",
        views.results,
        name="results",
    ),
    path(
        "classes/<int:pk>/quizzes/<int:quiz_pk>/results/<slug:table>.csv",
        views.results_csv,
        name="results-csv",
    ),
    path(
        "classes/<int:pk>/quizzes/<int:quiz_pk>/grading/",
        views.grading,
        name="grading",
    ),
]
