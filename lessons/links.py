"""Reversed URLs, remembered: ``reverse`` costs 15-20 microseconds a call, and
every page links to the same few routes.

``fixed_urls()[name]`` is ``reverse(name)`` for a route without arguments,
reversed once per process; ``url(name, *args)`` remembers the most recent 4096
with arguments (an attempt's questions, a quiz). Both are keyed by the script
prefix and URLconf, on which ``reverse``'s answer depends.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

_FIXED_URLS: dict[tuple[str, Any], dict[str, str]] = {}


def fixed_urls() -> dict[str, str]:
    """The URLs of routes without arguments, for the current script prefix and
    URLconf (a name not asked for before is reversed on first use)."""
    key = (get_script_prefix(), get_urlconf())
    found = _FIXED_URLS.get(key)
    if found is None:
        found = _FIXED_URLS[key] = _Reversed()
    return found


class _Reversed(dict[str, str]):
    def __missing__(self, name: str) -> str:
        url = self[name] = reverse(name)
        return url


def url(name: str, *args: Any) -> str:
    """``reverse(name, args=args)``, remembered (``{% url %}`` of the Jinja2 pages)."""
    if args:
        return _reverse(get_script_prefix(), get_urlconf(), name, args)
    return fixed_urls()[name]


@lru_cache(maxsize=4096)
def _reverse(prefix: str, urlconf: Any, name: str, args: tuple[Any, ...]) -> str:
    return reverse(name, args=args, urlconf=urlconf)
