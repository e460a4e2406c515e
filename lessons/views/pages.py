"""Reading pages: home, lessons, articles. Published content only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lessons import selectors
from lessons.display import marked_paragraphs
from lessons.models import Article, Lesson, Quiz, Skill
from lessons.roles import is_teacher

LESSONS_PER_PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    lessons = selectors.published_lessons()[:12]
    quizzes = Quiz.objects.published()[:12]
    return render(
        request, "lessons/home.html", {"lessons": lessons, "quizzes": quizzes}
    )


def lesson_list(request: HttpRequest) -> HttpResponse:
    skills = list(Skill.objects.all())
    slug = request.GET.get("skill", "")
    skill = next((s for s in skills if s.slug == slug), None)
    if slug and skill is None:
        raise Http404("No such skill.")
    page = Paginator(
        selectors.published_lessons(skill=skill), LESSONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "lessons/lesson_list.html",
        {"skills": skills, "skill": skill, "page": page, "lessons": page.object_list},
    )


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        lesson = selectors.lesson_for_page(slug=slug)
    except Lesson.DoesNotExist:
        raise Http404("No such lesson.") from None
    articles = [
        (article, marked_paragraphs(article, article.figures.all()))
        for article in lesson.articles.all()
    ]
    return render(
        request, "lessons/lesson_detail.html", {"lesson": lesson, "articles": articles}
    )


def article_detail(request: HttpRequest, key: str) -> HttpResponse:
    try:
        article = selectors.article_for_page(
            key=key, published_only=not is_teacher(request.user)
        )
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    return render(
        request,
        "lessons/article_detail.html",
        {
            "article": article,
            "paragraphs": marked_paragraphs(article, article.figures.all()),
        },
    )
