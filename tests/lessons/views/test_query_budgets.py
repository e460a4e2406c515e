"""Every student page costs the same number of queries for 10 or 100 questions."""

from __future__ import annotations

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.models import Quiz
from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from tests.factories import UserFactory
from tests.lessons.views.helpers import TYPES, make_quiz, right_post

# The most queries each page may make. The question page: one query, the attempt
# with its student, its quiz, the question with its current version, its saved
# answer and the ids of answered questions; an evidence question adds its
# article. Saving: that query (without the answered ids), and the write.
# Pages measured with the content cache off (tests/conftest.py): the uncached path.
BUDGETS = {
    "home": 4,
    "lesson list": 5,
    "lesson detail": 7,
    "article detail": 5,
    "quiz detail": 3,
    "attempt detail": 3,
    "question": 1,
    "question evidence": 2,
    "save": 2,
    "save evidence": 4,
    "autosave": 2,
    "review": 4,
    "submit": 7,
    "result": 5,
    "progress": 4,
}


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.small = make_quiz(10)
        cls.large = make_quiz(100)

    def count(self, method: str, url: str, data: dict | None = None, **extra) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = getattr(self.client, method)(url, data or {}, **extra)
        self.assertLess(response.status_code, 400, url)
        return len(queries)

    def measure(self, quiz: Quiz, attempts: int = 1) -> dict[str, int]:
        """Queries per page for a fresh student taking ``quiz``."""
        student = UserFactory()
        self.client.force_login(student)
        for _ in range(attempts - 1):  # earlier, submitted attempts
            submit_attempt(attempt=start_attempt(quiz=quiz, student=student))
        attempt = start_attempt(quiz=quiz, student=student)
        items = list(
            quiz.items.select_related("question__current").order_by("position")
        )
        for item in items[len(TYPES) :]:  # answer the rest so pages hold many answers
            save_answer(
                attempt=attempt, question=item.question, answer=_any(item.question)
            )
        evidence = 1 + TYPES.index("evidence")
        q = lambda n: reverse("lessons:attempt-question", args=[attempt.pk, n])  # noqa: E731
        self.client.get(reverse("lessons:home"))  # warm caches shared by all pages
        counts = {
            "home": self.count("get", reverse("lessons:home")),
            "lesson list": self.count("get", reverse("lessons:lesson-list")),
            "lesson detail": self.count("get", quiz.lesson.get_absolute_url()),
            "article detail": self.count(
                "get", quiz.lesson.articles.first().get_absolute_url()
            ),
            "quiz detail": self.count("get", quiz.get_absolute_url()),
            "attempt detail": self.count(
                "get", reverse("lessons:attempt-detail", args=[attempt.pk])
            ),
            "question": self.count("get", q(1)),
            "question evidence": self.count("get", q(evidence)),
            "save": self.count("post", q(1), right_post(items[0].question)),
            "save evidence": self.count(
                "post", q(evidence), right_post(items[evidence - 1].question)
            ),
            "autosave": self.count(
                "post",
                q(2),
                right_post(items[1].question, nav="autosave"),
                headers={"X-Requested-With": "fetch"},
            ),
            "review": self.count(
                "get", reverse("lessons:attempt-review", args=[attempt.pk])
            ),
            "submit": self.count(
                "post", reverse("lessons:attempt-review", args=[attempt.pk])
            ),
            "result": self.count(
                "get", reverse("lessons:attempt-result", args=[attempt.pk])
            ),
            "progress": self.count("get", reverse("lessons:progress")),
        }
        return counts

    def test_same_queries_for_10_and_100_questions(self) -> None:
        """A 100-question quiz costs each page exactly what a 10-question one does."""
        small, large = self.measure(self.small), self.measure(self.large)
        self.assertEqual(small, large)

    def test_same_queries_whatever_the_number_of_attempts(self) -> None:
        """Earlier attempts do not add queries to any page."""
        self.assertEqual(
            self.measure(self.small, attempts=1), self.measure(self.small, attempts=4)
        )

    def test_pages_stay_within_budget(self) -> None:
        """Each page stays within its query budget."""
        counts = self.measure(self.large)
        for page, budget in BUDGETS.items():
            with self.subTest(page=page, queries=counts[page]):
                self.assertLessEqual(counts[page], budget)

    def test_every_question_type_page_is_constant(self) -> None:
        """Each question type's page costs the same for 10 or 100 questions."""
        for quiz_size, quiz in (("small", self.small), ("large", self.large)):
            student = UserFactory()
            self.client.force_login(student)
            attempt = start_attempt(quiz=quiz, student=student)
            counts = []
            for n in range(1, len(TYPES) + 1):
                url = reverse("lessons:attempt-question", args=[attempt.pk, n])
                counts.append(self.count("get", url))
            if quiz_size == "small":
                small_counts = counts
        self.assertEqual(small_counts, counts)


def _any(question):
    from lessons.engine.grade import key_response

    if question.type == "short":
        return "An answer."
    return key_response(question.type, question.current.answer)
