"""My progress: by skill across attempts, and each quiz's counted score."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lessons import selectors


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """My progress by skill across attempts, and each quiz's counted score."""
    now = timezone.now()
    quizzes = []
    for quiz, attempts in selectors.student_attempts_by_quiz(request.user):
        shown = [a for a in attempts if a.feedback_visible(now)]
        quizzes.append(
            {
                "quiz": quiz,
                "attempts": attempts,
                "counted": selectors.counted_score(shown, quiz.grading),
                "hidden": len(shown) < len([a for a in attempts if not a.is_open]),
            }
        )
    return render(
        request,
        "lessons/attempt_progress.html",
        {"skills": selectors.progress_by_skill(request.user), "quizzes": quizzes},
        using="jinja2",
    )
