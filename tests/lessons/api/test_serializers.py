"""Serializers and the error handler, without going through the URLs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.exceptions import NotFound
from rest_framework.test import APIRequestFactory

from lessons.api.errors import exception_handler
from lessons.api.serializers import (
    AnswerInputSerializer,
    ArticleImportSerializer,
    QuestionSerializer,
    ResponseSerializer,
)
from lessons.services.attempts import QuizClosed
from tests.factories import (
    AttemptFactory,
    QuestionFactory,
    QuizItemFactory,
    ResponseFactory,
    TeacherFactory,
    UserFactory,
)

from .base import ApiTestCase, secret_keys_in


def request_as(user):
    request = APIRequestFactory().get("/")
    request.user = user
    return request


class QuestionSerializerTests(ApiTestCase):
    def test_public_form_for_a_student(self):
        """A student gets choices without correct/feedback/misconception, and no key."""
        question = QuestionFactory(generated=True)
        data = QuestionSerializer(
            question, context={"request": request_as(UserFactory())}
        ).data
        self.assertEqual(secret_keys_in(dict(data), skip=frozenset()), set())
        self.assertIsNone(data["answer"])
        self.assertEqual([c["key"] for c in data["data"]["choices"]], ["a", "b"])

    def test_key_for_the_author(self):
        """The author of a draft sees the answer data, explanation and evidence."""
        teacher = TeacherFactory()
        question = QuestionFactory(status="draft", author=teacher)
        data = QuestionSerializer(
            question, context={"request": request_as(teacher)}
        ).data
        self.assertIs(data["can_edit"], True)
        self.assertEqual(data["answer"], question.current.answer)
        self.assertEqual(data["evidence"], [])

    def test_no_key_for_another_teachers_own_question(self):
        """Another teacher's own published question is shown in public form."""
        question = QuestionFactory(author=TeacherFactory())
        data = QuestionSerializer(
            question, context={"request": request_as(TeacherFactory())}
        ).data
        self.assertIs(data["can_edit"], False)
        self.assertIsNone(data["answer"])

    def test_broken_key_shows_no_choices(self):
        """A question whose key is unsound shows empty public data rather than failing."""
        question = QuestionFactory()
        question.current.answer = {"choices": []}
        data = QuestionSerializer(
            question, context={"request": request_as(UserFactory())}
        ).data
        self.assertEqual(data["data"], {})


class ResponseSerializerTests(ApiTestCase):
    def test_grade_hidden_until_visible(self):
        """The grade is null unless the feedback rule lets the student see it."""
        response = ResponseFactory()
        hidden = ResponseSerializer(response, context={"feedback_visible": False}).data
        self.assertIsNone(hidden["grade"])
        self.assertEqual(secret_keys_in(dict(hidden)), set())
        shown = ResponseSerializer(response, context={"feedback_visible": True}).data
        self.assertEqual(shown["grade"]["feedback"], "Right.")
        self.assertIs(shown["grade"]["correct"], True)


class AnswerInputSerializerTests(ApiTestCase):
    def test_question_must_be_in_the_attempt(self):
        """An answer to a question outside the attempt is refused, naming the question."""
        attempt = AttemptFactory(quiz=QuizItemFactory().quiz)
        outsider = QuestionFactory()
        serializer = AnswerInputSerializer(
            data={"question": outsider.pk, "answer": "b"}, context={"attempt": attempt}
        )
        self.assertIs(serializer.is_valid(), False)
        self.assertIn(
            f"Question {outsider.pk} is not part", str(serializer.errors["question"])
        )

    def test_question_of_the_attempt_is_loaded_with_its_version(self):
        """A question of the attempt validates to the Question with its current version."""
        item = QuizItemFactory()
        attempt = AttemptFactory(quiz=item.quiz)
        serializer = AnswerInputSerializer(
            data={"question": item.question_id, "answer": "b"},
            context={"attempt": attempt},
        )
        self.assertIs(serializer.is_valid(), True)
        self.assertEqual(serializer.validated_data["question"].current.number, 1)


class ArticleImportSerializerTests(ApiTestCase):
    def test_text_is_kept_exactly(self):
        """Leading and trailing whitespace stay: figure offsets depend on them."""
        serializer = ArticleImportSerializer(
            data={"text": "\n  Text.  \n", "headline": "H", "outlet": "O"}
        )
        self.assertIs(serializer.is_valid(), True, serializer.errors)
        self.assertEqual(serializer.validated_data["text"], "\n  Text.  \n")

    def test_numbers_are_not_text(self):
        """A number where text belongs is refused, not turned into text."""
        serializer = ArticleImportSerializer(
            data={"text": 5, "headline": True, "outlet": "O"}
        )
        self.assertIs(serializer.is_valid(), False)
        self.assertEqual(set(serializer.errors), {"text", "headline"})


class ExceptionHandlerTests(ApiTestCase):
    def test_django_validation_error_is_a_400_per_field(self):
        """A service's ValidationError becomes a 400 with messages per field."""
        error = ValidationError({"stem": ["The stem is empty."], "__all__": ["Bad."]})
        response = exception_handler(error, {})
        self.assertEqual(response.status_code, 400)
        body = response.data["error"]
        self.assertEqual(body["code"], "invalid")
        self.assertEqual(body["details"]["stem"], ["The stem is empty."])
        self.assertEqual(body["details"]["non_field_errors"], ["Bad."])
        self.assertIn("stem: The stem is empty.", body["message"])

    def test_plain_validation_error_is_a_400(self):
        """A message-only ValidationError keeps its message."""
        response = exception_handler(ValidationError("The article text is empty."), {})
        self.assertEqual(
            response.data["error"]["message"], "The article text is empty."
        )

    def test_quiz_closed_is_a_409(self):
        """QuizClosed becomes a 409 whose details say why."""
        response = exception_handler(
            QuizClosed("This quiz has closed.", code="closed"), {}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(
            response.data,
            {"error": {"code": "quiz_closed", "message": "This quiz has closed.",
                       "details": {"reason": "closed"}}},
        )  # fmt: skip

    def test_api_exceptions_keep_their_code(self):
        """DRF's own exceptions keep their status and code."""
        response = exception_handler(NotFound("No such lesson."), {})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.data["error"]["code"], "not_found")
        self.assertEqual(response.data["error"]["message"], "No such lesson.")

    def test_unexpected_errors_are_left_to_django(self):
        """Anything else is a bug: the handler returns None and Django answers 500."""
        self.assertIsNone(exception_handler(RuntimeError("boom"), {}))
