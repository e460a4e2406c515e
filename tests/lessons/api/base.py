"""Shared set-up for the API tests: six roles, each with an API token."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from rest_framework.test import APITestCase

from tests.factories import StaffFactory, TeacherFactory, TokenFactory, UserFactory

ROLES = ("anonymous", "student", "other_student", "teacher", "other_teacher", "staff")

# Keys of answer data that a student may never receive before the rule allows.
SECRET_KEYS = frozenset(
    {
        "correct",
        "feedback",
        "misconception",
        "order",
        "chain",
        "accepted",
        "rubric",
        "model_answer",
        "value",
    }
)


def secret_keys_in(
    data: Any, *, skip: frozenset[str] = frozenset({"answer"})
) -> set[str]:
    """Every forbidden key anywhere in a JSON value (the student's own
    ``answer`` echo is skipped: it is what they sent, not the key)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_KEYS:
                found.add(key)
            if key not in skip:
                found |= secret_keys_in(value, skip=skip)
    elif isinstance(data, list):
        for value in data:
            found |= secret_keys_in(value, skip=skip)
    return found


class ApiTestCase(APITestCase):
    """An APITestCase with users for every role and helpers to act as them."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.users = {
            "student": UserFactory(),
            "other_student": UserFactory(),
            "teacher": TeacherFactory(),
            "other_teacher": TeacherFactory(),
            "staff": StaffFactory(),
        }
        cls.tokens = {
            role: TokenFactory(user=user).key for role, user in cls.users.items()
        }
        cls.student = cls.users["student"]
        cls.teacher = cls.users["teacher"]
        cls.staff = cls.users["staff"]

    def setUp(self) -> None:
        cache.clear()  # throttle counters live in the cache

    def act_as(self, role: str) -> None:
        """Send the role's token with every request (none for anonymous)."""
        self.client.credentials()
        if role != "anonymous":
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.tokens[role]}")

    def assertError(self, response: Any, status: int, code: str | None = None) -> dict:
        """The response is an error of the one documented shape."""
        self.assertEqual(response.status_code, status, response.content[:500])
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "details"})
        self.assertIsInstance(body["error"]["message"], str)
        self.assertTrue(body["error"]["message"])
        self.assertIsInstance(body["error"]["details"], dict)
        if code is not None:
            self.assertEqual(body["error"]["code"], code)
        return body["error"]
