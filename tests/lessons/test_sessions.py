from __future__ import annotations

import time
from unittest import mock

from django.contrib.sessions.backends import signed_cookies
from django.core import signing
from django.test import SimpleTestCase, override_settings

from lessons import sessions
from lessons.sessions import SessionStore


def signed(data: dict) -> str:
    """A cookie as Django's own signed-cookie engine writes it."""
    store = signed_cookies.SessionStore()
    store.update(data)
    store.save()
    return store.session_key


class SessionStoreTests(SimpleTestCase):
    def setUp(self) -> None:
        sessions.forget_verified()
        self.addCleanup(sessions.forget_verified)

    def test_reads_what_djangos_engine_writes_and_verifies_once(self) -> None:
        cookie = signed({"_auth_user_id": "7", "flags": [1, 2]})
        with mock.patch.object(signing, "loads", wraps=signing.loads) as loads:
            first = SessionStore(cookie).load()
            second = SessionStore(cookie).load()
        self.assertEqual(first, {"_auth_user_id": "7", "flags": [1, 2]})
        self.assertEqual(second, first)
        self.assertEqual(loads.call_count, 1)

    def test_each_request_gets_its_own_copy(self) -> None:
        cookie = signed({"cart": [1]})
        first = SessionStore(cookie).load()
        first["cart"].append(2)
        first["new"] = True
        self.assertEqual(SessionStore(cookie).load(), {"cart": [1]})

    def test_a_forged_or_damaged_cookie_is_an_empty_session(self) -> None:
        cookie = signed({"_auth_user_id": "7"})
        data, stamp, signature = cookie.rsplit(":", 2)
        forged = signing.dumps({"_auth_user_id": "1"}, compress=True)  # wrong salt
        last = "B" if signature.endswith("A") else "A"
        for bad in (
            f"{data}:{stamp}:{signature[:-1]}{last}",
            f"{data}x:{stamp}:{signature}",
            forged,
            "not-a-cookie",
        ):
            with self.subTest(cookie=bad):
                store = SessionStore(bad)
                self.assertEqual(store.load(), {})
                self.assertTrue(store.modified)
        self.assertEqual(len(sessions._verified), 0)

    @override_settings(SESSION_COOKIE_AGE=60)
    def test_an_old_cookie_expires_even_once_verified(self) -> None:
        cookie = signed({"_auth_user_id": "7"})
        self.assertEqual(SessionStore(cookie).load(), {"_auth_user_id": "7"})
        later = time.time() + 61
        with mock.patch.object(sessions.time, "time", return_value=later):
            store = SessionStore(cookie)
            self.assertEqual(store.load(), {})
            self.assertTrue(store.modified)
        self.assertEqual(len(sessions._verified), 0)

    def test_remembers_a_bounded_number(self) -> None:
        with mock.patch.object(sessions, "VERIFIED_COOKIES", 3):
            cookies = [signed({"n": n}) for n in range(5)]
            for cookie in cookies:
                SessionStore(cookie).load()
            self.assertEqual(list(sessions._verified), cookies[2:])
