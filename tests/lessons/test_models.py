from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase

from lessons.models import Article, Figure, QuestionVersion, QuizItem
from tests.factories import (
    ArticleFactory,
    AttributionHopFactory,
    FigureFactory,
    FindingFactory,
    QuestionFactory,
    QuizFactory,
    QuizItemFactory,
    SpanFactory,
    StoryFactory,
)


class ArticleTests(TestCase):
    def test_sha256_is_computed_on_save(self):
        """Saving an article stores the SHA-256 of its text."""
        article = ArticleFactory(text_sha256="")
        self.assertRegex(article.text_sha256, r"^[0-9a-f]{64}$")

    def test_text_is_frozen(self):
        """Changing the text of a stored article is refused: spans depend on it."""
        article = ArticleFactory()
        article.text = article.text + " More."
        with self.assertRaisesMessage(ValidationError, "frozen"):
            article.save()
        article.refresh_from_db()
        self.assertNotIn("More.", article.text)

    def test_empty_text_is_refused_by_the_database(self):
        """An article with no text violates a database constraint."""
        with self.assertRaises(IntegrityError):
            Article.objects.bulk_create(
                [
                    ArticleFactory.build(
                        text="", text_sha256="0" * 64, outlet=ArticleFactory().outlet
                    )
                ]
            )


class FigureTests(TestCase):
    def test_anchor_fills_quotes(self):
        """anchor() sets the exact quote, a prefix and a suffix from the text."""
        figure = FigureFactory()
        figure.anchor(figure.article.text)
        self.assertEqual(figure.exact, "about $2 million")
        self.assertTrue(figure.prefix.endswith("had spent "))
        self.assertTrue(figure.suffix.startswith(" on parks"))

    def test_anchor_outside_the_text(self):
        """A span past the end of the text is refused with its offsets."""
        figure = FigureFactory.build(article=ArticleFactory(), start=5, end=10_000)
        with self.assertRaisesMessage(ValidationError, "outside the text"):
            figure.anchor(figure.article.text)

    def test_database_constraints(self):
        """low <= high, a value at all, ranges with both ends, start < end, ordered times."""
        article = ArticleFactory()
        cases = {
            "low above high": {"low": Decimal(5), "high": Decimal(1), "bound": "range"},
            "no value": {"low": None, "high": None},
            "range with one end": {"low": Decimal(1), "high": None, "bound": "range"},
            "empty span": {"start": 4, "end": 4},
            "time backwards": {
                "time_start": "2020-02-01",
                "time_end": "2020-01-01",
            },
        }
        for name, fields in cases.items():
            with (
                self.subTest(name),
                transaction.atomic(),
                self.assertRaises(IntegrityError),
            ):
                figure = FigureFactory.build(article=article, **fields)
                Figure.objects.bulk_create([figure])

    def test_key_is_unique_within_an_article(self):
        """Two figures of one article cannot share a key."""
        figure = FigureFactory()
        with self.assertRaises(IntegrityError):
            FigureFactory(article=figure.article, key=figure.key)

    def test_hop_order_is_unique(self):
        """One figure cannot have two hops at the same position."""
        hop = AttributionHopFactory(order=0)
        with self.assertRaises(IntegrityError):
            AttributionHopFactory(figure=hop.figure, order=0)

    def test_span_start_before_end(self):
        """A span must not be empty."""
        span = SpanFactory()
        span.end = span.start
        with self.assertRaises(IntegrityError):
            span.save()


class FindingTests(TestCase):
    def test_exactly_one_scope(self):
        """A finding belongs to an article or to a story, never both or neither."""
        with transaction.atomic(), self.assertRaises(IntegrityError):
            FindingFactory(story=StoryFactory())
        with self.assertRaises(IntegrityError):
            FindingFactory(article=None)


class QuestionTests(TestCase):
    def test_version_numbers_are_unique(self):
        """A question cannot have two versions with the same number."""
        question = QuestionFactory()
        with self.assertRaises(IntegrityError):
            QuestionVersion.objects.create(
                question=question,
                number=1,
                stem="s",
                explanation="e",
                answer={},
                fingerprint="x",
            )

    def test_difficulty_range(self):
        """Difficulty runs from 1 to 3."""
        with self.assertRaises(IntegrityError):
            QuestionFactory(difficulty=4)


class QuizTests(TestCase):
    def test_opens_before_it_closes(self):
        """A quiz that closes before it opens is refused."""
        with self.assertRaises(IntegrityError):
            QuizFactory(opens_at="2030-01-02T00:00Z", closes_at="2030-01-01T00:00Z")

    def test_a_question_appears_once(self):
        """The same question cannot be in a quiz twice."""
        item = QuizItemFactory()
        with self.assertRaises(IntegrityError):
            QuizItem.objects.create(quiz=item.quiz, question=item.question, position=99)
