from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import TestCase

from lessons.models import (
    Figure,
    Finding,
    Lesson,
    Question,
    QuestionVersion,
    Quiz,
    Response,
)
from lessons.services.articles import import_seeds
from lessons.services.attempts import save_answer, start_attempt
from lessons.services.figures import correct_figure
from lessons.services.generation import build_all_lessons
from tests.factories import UserFactory

SEEDS = settings.BASE_DIR / "seeds" / "articles"


def _snapshot():
    return {
        "lessons": sorted(Lesson.objects.values_list("key", "version", "updated")),
        "versions": QuestionVersion.objects.count(),
        "questions": sorted(
            Question.objects.values_list("key", "current_id", "retired")
        ),
        "findings": sorted(Finding.objects.values_list("key", "updated")),
        "quizzes": sorted(Quiz.objects.values_list("key", "updated")),
    }


class BuildLessonsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        import_seeds(directory=SEEDS)
        build_all_lessons(publish=True)

    def test_builds_lessons_questions_and_quizzes(self):
        """The seeds give published lessons, each with a quiz, and a quiz across the story."""
        self.assertTrue(Lesson.objects.published().exists())
        for lesson in Lesson.objects.all():
            with self.subTest(lesson.title):
                self.assertTrue(lesson.questions.exists())
                self.assertTrue(
                    Quiz.objects.filter(lesson=lesson, status="published").exists()
                )
        story_quiz = Quiz.objects.get(lesson__isnull=True)
        articles = {
            a
            for q in story_quiz.questions.all()
            for a in q.lesson.articles.values_list("key", flat=True)
        }
        self.assertEqual(len(articles), 2)

    def test_every_question_type_is_generated(self):
        """Single, multiple, numeric, evidence, ordering, chain and short questions all appear."""
        types = set(Question.objects.values_list("type", flat=True))
        self.assertEqual(
            types,
            {"single", "multiple", "numeric", "evidence", "ordering", "chain", "short"},
        )

    def test_second_build_writes_nothing(self):
        """Building again leaves every lesson, question, finding and quiz as it was."""
        before = _snapshot()
        reports = build_all_lessons(publish=True)
        self.assertFalse(any(r.changed for r in reports))
        self.assertEqual(_snapshot(), before)

    def test_edited_question_is_never_overwritten(self):
        """A question a teacher edited keeps its content through a rebuild."""
        question = Question.objects.filter(type="single").first()
        question.edited = True
        question.save()
        version = question.current
        version.stem = "A teacher's own wording."
        version.save()
        figure = question.figures.first() or Figure.objects.first()
        correct_figure(figure=figure, changes={"note": "checked again"})
        build_all_lessons(publish=True)
        question.refresh_from_db()
        self.assertEqual(question.current_id, version.pk)
        self.assertEqual(question.current.stem, "A teacher's own wording.")

    def test_correcting_a_figure_versions_its_questions(self):
        """A corrected value gives new question versions; answered versions stay."""
        question = Question.objects.filter(
            type="numeric", figures__isnull=False
        ).first()
        figure = question.figures.order_by("start").first()
        old_version = question.current
        quiz = Quiz.objects.filter(items__question=question).first()
        attempt = start_attempt(quiz=quiz, student=UserFactory())
        save_answer(attempt=attempt, question=question, answer={"value": "1"})
        factor = Decimal(2)
        correct_figure(
            figure=figure,
            changes={
                "low": None if figure.low is None else figure.low * factor,
                "high": None if figure.high is None else figure.high * factor,
            },
        )
        question.refresh_from_db()
        self.assertNotEqual(question.current_id, old_version.pk)
        self.assertEqual(question.current.number, old_version.number + 1)
        self.assertEqual(
            Response.objects.get(attempt=attempt).version_id, old_version.pk
        )
        self.assertTrue(QuestionVersion.objects.filter(pk=old_version.pk).exists())

    def test_correction_recomputes_findings(self):
        """Findings over a corrected figure are recomputed from its new values."""
        finding = (
            Finding.objects.filter(figures__isnull=False).exclude(values={}).first()
        )
        figure = finding.figures.first()
        before = finding.values
        correct_figure(
            figure=figure,
            changes={
                "low": (figure.low or figure.high) * 3,
                "high": (figure.high or figure.low) * 3,
            },
        )
        finding.refresh_from_db()
        self.assertNotEqual(finding.values, before)

    def test_bad_corrections_change_nothing(self):
        """Unknown fields and low above high are refused."""
        figure = Figure.objects.filter(low__isnull=False, high__isnull=False).first()
        with self.assertRaisesMessage(ValidationError, "cannot be corrected"):
            correct_figure(figure=figure, changes={"start": 0})
        with self.assertRaises(ValidationError):
            correct_figure(figure=figure, changes={"low": figure.high + 1})
        figure.refresh_from_db()
        self.assertLessEqual(figure.low, figure.high)
