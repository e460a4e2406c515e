"""Signed-cookie sessions, each cookie verified once per process.

Django's ``signed_cookies`` engine checks the cookie's HMAC, decodes and
decompresses it on every request: about 40 microseconds, more than a bare view
costs, on every signed-in page. A cookie's content cannot change without its
signature changing, so this engine remembers what a verified cookie held (the
most recent ``VERIFIED_COOKIES`` of them) and, on seeing it again, only checks
its age against ``SESSION_COOKIE_AGE`` as Django does. A cookie it has not
verified goes through Django's own ``signing.loads``; nothing else differs.

Each request gets its own copy of the data (decoded from JSON afresh), so what
one request changes never shows in another's.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from threading import Lock
from typing import Any

from django.contrib.sessions.backends import signed_cookies
from django.core import signing

VERIFIED_COOKIES = 4096

# cookie -> (its signing time, its data as JSON), most recently used last.
_verified: OrderedDict[str, tuple[int, str]] = OrderedDict()
_lock = Lock()


def _signed_at(cookie: str) -> int:
    """The signing time a ``TimestampSigner`` value carries: ``data:time:sig``."""
    return signing.b62_decode(cookie.rsplit(":", 2)[-2])


def forget_verified() -> None:
    """Drop every remembered cookie (tests; a changed SECRET_KEY restarts anyway)."""
    with _lock:
        _verified.clear()


class SessionStore(signed_cookies.SessionStore):
    def load(self) -> dict[str, Any]:
        cookie = self.session_key
        if not cookie:
            return super().load()
        with _lock:
            found = _verified.get(cookie)
            if found is not None:
                _verified.move_to_end(cookie)
        if found is not None:
            signed_at, data = found
            if time.time() - signed_at <= self.get_session_cookie_age():
                loaded: dict[str, Any] = json.loads(data)
                return loaded
            with _lock:
                _verified.pop(cookie, None)
            self.create()
            return {}
        loaded = super().load()
        if loaded and self.serializer is signing.JSONSerializer:
            entry = (_signed_at(cookie), json.dumps(loaded))
            with _lock:
                _verified[cookie] = entry
                while len(_verified) > VERIFIED_COOKIES:
                    _verified.popitem(last=False)
        return loaded
