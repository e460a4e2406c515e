"""What `make bench` measures: one line per scenario.

Plain data, no Django import: ``bench/run.py`` reads it to drive wrk and
``bench/setup.py`` (inside Django) turns each line into concrete requests.

Fields of a scenario:

- ``name``: shown in the table and the JSON.
- ``group``: "ceiling" (the bare view every ratio is taken against), "student page",
  "answer save", "api" or "reference" (measured and shown, no target).
- ``target``: whether the 40%-of-the-ceiling target applies.
- ``url``: a Django URL name ("lessons:lesson-detail") or a literal path ("/bench/ceiling/").
  A URL name that does not resolve skips the scenario ("skipped: <why>"), so a
  scenario can be listed before the page or endpoint it measures exists.
- ``kwargs``: URL kwargs, each the name of a per-student value from bench/setup.py
  (``lesson_slug``, ``quiz_slug``, ``quiz_id``, ``lesson_id``, ``attempt_id``,
  ``question_id``, ``position``, ``position0``).
- ``query``: an optional query string (no "?").
- ``method``: "GET" (default) or "POST"/"PUT"/"PATCH".
- ``auth``: None (anonymous), "session" (a logged-in bench student's cookies;
  POSTs carry a CSRF token read from a signed-in page) or "token" (``Authorization: Token``).
- ``body``: for writes, the name of a body builder in bench/setup.py
  ("web_answer": the answer form of the question page; "api_answer": the API's JSON).
- ``expect``: the HTTP statuses the probe accepts (default [200]); ``expect_location``:
  how the probe's Location header must start; ``expect_text``: what its body must hold;
  so that a redirect to the login page or a {"saved": false} never passes as a save.
"""

from __future__ import annotations

from typing import Any

Scenario = dict[str, Any]

SCENARIOS: list[Scenario] = [
    # The ceiling: a bare Django view through the full middleware stack (TALLY_BENCH=1).
    # bench/run.py measures it right before every other scenario, and takes each ratio
    # against that neighbouring run, so load from elsewhere on the machine cancels out.
    {"name": "ceiling: bare Django view", "group": "ceiling", "url": "/bench/ceiling/"},
    # Student web UI (lessons/urls.py).
    {
        "name": "home page (anonymous)",
        "group": "student page",
        "target": True,
        "url": "lessons:home",
    },
    {
        "name": "lesson page",
        "group": "student page",
        "target": True,
        "url": "lessons:lesson-detail",
        "kwargs": {"slug": "lesson_slug"},
        "auth": "session",
    },
    {
        "name": "quiz page",
        "group": "student page",
        "target": True,
        "url": "lessons:quiz-detail",
        "kwargs": {"slug": "quiz_slug"},
        "auth": "session",
    },
    {
        "name": "question page",
        "group": "student page",
        "target": True,
        "url": "lessons:attempt-question",
        "kwargs": {"pk": "attempt_id", "number": "position"},
        "auth": "session",
    },
    {
        "name": "save answer (web form, Save and next)",
        "group": "answer save",
        "target": True,
        "url": "lessons:attempt-question",
        "kwargs": {"pk": "attempt_id", "number": "position"},
        "method": "POST",
        "auth": "session",
        "body": "web_answer",
        "expect": [302],
        "expect_location": "/attempts/",
    },
    {
        "name": "save answer (web autosave, JSON)",
        "group": "answer save",
        "target": True,
        "url": "lessons:attempt-question",
        "kwargs": {"pk": "attempt_id", "number": "position"},
        "method": "POST",
        "auth": "session",
        "body": "web_autosave",
        "expect_text": '"saved": true',
    },
    # REST API (lessons/api/urls.py, under /api/v1/), with a token.
    {
        "name": "API: list lessons",
        "group": "api",
        "url": "api:lesson-list",
        "auth": "token",
    },
    {
        "name": "API: get a question",
        "group": "api",
        "url": "api:question-detail",
        "kwargs": {"pk": "question_id"},
        "auth": "token",
    },
    # Reported against the same ceiling, with no target (the API's own issue asks
    # for it reported; the 40% target is the web UI's: its pages and its saves).
    {
        "name": "API: save an answer",
        "group": "api",
        "url": "api:attempt-answer",
        "kwargs": {"pk": "attempt_id"},
        "method": "POST",
        "auth": "token",
        "body": "api_answer",
    },
    # Reference points, no target.
    {
        # Django's own floor for a signed-in page with a form: the bare view plus
        # loading the session's user and masking a CSRF token (TALLY_BENCH=1).
        "name": "signed-in bare view (Django's floor)",
        "group": "reference",
        "url": "/bench/signed-in/",
        "auth": "session",
    },
    {"name": "admin login page", "group": "reference", "url": "admin:login"},
    {
        "name": "API schema (OpenAPI, generated per request)",
        "group": "reference",
        "url": "api:schema",
    },
]
