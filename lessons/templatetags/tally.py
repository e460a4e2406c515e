"""Template filters for the student pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.template import engines
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


@register.simple_tag(takes_context=True)
def jinja(context: template.Context, name: str, **values: Any) -> SafeString:
    """A Jinja2 template of the student pages (quizsite/jinja_env.py) rendered
    for this request with ``values``: how Django templates share the site's
    frame, the form markup and the answer widgets with them."""
    html = (
        engines["jinja2"]
        .get_template(name)
        .render(dict(values), context.get("request"))
    )
    return mark_safe(html)  # noqa: S308 - an autoescaping template's output
