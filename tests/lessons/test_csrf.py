from __future__ import annotations

import re
from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory, SimpleTestCase, TestCase
from django.urls import reverse

from lessons.csrf import get_token, mask, random_string
from lessons.models import Response
from tests.factories import UserFactory
from tests.lessons.views.helpers import make_quiz


class MaskTests(SimpleTestCase):
    def test_django_unmasks_it_to_the_secret(self) -> None:
        secret = _get_new_csrf_string()
        tokens = {mask(secret) for _ in range(200)}
        self.assertEqual(len(tokens), 200)
        for token in tokens:
            self.assertEqual(len(token), 64)
            self.assertEqual(_unmask_cipher_token(token), secret)

    def test_every_character_equally_likely(self) -> None:
        counts = Counter("".join(random_string() for _ in range(2000)))
        self.assertEqual(set(counts), set(CSRF_ALLOWED_CHARS))
        expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1032, sd about 32
        for char, count in counts.items():
            with self.subTest(char=char):
                self.assertLess(abs(count - expected), expected / 4)


class GetTokenTests(SimpleTestCase):
    def test_masks_the_requests_secret_and_renews_its_cookie(self) -> None:
        request = RequestFactory().get("/")
        secret = _get_new_csrf_string()
        request.META["CSRF_COOKIE"] = secret
        token = get_token(request)
        self.assertEqual(_unmask_cipher_token(token), secret)
        self.assertIs(request.META["CSRF_COOKIE_NEEDS_UPDATE"], True)

    def test_a_request_without_a_secret_gets_djangos_new_one(self) -> None:
        request = RequestFactory().get("/")
        token = get_token(request)
        made = request.META["CSRF_COOKIE"]
        self.assertEqual(len(made), 32)
        self.assertEqual(_unmask_cipher_token(token), made)
        self.assertIs(request.META["CSRF_COOKIE_NEEDS_UPDATE"], True)


class PageTokenTests(TestCase):
    """A student page's token passes Django's CSRF check; a forged one does not."""

    def test_answer_saved_with_the_pages_token_only(self) -> None:
        quiz = make_quiz(1, types=("single",))
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory())
        client.post(
            reverse("lessons:quiz-start", args=[quiz.slug])
        )  # refused: no token
        page = client.get(quiz.get_absolute_url())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        started = client.post(
            reverse("lessons:quiz-start", args=[quiz.slug]),
            {"csrfmiddlewaretoken": token},
        )
        self.assertEqual(started.status_code, 302)
        question = client.get(started["Location"], follow=True)
        form = question.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        question_id = re.search(r'name="question" value="(\d+)"', form)[1]
        url = question.request["PATH_INFO"]
        answer = {"question": question_id, "choice": "b", "nav": "stay"}
        forged = token[:-1] + ("A" if token[-1] != "A" else "B")
        self.assertEqual(
            client.post(url, {**answer, "csrfmiddlewaretoken": forged}).status_code, 403
        )
        self.assertFalse(Response.objects.exists())
        self.assertEqual(
            client.post(url, {**answer, "csrfmiddlewaretoken": token}).status_code, 302
        )
        self.assertEqual(Response.objects.count(), 1)
