"""The API's behaviour: reads, filters, authoring, taking a quiz, errors, budgets."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from lessons.models import Article, Attempt, Lesson, Question, QuestionVersion, Response
from tests.factories import (
    ARTICLE_TEXT,
    ArticleFactory,
    AttemptFactory,
    AttributionHopFactory,
    FigureFactory,
    FindingFactory,
    FindingFigureFactory,
    LessonFactory,
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
    ResponseFactory,
    SkillFactory,
    SpanFactory,
    StoryFactory,
)

from .base import ApiTestCase, secret_keys_in

# Answer data for every question type: each holds keys a student must not see.
ANSWERS = {
    "single": {
        "choices": [
            {"key": "a", "text": "Exactly", "correct": False, "feedback": "No.",
             "misconception": "hedge-read-as-exact"},
            {"key": "b", "text": "Roughly", "correct": True, "feedback": "Yes.",
             "misconception": ""},
        ]
    },
    "multiple": {
        "choices": [
            {"key": "a", "text": "A", "correct": True, "feedback": "f1", "misconception": ""},
            {"key": "b", "text": "B", "correct": False, "feedback": "f2", "misconception": "m"},
            {"key": "c", "text": "C", "correct": True, "feedback": "f3", "misconception": ""},
        ],
        "partial": True,
    },
    "numeric": {"value": "45000", "tolerance": "1000", "tolerance_kind": "absolute", "unit": ""},
    "evidence": {"accepted": [{"article": "", "start": 4, "end": 10}], "threshold": "0.5"},
    "ordering": {
        "items": [{"key": "x", "text": "X"}, {"key": "y", "text": "Y"}, {"key": "z", "text": "Z"}],
        "order": ["x", "y", "z"],
        "partial": True,
    },
    "chain": {
        "pool": [{"key": "o", "text": "official"}, {"key": "b", "text": "BBC"},
                 {"key": "c", "text": "Christian Today"}, {"key": "d", "text": "NBC"}],
        "chain": ["o", "b", "c"],
    },
    "short": {"rubric": [{"criterion": "Names the base", "points": 1}],
              "model_answer": "Of the province's territory."},
}  # fmt: skip

# An answer to each type, as a client that reads only the public data sends it.
STUDENT_ANSWERS = {
    "single": "a",
    "multiple": ["a"],
    "numeric": {"value": "44000"},
    "evidence": [{"start": 0, "end": 8}],  # the lone article is implied
    "ordering": ["z", "y", "x"],
    "chain": ["o", "c"],
    "short": "Of the budget.",
}


def question_of_type(qtype: str, **kwargs):
    """A published question of the type, with its answer data as version 1."""
    question = QuestionFactory(type=qtype, **kwargs)
    answer = dict(ANSWERS[qtype])
    if qtype == "evidence":
        answer["accepted"] = [{"article": question.lesson.articles.first().key,
                               "start": 4, "end": 10}]  # fmt: skip
    question.current.answer = answer
    question.current.save(update_fields=["answer"])
    return question


class LessonViewTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hedges = SkillFactory(slug="read-hedges")
        cls.article = ArticleFactory()
        cls.published = LessonFactory(title="B lesson", position=2)
        cls.published.skills.add(cls.hedges)
        cls.published.articles.add(cls.article)
        cls.other = LessonFactory(title="A lesson", position=1)
        cls.draft = LessonFactory(status="draft", author=cls.teacher)
        cls.generated_draft = LessonFactory(status="draft", author=None)

    def test_anonymous_list_holds_published_lessons_only(self):
        """Anonymous users see published lessons only, in position order."""
        response = self.client.get("/api/v1/lessons/")
        self.assertEqual(response.status_code, 200)
        ids = [lesson["id"] for lesson in response.json()["results"]]
        self.assertEqual(ids, [self.other.pk, self.published.pk])

    def test_teacher_list_adds_their_own_drafts(self):
        """A teacher also sees their own drafts, never another's or generated drafts."""
        self.act_as("teacher")
        ids = {
            lesson["id"]
            for lesson in self.client.get("/api/v1/lessons/").json()["results"]
        }
        self.assertEqual(ids, {self.other.pk, self.published.pk, self.draft.pk})
        self.act_as("other_teacher")
        ids = {
            lesson["id"]
            for lesson in self.client.get("/api/v1/lessons/").json()["results"]
        }
        self.assertEqual(ids, {self.other.pk, self.published.pk})

    def test_staff_see_everything(self):
        """Staff see every lesson, drafts included."""
        self.act_as("staff")
        response = self.client.get("/api/v1/lessons/")
        self.assertEqual(response.json()["count"], 4)

    def test_filters_by_skill_status_and_article(self):
        """?skill= takes a slug, ?article= an id, ?status= a status."""
        self.act_as("teacher")
        for query, expected in [
            ("skill=read-hedges", {self.published.pk}),
            (f"article={self.article.pk}", {self.published.pk}),
            ("status=draft", {self.draft.pk}),
            ("skill=no-such-skill", set()),
        ]:
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/lessons/?{query}")
                ids = {lesson["id"] for lesson in response.json()["results"]}
                self.assertEqual(ids, expected)

    def test_bad_filter_value_is_a_400(self):
        """An unknown status is refused with the error shape, naming the field."""
        error = self.assertError(
            self.client.get("/api/v1/lessons/?status=gone"), 400, "invalid"
        )
        self.assertIn("status", error["details"])

    def test_ordering_and_page_size(self):
        """?ordering= sorts the list; ?page_size= sizes the page (at most 100)."""
        response = self.client.get("/api/v1/lessons/?ordering=-title&page_size=1")
        body = response.json()
        self.assertEqual(
            [lesson["id"] for lesson in body["results"]], [self.published.pk]
        )
        self.assertEqual(body["count"], 2)
        self.assertIsNotNone(body["next"])

    def test_page_out_of_range_is_a_404(self):
        """Asking for a page past the end is a 404 of the error shape."""
        self.assertError(self.client.get("/api/v1/lessons/?page=99"), 404, "not_found")

    def test_detail_has_body_and_article_text(self):
        """A lesson's detail carries its body and the text of the articles it reads."""
        response = self.client.get(f"/api/v1/lessons/{self.published.pk}/")
        body = response.json()
        self.assertEqual(body["body"], self.published.body)
        self.assertEqual(body["skills"], ["read-hedges"])
        self.assertEqual(body["articles"][0]["text"], ARTICLE_TEXT)

    def test_publish_sets_status_and_time(self):
        """Publishing a draft makes it published, with the time it happened."""
        self.act_as("teacher")
        response = self.client.post(f"/api/v1/lessons/{self.draft.pk}/publish/")
        self.assertEqual(response.json()["status"], "published")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, "published")
        self.assertIsNotNone(self.draft.published_at)


class QuestionViewTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lesson = LessonFactory()
        cls.lesson.articles.add(ArticleFactory())
        cls.questions = {
            qtype: question_of_type(qtype, lesson=cls.lesson, generated=True)
            for qtype in ANSWERS
        }
        cls.own = QuestionFactory(lesson=LessonFactory(author=cls.teacher), author=cls.teacher,
                                  status="draft")  # fmt: skip

    def test_students_never_see_keys(self):
        """List and detail carry public data only: no key of any type, no explanation."""
        for role in ("anonymous", "student"):
            self.act_as(role)
            with self.subTest(role=role, view="list"):
                body = self.client.get("/api/v1/questions/?page_size=100").json()
                self.assertEqual(body["count"], len(ANSWERS))
                self.assertEqual(secret_keys_in(body, skip=frozenset()), set())
                for item in body["results"]:
                    self.assertIsNone(item["answer"])
                    self.assertIsNone(item["explanation"])
                    self.assertIsNone(item["evidence"])
                    self.assertIs(item["can_edit"], False)
            for qtype, question in self.questions.items():
                with self.subTest(role=role, type=qtype):
                    body = self.client.get(f"/api/v1/questions/{question.pk}/").json()
                    self.assertEqual(secret_keys_in(body, skip=frozenset()), set())
                    self.assertNotIn("Yes.", str(body))

    def test_public_data_keeps_what_is_needed_to_answer(self):
        """Choices keep their keys and texts; ordering items are all there."""
        single = self.client.get(
            f"/api/v1/questions/{self.questions['single'].pk}/"
        ).json()
        self.assertEqual(
            single["data"], {"choices": [{"key": "a", "text": "Exactly"},
                                         {"key": "b", "text": "Roughly"}]}
        )  # fmt: skip
        ordering = self.client.get(
            f"/api/v1/questions/{self.questions['ordering'].pk}/"
        ).json()
        self.assertEqual({i["key"] for i in ordering["data"]["items"]}, {"x", "y", "z"})

    def test_editors_see_the_key(self):
        """A teacher who may edit (shared published content) sees the whole answer data."""
        self.act_as("teacher")
        body = self.client.get(
            f"/api/v1/questions/{self.questions['single'].pk}/"
        ).json()
        self.assertIs(body["can_edit"], True)
        self.assertEqual(body["answer"], ANSWERS["single"])
        self.assertEqual(body["explanation"], "'About' makes the figure approximate.")

    def test_filters(self):
        """Questions filter by type, skill (slug), lesson and difficulty."""
        numeric = self.questions["numeric"]
        Question.objects.filter(pk=numeric.pk).update(difficulty=3)
        for query, expected in [
            ("type=numeric", {numeric.pk}),
            (f"skill={numeric.skill.slug}", {numeric.pk}),
            (f"lesson={self.lesson.pk}", {q.pk for q in self.questions.values()}),
            ("difficulty=3", {numeric.pk}),
        ]:
            with self.subTest(query=query):
                body = self.client.get(
                    f"/api/v1/questions/?{query}&page_size=100"
                ).json()
                self.assertEqual({q["id"] for q in body["results"]}, expected)

    def test_edit_makes_a_new_version_and_marks_edited(self):
        """PATCH freezes the new content as version 2; version 1 stays for past answers."""
        self.act_as("teacher")
        question = self.questions["single"]
        answer = {**ANSWERS["single"]}
        answer["choices"] = [dict(c) for c in answer["choices"]]
        answer["choices"][0]["feedback"] = "Not exact: 'about' hedges it."
        response = self.client.patch(
            f"/api/v1/questions/{question.pk}/",
            {"stem": "What does 'about' allow?", "answer": answer},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(
            (body["version"], body["stem"]), (2, "What does 'about' allow?")
        )
        self.assertIs(body["edited"], True)
        question.refresh_from_db()
        self.assertEqual(question.current.number, 2)
        self.assertEqual(QuestionVersion.objects.filter(question=question).count(), 2)
        self.assertEqual(
            question.current.explanation, "'About' makes the figure approximate."
        )

    def test_edit_that_changes_nothing_writes_nothing(self):
        """Sending the current content again adds no version."""
        self.act_as("teacher")
        question = self.questions["single"]
        self.client.patch(
            f"/api/v1/questions/{question.pk}/",
            {"stem": question.current.stem},
            format="json",
        )
        self.assertEqual(QuestionVersion.objects.filter(question=question).count(), 1)

    def test_bad_edits_change_nothing(self):
        """Unsound keys, wrong types and empty stems are 400s naming the field."""
        self.act_as("teacher")
        question = self.questions["single"]
        for body, field in [
            ({"answer": {"choices": []}}, "answer"),
            ({"answer": "b"}, "answer"),
            (
                {"answer": {"choices": [{"key": "a", "text": "A", "correct": False}]}},
                "answer",
            ),
            ({"stem": ""}, "stem"),
            ({"difficulty": 7}, "difficulty"),
            ({"difficulty": "hard"}, "difficulty"),
            ({"evidence": [{"start": 9, "end": 2}]}, "evidence"),
        ]:
            with self.subTest(body=body):
                response = self.client.patch(
                    f"/api/v1/questions/{question.pk}/", body, format="json"
                )
                error = self.assertError(response, 400, "invalid")
                self.assertIn(field, error["details"])
                self.assertIn(field, error["message"])
        question.refresh_from_db()
        self.assertEqual(question.current.number, 1)
        self.assertIs(question.edited, False)

    def test_evidence_key_must_lie_in_an_article(self):
        """An evidence key naming an unknown article, or past its end, is refused."""
        self.act_as("teacher")
        question = self.questions["evidence"]
        key = question.current.answer["accepted"][0]["article"]
        for span, words in [
            ({"article": "no-such-article", "start": 0, "end": 4}, "unknown article"),
            ({"article": key, "start": 0, "end": 10**6}, "past the end"),
        ]:
            with self.subTest(span=span):
                response = self.client.patch(
                    f"/api/v1/questions/{question.pk}/",
                    {"answer": {"accepted": [span], "threshold": "0.5"}},
                    format="json",
                )
                error = self.assertError(response, 400, "invalid")
                self.assertIn(words, error["message"])
        question.refresh_from_db()
        self.assertEqual(question.current.number, 1)

    def test_publish_a_draft_question(self):
        """Publishing the teacher's draft question makes it published."""
        self.act_as("teacher")
        response = self.client.post(f"/api/v1/questions/{self.own.pk}/publish/")
        self.assertEqual(response.json()["status"], "published")


class QuizViewTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.quiz = QuizFactory(feedback="after_submit")
        cls.first = QuizItemFactory(quiz=cls.quiz, position=1).question
        cls.second = QuizItemFactory(quiz=cls.quiz, position=2).question
        cls.draft_quiz = QuizFactory(status="draft", author=cls.teacher)
        cls.draft_question = QuizItemFactory(
            quiz=cls.draft_quiz, position=1,
            question=QuestionFactory(status="draft", author=cls.teacher),
        ).question  # fmt: skip
        cls.empty_quiz = QuizFactory(status="draft", author=cls.teacher)

    def test_detail_lists_questions_in_order_in_public_form(self):
        """A quiz's items come in order, each question in public form."""
        body = self.client.get(f"/api/v1/quizzes/{self.quiz.pk}/").json()
        self.assertEqual([i["question"]["id"] for i in body["items"]],
                         [self.first.pk, self.second.pk])  # fmt: skip
        self.assertEqual(body["feedback_rule"], "after_submit")
        self.assertEqual(secret_keys_in(body, skip=frozenset()), set())

    def test_publish_publishes_draft_questions_too(self):
        """Publishing a quiz publishes its draft questions, so students never meet one."""
        self.act_as("teacher")
        response = self.client.post(f"/api/v1/quizzes/{self.draft_quiz.pk}/publish/")
        self.assertEqual(response.json()["status"], "published")
        self.draft_question.refresh_from_db()
        self.assertEqual(self.draft_question.status, "published")

    def test_publishing_an_empty_quiz_is_refused(self):
        """A quiz without questions cannot be published; it stays a draft."""
        self.act_as("teacher")
        response = self.client.post(f"/api/v1/quizzes/{self.empty_quiz.pk}/publish/")
        error = self.assertError(response, 400, "invalid")
        self.assertIn("no questions", error["message"])
        self.empty_quiz.refresh_from_db()
        self.assertEqual(self.empty_quiz.status, "draft")


class ArticleViewTests(ApiTestCase):
    def import_article(self, **fields):
        body = {
            "text": ARTICLE_TEXT,
            "headline": "Parks",
            "outlet": "The Gazette",
            **fields,
        }
        return self.client.post("/api/v1/articles/", body, format="json")

    def test_import_stores_the_text_exactly_and_extracts_figures(self):
        """Importing keeps the text byte for byte, owned by the teacher, figures unreviewed."""
        self.act_as("teacher")
        text = "  " + ARTICLE_TEXT + "\n"
        response = self.import_article(text=text, published="2016-01-05")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        article = Article.objects.get(pk=body["id"])
        self.assertEqual(article.text, text)
        self.assertEqual(article.owner, self.teacher)
        self.assertEqual(body["text"], text)
        self.assertEqual(body["published"], "2016-01-05")
        self.assertTrue(body["figures"])
        self.assertFalse(any(f["reviewed"] for f in body["figures"]))

    def test_bad_imports_are_refused_and_change_nothing(self):
        """Oversize text, wrong types, bad dates, unknown stories and empties are 400s."""
        self.act_as("teacher")
        with self.settings(TALLY_MAX_ARTICLE_CHARS=100_000):
            cases = [
                ({"text": "x" * 100_001}, "text"),
                ({"text": 12}, "text"),
                ({"text": "   "}, "text"),
                ({"headline": ["a"]}, "headline"),
                ({"published": "last week"}, "published"),
                ({"story": "no-such-story"}, "story"),
                ({"url": "not a url"}, "url"),
                ({"key": "not a slug!"}, "key"),
                ({"outlet": ""}, "outlet"),
            ]
            for fields, field in cases:
                with self.subTest(field=field, value=str(fields)[:40]):
                    error = self.assertError(
                        self.import_article(**fields), 400, "invalid"
                    )
                    self.assertIn(field, error["details"])
        self.assertEqual(Article.objects.count(), 0)

    def test_importing_the_same_key_twice_is_refused(self):
        """A second article with the same key is a 400 naming the key."""
        self.act_as("teacher")
        self.assertEqual(self.import_article(key="parks").status_code, 201)
        error = self.assertError(self.import_article(key="parks"), 400, "invalid")
        self.assertIn("parks", error["message"])
        self.assertEqual(Article.objects.count(), 1)

    def test_malformed_json_is_a_parse_error(self):
        """A body that is not JSON is a 400 with code parse_error."""
        self.act_as("teacher")
        response = self.client.post(
            "/api/v1/articles/", "{not json", content_type="application/json"
        )
        self.assertError(response, 400, "parse_error")

    def test_detail_has_spans_figures_and_attribution(self):
        """An article's detail has its text, spans and figures with their hops."""
        self.act_as("teacher")
        figure = FigureFactory(article=ArticleFactory(owner=self.teacher))
        SpanFactory(figure=figure)
        AttributionHopFactory(figure=figure, order=0)
        body = self.client.get(f"/api/v1/articles/{figure.article_id}/").json()
        self.assertEqual(body["figures"][0]["exact"], "about $2 million")
        self.assertEqual(body["figures"][0]["hops"][0]["speaker"], "the mayor")
        self.assertEqual(body["spans"][0]["role"], "source")

    def test_build_makes_the_teachers_drafts(self):
        """Building a teacher's article makes lessons and questions that are theirs."""
        self.act_as("teacher")
        article_id = self.import_article().json()["id"]
        response = self.client.post(
            f"/api/v1/articles/{article_id}/build/", {}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        report = response.json()
        self.assertEqual(set(report), {
            "lessons_created", "lessons_updated", "questions_created",
            "question_versions_added", "questions_retired", "quizzes_created",
            "lessons", "quizzes",
        })  # fmt: skip
        lessons = Lesson.objects.filter(pk__in=report["lessons"])
        self.assertEqual(lessons.count(), len(report["lessons"]))
        self.assertFalse(lessons.exclude(author=self.teacher).exists())
        self.assertFalse(lessons.exclude(status="draft").exists())
        self.assertFalse(
            Question.objects.filter(lesson__in=lessons)
            .exclude(author=self.teacher)
            .exists()
        )

    def test_build_rejects_a_non_boolean_publish(self):
        """publish must be a boolean."""
        self.act_as("teacher")
        article = ArticleFactory(owner=self.teacher)
        response = self.client.post(
            f"/api/v1/articles/{article.pk}/build/",
            {"publish": "perhaps"},
            format="json",
        )
        self.assertError(response, 400, "invalid")


class FigureAndFindingViewTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.article = ArticleFactory(owner=cls.teacher)
        cls.reviewed = FigureFactory(article=cls.article, reviewed=True)
        cls.unreviewed = FigureFactory(article=cls.article, reviewed=False)
        cls.conflict = FindingFactory(
            article=cls.article, kind="part_whole", verdict="conflict"
        )
        cls.fine = FindingFactory(article=cls.article, kind="rate_over_time",
                                  verdict="consistent")  # fmt: skip
        FindingFigureFactory(finding=cls.conflict, figure=cls.reviewed, position=0)

    def test_figures_filter_by_article_and_reviewed(self):
        """?reviewed=false lists the figures a teacher still has to check."""
        self.act_as("teacher")
        body = self.client.get(
            f"/api/v1/figures/?article={self.article.pk}&reviewed=false"
        ).json()
        self.assertEqual([f["id"] for f in body["results"]], [self.unreviewed.pk])

    def test_findings_filter_by_kind_and_verdict(self):
        """Findings filter by kind and verdict, and list their figures in order."""
        self.act_as("teacher")
        body = self.client.get("/api/v1/findings/?verdict=conflict").json()
        self.assertEqual([f["id"] for f in body["results"]], [self.conflict.pk])
        self.assertEqual(body["results"][0]["figures"], [self.reviewed.pk])
        body = self.client.get("/api/v1/findings/?kind=rate_over_time").json()
        self.assertEqual([f["id"] for f in body["results"]], [self.fine.pk])


class AttemptViewTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.lesson = LessonFactory()
        cls.article = ArticleFactory()
        cls.lesson.articles.add(cls.article)
        cls.questions = [
            question_of_type(qtype, lesson=cls.lesson, generated=True)
            for qtype in ANSWERS
        ]
        cls.quiz = cls.make_quiz(feedback="after_submit")
        cls.outsider = QuestionFactory()

    @classmethod
    def make_quiz(cls, **fields):
        quiz = QuizFactory(lesson=cls.lesson, **fields)
        for position, question in enumerate(cls.questions, start=1):
            QuizItemFactory(quiz=quiz, question=question, position=position)
        return quiz

    def start(self, quiz=None):
        return self.client.post("/api/v1/attempts/", {"quiz": (quiz or self.quiz).pk},
                                format="json")  # fmt: skip

    def answer_all(self, attempt_id: int) -> None:
        for question in self.questions:
            response = self.client.post(
                f"/api/v1/attempts/{attempt_id}/answer/",
                {"question": question.pk, "answer": STUDENT_ANSWERS[question.type]},
                format="json",
            )
            self.assertEqual(
                response.status_code, 200, (question.type, response.content)
            )

    def test_start_answer_submit_and_read_results(self):
        """The whole flow: start (201), resume (200), answer each, submit, results."""
        self.act_as("student")
        started = self.start()
        self.assertEqual(started.status_code, 201)
        attempt_id = started.json()["id"]
        self.assertEqual(self.start().status_code, 200)  # resumed, not a second attempt
        self.assertEqual(self.start().json()["id"], attempt_id)
        body = started.json()
        self.assertEqual([i["question"]["id"] for i in body["items"]],
                         [q.pk for q in self.questions])  # fmt: skip
        self.assertEqual(
            body["articles"][0]["text"], ARTICLE_TEXT
        )  # for the evidence question
        self.answer_all(attempt_id)
        submitted = self.client.post(f"/api/v1/attempts/{attempt_id}/submit/")
        self.assertEqual(submitted.status_code, 200)
        result = submitted.json()
        self.assertEqual(result["state"], "awaiting_grading")  # the short answer
        self.assertIs(result["feedback_visible"], True)
        self.assertIsNotNone(result["score"])
        single = result["items"][0]
        self.assertEqual(single["response"]["grade"]["feedback"], "No.")
        self.assertEqual(single["solution"]["key"], "b")
        self.assertEqual(
            Response.objects.filter(attempt_id=attempt_id).count(), len(ANSWERS)
        )

    def test_no_keys_before_the_rule_allows(self):
        """Start, answer and read an open attempt: no key, grade or explanation in any JSON."""
        for rule in ("after_submit", "after_close"):
            quiz = self.make_quiz(
                feedback=rule, closes_at=timezone.now() + timedelta(days=1)
            )
            self.act_as("student")
            with self.subTest(rule=rule):
                started = self.start(quiz).json()
                self.assertEqual(secret_keys_in(started), set())
                for question in self.questions:
                    saved = self.client.post(
                        f"/api/v1/attempts/{started['id']}/answer/",
                        {
                            "question": question.pk,
                            "answer": STUDENT_ANSWERS[question.type],
                        },
                        format="json",
                    ).json()
                    self.assertEqual(secret_keys_in(saved), set())
                    self.assertIsNone(saved["grade"])
                detail = self.client.get(f"/api/v1/attempts/{started['id']}/").json()
                self.assertEqual(secret_keys_in(detail), set())
                self.assertIsNone(detail["score"])
                self.assertTrue(all(i["solution"] is None for i in detail["items"]))
                self.assertNotIn("'About' makes the figure approximate.", str(detail))
                listing = self.client.get("/api/v1/attempts/").json()
                self.assertEqual(secret_keys_in(listing), set())
                for question in self.questions:
                    body = self.client.get(f"/api/v1/questions/{question.pk}/").json()
                    self.assertEqual(secret_keys_in(body, skip=frozenset()), set())

    def test_after_close_keeps_results_until_the_quiz_closes(self):
        """A submitted attempt at an after-close quiz shows no grades or keys until it closes."""
        quiz = self.make_quiz(
            feedback="after_close", closes_at=timezone.now() + timedelta(days=1)
        )
        self.act_as("student")
        attempt_id = self.start(quiz).json()["id"]
        self.answer_all(attempt_id)
        result = self.client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
        self.assertIs(result["feedback_visible"], False)
        self.assertIsNone(result["score"])
        self.assertEqual(secret_keys_in(result), set())
        with mock.patch(
            "lessons.api.views.timezone.now",
            return_value=timezone.now() + timedelta(days=2),
        ):
            later = self.client.get(f"/api/v1/attempts/{attempt_id}/").json()
        self.assertIs(later["feedback_visible"], True)
        self.assertEqual(later["items"][0]["solution"]["key"], "b")

    def test_immediate_feedback_shows_grades_but_no_keys_while_open(self):
        """'Immediately' shows each answer's grade; the key waits for submission."""
        quiz = self.make_quiz(feedback="immediately")
        self.act_as("student")
        attempt_id = self.start(quiz).json()["id"]
        saved = self.client.post(
            f"/api/v1/attempts/{attempt_id}/answer/",
            {"question": self.questions[0].pk, "answer": "b"},
            format="json",
        ).json()
        self.assertEqual(saved["grade"]["score"], "1.0000")
        detail = self.client.get(f"/api/v1/attempts/{attempt_id}/").json()
        self.assertTrue(all(i["solution"] is None for i in detail["items"]))

    def test_bad_answers_are_refused_and_change_nothing(self):
        """Wrong types, unknown choices, unknown or outside questions: 400, nothing saved."""
        self.act_as("student")
        attempt_id = self.start().json()["id"]
        single, numeric = self.questions[0], self.questions[2]
        cases = [
            ({"question": single.pk, "answer": "zz"}, "unknown choice"),
            ({"question": single.pk, "answer": 2}, "choose one choice"),
            ({"question": single.pk, "answer": {"key": "b"}}, "could not be read"),
            ({"question": numeric.pk, "answer": "lots"}, "could not be read"),
            ({"question": numeric.pk, "answer": None}, "answer"),
            ({"question": self.outsider.pk, "answer": "b"}, "not part of this attempt"),
            ({"question": 999_999, "answer": "b"}, "not part of this attempt"),
            ({"question": "first", "answer": "b"}, "valid integer"),
            ({"answer": "b"}, "required"),
            ([1, 2], "dictionary"),
        ]
        for body, words in cases:
            with self.subTest(body=body):
                response = self.client.post(
                    f"/api/v1/attempts/{attempt_id}/answer/", body, format="json"
                )
                error = self.assertError(response, 400, "invalid")
                self.assertIn(words, error["message"])
        self.assertFalse(Response.objects.filter(attempt_id=attempt_id).exists())

    def test_saving_after_submit_is_a_conflict(self):
        """Once submitted, saving an answer is a 409 and the saved answer stays."""
        self.act_as("student")
        attempt_id = self.start().json()["id"]
        single = self.questions[0]
        url = f"/api/v1/attempts/{attempt_id}/answer/"
        self.client.post(url, {"question": single.pk, "answer": "a"}, format="json")
        self.client.post(f"/api/v1/attempts/{attempt_id}/submit/")
        response = self.client.post(
            url, {"question": single.pk, "answer": "b"}, format="json"
        )
        error = self.assertError(response, 409, "quiz_closed")
        self.assertEqual(error["details"], {"reason": "submitted"})
        self.assertIn("submitted", error["message"])
        self.assertEqual(Response.objects.get(attempt_id=attempt_id).answer, "a")

    def test_clearing_an_answer(self):
        """An answer can be cleared while the attempt is open; the question is
        unanswered again; afterwards clearing is a 409 and changes nothing."""
        self.act_as("student")
        attempt_id = self.start().json()["id"]
        single = self.questions[0]
        base = f"/api/v1/attempts/{attempt_id}"
        self.client.post(f"{base}/answer/", {"question": single.pk, "answer": "a"},
                         format="json")  # fmt: skip
        cleared = self.client.post(
            f"{base}/clear/", {"question": single.pk}, format="json"
        )
        self.assertEqual(cleared.status_code, 200)
        self.assertEqual(cleared.json(), {"cleared": True})
        self.assertFalse(Response.objects.filter(attempt_id=attempt_id).exists())
        again = self.client.post(
            f"{base}/clear/", {"question": single.pk}, format="json"
        )
        self.assertEqual(again.json(), {"cleared": False})
        error = self.assertError(
            self.client.post(f"{base}/clear/", {"question": self.outsider.pk},
                             format="json"), 400, "invalid")  # fmt: skip
        self.assertIn("not part of this attempt", error["message"])
        self.client.post(f"{base}/answer/", {"question": single.pk, "answer": "b"},
                         format="json")  # fmt: skip
        self.client.post(f"{base}/submit/")
        closed = self.client.post(
            f"{base}/clear/", {"question": single.pk}, format="json"
        )
        self.assertError(closed, 409, "quiz_closed")
        self.assertEqual(Response.objects.get(attempt_id=attempt_id).answer, "b")

    def test_submitting_twice_changes_nothing(self):
        """A second submission returns the same result."""
        self.act_as("student")
        attempt_id = self.start().json()["id"]
        first = self.client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
        second = self.client.post(f"/api/v1/attempts/{attempt_id}/submit/").json()
        self.assertEqual(first["submitted"], second["submitted"])

    def test_start_refusals(self):
        """Unknown, draft or closed quizzes and used-up attempts are refused clearly."""
        self.act_as("student")
        closed = self.make_quiz(closes_at=timezone.now() - timedelta(hours=1),
                                opens_at=timezone.now() - timedelta(days=1))  # fmt: skip
        once = self.make_quiz(attempts_allowed=1)
        draft = self.make_quiz(status="draft")
        self.assertError(self.client.post("/api/v1/attempts/", {"quiz": 999_999},
                                          format="json"), 400, "invalid")  # fmt: skip
        self.assertError(self.client.post("/api/v1/attempts/", {"quiz": "x"},
                                          format="json"), 400, "invalid")  # fmt: skip
        self.assertError(self.start(draft), 400, "invalid")  # invisible: an unknown id
        error = self.assertError(self.start(closed), 409, "quiz_closed")
        self.assertEqual(error["details"]["reason"], "closed")
        attempt_id = self.start(once).json()["id"]
        self.client.post(f"/api/v1/attempts/{attempt_id}/submit/")
        error = self.assertError(self.start(once), 409, "quiz_closed")
        self.assertEqual(error["details"]["reason"], "no_attempts_left")
        self.assertEqual(Attempt.objects.filter(student=self.student).count(), 1)

    def test_teacher_sees_attempts_at_their_quiz(self):
        """A quiz's author reads students' attempts at it; other teachers do not."""
        quiz = self.make_quiz(author=self.teacher)
        attempt = AttemptFactory(quiz=quiz, student=self.student)
        self.act_as("teacher")
        self.assertEqual(
            self.client.get(f"/api/v1/attempts/{attempt.pk}/").status_code, 200
        )
        self.act_as("other_teacher")
        self.assertError(
            self.client.get(f"/api/v1/attempts/{attempt.pk}/"), 404, "not_found"
        )

    def test_list_filters_by_quiz_and_state(self):
        """?quiz= and ?state= narrow a student's attempts."""
        other = self.make_quiz()
        AttemptFactory(quiz=self.quiz, student=self.student)
        AttemptFactory(quiz=other, student=self.student)
        self.act_as("student")
        body = self.client.get(
            f"/api/v1/attempts/?quiz={other.pk}&state=in_progress"
        ).json()
        self.assertEqual([a["quiz"] for a in body["results"]], [other.pk])


class ProgressViewTests(ApiTestCase):
    def test_progress_by_skill(self):
        """Each skill with the student's answered count and average over submitted attempts."""
        question = QuestionFactory()
        item = QuizItemFactory(question=question)
        attempt = AttemptFactory(quiz=item.quiz, student=self.student, state="graded",
                                 started=timezone.now(), submitted=timezone.now())  # fmt: skip
        ResponseFactory(attempt=attempt, question=question, score=Decimal("0.5"))
        self.act_as("student")
        body = self.client.get("/api/v1/progress/").json()
        row = next(r for r in body if r["skill"]["slug"] == question.skill.slug)
        self.assertEqual((row["answered"], row["average"]), (1, "0.5000"))
        self.act_as("other_student")
        body = self.client.get("/api/v1/progress/").json()
        row = next(r for r in body if r["skill"]["slug"] == question.skill.slug)
        self.assertEqual((row["answered"], row["average"]), (0, None))


class TokenViewTests(ApiTestCase):
    url = "/api/v1/auth/token/"
    password = "correct horse battery staple"

    def test_obtain_use_and_revoke(self):
        """A token from username and password authenticates; after DELETE it does not."""
        Token.objects.filter(user=self.student).delete()
        response = self.client.post(
            self.url,
            {"username": self.student.username, "password": self.password},
            format="json",
        )
        token = response.json()["token"]
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        self.assertEqual(self.client.get("/api/v1/progress/").status_code, 200)
        self.assertEqual(self.client.delete(self.url).status_code, 204)
        self.assertFalse(Token.objects.filter(user=self.student).exists())
        self.assertError(
            self.client.get("/api/v1/progress/"), 401, "authentication_failed"
        )

    def test_wrong_password_is_a_401(self):
        """Wrong credentials are refused with a message and no token."""
        response = self.client.post(
            self.url,
            {"username": self.student.username, "password": "wrong"},
            format="json",
        )
        error = self.assertError(response, 401, "authentication_failed")
        self.assertIn("username and password", error["message"])

    def test_missing_fields_are_a_400(self):
        """Both username and password are required."""
        error = self.assertError(
            self.client.post(self.url, {}, format="json"), 400, "invalid"
        )
        self.assertEqual(set(error["details"]), {"username", "password"})

    def test_token_endpoint_is_throttled_as_auth(self):
        """The token endpoint has its own, stricter rate ("auth" scope): then 429."""
        rates = {**SimpleRateThrottle.THROTTLE_RATES, "auth": "3/minute"}
        # One moment, mid-minute: the requests must not straddle two windows.
        moment = (time.time() // 60) * 60 + 30
        with (
            mock.patch.object(SimpleRateThrottle, "THROTTLE_RATES", rates),
            mock.patch.object(SimpleRateThrottle, "timer", lambda self: moment),
        ):
            statuses = [
                self.client.post(
                    self.url, {"username": "x", "password": "y"}, format="json"
                ).status_code
                for _ in range(4)
            ]
            self.assertEqual(statuses, [401, 401, 401, 429])
            error = self.assertError(
                self.client.post(
                    self.url, {"username": "x", "password": "y"}, format="json"
                ),
                429,
                "throttled",
            )
            self.assertIn("wait", error["details"])
            # Other endpoints are not held up by the auth scope.
            self.assertEqual(self.client.get("/api/v1/skills/").status_code, 200)


class ErrorShapeTests(ApiTestCase):
    def test_only_json_bodies_are_read(self):
        """A form-encoded body is a 415 of the error shape: the API reads JSON only."""
        self.act_as("teacher")
        response = self.client.post(
            "/api/v1/articles/", {"text": "x"}, format="multipart"
        )
        self.assertError(response, 415, "unsupported_media_type")

    def test_every_kind_of_error_has_the_one_shape(self):
        """401, 403, 404, 405 and 400 all come as {"error": {code, message, details}}."""
        self.act_as("anonymous")
        self.assertError(self.client.get("/api/v1/progress/"), 401, "not_authenticated")
        self.act_as("student")
        self.assertError(self.client.get("/api/v1/articles/"), 403, "permission_denied")
        self.assertError(self.client.get("/api/v1/lessons/999999/"), 404, "not_found")
        self.assertError(
            self.client.delete("/api/v1/lessons/"), 405, "method_not_allowed"
        )
        self.assertError(self.client.get("/api/v1/lessons/?ordering=title&page=zero"),
                         400, "invalid")  # fmt: skip
        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
        self.assertError(
            self.client.get("/api/v1/lessons/"), 401, "authentication_failed"
        )

    def test_unknown_urls_under_the_api_are_json_404s(self):
        """Ids that are not whole numbers, huge ids and unknown paths: the error shape."""
        for url in (
            "/api/v1/lessons/0.5/",
            "/api/v1/lessons/99999999999999999999999/",
            "/api/v1/no-such-thing/",
            "/api/v1/lessons",
        ):
            with self.subTest(url=url):
                self.assertError(self.client.get(url), 404, "not_found")

    def test_bad_list_parameters_are_400s(self):
        """A bad page size, a fractional or huge id filter: 400 naming the parameter."""
        for query, field in [
            ("page_size=0", "page_size"),
            ("page_size=abc", "page_size"),
            ("page_size=101", "page_size"),
            ("lesson=0.5", "lesson"),
            ("lesson=99999999999999999999999", "lesson"),
        ]:
            with self.subTest(query=query):
                response = self.client.get(f"/api/v1/questions/?{query}")
                error = self.assertError(response, 400, "invalid")
                self.assertIn(field, error["details"])

    def test_unauthenticated_responses_say_how_to_authenticate(self):
        """A 401 carries WWW-Authenticate: Token."""
        response = self.client.get("/api/v1/progress/")
        self.assertEqual(response["WWW-Authenticate"], "Token")


class QueryBudgetTests(ApiTestCase):
    """Every list and detail costs the same number of queries for 5 or 50 objects."""

    def count_queries(self, make, url, role: str) -> list[int]:
        counts = []
        for n in (5, 50):
            with transaction.atomic():
                target = make(n)
                self.act_as(role)
                cache_url = url(target) if callable(url) else url
                # Warm the per-process caches (content types, user groups) first.
                self.client.get(cache_url)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(cache_url)
                self.assertEqual(response.status_code, 200, response.content[:300])
                counts.append(len(queries))
                transaction.set_rollback(True)
        return counts

    def assertConstant(self, make, url, role: str = "staff") -> None:
        small, large = self.count_queries(make, url, role)
        self.assertEqual(small, large, f"{url}: {small} queries for 5, {large} for 50")

    # --- makers: n objects of a kind, each with related rows to prefetch ---

    def lessons(self, n):
        skill = SkillFactory()
        article = ArticleFactory()
        for _ in range(n):
            lesson = LessonFactory()
            lesson.skills.add(skill)
            lesson.articles.add(article)
        return lesson

    def lesson_with(self, n):
        lesson = LessonFactory()
        for _ in range(n):
            article = ArticleFactory()
            lesson.articles.add(article)
            lesson.skills.add(SkillFactory())
            lesson.figures.add(FigureFactory(article=article))
            lesson.findings.add(FindingFactory(article=article))
        return lesson

    def questions(self, n):
        lesson = LessonFactory()
        return [QuestionFactory(lesson=lesson) for _ in range(n)][-1]

    def quiz_with(self, n):
        quiz = QuizFactory()
        for position in range(1, n + 1):
            QuizItemFactory(quiz=quiz, position=position)
        return quiz

    def article_with(self, n):
        article = ArticleFactory()
        for _ in range(n):
            figure = FigureFactory(article=article, exact="40 percent")
            SpanFactory(figure=figure)
            AttributionHopFactory(figure=figure, order=0)
        return article

    def findings(self, n):
        article = ArticleFactory()
        for _ in range(n):
            finding = FindingFactory(article=article)
            FindingFigureFactory(finding=finding, position=0)
        return finding

    def attempts(self, n):
        quiz = self.quiz_with(1)
        for number in range(1, n + 1):
            AttemptFactory(quiz=quiz, student=self.staff, number=number, state="graded",
                           started=timezone.now(), submitted=timezone.now())  # fmt: skip

    def attempt_with(self, n):
        quiz = self.quiz_with(n)
        attempt = AttemptFactory(quiz=quiz, student=self.staff)
        for item in quiz.items.all():
            ResponseFactory(attempt=attempt, question=item.question)
        return attempt

    def test_lists(self):
        """Lists of lessons, questions, quizzes, articles, figures, findings, attempts."""
        for name, make, url in [
            ("lessons", self.lessons, "/api/v1/lessons/"),
            ("questions", self.questions, "/api/v1/questions/"),
            ("quizzes", lambda n: [QuizFactory() for _ in range(n)], "/api/v1/quizzes/"),
            ("articles", lambda n: [ArticleFactory() for _ in range(n)], "/api/v1/articles/"),
            ("stories", lambda n: [ArticleFactory(story=StoryFactory()) for i in range(n)],
             "/api/v1/stories/"),
            ("figures", self.article_with, "/api/v1/figures/"),
            ("findings", self.findings, "/api/v1/findings/"),
            ("skills", lambda n: [SkillFactory() for _ in range(n)], "/api/v1/skills/"),
            ("attempts", self.attempts, "/api/v1/attempts/"),
            ("progress", lambda n: [SkillFactory() for _ in range(n)], "/api/v1/progress/"),
        ]:  # fmt: skip
            for role in ("anonymous", "student", "staff"):
                if role == "anonymous" and name in (
                    "articles",
                    "stories",
                    "figures",
                    "findings",
                    "attempts",
                    "progress",
                ):
                    continue
                if role == "student" and name in (
                    "articles",
                    "stories",
                    "figures",
                    "findings",
                ):
                    continue
                with self.subTest(list=name, role=role):
                    self.assertConstant(make, url, role)

    def test_details(self):
        """Details of a lesson, quiz, article, finding and attempt, by size."""
        for name, make, url in [
            ("lesson", self.lesson_with, lambda o: f"/api/v1/lessons/{o.pk}/"),
            ("quiz", self.quiz_with, lambda o: f"/api/v1/quizzes/{o.pk}/"),
            ("article", self.article_with, lambda o: f"/api/v1/articles/{o.pk}/"),
            ("finding", self.finding_with, lambda o: f"/api/v1/findings/{o.pk}/"),
            ("figure", self.figure_with, lambda o: f"/api/v1/figures/{o.pk}/"),
            ("question", self.questions, lambda o: f"/api/v1/questions/{o.pk}/"),
            ("attempt", self.attempt_with, lambda o: f"/api/v1/attempts/{o.pk}/"),
            ("skill", lambda n: [SkillFactory() for _ in range(n)][-1],
             lambda o: f"/api/v1/skills/{o.slug}/"),
            ("story", lambda n: [ArticleFactory(story=StoryFactory()) for i in range(n)][-1].story,
             lambda o: f"/api/v1/stories/{o.pk}/"),
        ]:  # fmt: skip
            with self.subTest(detail=name):
                self.assertConstant(make, url)

    def finding_with(self, n):
        finding = FindingFactory()
        for position in range(n):
            FindingFigureFactory(finding=finding, position=position)
        return finding

    def figure_with(self, n):
        figure = FigureFactory()
        for order in range(n):
            SpanFactory(figure=figure)
            AttributionHopFactory(figure=figure, order=order)
        return figure


class TokenRoleTests(ApiTestCase):
    """The token's query also tells whether its user teaches: no second query."""

    def test_one_query_for_token_user_and_role(self):
        question = QuestionFactory(status="published", lesson=None)
        for role in ("student", "teacher"):
            with self.subTest(role=role):
                self.act_as(role)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(f"/api/v1/questions/{question.pk}/")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(queries), 2, [q["sql"] for q in queries])
                self.assertIs(response.json()["can_edit"], role == "teacher")

    def test_inactive_user_token_is_refused(self):
        user = self.users["teacher"]
        user.is_active = False
        user.save(update_fields=["is_active"])
        self.act_as("teacher")
        self.assertError(self.client.get("/api/v1/lessons/"), 401)
        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        self.assertError(self.client.get("/api/v1/lessons/"), 401)


class DetailIgnoresListFiltersTests(ApiTestCase):
    """A list's filter and ordering parameters do not reach one object's lookup."""

    def test_detail_ignores_list_filters(self):
        question = QuestionFactory(status="published", lesson=None)
        self.act_as("student")
        url = f"/api/v1/questions/{question.pk}/"
        for query in ("?status=draft", "?type=bogus", "?ordering=difficulty"):
            with self.subTest(query=query):
                response = self.client.get(url + query)
                self.assertEqual(response.status_code, 200, response.content[:300])
                self.assertEqual(response.json()["id"], question.pk)
