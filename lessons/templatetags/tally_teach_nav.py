"""The teacher's navigation: one bar for every page under /teach/.

Each section is a list page; the pages deeper in a section (an article's
review, a quiz's editor, a class's results) are found by their route's name.
No queries: only the resolved route and ``reverse``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    name: str
    url: str
    current: str  # "page" on the section's own page, "true" deeper in it, or ""


# (link text, the section's page, the route names that belong to the section).
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Dashboard", "dashboard", ()),
    ("Articles", "article-list", ("article-", "figure-")),
    ("Lessons", "lesson-list", ("lesson-",)),
    ("Questions", "question-list", ("question-",)),
    ("Question bank", "bank", ("bank-",)),
    ("Quizzes", "quiz-list", ("quiz-",)),
    (
        "Classes",
        "class-list",
        ("class-", "assign", "assignment-", "unassign", "results", "grading"),
    ),
)


def section_of(url_name: str) -> str:
    """The section page of a /teach/ route ("figure-edit" → "article-list")."""
    for _name, page, prefixes in SECTIONS:
        if url_name == page or url_name.startswith(prefixes):
            return page
    return ""


@register.simple_tag(takes_context=True)
def teach_nav_links(context: dict[str, Any]) -> list[NavLink]:
    """The sections in order, the current one marked for aria-current."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match and match.namespace == "teach" else ""
    current = section_of(url_name or "")
    return [
        NavLink(
            name=name,
            url=reverse(f"teach:{page}"),
            current=("page" if url_name == page else "true") if page == current else "",
        )
        for name, page, _prefixes in SECTIONS
    ]
