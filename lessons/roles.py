"""Roles: a teacher is a user in the teachers group (granted, never chosen)."""

from __future__ import annotations

from typing import Any

TEACHERS_GROUP = "teachers"


def remember_role(user: Any, *, in_teachers_group: bool) -> None:
    """Record on ``user`` what ``is_teacher`` answers, from a group membership
    read along with the user (lessons/auth.py, lessons/api/authentication.py)."""
    user._tally_is_teacher = bool(user.is_staff or in_teachers_group)


def is_teacher(user: Any) -> bool:
    """Teachers and staff; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_tally_is_teacher", None)
    if cached is None:
        remember_role(
            user, in_teachers_group=user.groups.filter(name=TEACHERS_GROUP).exists()
        )
        cached = user._tally_is_teacher
    return bool(cached)
