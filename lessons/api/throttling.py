"""DRF's rate throttles, counted in fixed windows: the same cost per request
whatever the rate.

DRF's ``SimpleRateThrottle`` keeps the time of every request in the window
and stores the whole list in the cache on each request: at the user rate of
6000 a minute, a busy client's list is thousands long, unpickled and pickled
again per request (0.1 ms and more, growing with the rate). These classes keep
one counter per client and window instead (``cache.add`` then ``cache.incr``):
a client may make ``num_requests`` in each window of ``duration`` seconds
starting on a multiple of it, so at most twice the rate across a window's
edge. Scopes, rates, cache keys and 429 answers are DRF's.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling


class FixedWindowMixin:
    """``allow_request`` and ``wait`` for a ``SimpleRateThrottle`` subclass."""

    rate: str | None
    num_requests: int
    duration: int
    cache: Any
    key: str | None

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if self.key is None:
            return True
        self.now = self.timer()  # type: ignore[attr-defined]
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        counter = f"{self.key}:{window}"
        # The counter lives a little past its window, then goes by itself.
        self.cache.add(counter, 0, self.duration + 1)
        try:
            count = self.cache.incr(counter)
        except ValueError:  # gone between add and incr: a window's first request
            self.cache.add(counter, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends and requests are counted afresh."""
        return max(self.window_ends - self.now, 0.0)


class AnonRateThrottle(FixedWindowMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FixedWindowMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(FixedWindowMixin, throttling.ScopedRateThrottle):
    """DRF's scoped throttle, whose ``allow_request`` first reads the view's
    scope and rate, then counts as the others do."""

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
