"""Times in the reader's own time zone.

tally.js stores the browser's IANA time zone (``Intl.DateTimeFormat``) in the
``tally_tz`` cookie; this middleware makes it the current time zone, so pages
show due dates and quiz windows in local time and forms read the times a
teacher types as local. Without the cookie (first visit, no JavaScript, a
name this server does not know) times are UTC, and every time on a page names
its zone.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE = "tally_tz"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}")


@lru_cache(maxsize=512)
def zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The time zone called ``name``, or None for anything that is not an IANA
    zone name this machine knows (checked before any file is looked up)."""
    if len(name) > 64 or not _NAME.fullmatch(name):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class TimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = request.COOKIES.get(COOKIE)
        found = zone(name) if name else None
        if found is not None:
            timezone.activate(found)
        else:
            timezone.deactivate()
        return self.get_response(request)
