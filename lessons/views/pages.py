from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lessons.models import Lesson


def home(request: HttpRequest) -> HttpResponse:
    lessons = Lesson.objects.published().prefetch_related("skills")[:12]
    return render(request, "lessons/home.html", {"lessons": lessons})
