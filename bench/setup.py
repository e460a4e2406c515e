"""Bench-only set-up, run inside Django against the bench database.

Creates the bench students (each with a password, an API token and an attempt
in progress at a published quiz), picks a published lesson, and turns every
scenario of bench/scenarios.py into concrete requests, or into a reason to skip
it. Prints one JSON document on stdout; bench/run.py reads it.

Usage (bench/run.py does this): python bench/setup.py --students 8
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, reverse  # noqa: E402
from django.urls import resolve as django_resolve  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402

from lessons.engine.grade import key_response  # noqa: E402
from lessons.models import Lesson, Question, Quiz  # noqa: E402
from lessons.services.attempts import start_attempt  # noqa: E402
from lessons.services.tokens import issue_token  # noqa: E402

PASSWORD = "bench-student-password-not-secret"
# Answers graded without a teacher and simple to send as a form: single first.
PREFERRED_TYPES = ("single", "multiple", "numeric", "ordering", "chain")


def log(message: str) -> None:
    print(message, file=sys.stderr)


def pick_quiz() -> Quiz | None:
    quizzes = [
        q
        for q in Quiz.objects.published()
        .select_related("lesson")
        .order_by("position", "pk")
        if q.items.exists() and q.opens_at is None and q.closes_at is None
    ]
    if not quizzes:
        return None
    # The quiz with the most questions: the heaviest page a student meets.
    return max(quizzes, key=lambda q: (q.items.count(), -q.pk))


def pick_lesson(quiz: Quiz | None) -> Lesson | None:
    if (
        quiz is not None
        and quiz.lesson is not None
        and quiz.lesson.status == "published"
    ):
        return quiz.lesson
    return Lesson.objects.published().order_by("position", "pk").first()


def answerable_positions(attempt: Any) -> list[tuple[int, Question]]:
    """(1-based position, question) for questions graded without a teacher."""
    questions = {
        q.pk: q
        for q in Question.objects.select_related("current").filter(
            pk__in=attempt.question_order
        )
    }
    found = []
    for position, pk in enumerate(attempt.question_order, 1):
        q = questions.get(pk)
        if q is not None and q.current is not None and q.type in PREFERRED_TYPES:
            found.append((position, q))
    found.sort(key=lambda pq: PREFERRED_TYPES.index(pq[1].type))
    best = [pq for pq in found if pq[1].type == found[0][1].type] if found else []
    return best


def make_students(count: int, quiz: Quiz | None) -> list[dict[str, Any]]:
    User = get_user_model()
    # One hash for all: the password hasher is slow on purpose (one run, not one each).
    password_hash = make_password(PASSWORD)
    students = []
    for n in range(1, count + 1):
        username = f"bench-student-{n:02d}"
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        user.password = password_hash
        user.save(update_fields=["password"])
        token = issue_token(user=user)
        client = Client()
        client.force_login(user)
        student: dict[str, Any] = {
            "username": username,
            "password": PASSWORD,
            "token": token.key,
            # A session made by Django's own login(), used only if the login page fails.
            "session_cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
        if quiz is not None:
            try:
                attempt = start_attempt(quiz=quiz, student=user)
            except Exception as error:  # e.g. the quiz is closed to this student
                student["no_data_why"] = f"starting an attempt failed: {error!r}"
                students.append(student)
                continue
            positions = answerable_positions(attempt)
            if not positions:
                student["no_data_why"] = (
                    "the quiz has no question graded without a teacher"
                )
            else:
                position, question = positions[(n - 1) % len(positions)]
                answer = key_response(question.type, question.current.answer)
                student.update(
                    attempt_id=attempt.pk,
                    question_id=question.pk,
                    question_type=question.type,
                    position=position,
                    position0=position - 1,
                    answer=answer,
                )
        students.append(student)
    return students


# --- request bodies ------------------------------------------------------------------


def _form_fields(student: dict[str, Any], nav: str) -> list[tuple[str, str]]:
    """The question page's form fields for the student's answer (single or multiple)."""
    answer = student["answer"]
    if student["question_type"] not in ("single", "multiple"):
        raise ValueError(f"no form encoding for {student['question_type']!r} questions")
    choices = answer if isinstance(answer, list) else [answer]
    return (
        [("csrfmiddlewaretoken", "{csrf}"), ("question", str(student["question_id"]))]
        + [("choice", str(c)) for c in choices]
        + [("nav", nav)]
    )


def web_answer(student: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    """The form as a browser posts it with "Save and next" ({csrf} filled in by run.py)."""
    body = urlencode(_form_fields(student, "next")).replace("%7Bcsrf%7D", "{csrf}")
    return "application/x-www-form-urlencoded", body, {}


def web_autosave(student: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    """What tally.js sends as the student changes an answer: the form's fields,
    URL-encoded (URLSearchParams), with nav=autosave."""
    body = urlencode(_form_fields(student, "autosave")).replace("%7Bcsrf%7D", "{csrf}")
    headers = {"X-Requested-With": "fetch", "Accept": "application/json"}
    return "application/x-www-form-urlencoded", body, headers


def api_answer(student: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    body = json.dumps({"question": student["question_id"], "answer": student["answer"]})
    return "application/json", body, {}


BODIES = {
    "web_answer": web_answer,
    "web_autosave": web_autosave,
    "api_answer": api_answer,
}


# --- scenarios -------------------------------------------------------------------------


def resolve(
    scenario: dict[str, Any], students: list[dict[str, Any]], common: dict[str, Any]
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": scenario["name"]}
    url = scenario["url"]
    kwargs_spec: dict[str, str] = scenario.get("kwargs", {})
    auth = scenario.get("auth")
    per_student = auth is not None or any(
        v in ("attempt_id", "question_id", "position", "position0")
        for v in kwargs_spec.values()
    )
    pool = students if per_student else [dict(common)]
    requests = []
    for index, student in enumerate(pool):
        values = {**common, **student}
        missing = [v for v in kwargs_spec.values() if values.get(v) is None]
        if missing:
            why = values.get("no_data_why") or (
                "no published quiz or lesson: did build_lessons --publish work?"
            )
            out["skip"] = f"no bench data for {', '.join(sorted(set(missing)))} ({why})"
            return out
        if url.startswith("/"):
            path = url
        else:
            try:
                path = reverse(
                    url, kwargs={k: values[v] for k, v in kwargs_spec.items()}
                )
            except NoReverseMatch:
                out["skip"] = (
                    f"URL name {url!r} (kwargs {sorted(kwargs_spec)}) does not exist yet"
                )
                return out
        if scenario.get("query"):
            path += "?" + scenario["query"]
        request: dict[str, Any] = {
            "student": index if per_student and auth else None,
            "method": scenario.get("method", "GET"),
            "path": path,
        }
        body_name = scenario.get("body")
        if body_name:
            if values.get("answer") is None:
                out["skip"] = "no answerable question for the bench students"
                return out
            try:
                built = BODIES[body_name](values)
                request["content_type"], request["body"], request["headers"] = built
            except ValueError as error:
                out["skip"] = str(error)
                return out
        requests.append(request)
    out["requests"] = requests
    return out


def count_queries(
    scenario: dict[str, Any], resolved: dict[str, Any], students: list[dict[str, Any]]
) -> int | None:
    """SQL queries of the scenario's first request, made in-process (second of two runs)."""
    if "skip" in resolved:
        return None
    request = resolved["requests"][0]
    client = Client()
    headers = dict(request.get("headers") or {})
    if scenario.get("auth") == "session":
        client.force_login(
            get_user_model().objects.get(
                username=students[request["student"]]["username"]
            )
        )
    elif scenario.get("auth") == "token":
        headers["Authorization"] = f"Token {students[request['student']]['token']}"
    body = (request.get("body") or "").replace(
        "{csrf}", "not-checked-by-the-test-client"
    )
    queries: list[str] = []

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    for _ in range(2):
        queries.clear()
        with connection.execute_wrapper(counter):
            if request["method"] == "GET":
                client.get(request["path"], headers=headers)
            else:
                client.generic(
                    request["method"],
                    request["path"],
                    body,
                    content_type=request.get("content_type", ""),
                    headers=headers,
                )
    return len(queries)


TOKEN_PATH = "/api/v1/auth/token/"


def _resolves(path: str) -> bool:
    try:
        django_resolve(path)
    except Resolver404:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=8)
    args = parser.parse_args()

    quiz = pick_quiz()
    lesson = pick_lesson(quiz)
    students = make_students(args.students, quiz)
    common = {
        "lesson_slug": lesson.slug if lesson else None,
        "lesson_id": lesson.pk if lesson else None,
        "quiz_slug": quiz.slug if quiz else None,
        "quiz_id": quiz.pk if quiz else None,
    }

    def path_of(name: str) -> str | None:
        try:
            return reverse(name)
        except NoReverseMatch:
            return None

    result = {
        "lesson": lesson.title if lesson else None,
        "quiz": quiz.title if quiz else None,
        "quiz_questions": quiz.items.count() if quiz else 0,
        "question_type": students[0].get("question_type") if students else None,
        "login_path": path_of("login"),
        "token_path": TOKEN_PATH if _resolves(TOKEN_PATH) else None,
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        # A signed-in page with a form, for the CSRF token of the bench's POSTs.
        "token_page": reverse("lessons:progress"),
        "students": students,
        "scenarios": [resolve(s, students, common) for s in SCENARIOS],
    }
    for scenario, resolved in zip(SCENARIOS, result["scenarios"], strict=True):
        try:
            resolved["queries"] = count_queries(scenario, resolved, students)
        except Exception as error:
            # A broken page is the probe's to report, with its status; count nothing.
            log(f"counting queries of {scenario['name']!r}: {error!r}")
            resolved["queries"] = None
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
