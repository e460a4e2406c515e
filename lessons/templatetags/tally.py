"""Template filters for the student pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

from lessons.display import render_markdown, stem_summary

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered and sanitised by nh3: safe to show as HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitised by nh3


@register.filter
def summary(stem: str) -> str:
    """A question stem as the plain-text sentence it asks (see display.stem_summary)."""
    return stem_summary(stem or "")


@register.filter
def percent(score: Decimal | float | None) -> str:
    """A 0..1 score as a whole percentage ("85%"), or an en dash for none."""
    if score is None:
        return "–"
    return f"{Decimal(score) * 100:.0f}%"


@register.filter
def words(value: str) -> str:
    """A snake_case key as words: "stock_vs_flow" -> "stock vs flow"."""
    return str(value).replace("_", " ").replace("-", " ")


_FIXED_URLS: dict[tuple[str, Any, str], str] = {}


@register.simple_tag
def fixed_url(name: str) -> str:
    """``{% url name %}`` for a route without arguments, reversed once per process.

    The same answer as ``{% url %}`` (keyed by script prefix and URLconf), for
    the links every page carries in its header.
    """
    key = (get_script_prefix(), get_urlconf(), name)
    url = _FIXED_URLS.get(key)
    if url is None:
        url = _FIXED_URLS[key] = reverse(name)
    return url
