"""Template tags for the teacher's workspace and the site's "Teach" link."""

from __future__ import annotations

import time
from typing import Any

from django import template
from django.core.cache import cache

from lessons.roles import is_teacher

register = template.Library()

# How long the "Teach" link trusts the role it stored in the session (seconds).
ROLE_CACHE_SECONDS = 300
_SESSION_KEY = "tally_teach_link"


@register.simple_tag(takes_context=True)
def show_teach_link(context: dict[str, Any]) -> bool:
    """Whether the signed-in user is a teacher, for the site navigation.

    Remembered in the (cookie) session and in the cache for a few minutes, so
    pages for students spend no query on it; /teach/ itself checks the role
    afresh.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, "_tally_is_teacher", None)
    if cached is not None:
        return bool(cached)
    session = getattr(request, "session", None)
    entry = session.get(_SESSION_KEY) if session is not None else None
    now = int(time.time())
    if (
        isinstance(entry, list)
        and len(entry) == 3
        and entry[0] == user.pk
        and now - entry[2] < ROLE_CACHE_SECONDS
    ):
        return bool(entry[1])
    # Then the cache, for the same few minutes: a client that does not keep the
    # updated session cookie (a script, a bench) would otherwise pay the query
    # and a re-signed cookie on every page. The key names the sign-in, so a new
    # sign-in (or a reused id in tests) never sees another's flag.
    key = _cache_key(user)
    value = cache.get(key)
    if value is not None:
        return bool(value)
    value = is_teacher(user)
    cache.set(key, value, ROLE_CACHE_SECONDS)
    if session is not None:
        session[_SESSION_KEY] = [user.pk, value, now]
    return value


def _cache_key(user: Any) -> str:
    signed_in = user.last_login.timestamp() if user.last_login else 0
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return f"tally:teach-link:{user.pk}:{joined}:{signed_in}"
