"""No answer key reaches a student's page before the quiz's feedback rule allows it."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import UserFactory
from tests.lessons.views.helpers import TYPES, make_quiz, wrong_post

# JSON keys or attributes that only answer data carries.
KEY_WORDS = re.compile(
    r"""(\bcorrect["']?\s*[:=]|data-correct|["']?(misconception|accepted|rubric|model_answer|tolerance|threshold)["']?\s*[:=]|["']order["']\s*:|["']chain["']\s*:)""",
    re.IGNORECASE,
)


class KeyLeakTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(
            len(TYPES),
            feedback="after_close",
            closes_at=timezone.now() + timedelta(days=3),
        )
        cls.student = UserFactory()
        cls.items = list(cls.quiz.items.select_related("question__current"))

    def setUp(self) -> None:
        self.client.force_login(self.student)

    def secrets(self) -> list[str]:
        """Key material of every question, as it could appear in a page."""
        found = ["secret-", "48213", "o3,o1,o4,o2", "p4,p2,p5"]
        for item in self.items:
            answer = item.question.current.answer
            for span in answer.get("accepted", []):
                found += [
                    f"{span['article']}:{span['start']}:{span['end']}",
                    f"{span['start']}:{span['end']}",
                    f"{span['start']}–{span['end']}",
                ]
        return found

    def assert_no_key(self, html: str, where: str) -> None:
        lowered = html.lower()
        for secret in self.secrets():
            self.assertNotIn(secret.lower(), lowered, f"{secret!r} leaks in {where}")
        match = KEY_WORDS.search(html)
        self.assertIsNone(match, f"{match and match.group(0)!r} leaks in {where}")

    def assert_order_not_key(self, html: str, attribute: str, key: list[str]) -> None:
        shown = re.findall(rf'{attribute}="([^"]+)"', html)
        self.assertTrue(shown)
        self.assertNotEqual(
            shown[: len(key)], key, f"{attribute} shows the key's order"
        )

    def pages(self, attempt) -> dict[str, str]:
        """Every student page of the attempt, by name."""
        pages = {
            "quiz": self.client.get(self.quiz.get_absolute_url()),
            "review": self.client.get(
                reverse("lessons:attempt-review", args=[attempt.pk])
            ),
            "progress": self.client.get(reverse("lessons:progress")),
            "lesson": self.client.get(self.quiz.lesson.get_absolute_url()),
        }
        for number, item in enumerate(self.items, start=1):
            url = reverse("lessons:attempt-question", args=[attempt.pk, number])
            pages[f"question {item.question.type}"] = self.client.get(url)
        return {name: page.content.decode() for name, page in pages.items()}

    def test_no_key_before_answering(self) -> None:
        """Fresh question pages carry no key, feedback or explanation, for every type."""
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        for name, html in self.pages(attempt).items():
            with self.subTest(page=name):
                self.assert_no_key(html, name)

    def test_no_key_after_answering(self) -> None:
        """Pages after saving answers, errors and autosave replies carry no key."""
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        for number, item in enumerate(self.items, start=1):
            url = reverse("lessons:attempt-question", args=[attempt.pk, number])
            saved = self.client.post(
                url,
                wrong_post(item.question, nav="autosave"),
                headers={"X-Requested-With": "fetch"},
            )
            self.assert_no_key(saved.content.decode(), f"autosave {item.question.type}")
            broken = self.client.post(
                url,
                {
                    "question": item.question.pk,
                    "choice": "zz",
                    "value": "x",
                    "span": "bad",
                    "position-o1": "9",
                    "hop-1": "nope",
                },
            )
            self.assert_no_key(broken.content.decode(), f"error {item.question.type}")
        for name, html in self.pages(attempt).items():
            with self.subTest(page=name):
                self.assert_no_key(html, name)

    def test_no_key_after_submitting_before_the_quiz_closes(self) -> None:
        """Under 'after close', the results of a submitted attempt carry no key."""
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        save_answer(attempt=attempt, question=self.items[0].question, answer="a")
        submit_attempt(attempt=attempt)
        result = self.client.get(reverse("lessons:attempt-result", args=[attempt.pk]))
        self.assert_no_key(result.content.decode(), "result")
        for name, html in self.pages(attempt).items():
            if name.startswith("question"):
                continue  # a closed attempt's questions redirect to the result
            with self.subTest(page=name):
                self.assert_no_key(html, name)

    def test_ordering_and_chain_are_not_shown_in_key_order(self) -> None:
        """Ordering items and the chain's pool are shuffled away from the key."""
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        pages = self.pages(attempt)
        self.assert_order_not_key(
            pages["question ordering"], "data-key", ["o3", "o1", "o4", "o2"]
        )
        self.assert_order_not_key(
            pages["question chain"], "data-add", ["p4", "p2", "p5"]
        )

    def test_chain_offers_a_position_per_pool_entry(self) -> None:
        """The chain form does not give away the chain's length."""
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        html = self.pages(attempt)["question chain"]
        self.assertEqual(len(re.findall(r'name="hop-\d+"', html)), 5)

    def test_scanner_finds_the_key_once_shown(self) -> None:
        """Control: once the rule allows, the results page does show key material."""
        self.quiz.feedback = "after_submit"
        self.quiz.save()
        attempt = start_attempt(quiz=self.quiz, student=self.student)
        save_answer(attempt=attempt, question=self.items[0].question, answer="a")
        submit_attempt(attempt=attempt)
        result = self.client.get(reverse("lessons:attempt-result", args=[attempt.pk]))
        with self.assertRaises(AssertionError):
            self.assert_no_key(result.content.decode(), "result")
