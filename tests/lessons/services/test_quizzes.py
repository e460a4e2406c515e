from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from lessons.models import Skill
from lessons.services.attempts import start_attempt
from lessons.services.quizzes import (
    create_question,
    create_quiz,
    set_quiz_draws,
    set_quiz_questions,
    update_quiz,
)
from tests.factories import QuestionFactory, SkillFactory, TeacherFactory, UserFactory

NUMERIC = {
    "value": "12000",
    "tolerance": "0.05",
    "tolerance_kind": "relative",
    "unit": "",
}


class QuizAssemblyTests(TestCase):
    def setUp(self):
        self.teacher = TeacherFactory()

    def test_create_with_settings(self):
        """A teacher's quiz is a draft with the rules given."""
        quiz = create_quiz(
            author=self.teacher,
            title="Week 3",
            attempts_allowed=2,
            grading="last",
            time_limit=timedelta(minutes=20),
            feedback="after_close",
        )
        self.assertEqual(quiz.status, "draft")
        self.assertEqual(quiz.attempts_allowed, 2)
        self.assertIs(quiz.generated, False)

    def test_bad_settings(self):
        """Unknown settings, no title, bad choices and a negative limit are refused."""
        quiz = create_quiz(author=self.teacher, title="Q")
        cases = {
            "unknown": ({"colour": "red"}, "Unknown quiz settings"),
            "no title": ({"title": " "}, "needs a title"),
            "bad grading": ({"grading": "median"}, "not a valid choice"),
            "negative limit": (
                {"time_limit": timedelta(minutes=-1)},
                "must be positive",
            ),
        }
        for name, (settings, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(ValidationError, message):
                update_quiz(quiz=quiz, **settings)

    def test_questions_from_the_bank_only(self):
        """Published questions and one's own can be used; another teacher's draft cannot."""
        quiz = create_quiz(author=self.teacher, title="Q")
        published = QuestionFactory()
        mine = QuestionFactory(status="draft", author=self.teacher)
        theirs = QuestionFactory(status="draft", author=TeacherFactory())
        set_quiz_questions(
            quiz=quiz, teacher=self.teacher, questions=[mine.pk, published.pk]
        )
        self.assertEqual(
            list(quiz.items.values_list("question_id", flat=True)),
            [mine.pk, published.pk],
        )
        with self.assertRaisesMessage(ValidationError, "not in your bank"):
            set_quiz_questions(quiz=quiz, teacher=self.teacher, questions=[theirs.pk])

    def test_a_published_quiz_publishes_the_drafts_it_gains(self):
        """Students never meet a draft: a published quiz publishes questions added to it."""
        quiz = create_quiz(author=self.teacher, title="Q")
        set_quiz_questions(
            quiz=quiz, teacher=self.teacher, questions=[QuestionFactory().pk]
        )
        quiz.status = "published"
        quiz.save()
        mine = QuestionFactory(status="draft", author=self.teacher)
        set_quiz_questions(quiz=quiz, teacher=self.teacher, questions=[mine.pk])
        mine.refresh_from_db()
        self.assertEqual(mine.status, "published")

    def test_random_draw_per_skill(self):
        """Each attempt draws the asked number of published questions of the skill."""
        skill = SkillFactory()
        for _ in range(5):
            QuestionFactory(skill=skill)
        quiz = create_quiz(author=self.teacher, title="Draw")
        set_quiz_draws(quiz=quiz, draws={skill.slug: 3})
        quiz.status = "published"
        quiz.save()
        attempt = start_attempt(quiz=quiz, student=UserFactory())
        self.assertEqual(len(attempt.question_order), 3)
        self.assertEqual(set(attempt.question_points.values()), {"1.00"})
        with self.assertRaisesMessage(ValidationError, "Unknown skills"):
            set_quiz_draws(quiz=quiz, draws={"no-such-skill": 1})


class CreateQuestionTests(TestCase):
    def test_hand_written_question(self):
        """A teacher writes a numeric question; its key is validated and versioned."""
        skill = Skill.objects.get(slug="does-it-add-up")
        question = create_question(
            author=TeacherFactory(),
            type="numeric",
            skill=skill,
            stem="If 6,000 is half the force, how big is the force?",
            explanation="6,000 / 0.5 = 12,000.",
            answer=NUMERIC,
        )
        self.assertEqual(question.current.number, 1)
        self.assertEqual(question.status, "draft")

    def test_unsound_key_is_refused(self):
        """A single-choice question with no correct choice is refused."""
        with self.assertRaisesMessage(ValidationError, "answer"):
            create_question(
                author=TeacherFactory(),
                type="single",
                skill=SkillFactory(),
                stem="S",
                explanation="E",
                answer={
                    "choices": [
                        {"key": "a", "text": "A", "correct": False, "feedback": "f"}
                    ]
                },
            )
