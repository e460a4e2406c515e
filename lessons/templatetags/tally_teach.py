"""Template tags for the teacher's workspace and the site's "Teach" link."""

from __future__ import annotations

from typing import Any

from django import template

from lessons.roles import is_teacher

register = template.Library()


@register.simple_tag(takes_context=True)
def show_teach_link(context: dict[str, Any]) -> bool:
    """Whether the signed-in user is a teacher, for the site navigation.

    No query of its own: the session's user is loaded with its role, afresh
    on every request (lessons/auth.py).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and is_teacher(user)
