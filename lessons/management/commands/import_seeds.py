from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.services.articles import import_seeds


class Command(BaseCommand):
    help = (
        "Import the annotated seed articles (idempotent: a second run changes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            help="Folder of NAME.json + NAME.txt pairs (default: seeds/articles).",
        )

    def handle(
        self, *args: object, directory: Path | None = None, **options: object
    ) -> None:
        try:
            articles = import_seeds(directory=directory)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for article in articles:
            self.stdout.write(
                f"{article.key}: {article.figures.count()} reviewed figures "
                f"({article.outlet}, {article.published or 'undated'})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"{len(articles)} seed articles in place.")
        )
