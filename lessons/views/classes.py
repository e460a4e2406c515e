"""A student's classes: join one with its code, see the quizzes assigned, leave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from lessons import workspace
from lessons.forms_classes import JoinForm
from lessons.models import Membership
from lessons.roles import is_teacher
from lessons.services.classes import join_classroom, leave_classroom


@login_required
@require_http_methods(["GET", "POST"])
def class_join(request: HttpRequest) -> HttpResponse:
    """Join a class with the code the teacher gave out."""
    form = JoinForm(
        request.POST or None, initial={"code": request.GET.get("code", "")[:24]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = join_classroom(
                student=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            messages.success(request, f"You are in the class “{membership.classroom}”.")
            return redirect("lessons:my-classes")
    return render(
        request,
        "lessons/class_join.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
        using="jinja2",
    )


@login_required
def my_classes(request: HttpRequest) -> HttpResponse:
    """My classes and the quizzes assigned in them, with due dates and my standing."""
    now = timezone.now()
    return render(
        request,
        "lessons/class_mine.html",
        {
            "classes": workspace.student_classes(request.user, now=now),
            "now": now,
            "teaches": is_teacher(request.user),
        },
        using="jinja2",
    )


@login_required
@require_POST
def class_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave a class; attempts already made are kept."""
    membership = get_object_or_404(
        Membership.objects.select_related("classroom"),
        classroom_id=pk,
        student=request.user,
    )
    leave_classroom(student=request.user, classroom=membership.classroom)
    messages.success(request, f"You left the class “{membership.classroom}”.")
    return redirect("lessons:my-classes")
