"""Template context for the student pages' Jinja2 engine (quizsite/settings.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html

from lessons.csrf import get_token


def csrf(request: HttpRequest) -> dict[str, Any]:
    """``csrf_token`` and ``csrf_input`` (the hidden field), made at most once
    per page however many forms it has: Django's Jinja2 backend masks a new
    token at each use, and masking costs more than a small page's markup
    (lessons/csrf.py masks it faster)."""
    token = SimpleLazyObject(lambda: get_token(request))
    return {
        "csrf_token": token,
        "csrf_input": SimpleLazyObject(
            lambda: format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                str(token),
            )
        ),
    }
