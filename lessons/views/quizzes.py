"""A quiz's page, and starting (or resuming) an attempt at it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lessons import selectors
from lessons.models import Quiz
from lessons.services.attempts import start_attempt


def quiz_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        quiz, question_count = selectors.quiz_for_page(slug=slug)
    except Quiz.DoesNotExist:
        raise Http404("No such quiz.") from None
    attempts = (
        selectors.student_quiz_attempts(quiz=quiz, student=request.user)
        if request.user.is_authenticated
        else []
    )
    now = timezone.now()
    rows = [(attempt, attempt.feedback_visible(now)) for attempt in attempts]
    visible = [a for a, shown in rows if shown]
    open_attempt = next((a for a in attempts if a.is_open), None)
    return render(
        request,
        "lessons/quiz_detail.html",
        {
            "quiz": quiz,
            "question_count": question_count,
            "attempts": rows,
            "open_attempt": open_attempt,
            "counted_score": selectors.counted_score(visible, quiz.grading),
            "attempts_left": (
                max(quiz.attempts_allowed - len(attempts), 0)
                if quiz.attempts_allowed
                else None
            ),
        },
        using="jinja2",
    )


@login_required
@require_POST
def quiz_start(request: HttpRequest, slug: str) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.public().select_related("lesson"), slug=slug)
    try:
        attempt = start_attempt(quiz=quiz, student=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quiz)
    return redirect("lessons:attempt-detail", pk=attempt.pk)
