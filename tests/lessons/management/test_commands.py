import json
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from lessons.models import Article, Figure, Lesson, Question, Quiz

SEEDS = settings.BASE_DIR / "seeds" / "articles"

ARTICLE = (
    "Council Approves $1.2 Billion Budget\n\n"
    "The city council approved a $1.2 billion budget on Tuesday, the mayor's office said. "
    "About 40 percent of it, roughly $480 million, goes to schools, according to the "
    "budget director. Spending on parks rose by more than 5 percent since last year."
)


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


class ImportSeedsCommandTests(TestCase):
    def test_imports_and_reports(self):
        """The command imports both seed articles and says how many figures each has."""
        output = run("import_seeds")
        self.assertIn("2 seed articles in place", output)
        self.assertEqual(Article.objects.count(), 2)

    def test_idempotent(self):
        """A second run changes nothing."""
        run("import_seeds")
        stamps = sorted(Figure.objects.values_list("pk", "updated"))
        run("import_seeds")
        self.assertEqual(sorted(Figure.objects.values_list("pk", "updated")), stamps)

    def test_malformed_seed_stops_with_a_message(self):
        """A bad number names the file, the figure and the problem; nothing is written."""
        with tempfile.TemporaryDirectory() as folder:
            for path in SEEDS.iterdir():
                shutil.copy(path, folder)
            target = next(Path(folder).glob("000_*.json"))
            data = json.loads(target.read_text())
            data["figures"][0]["low"] = "fifty"
            target.write_text(json.dumps(data))
            with self.assertRaises(CommandError) as caught:
                run("import_seeds", directory=Path(folder))
        message = str(caught.exception)
        self.assertIn(target.name, message)
        self.assertIn(data["figures"][0]["key"], message)
        self.assertEqual(Article.objects.count(), 0)


class ImportArticleCommandTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.path = self.folder / "budget.txt"
        self.path.write_text(ARTICLE, encoding="utf-8")

    def test_imports_any_article(self):
        """A plain-text article on any topic is stored with candidate figures."""
        output = run(
            "import_article",
            str(self.path),
            headline="Council Approves $1.2 Billion Budget",
            outlet="City Herald",
            url="https://example.com/budget",
            published="2024-03-06",
        )
        article = Article.objects.get()
        self.assertIn("candidate figures", output)
        self.assertEqual(article.text, ARTICLE)
        self.assertEqual(str(article.published), "2024-03-06")
        quotes = set(article.figures.values_list("exact", flat=True))
        self.assertIn("About 40 percent", quotes)

    def test_bad_input(self):
        """Missing files, non-UTF-8 bytes and malformed dates stop with a message."""
        latin = self.folder / "latin.txt"
        latin.write_bytes("Caf\xe9 prices rose 5 percent.".encode("latin-1"))
        cases = {
            "missing": ([str(self.folder / "nope.txt")], {}, "no such file"),
            "folder": ([str(self.folder)], {}, "is a folder"),
            "not utf-8": ([str(latin)], {}, "not UTF-8"),
            "bad date": ([str(self.path)], {"published": "06/03/2024"}, "YYYY-MM-DD"),
            "unknown story": ([str(self.path)], {"story": "nope"}, "No story"),
        }
        for name, (args, options, message) in cases.items():
            with self.subTest(name), self.assertRaisesMessage(CommandError, message):
                run("import_article", *args, headline="H", outlet="O", **options)
        self.assertEqual(Article.objects.count(), 0)


class BuildLessonsCommandTests(TestCase):
    def test_builds_publishes_and_shows(self):
        """build_lessons --publish --show prints every lesson and question with its answer."""
        run("import_seeds")
        output = run("build_lessons", publish=True, show=True)
        self.assertTrue(Lesson.objects.published().exists())
        self.assertTrue(Quiz.objects.published().exists())
        for question in Question.objects.select_related("current")[:20]:
            self.assertIn(question.current.stem[:40], output)
        self.assertIn("ANSWER:", output)
        self.assertIn("EXPLANATION:", output)

    def test_any_article_gets_lessons(self):
        """An imported article outside the seeds gets lessons too."""
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "budget.txt"
        path.write_text(ARTICLE, encoding="utf-8")
        run(
            "import_article",
            str(path),
            headline="Council Approves $1.2 Billion Budget",
            outlet="City Herald",
        )
        run("build_lessons")
        article = Article.objects.get()
        self.assertTrue(Lesson.objects.filter(articles=article).exists())
        self.assertTrue(Question.objects.filter(lesson__articles=article).exists())
