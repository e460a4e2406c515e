from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from lessons.models import Attempt, QuestionVersion, Response
from lessons.services.attempts import save_answer, start_attempt, submit_attempt
from lessons.views import attempts as attempts_views
from tests.factories import UserFactory
from tests.lessons.views.helpers import TYPES, make_quiz, right_post


def question_url(attempt: Attempt, number: int) -> str:
    return reverse("lessons:attempt-question", args=[attempt.pk, number])


class AttemptTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.quiz = make_quiz(len(TYPES))
        cls.student = UserFactory()

    def setUp(self) -> None:
        self.client.force_login(self.student)
        self.attempt = start_attempt(quiz=self.quiz, student=self.student)
        self.questions = {
            q.type: (n, q)
            for n, q in enumerate(
                [
                    item.question
                    for item in self.quiz.items.select_related("question__current")
                ],
                start=1,
            )
        }


class AttemptDetailTests(AttemptTestCase):
    def test_resume_goes_to_first_unanswered_question(self) -> None:
        """Resuming an attempt opens the first question without an answer."""
        number, question = self.questions["single"]
        save_answer(attempt=self.attempt, question=question, answer="b")
        response = self.client.get(
            reverse("lessons:attempt-detail", args=[self.attempt.pk])
        )
        self.assertRedirects(response, question_url(self.attempt, 2))

    def test_other_students_attempt_is_404(self) -> None:
        """Another student's attempt is not found, on every page."""
        self.client.force_login(UserFactory())
        for name, args in [
            ("lessons:attempt-detail", [self.attempt.pk]),
            ("lessons:attempt-question", [self.attempt.pk, 1]),
            ("lessons:attempt-review", [self.attempt.pk]),
            ("lessons:attempt-result", [self.attempt.pk]),
        ]:
            with self.subTest(name=name):
                self.assertEqual(
                    self.client.get(reverse(name, args=args)).status_code, 404
                )
        response = self.client.post(
            question_url(self.attempt, 1), right_post(self.questions["single"][1])
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Response.objects.exists())

    def test_anonymous_is_sent_to_sign_in(self) -> None:
        """Attempt pages need a signed-in student."""
        self.client.logout()
        response = self.client.get(question_url(self.attempt, 1))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response.url)


class SignedInCheckTests(AttemptTestCase):
    """The question page reads the attempt with its student in one query; Django
    still checks that student before anything of the attempt is shown or saved."""

    def assertSentToSignIn(self, response, url: str) -> None:
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response.url, f"{reverse('login')}?next={url}")

    def assertPageAndSaveRefused(self, url: str) -> None:
        """Both the page and a save go to sign-in, and nothing is saved."""
        self.assertSentToSignIn(self.client.get(url), url)
        self.assertSentToSignIn(
            self.client.post(url, right_post(self.questions["single"][1])), url
        )
        self.assertFalse(Response.objects.exists())

    def test_a_session_from_before_a_password_change_is_refused(self) -> None:
        url = question_url(self.attempt, 1)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.student.set_password("a-new-password-42")
        self.student.save()
        self.assertPageAndSaveRefused(url)

    def test_a_deactivated_student_is_refused(self) -> None:
        url = question_url(self.attempt, 1)
        type(self.student).objects.filter(pk=self.student.pk).update(is_active=False)
        self.assertPageAndSaveRefused(url)

    def test_a_forged_session_user_is_refused(self) -> None:
        """A session naming another user (the cookie is signed, so only a leaked
        secret key would allow it) fails the password hash check."""
        session = self.client.session
        other = UserFactory()
        other_attempt = start_attempt(quiz=self.quiz, student=other)
        session["_auth_user_id"] = str(other.pk)
        session.save()
        self.client.cookies["sessionid"] = session.session_key
        url = question_url(other_attempt, 1)
        self.assertSentToSignIn(self.client.get(url), url)

    def test_the_page_knows_its_student_without_another_query(self) -> None:
        url = question_url(self.attempt, 1)
        self.client.get(url)
        with self.assertNumQueries(1):
            page = self.client.get(url)
        self.assertContains(page, f"({self.student.username})")


class AttemptQuestionTests(AttemptTestCase):
    def test_every_type_renders_its_widget(self) -> None:
        """Each question type renders its inputs with labels and the CSRF token."""
        markers = {
            "single": 'type="radio" name="choice"',
            "multiple": 'type="checkbox" name="choice"',
            "numeric": 'name="value"',
            "evidence": 'name="span"',
            "ordering": 'name="position-o1"',
            "chain": 'name="hop-1"',
            "short": '<textarea name="text"',
        }
        for qtype, (number, _question) in self.questions.items():
            with self.subTest(qtype=qtype):
                response = self.client.get(question_url(self.attempt, number))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, markers[qtype])
                self.assertContains(response, "csrfmiddlewaretoken")
                self.assertContains(response, f"Question {number} ")

    def test_every_type_saves_the_posted_answer(self) -> None:
        """Posting the form grades and stores the answer, then moves to the next page."""
        for qtype, (number, question) in self.questions.items():
            with self.subTest(qtype=qtype):
                response = self.client.post(
                    question_url(self.attempt, number), right_post(question)
                )
                self.assertEqual(response.status_code, 302)
                saved = Response.objects.get(attempt=self.attempt, question=question)
                if qtype == "short":
                    self.assertIs(saved.needs_manual, True)
                else:
                    self.assertEqual(saved.score, Decimal("1"), qtype)

    def test_saved_answer_is_shown_again(self) -> None:
        """Coming back to a question shows the answer saved before."""
        number, question = self.questions["chain"]
        self.client.post(question_url(self.attempt, number), right_post(question))
        response = self.client.get(question_url(self.attempt, number))
        self.assertContains(response, '<option value="p4" selected>', html=False)

    def test_navigation_buttons(self) -> None:
        """Next, back, review and a question number each lead where they say."""
        number, question = self.questions["multiple"]
        cases = {
            "next": question_url(self.attempt, number + 1),
            "back": question_url(self.attempt, number - 1),
            "review": reverse("lessons:attempt-review", args=[self.attempt.pk]),
            "stay": question_url(self.attempt, number),
        }
        for nav, target in cases.items():
            with self.subTest(nav=nav):
                response = self.client.post(
                    question_url(self.attempt, number), right_post(question, nav=nav)
                )
                self.assertRedirects(response, target, fetch_redirect_response=False)
        data = right_post(question, nav="")
        data["goto"] = "5"
        response = self.client.post(question_url(self.attempt, number), data)
        self.assertRedirects(
            response, question_url(self.attempt, 5), fetch_redirect_response=False
        )

    def test_jumping_says_which_answer_was_saved(self) -> None:
        """A question-list button saves this page's answer, and the next page says which question that was."""
        number, question = self.questions["multiple"]
        data = right_post(question, nav="")
        data["goto"] = "5"
        response = self.client.post(
            question_url(self.attempt, number), data, follow=True
        )
        self.assertRedirects(response, question_url(self.attempt, 5))
        self.assertContains(response, f"Answer to question {number} saved.")
        self.assertNotContains(response, "Answer saved.")

    def test_save_and_stay_says_which_answer_was_saved(self) -> None:
        """ "Save" keeps the student on the page and names the question saved."""
        number, question = self.questions["single"]
        response = self.client.post(
            question_url(self.attempt, number),
            right_post(question, nav="stay"),
            follow=True,
        )
        self.assertContains(response, f"Answer to question {number} saved.")

    def test_question_list_names_each_question(self) -> None:
        """Each question-list button is named "Question N, answered" or "…, not answered", without stray spaces."""
        save_answer(
            attempt=self.attempt, question=self.questions["single"][1], answer="b"
        )
        response = self.client.get(question_url(self.attempt, 2))
        labels = re.findall(r"data-nav-label>([^<]*)<", response.content.decode())
        self.assertEqual(
            labels,
            ["Question 1, answered"]
            + [f"Question {n}, not answered" for n in range(2, 8)],
        )

    def test_evidence_selections_are_plain_checkboxes_without_script(self) -> None:
        """A saved evidence selection is a ticked, focusable checkbox in the page's HTML, so it can be unticked without JavaScript."""
        number, question = self.questions["evidence"]
        self.client.post(question_url(self.attempt, number), right_post(question))
        response = self.client.get(question_url(self.attempt, number))
        (checkbox,) = re.findall(
            r'<input type="checkbox" name="span"[^>]*id="span-1"[^>]*>',
            response.content.decode(),
        )
        self.assertIn("checked", checkbox)
        self.assertNotIn("tabindex", checkbox)
        self.assertContains(response, "untick it and save")

    def test_blank_answer_saves_nothing_but_navigates(self) -> None:
        """Moving on without answering stores no response."""
        number, question = self.questions["short"]
        response = self.client.post(
            question_url(self.attempt, number), {"question": question.pk, "nav": "next"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Response.objects.exists())

    def test_autosave_answers_json(self) -> None:
        """The script's fetch gets JSON back and the answer is stored."""
        number, question = self.questions["numeric"]
        response = self.client.post(
            question_url(self.attempt, number),
            right_post(question, nav="autosave"),
            headers={"X-Requested-With": "fetch"},
        )
        self.assertEqual(response.json(), {"saved": True, "cleared": False})
        self.assertTrue(Response.objects.filter(question=question).exists())

    def test_a_plain_choice_post_is_saved_without_the_form(self) -> None:
        """One key (single) or the keys ticked (multiple), for this question:
        saved as posted, with no form built, by redirect or by autosave."""
        for qtype in ("single", "multiple"):
            number, question = self.questions[qtype]
            with (
                self.subTest(qtype=qtype),
                mock.patch(
                    "lessons.views.attempts._answer_form",
                    side_effect=AssertionError("no form for a plain post"),
                ),
            ):
                response = self.client.post(
                    question_url(self.attempt, number), right_post(question)
                )
                self.assertRedirects(
                    response,
                    question_url(self.attempt, number + 1),
                    fetch_redirect_response=False,
                )
                saved = Response.objects.get(attempt=self.attempt, question=question)
                self.assertEqual(
                    saved.answer, "b" if qtype == "single" else ["m1", "m2"]
                )
                self.assertTrue(saved.correct)
                json = self.client.post(
                    question_url(self.attempt, number),
                    right_post(question, nav="autosave"),
                    headers={"X-Requested-With": "fetch"},
                )
                self.assertEqual(json.json(), {"saved": True, "cleared": False})

    def test_what_is_not_plainly_an_answer_goes_through_the_form(self) -> None:
        """Blank, two keys for one choice, another question's id, an unknown
        key: the form reads the post, as it did before there was a plain path
        (what it then does is the form's tests' business)."""
        number, question = self.questions["single"]
        for fields in (
            {"choice": ""},
            {"choice": ["a", "b"]},
            {"choice": "b", "question": question.pk + 1},
            {"choice": "zzz"},
        ):
            data = {"question": question.pk, "nav": "next", **fields}
            with (
                self.subTest(fields=fields),
                mock.patch(
                    "lessons.views.attempts._answer_form",
                    wraps=attempts_views._answer_form,
                ) as form,
            ):
                self.client.post(question_url(self.attempt, number), data)
                form.assert_called_once()

    def test_clear_button_unanswers_the_question(self) -> None:
        """ "Clear my answer" removes the saved answer and says so on the question."""
        number, question = self.questions["single"]
        url = question_url(self.attempt, number)
        self.client.post(url, right_post(question, nav="stay"))
        page = self.client.get(url)
        self.assertContains(page, 'value="clear"')
        self.assertContains(page, " checked")
        response = self.client.post(
            url, {**right_post(question), "nav": "clear"}, follow=True
        )
        self.assertRedirects(response, url)
        self.assertContains(response, f"Answer to question {number} cleared.")
        self.assertNotContains(response, " checked")
        self.assertFalse(Response.objects.filter(question=question).exists())
        again = self.client.post(url, {"nav": "clear"}, follow=True)
        self.assertContains(again, "had no saved answer to clear")

    def test_a_blank_answer_clears_the_saved_one(self) -> None:
        """Unticking every box (autosave) or emptying the form (Save) leaves the
        question unanswered, so what is saved is what the page shows."""
        number, question = self.questions["multiple"]
        url = question_url(self.attempt, number)
        self.client.post(url, right_post(question, nav="stay"))
        blank = {"question": question.pk, "nav": "autosave"}
        response = self.client.post(url, blank, headers={"X-Requested-With": "fetch"})
        self.assertEqual(response.json(), {"saved": False, "cleared": True})
        self.assertFalse(Response.objects.filter(question=question).exists())
        response = self.client.post(url, blank, headers={"X-Requested-With": "fetch"})
        self.assertEqual(response.json(), {"saved": False, "cleared": False})

    def test_an_answer_seen_with_its_feedback_is_read_only_and_lets_you_move_on(
        self,
    ) -> None:
        """Under immediate feedback an answered question shows its answer
        disabled; Next and Back move on without trying to save it again."""
        self.quiz.feedback = "immediately"
        self.quiz.save()
        number, question = self.questions["single"]
        url = question_url(self.attempt, number)
        self.client.post(url, right_post(question, nav="stay"))
        page = self.client.get(url)
        self.assertContains(page, '<fieldset class="question__final" disabled>')
        self.assertNotContains(page, "data-autosave")
        self.assertNotContains(page, "Save and next")
        self.assertContains(page, ">Next</button>")
        other = {**right_post(question, nav="next"), "choice": "a"}
        response = self.client.post(url, other)
        self.assertRedirects(
            response,
            question_url(self.attempt, number + 1),
            fetch_redirect_response=False,
        )
        self.assertEqual(Response.objects.get(question=question).answer, "b")

    def test_clearing_is_refused_once_feedback_was_seen(self) -> None:
        """Under immediate feedback an answered question keeps its answer and
        offers no clear button."""
        self.quiz.feedback = "immediately"
        self.quiz.save()
        number, question = self.questions["single"]
        url = question_url(self.attempt, number)
        self.assertContains(self.client.get(url), 'value="clear"')
        self.client.post(url, right_post(question, nav="stay"))
        page = self.client.get(url)
        self.assertNotContains(page, 'value="clear"')
        response = self.client.post(url, {"nav": "clear"}, follow=True)
        self.assertContains(response, "already answered this question")
        self.assertTrue(Response.objects.filter(question=question).exists())
        response = self.client.post(
            url, {"nav": "clear"}, headers={"X-Requested-With": "fetch"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["cleared"], False)

    def test_malformed_answers_are_refused_with_a_message(self) -> None:
        """Unreadable answers get a clear message, status 400, and store nothing."""
        cases = {
            "single": {"choice": "zzz"},
            "multiple": {"choice": ["m1", "nope"]},
            "numeric": {"mode": "value", "value": "lots"},
            "evidence": {"span": ["not-a-span"]},
            "ordering": {
                "position-o1": "1",
                "position-o2": "1",
                "position-o3": "2",
                "position-o4": "3",
            },
            "chain": {"hop-1": "p1", "hop-2": "p1"},
        }
        for qtype, fields in cases.items():
            number, question = self.questions[qtype]
            with self.subTest(qtype=qtype):
                data = {"question": question.pk, "nav": "next", **fields}
                response = self.client.post(question_url(self.attempt, number), data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(
                    response, "Your answer was not saved.", status_code=400
                )
                self.assertContains(response, 'role="alert"', status_code=400)
                json = self.client.post(
                    question_url(self.attempt, number),
                    data,
                    headers={"X-Requested-With": "fetch"},
                )
                self.assertEqual(json.status_code, 400)
                self.assertIn("error", json.json())
        self.assertFalse(Response.objects.exists())

    def test_evidence_span_past_the_text_is_refused(self) -> None:
        """A span outside the article is refused by the engine, with its message."""
        number, question = self.questions["evidence"]
        key = question.current.answer["accepted"][0]["article"]
        response = self.client.post(
            question_url(self.attempt, number),
            {"question": question.pk, "nav": "next", "span": [f"{key}:10:99999"]},
        )
        self.assertContains(response, "past the end of the text", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_forged_question_id_is_refused(self) -> None:
        """A question id that is not the one at this position changes nothing."""
        number, question = self.questions["single"]
        data = right_post(question)
        data["question"] = question.pk + 9999
        response = self.client.post(question_url(self.attempt, number), data)
        self.assertContains(response, "not part of this attempt", status_code=400)
        self.assertFalse(Response.objects.exists())

    def test_unknown_position_is_404(self) -> None:
        """A question number beyond the attempt is not found."""
        self.assertEqual(
            self.client.get(question_url(self.attempt, 99)).status_code, 404
        )
        self.assertEqual(
            self.client.get(question_url(self.attempt, 0)).status_code, 404
        )

    def test_post_after_submission_changes_nothing(self) -> None:
        """Once submitted, an answer is refused with a message."""
        number, question = self.questions["single"]
        submit_attempt(attempt=self.attempt)
        response = self.client.post(
            question_url(self.attempt, number), right_post(question), follow=True
        )
        self.assertContains(response, "This attempt has been submitted; it is final.")
        json = self.client.post(
            question_url(self.attempt, number),
            right_post(question),
            headers={"X-Requested-With": "fetch"},
        )
        self.assertEqual(json.status_code, 409)
        self.assertFalse(Response.objects.exists())

    def test_late_answer_is_refused_and_attempt_closed(self) -> None:
        """After the deadline the server refuses the answer and submits the attempt."""
        Attempt.objects.filter(pk=self.attempt.pk).update(
            deadline=timezone.now() - timedelta(seconds=1),
            started=timezone.now() - timedelta(minutes=10),
        )
        number, question = self.questions["single"]
        response = self.client.post(
            question_url(self.attempt, number), right_post(question), follow=True
        )
        self.assertContains(response, "Time is up")
        self.attempt.refresh_from_db()
        self.assertIs(self.attempt.is_open, False)
        self.assertFalse(Response.objects.exists())

    def test_timer_shown_when_quiz_has_a_limit(self) -> None:
        """A timed attempt shows the time left; an untimed one shows no timer."""
        response = self.client.get(question_url(self.attempt, 1))
        self.assertNotContains(response, "data-timer ")
        Attempt.objects.filter(pk=self.attempt.pk).update(
            deadline=timezone.now() + timedelta(minutes=20)
        )
        response = self.client.get(question_url(self.attempt, 1))
        self.assertContains(response, "Time left:")
        self.assertContains(response, 'data-remaining="')

    def test_immediate_feedback_after_answering(self) -> None:
        """Under the 'immediately' rule the page shows feedback once answered, not before."""
        self.quiz.feedback = "immediately"
        self.quiz.save()
        number, question = self.questions["single"]
        before = self.client.get(question_url(self.attempt, number))
        self.assertNotContains(before, "SECRET-EXPLANATION-SINGLE")
        self.client.post(
            question_url(self.attempt, number), right_post(question, nav="stay")
        )
        after = self.client.get(question_url(self.attempt, number))
        self.assertContains(after, "SECRET-EXPLANATION-SINGLE")
        self.assertContains(after, "SECRET-FEEDBACK-SINGLE-B")


class AttemptReviewTests(AttemptTestCase):
    def test_review_lists_answered_questions(self) -> None:
        """The review page says which questions are answered."""
        save_answer(
            attempt=self.attempt, question=self.questions["single"][1], answer="b"
        )
        response = self.client.get(
            reverse("lessons:attempt-review", args=[self.attempt.pk])
        )
        self.assertContains(response, "1 of 7")
        self.assertContains(response, ">Answered<", count=1)
        self.assertContains(response, "Not answered", count=6)

    def test_review_shows_the_question_sentence_as_plain_text(self) -> None:
        """The review lists each question by its own sentence: no Markdown, no quoted article text."""
        _number, question = self.questions["single"]
        QuestionVersion.objects.filter(pk=question.current_id).update(
            stem=(
                "> Flu deaths hit **1,200** as clinics close\n>\n"
                "> — *Flu Deaths Hit 1,200*, City Herald\n\n"
                "Who first gave the figure “1,200” (*flu deaths*)?"
            )
        )
        response = self.client.get(
            reverse("lessons:attempt-review", args=[self.attempt.pk])
        )
        self.assertContains(
            response, "1. Who first gave the figure “1,200” (flu deaths)?"
        )
        self.assertNotContains(response, "**")
        self.assertNotContains(response, "&gt; Flu deaths")
        self.assertNotContains(response, "City Herald")

    def test_submit_closes_the_attempt(self) -> None:
        """Submitting scores the attempt and shows the results."""
        save_answer(
            attempt=self.attempt, question=self.questions["single"][1], answer="b"
        )
        response = self.client.post(
            reverse("lessons:attempt-review", args=[self.attempt.pk])
        )
        self.assertRedirects(
            response, reverse("lessons:attempt-result", args=[self.attempt.pk])
        )
        self.attempt.refresh_from_db()
        self.assertIs(self.attempt.is_open, False)

    def test_second_submit_changes_nothing(self) -> None:
        """Submitting twice leaves the first submission as it was."""
        submit_attempt(attempt=self.attempt)
        self.attempt.refresh_from_db()
        submitted = self.attempt.submitted
        response = self.client.post(
            reverse("lessons:attempt-review", args=[self.attempt.pk]), follow=True
        )
        self.assertContains(response, "already been submitted")
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.submitted, submitted)


class AttemptResultTests(AttemptTestCase):
    def test_results_show_feedback_after_submission(self) -> None:
        """Under 'after submit', results give feedback, the answer and the explanation."""
        for _number, question in self.questions.values():
            save_answer(
                attempt=self.attempt, question=question, answer=_engine_answer(question)
            )
        submit_attempt(attempt=self.attempt)
        response = self.client.get(
            reverse("lessons:attempt-result", args=[self.attempt.pk])
        )
        self.assertContains(response, "SECRET-EXPLANATION-SINGLE")
        self.assertContains(response, "SECRET-FEEDBACK-SINGLE-B")
        self.assertContains(response, "SECRET-MODEL-ANSWER")
        self.assertContains(response, "awaiting grading")
        self.assertContains(response, "“than 40 percent”")

    def test_why_is_left_out_when_it_repeats_the_model_answer(self) -> None:
        """A written question whose explanation is its model answer shows that text once, under "A model answer"."""
        _number, question = self.questions["short"]
        QuestionVersion.objects.filter(pk=question.current_id).update(
            explanation="SECRET-MODEL-ANSWER"
        )
        for _n, q in self.questions.values():
            save_answer(attempt=self.attempt, question=q, answer=_engine_answer(q))
        submit_attempt(attempt=self.attempt)
        response = self.client.get(
            reverse("lessons:attempt-result", args=[self.attempt.pk])
        )
        self.assertContains(response, "A model answer")
        self.assertContains(response, "SECRET-MODEL-ANSWER", count=1)
        # The other six questions keep their different "Why".
        self.assertContains(response, '<h3 class="h4">Why</h3>', count=6)

    def test_results_hidden_until_the_quiz_closes(self) -> None:
        """Under 'after close', results say when feedback comes and show none of it."""
        self.quiz.feedback = "after_close"
        self.quiz.closes_at = timezone.now() + timedelta(days=2)
        self.quiz.save()
        save_answer(
            attempt=self.attempt, question=self.questions["single"][1], answer="a"
        )
        submit_attempt(attempt=self.attempt)
        response = self.client.get(
            reverse("lessons:attempt-result", args=[self.attempt.pk])
        )
        self.assertContains(response, "after the quiz closes")
        self.assertNotContains(response, "SECRET-")
        self.assertNotContains(response, "Score:")

    def test_open_attempt_goes_to_review(self) -> None:
        """Results of an attempt still in progress redirect to its review page."""
        response = self.client.get(
            reverse("lessons:attempt-result", args=[self.attempt.pk])
        )
        self.assertRedirects(
            response, reverse("lessons:attempt-review", args=[self.attempt.pk])
        )


def _engine_answer(question):
    from lessons.engine.grade import key_response

    if question.type == "short":
        return "A written answer."
    return key_response(question.type, question.current.answer)
