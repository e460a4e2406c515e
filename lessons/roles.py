"""Roles: a teacher is a user in the teachers group (granted, never chosen)."""

from __future__ import annotations

from typing import Any

TEACHERS_GROUP = "teachers"


def is_teacher(user: Any) -> bool:
    """Teachers and staff; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_tally_is_teacher", None)
    if cached is None:
        cached = bool(user.is_staff or user.groups.filter(name=TEACHERS_GROUP).exists())
        user._tally_is_teacher = cached
    return cached
