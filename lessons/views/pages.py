"""Reading pages: home, lessons, articles. Published content only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from lessons import fragments, selectors
from lessons.display import marked_paragraphs
from lessons.fragments import cached_html
from lessons.models import Article, Quiz, Skill
from lessons.roles import is_teacher

LESSONS_PER_PAGE = 20
HOME_CATALOGUE = "lessons/includes/home_catalogue.html"
LESSON_CARD = "lessons/includes/lesson_card.html"
LESSON_CONTENT = "lessons/includes/lesson_content.html"
# Included by LESSON_CONTENT: part of its cache key, so an edit to them shows.
LESSON_INCLUDES = (
    "lessons/includes/article_text.html",
    "lessons/includes/findings.html",
)


def home(request: HttpRequest) -> HttpResponse:
    """The hero, then the lessons and quizzes (HTML cached per version of them)."""

    def catalogue() -> str:
        return render_to_string(
            HOME_CATALOGUE,
            {
                "lessons": selectors.published_lessons()[:12],
                "quizzes": Quiz.objects.public()[:12],
            },
            using="jinja2",
        )

    html = cached_html(
        "home", (HOME_CATALOGUE, LESSON_CARD), fragments.home_stamp, catalogue
    )
    return render(request, "lessons/home.html", {"catalogue": html}, using="jinja2")


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
        using="jinja2",
    )


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A lesson, its articles with figures marked and its findings.

    The content is the same for everyone: rendered once per version of the
    lesson and of everything it shows (lessons/fragments.py), so a page costs
    one query for the stamp besides the user's own.
    """
    found = fragments.lesson_stamp(slug)
    if found is None:
        raise Http404("No such lesson.")
    lesson, stamp = found

    def content() -> str:
        selectors.prefetch_lesson_page(lesson)
        articles = [
            (article, marked_paragraphs(article, article.figures.all()))
            for article in lesson.articles.all()
        ]
        return render_to_string(
            LESSON_CONTENT, {"lesson": lesson, "articles": articles}, using="jinja2"
        )

    html = cached_html("lesson", (LESSON_CONTENT, *LESSON_INCLUDES), stamp, content)
    return render(
        request,
        "lessons/lesson_detail.html",
        {"title": lesson.title, "content": html},
        using="jinja2",
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
        using="jinja2",
    )
