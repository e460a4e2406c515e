"""Questions of every type with key material that is easy to spot in a page."""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import signals
from django.test import SimpleTestCase

from tests.factories import (
    ArticleFactory,
    LessonFactory,
    QuestionFactory,
    QuestionVersionFactory,
    QuizFactory,
    QuizItemFactory,
    SkillFactory,
)

ACCEPTED_QUOTE = "more than 40 percent"


def answer_data(qtype: str, article_key: str, text: str) -> dict[str, Any]:
    """Answer data per type (lessons/engine/questions.py) with marked secrets."""
    if qtype == "single":
        return {
            "choices": [
                {
                    "key": "a",
                    "text": "Exactly two million",
                    "correct": False,
                    "feedback": "SECRET-FEEDBACK-SINGLE-A",
                    "misconception": "secret-misc-single",
                },
                {
                    "key": "b",
                    "text": "Roughly two million",
                    "correct": True,
                    "feedback": "SECRET-FEEDBACK-SINGLE-B",
                    "misconception": "",
                },
            ]
        }
    if qtype == "multiple":
        return {
            "choices": [
                {
                    "key": "m1",
                    "text": "The council",
                    "correct": True,
                    "feedback": "SECRET-FEEDBACK-MULTI-1",
                    "misconception": "",
                },
                {
                    "key": "m2",
                    "text": "The mayor",
                    "correct": True,
                    "feedback": "SECRET-FEEDBACK-MULTI-2",
                    "misconception": "",
                },
                {
                    "key": "m3",
                    "text": "A parks charity",
                    "correct": False,
                    "feedback": "SECRET-FEEDBACK-MULTI-3",
                    "misconception": "secret-misc-multi",
                },
            ],
            "partial": True,
        }
    if qtype == "numeric":
        return {
            "value": "48213.5",
            "tolerance": "0.75",
            "tolerance_kind": "absolute",
            "unit": "dollars",
        }
    if qtype == "evidence":
        start = text.index(ACCEPTED_QUOTE)
        return {
            "accepted": [
                {
                    "article": article_key,
                    "start": start + 5,
                    "end": start + len(ACCEPTED_QUOTE),
                }
            ],
            "threshold": "0.5",
        }
    if qtype == "ordering":
        return {
            "items": [
                {"key": f"o{n}", "text": f"Event number {n}"} for n in range(1, 5)
            ],
            "order": ["o3", "o1", "o4", "o2"],
            "partial": True,
        }
    if qtype == "chain":
        return {
            "pool": [
                {"key": f"p{n}", "text": f"Source number {n}"} for n in range(1, 6)
            ],
            "chain": ["p4", "p2", "p5"],
        }
    return {
        "rubric": [{"criterion": "SECRET-RUBRIC-CRITERION", "points": "2"}],
        "model_answer": "SECRET-MODEL-ANSWER",
    }


TYPES = ("single", "multiple", "numeric", "evidence", "ordering", "chain", "short")


def make_question(qtype: str, *, lesson=None, skill=None, article=None):
    article = article or ArticleFactory()
    lesson = lesson or LessonFactory()
    question = QuestionFactory(
        type=qtype, lesson=lesson, skill=skill or SkillFactory(), version=None
    )
    # QuestionFactory's post-generation hook gives a single-choice version; replace it.
    version = QuestionVersionFactory(
        question=question,
        number=2,
        stem=f"Stem of the {qtype} question.",
        explanation=f"SECRET-EXPLANATION-{qtype.upper()}",
        answer=answer_data(qtype, article.key, article.text),
    )
    question.current = version
    question.save(update_fields=["current"])
    return question


def make_quiz(size: int, *, types=TYPES, **quiz_fields):
    """A published quiz of ``size`` questions cycling through ``types``."""
    article = ArticleFactory()
    lesson = LessonFactory()
    lesson.articles.add(article)
    skill = SkillFactory()
    quiz = QuizFactory(lesson=lesson, **quiz_fields)
    for position in range(1, size + 1):
        question = make_question(
            types[(position - 1) % len(types)],
            lesson=lesson,
            skill=skill,
            article=article,
        )
        QuizItemFactory(quiz=quiz, question=question, position=position)
    return quiz


def right_post(question, *, nav: str = "next") -> dict[str, Any]:
    """Form data that answers ``question`` rightly, as the page would post it."""
    data: dict[str, Any] = {"question": question.pk, "nav": nav}
    key = question.current.answer
    if question.type == "single":
        data["choice"] = "b"
    elif question.type == "multiple":
        data["choice"] = ["m1", "m2"]
    elif question.type == "numeric":
        data.update(mode="value", value="48,213.5")
    elif question.type == "evidence":
        span = key["accepted"][0]
        data["span"] = [f"{span['article']}:{span['start']}:{span['end']}"]
    elif question.type == "ordering":
        for position, item in enumerate(key["order"], start=1):
            data[f"position-{item}"] = str(position)
    elif question.type == "chain":
        for position, link in enumerate(key["chain"], start=1):
            data[f"hop-{position}"] = link
    else:
        data["text"] = "The figure is hedged, so it is not exact."
    return data


def wrong_post(question, *, nav: str = "next") -> dict[str, Any]:
    """Form data that answers ``question`` wrongly (nothing of it is the key)."""
    data: dict[str, Any] = {"question": question.pk, "nav": nav}
    key = question.current.answer
    if question.type == "single":
        data["choice"] = "a"
    elif question.type == "multiple":
        data["choice"] = ["m3"]
    elif question.type == "numeric":
        data.update(mode="range", low="10", high="20")
    elif question.type == "evidence":
        span = key["accepted"][0]
        data["span"] = [f"{span['article']}:0:6"]
    elif question.type == "ordering":
        for position, item in enumerate(["o1", "o2", "o3", "o4"], start=1):
            data[f"position-{item}"] = str(position)
    elif question.type == "chain":
        data.update({"hop-1": "p1", "hop-2": "p3"})
    else:
        data["text"] = "I am not sure."
    return data


def post_init_seen(test: SimpleTestCase, model: type) -> list:
    """The instances of ``model`` a post_init receiver sees for the rest of the
    test; the row plans are worked out again, with the receiver listening."""
    seen: list = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    signals.post_init.connect(receiver, sender=model)
    test.addCleanup(signals.post_init.disconnect, receiver, sender=model)
    plans = connections["default"].__dict__
    plans.pop("_tally_row_plans", None)
    test.addCleanup(plans.pop, "_tally_row_plans", None)
    return seen
