"""Taking a quiz: one question per page, review, submit, results.

Each page is a fixed number of queries whatever the size of the quiz. The
question page reads the attempt, its quiz, the one question shown, its saved
answer and which questions are answered in one query
(``selectors.student_attempt_at``); the question list comes from
``Attempt.question_order``.

TLDR: a question is rendered from ``grade.public_data`` only. The key, the
choices' feedback and the explanation reach a page only when
``Attempt.feedback_visible`` allows it.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods

from lessons import selectors
from lessons.auth import preloaded
from lessons.display import answer_text, key_text, plain_text
from lessons.engine.grade import AnswerDataError, public_data
from lessons.engine.questions import QuestionType
from lessons.forms import ANSWER_FORMS, AnswerForm, EvidenceAnswerForm
from lessons.links import url
from lessons.models import Attempt, Question, Response
from lessons.services.attempts import (
    QuizClosed,
    clear_answer,
    save_answer,
    submit_attempt,
)

CLEAR = "clear"
CURRENT_STEP = ' aria-current="step"'


def _own_attempt(request: HttpRequest, pk: int) -> Attempt:
    """The signed-in student's attempt; anyone else's is a 404."""
    try:
        return selectors.student_attempt(pk=pk, student=request.user)
    except Attempt.DoesNotExist:
        raise Http404("No such attempt.") from None


def _wants_json(request: HttpRequest) -> bool:
    # META, not request.headers: that builds a dict of every header first.
    return request.META.get("HTTP_X_REQUESTED_WITH") == "fetch"


def _timer(attempt: Attempt, now: datetime) -> dict[str, Any] | None:
    if not attempt.deadline:
        return None
    return {
        "deadline": attempt.deadline,
        "remaining": max(int((attempt.deadline - now).total_seconds()), 0),
    }


@login_required
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Resume: the first unanswered question, the review page, or the results."""
    attempt = _own_attempt(request, pk)
    if not attempt.is_open:
        return redirect("lessons:attempt-result", pk=attempt.pk)
    if attempt.is_overdue(timezone.now()):
        return redirect("lessons:attempt-review", pk=attempt.pk)
    answered = selectors.answered_question_ids(attempt)
    for number, question_id in enumerate(attempt.question_order, start=1):
        if question_id not in answered:
            return redirect("lessons:attempt-question", pk=attempt.pk, number=number)
    return redirect("lessons:attempt-review", pk=attempt.pk)


def _answer_form(
    request: HttpRequest,
    attempt: Attempt,
    question: Question,
    response: Response | None,
) -> AnswerForm:
    version = question.current
    assert version is not None
    public = public_data(
        question.type, version.answer, seed=f"{attempt.seed}:{question.pk}"
    )
    form_class = ANSWER_FORMS[question.type]
    posted = request.method == "POST"
    kwargs: dict[str, Any] = {
        "question_id": question.pk,
        "public": public,
        # A posted form shows what was posted, never the saved answer.
        "answer": response.answer if response and not posted else None,
    }
    if question.type in ("single", "multiple"):
        kwargs.update(
            shuffle=attempt.quiz.shuffle_choices, seed=f"{attempt.seed}:{question.pk}"
        )
    if form_class is EvidenceAnswerForm:
        keys = [s.get("article", "") for s in version.answer.get("accepted", [])]
        articles = list(selectors.articles_by_key([k for k in keys if k]).values())
        kwargs["articles"] = articles or selectors.lesson_articles(question.lesson_id)
    return form_class(request.POST if posted else None, **kwargs)


def _next_url(attempt: Attempt, number: int, request: HttpRequest) -> str:
    """Where a saved answer's button leads (a URL: no ``redirect()`` lookup)."""
    nav = request.POST.get("nav", "stay")
    goto = request.POST.get("goto", "")
    total = len(attempt.question_order)
    if goto.isdigit() and 1 <= int(goto) <= total:
        number = int(goto)
    elif nav == "next":
        number += 1
    elif nav == "back":
        number = max(number - 1, 1)
    if nav == "review" or number > total:
        return url("lessons:attempt-review", attempt.pk)
    return url("lessons:attempt-question", attempt.pk, number)


def _navigation(order: list[int], answered: set[int], number: int) -> SafeString:
    """The question list's buttons: built here, not by a template loop, as a
    100-question quiz would otherwise spend most of the page's time on it.
    Numbers and fixed words only, so nothing needs escaping."""
    items = []
    for n, question_id in enumerate(order, start=1):
        done = question_id in answered
        items.append(
            '\n      <li><button type="submit" form="answer-form" name="goto" '
            f'value="{n}" class="question-nav__item'
            f'{" is-answered" if done else ""}"'
            f"{CURRENT_STEP if n == number else ''}>"
            f'<span aria-hidden="true">{n}</span>'
            '<span class="visually-hidden" data-nav-label>'
            f"Question {n}, {'answered' if done else 'not answered'}</span>"
            "</button></li>\n    "
        )
    return mark_safe("".join(items))  # noqa: S308 - integers and fixed text


def _signed_in_attempt_at(
    request: HttpRequest, pk: int, number: int, *, answered: bool
) -> selectors.AttemptAt | None:
    """The signed-in student's attempt at question ``number`` (404 if it is not
    theirs), or None when nobody is signed in.

    The attempt is read with the user the session names, in one query; the
    user row then goes to Django's ``get_user``, which checks it as it checks
    any (the session's password hash, whether the user is active) before
    ``request.user`` is that user (lessons/auth.py, ``preloaded``).
    """
    found = None
    user_id = _session_user_id(request)
    if user_id is not None:
        with contextlib.suppress(Attempt.DoesNotExist):
            found = selectors.student_attempt_at(
                pk=pk,
                student_id=user_id,
                position=number,
                answered=answered,
                with_student=True,
                for_saving=request.method == "POST",
            )
    with preloaded(found.student if found else None):
        signed_in = request.user.is_authenticated
    if not signed_in:
        return None
    if found is None or found.attempt.student_id != request.user.pk:
        raise Http404("No such attempt.")
    return found


def _session_user_id(request: HttpRequest) -> int | None:
    try:
        value = request.session[SESSION_KEY]
        return int(get_user_model()._meta.pk.to_python(value))
    except (KeyError, TypeError, ValueError, ValidationError):
        return None


@require_http_methods(["GET", "POST"])
def attempt_question(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    found = _signed_in_attempt_at(request, pk, number, answered=request.method == "GET")
    if found is None:
        return redirect_to_login(request.get_full_path())
    attempt, question, response = found.attempt, found.question, found.response
    now = timezone.now()
    if not attempt.is_open:
        message = "This attempt has been submitted; it is final."
        if request.method == "POST" and _wants_json(request):
            return JsonResponse({"saved": False, "error": message}, status=409)
        if request.method == "POST":
            messages.error(request, message)
        return redirect("lessons:attempt-result", pk=attempt.pk)
    if question is None:
        raise Http404("No question at that position.")
    if question.current is None:
        raise Http404("That question has no content yet.")
    # An answer whose feedback the student has seen is final: the page shows it
    # read-only and its buttons only move on.
    final = response is not None and attempt.answers_final_once_given
    if request.method == "POST" and request.POST.get("nav") == CLEAR:
        return _clear(request, attempt, question, number, now)
    if request.method == "POST" and final:
        if _wants_json(request):
            return JsonResponse({"saved": False, "cleared": False})
        return HttpResponseRedirect(_next_url(attempt, number, request))
    if request.method == "POST":
        plain = _plain_posted_answer(request, question)
        if plain is not None:
            try:
                save_answer(attempt=attempt, question=question, answer=plain, now=now)
            except QuizClosed as closed:
                return _closed(request, attempt, closed)
            except ValidationError:
                pass  # the form below reads the post again, and says what is wrong
            else:
                return _after_saving(request, attempt, number, saved=True)
    try:
        form = _answer_form(request, attempt, question, response)
    except AnswerDataError:
        raise Http404("That question cannot be shown right now.") from None
    error = ""
    if request.method == "POST":
        saved = cleared = False
        if form.is_valid():
            try:
                if form.answer is not None:
                    response = save_answer(
                        attempt=attempt, question=question, answer=form.answer, now=now
                    )
                    saved = True
                elif response is not None:
                    # Left blank (every box unticked, the number deleted): the
                    # saved answer goes too, so what is saved is what is shown.
                    cleared = clear_answer(attempt=attempt, question=question, now=now)
                    response = None
            except QuizClosed as closed:
                return _closed(request, attempt, closed)
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
        else:
            error = " ".join(m for errors in form.errors.values() for m in errors)
        if _wants_json(request) and error:
            return JsonResponse({"saved": False, "error": error}, status=400)
        if not error:
            return _after_saving(request, attempt, number, saved=saved, cleared=cleared)
    answered = found.answered
    if answered is None:  # a POST shown again with its error
        answered = selectors.answered_question_ids(attempt)
    show_feedback = response is not None and attempt.feedback_visible(now)
    return render(
        request,
        "lessons/attempt_question.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "question": question,
            "version": question.current,
            "form": form,
            "number": number,
            "total": len(attempt.question_order),
            "navigation": _navigation(attempt.question_order, answered, number),
            "answered_count": len(answered),
            "response": response,
            "show_feedback": show_feedback,
            "final": final,
            "error": error,
            "timer": _timer(attempt, now),
        },
        status=400 if error else 200,
        using="jinja2",
    )


# Choice answers a post can carry plainly (one key; the keys ticked): such a
# post is saved without the question's form, since saving checks every key
# against the question's own. Any other post goes through the form, which
# says what is wrong with it.
_PLAIN_POSTS = {QuestionType.SINGLE: False, QuestionType.MULTIPLE: True}


def _plain_posted_answer(request: HttpRequest, question: Question) -> Any:
    """The posted answer to a choice question, when the post is plainly one
    (for this question, one key or several, none blank); None otherwise."""
    many = _PLAIN_POSTS.get(question.type)
    post = request.POST
    if many is None or post.get("question") != str(question.pk):
        return None
    keys = post.getlist("choice")
    if not keys or not all(keys) or (not many and len(keys) > 1):
        return None
    return keys if many else keys[0]


def _after_saving(
    request: HttpRequest,
    attempt: Attempt,
    number: int,
    *,
    saved: bool,
    cleared: bool = False,
) -> HttpResponse:
    """The answer to a post that saved (or cleared) an answer, or left it as it was."""
    if _wants_json(request):
        return JsonResponse({"saved": saved, "cleared": cleared})
    staying = request.POST.get("nav", "stay") == "stay"
    if (saved or cleared) and (staying or request.POST.get("goto")):
        # Shown on the page the student lands on, perhaps another question's
        # (the question list), so it names the question.
        done = "saved" if saved else "cleared"
        messages.success(request, f"Answer to question {number} {done}.")
    return HttpResponseRedirect(_next_url(attempt, number, request))


def _closed(request: HttpRequest, attempt: Attempt, closed: QuizClosed) -> HttpResponse:
    """The answer to a post that came after the attempt closed."""
    if _wants_json(request):
        return JsonResponse({"saved": False, "error": closed.message}, status=409)
    messages.error(request, closed.message)
    return redirect("lessons:attempt-detail", pk=attempt.pk)


def _clear(
    request: HttpRequest,
    attempt: Attempt,
    question: Question,
    number: int,
    now: datetime,
) -> HttpResponse:
    """The "Clear my answer" button: the question is unanswered again."""
    question_url = reverse(
        "lessons:attempt-question", kwargs={"pk": attempt.pk, "number": number}
    )
    try:
        cleared = clear_answer(attempt=attempt, question=question, now=now)
    except QuizClosed as closed:
        if _wants_json(request):
            return JsonResponse({"cleared": False, "error": closed.message}, status=409)
        messages.error(request, closed.message)
        return redirect("lessons:attempt-detail", pk=attempt.pk)
    except ValidationError as invalid:
        message = " ".join(invalid.messages)
        if _wants_json(request):
            return JsonResponse({"cleared": False, "error": message}, status=400)
        messages.error(request, message)
        return redirect(question_url)
    if _wants_json(request):
        return JsonResponse({"saved": False, "cleared": cleared})
    if cleared:
        messages.success(request, f"Answer to question {number} cleared.")
    else:
        messages.info(request, f"Question {number} had no saved answer to clear.")
    return redirect(question_url)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Which questions are answered, and the button that submits the attempt."""
    attempt = _own_attempt(request, pk)
    now = timezone.now()
    if not attempt.is_open:
        if request.method == "POST":
            messages.error(request, "This attempt has already been submitted.")
        return redirect("lessons:attempt-result", pk=attempt.pk)
    if request.method == "POST":
        submit_attempt(attempt=attempt, now=now)
        messages.success(request, "Your attempt has been submitted.")
        return redirect("lessons:attempt-result", pk=attempt.pk)
    questions = selectors.attempt_questions(attempt)
    answered = selectors.answered_question_ids(attempt)
    rows = [(n, q, q.pk in answered) for n, q in enumerate(questions, start=1)]
    return render(
        request,
        "lessons/attempt_review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "rows": rows,
            "answered_count": len(answered),
            "total": len(attempt.question_order),
            "overdue": attempt.is_overdue(now),
            "timer": _timer(attempt, now),
        },
        using="jinja2",
    )


@login_required
def attempt_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitted attempt; feedback and answers only as the quiz's rule allows."""
    attempt = _own_attempt(request, pk)
    if attempt.is_open:
        return redirect("lessons:attempt-review", pk=attempt.pk)
    now = timezone.now()
    visible = attempt.feedback_visible(now)
    questions = selectors.attempt_questions(attempt)
    responses = selectors.attempt_responses(attempt)
    rows = []
    if visible:
        keys: list[str] = []
        for question in questions:
            response = responses.get(question.pk)
            version = response.version if response else question.current
            keys += [s.get("article", "") for s in version.answer.get("accepted", [])]
            if question.type == "evidence" and response:
                keys += [s.get("article", "") for s in response.answer]
        texts = {k: a.text for k, a in selectors.articles_by_key(keys).items()}
        for number, question in enumerate(questions, start=1):
            response = responses.get(question.pk)
            version = response.version if response else question.current
            key = key_text(question.type, version.answer, article_texts=texts)
            # "Why" only when it adds something: a written question's
            # explanation is often its model answer word for word.
            why = version.explanation
            if why and plain_text(why) == plain_text("\n\n".join(key)):
                why = ""
            rows.append(
                {
                    "number": number,
                    "question": question,
                    "version": version,
                    "response": response,
                    "given": answer_text(
                        question.type,
                        version.answer,
                        response.answer if response else None,
                        article_texts=texts,
                    ),
                    "key": key,
                    "why": why,
                }
            )
    else:
        for number, question in enumerate(questions, start=1):
            rows.append(
                {
                    "number": number,
                    "question": question,
                    "version": question.current,
                    "response": responses.get(question.pk),
                }
            )
    return render(
        request,
        "lessons/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "visible": visible,
            "rows": rows,
            "answered_count": len(responses),
        },
        using="jinja2",
    )
