import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.models import Story
from lessons.services.articles import import_article


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--published {value!r} is not a date of the form YYYY-MM-DD."
        ) from error


class Command(BaseCommand):
    help = (
        "Import a plain-text article (UTF-8) and the figures the extractor finds in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A UTF-8 plain-text file.")
        parser.add_argument("--headline", required=True)
        parser.add_argument("--outlet", required=True)
        parser.add_argument("--url", default="")
        parser.add_argument("--published", help="YYYY-MM-DD")
        parser.add_argument(
            "--inferred", action="store_true", help="The date is inferred."
        )
        parser.add_argument("--story", help="Slug of an existing story to add it to.")
        parser.add_argument("--key", help="A stable key (default: from the headline).")

    def handle(self, *args: object, **options: object) -> None:
        path: Path = options["path"]  # type: ignore[assignment]
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file.") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path}: is a folder, not a text file.") from error
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 plain text."
            ) from error
        story = None
        if options["story"]:
            story = Story.objects.filter(slug=options["story"]).first()
            if story is None:
                raise CommandError(f"No story with the slug {options['story']!r}.")
        published = options["published"]
        try:
            article = import_article(
                text=text,
                headline=str(options["headline"]),
                outlet=str(options["outlet"]),
                url=str(options["url"]),
                published=_date(published) if isinstance(published, str) else None,
                published_inferred=bool(options["inferred"]),
                story=story,
                key=options["key"] or None,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            raise CommandError(f"{path}: " + "; ".join(error.messages)) from error
        count = article.figures.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {article.key!r} with {count} candidate figures (unreviewed)."
            )
        )
