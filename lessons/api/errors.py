"""One error shape for every error the API returns.

``{"error": {"code": "...", "message": "...", "details": {...}}}``: ``code`` is a
stable machine-readable word, ``message`` a sentence fit to show a person, and
``details`` the per-field messages of a validation error (or ``{}``).

Services raise Django's ``ValidationError``; it becomes a 400 here, except
``QuizClosed`` (the quiz or the attempt does not allow the action now), which is
a 409 because the request was well formed and only the state forbids it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lessons.services.attempts import QuizClosed

ERROR_DESCRIPTIONS = {
    400: "The request is malformed or fails validation (code `invalid`, "
    "`parse_error`, ...); `details` holds the messages per field.",
    401: "No valid credentials were given (code `not_authenticated` or "
    "`authentication_failed`).",
    403: "The user may not do this (code `permission_denied`).",
    404: "No such object, or not one this user may see (code `not_found`).",
    405: "The method is not allowed here (code `method_not_allowed`).",
    415: "The body is not JSON (code `unsupported_media_type`).",
    409: "The quiz or attempt does not allow this now (code `quiz_closed`; "
    "`details.reason` says why: `submitted`, `closed`, `not_open`, ...).",
    429: "Too many requests (code `throttled`; `details.wait` in seconds).",
}


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable, machine-readable code.")
    message = serializers.CharField(help_text="What went wrong, in a sentence.")
    details = serializers.DictField(
        help_text="Per-field messages for validation errors; otherwise context or {}."
    )


class ErrorSerializer(serializers.Serializer):
    """The shape of every error response."""

    error = ErrorBodySerializer()


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema responses for the given error status codes, all of one shape."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then every error reshaped into ``{"error": {...}}``."""
    if isinstance(exc, QuizClosed):
        message = " ".join(exc.messages)
        details = {"reason": exc.code or "closed"}
        return Response(
            error_body("quiz_closed", message, details), status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_details(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return None  # a bug: let Django log it and answer 500
    if isinstance(exc, exceptions.ValidationError):
        details = _as_dict(response.data)
        body = error_body("invalid", _summary(details), details)
    else:
        code = exc.get_codes()
        code = code if isinstance(code, str) else exc.default_code
        details = {"wait": exc.wait} if isinstance(exc, exceptions.Throttled) else {}
        body = error_body(code, str(exc.detail), details)
    response.data = body
    return response


def _django_details(exc: DjangoValidationError) -> dict[str, Any] | list[str]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return list(exc.messages)


def _as_dict(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    return {"non_field_errors": data if isinstance(data, list) else [data]}


def _summary(details: dict[str, Any]) -> str:
    """One sentence out of nested validation messages, naming each field."""
    parts = []
    for field, messages in details.items():
        text = " ".join(_flatten(messages))
        parts.append(text if field == "non_field_errors" else f"{field}: {text}")
    return " ".join(parts) or "The request is invalid."


def _flatten(messages: Any) -> list[str]:
    if isinstance(messages, dict):
        return [
            f"{key}: {text}"
            for key, value in messages.items()
            for text in _flatten(value)
        ]
    if isinstance(messages, list):
        return [text for message in messages for text in _flatten(message)]
    return [str(messages)]
