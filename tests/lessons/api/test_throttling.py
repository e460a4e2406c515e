from __future__ import annotations

from unittest import mock

from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase
from rest_framework.throttling import SimpleRateThrottle

from lessons.api.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    UserRateThrottle,
)
from tests.factories import UserFactory


class View:
    throttle_scope = None


def request(user=None):
    made = RequestFactory().get("/api/v1/skills/", REMOTE_ADDR="10.0.0.7")
    made.user = user
    return made


def rates(**changed):
    return mock.patch.object(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, **changed},
    )


class FixedWindowTests(SimpleTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    def allowed(self, throttle_class, n, at, req=None, view=None):
        results = []
        for _ in range(n):
            throttle = throttle_class()
            throttle.timer = lambda: at
            results.append(throttle.allow_request(req or request(), view or View()))
        return results, throttle

    def test_the_rate_per_window_then_refused_until_the_next(self) -> None:
        with rates(anon="3/minute"):
            results, throttle = self.allowed(AnonRateThrottle, 4, at=600.0 + 45)
            self.assertEqual(results, [True, True, True, False])
            self.assertEqual(throttle.wait(), 15.0)
            later, _ = self.allowed(AnonRateThrottle, 1, at=660.0)
            self.assertEqual(later, [True])

    def test_counted_per_client(self) -> None:
        with rates(anon="1/minute"):
            first, _ = self.allowed(AnonRateThrottle, 2, at=10.0)
            other = RequestFactory().get("/", REMOTE_ADDR="10.0.0.8")
            other.user = None
            second, _ = self.allowed(AnonRateThrottle, 1, at=10.0, req=other)
        self.assertEqual(first + second, [True, False, True])

    def test_users_by_account_and_scopes_by_view(self) -> None:
        user = UserFactory.build(pk=41)
        with rates(user="2/minute"):
            results, _ = self.allowed(UserRateThrottle, 3, at=5.0, req=request(user))
        self.assertEqual(results, [True, True, False])

        class Joining:
            throttle_scope = "auth"

        with rates(auth="1/minute"):
            scoped, _ = self.allowed(
                ScopedRateThrottle, 2, at=5.0, req=request(user), view=Joining()
            )
            unscoped, _ = self.allowed(ScopedRateThrottle, 3, at=5.0)
        self.assertEqual(scoped, [True, False])
        self.assertEqual(unscoped, [True, True, True])

    def test_no_rate_no_limit(self) -> None:
        with rates(anon=None):
            results, _ = self.allowed(AnonRateThrottle, 5, at=1.0)
        self.assertEqual(results, [True] * 5)
