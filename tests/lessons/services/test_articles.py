import json
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from lessons.models import Article, AttributionHop, Figure, Source, Span, Story
from lessons.services.articles import import_article, import_seeds

SEEDS = settings.BASE_DIR / "seeds" / "articles"


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Figure, Span, AttributionHop, Source, Story)
    }


class ImportSeedsTests(TestCase):
    def test_imports_every_annotated_figure_as_reviewed(self):
        """Each seed article arrives with all its hand-checked figures, reviewed."""
        articles = import_seeds(directory=SEEDS)
        self.assertEqual(len(articles), 2)
        for article in articles:
            annotation = json.loads(
                next(
                    p
                    for p in SEEDS.glob("*.json")
                    if json.loads(p.read_text())["key"] == article.key
                ).read_text()
            )
            self.assertEqual(article.figures.count(), len(annotation["figures"]))
            self.assertFalse(article.figures.filter(reviewed=False).exists())
            self.assertEqual(
                article.text, (SEEDS / annotation["text_file"]).read_text()
            )
            for figure in article.figures.all():
                self.assertEqual(article.text[figure.start : figure.end], figure.exact)
        self.assertEqual(Story.objects.count(), 1)

    def test_hops_keep_their_order_and_spans(self):
        """A figure's chain is stored first-hand first, each hop at its words."""
        import_seeds(directory=SEEDS)
        hops = AttributionHop.objects.select_related("span", "figure__article")
        self.assertTrue(hops.exists())
        for hop in hops:
            if hop.span is not None:
                text = hop.figure.article.text
                self.assertEqual(text[hop.span.start : hop.span.end], hop.span.exact)

    def test_second_run_changes_nothing(self):
        """Importing the seeds twice leaves every row as it was."""
        import_seeds(directory=SEEDS)
        before = _counts()
        stamps = dict(Figure.objects.values_list("pk", "updated"))
        import_seeds(directory=SEEDS)
        self.assertEqual(_counts(), before)
        self.assertEqual(dict(Figure.objects.values_list("pk", "updated")), stamps)

    def test_malformed_annotation_names_file_figure_and_problem(self):
        """A quote not in the text stops the import, names the culprit, writes nothing."""
        with tempfile.TemporaryDirectory() as folder:
            for path in SEEDS.iterdir():
                shutil.copy(path, folder)
            target = next(Path(folder).glob("001_*.json"))
            data = json.loads(target.read_text())
            data["figures"][1]["quote"] = "at lest 99,999"
            target.write_text(json.dumps(data))
            with self.assertRaises(ValidationError) as caught:
                import_seeds(directory=Path(folder))
        message = caught.exception.messages[0]
        self.assertIn(target.name, message)
        self.assertIn(data["figures"][1]["key"], message)
        self.assertIn("not found", message)
        self.assertEqual(Article.objects.count(), 0)

    def test_changed_text_is_refused(self):
        """A seed whose text differs from the stored article's is refused: texts are frozen."""
        import_seeds(directory=SEEDS)
        with tempfile.TemporaryDirectory() as folder:
            for path in SEEDS.iterdir():
                shutil.copy(path, folder)
            target = next(Path(folder).glob("000_*.txt"))
            target.write_text(target.read_text() + " Extra sentence.")
            with self.assertRaisesMessage(ValidationError, "frozen"):
                import_seeds(directory=Path(folder))

    def test_missing_directory(self):
        """A folder that does not exist gets a clear error."""
        with self.assertRaises(ValidationError):
            import_seeds(directory=Path("/nonexistent/seeds"))


class ImportArticleTests(TestCase):
    TEXT = (
        "Flood Leaves Thousands Homeless\n\n"
        "At least 3,000 people have been displaced by the flood since Monday, "
        "the regional governor said on Friday. Officials estimate that about 40 percent "
        "of the town's homes were damaged."
    )

    def test_stores_text_and_unreviewed_candidates(self):
        """The text is stored exactly; the extractor's figures arrive unreviewed."""
        article = import_article(
            text=self.TEXT,
            headline="Flood Leaves Thousands Homeless",
            outlet="Valley News",
        )
        self.assertEqual(article.text, self.TEXT)
        self.assertTrue(article.figures.exists())
        self.assertFalse(article.figures.filter(reviewed=True).exists())
        values = {f.exact: (f.low, f.bound) for f in article.figures.all()}
        self.assertIn("At least 3,000", values)
        self.assertEqual(values["At least 3,000"][1], "at_least")

    @override_settings(TALLY_MAX_ARTICLE_CHARS=50)
    def test_bad_input_changes_nothing(self):
        """Empty, oversize, binary texts, a bad URL or a taken key are refused."""
        import_article(
            text="Fine text of 9 words.", headline="H", outlet="O", key="taken"
        )
        before = _counts()
        cases = {
            "empty": ({"text": "   "}, "empty"),
            "oversize": ({"text": "x" * 51}, "limit is 50"),
            "binary": ({"text": "a\x00b"}, "NUL"),
            "not text": ({"text": b"bytes"}, "must be a string"),
            "no headline": ({"headline": ""}, "headline is empty"),
            "no outlet": ({"outlet": " "}, "outlet is empty"),
            "bad url": ({"url": "not a url"}, "Enter a valid URL"),
            "taken key": ({"key": "taken"}, "exists already"),
        }
        for name, (fields, message) in cases.items():
            with self.subTest(name):
                arguments = {
                    "text": "Some text.",
                    "headline": "H",
                    "outlet": "O",
                    **fields,
                }
                with self.assertRaisesMessage(ValidationError, message):
                    import_article(**arguments)
                self.assertEqual(_counts(), before)
