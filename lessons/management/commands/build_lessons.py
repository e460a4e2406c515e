import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch

from lessons.models import Lesson, Question, Quiz
from lessons.services.generation import build_all_lessons


class Command(BaseCommand):
    help = (
        "Check the figures of every story and article, and build their lessons, "
        "questions and quizzes (idempotent; edited questions are never overwritten)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--publish", action="store_true", help="Publish what is built."
        )
        parser.add_argument(
            "--show",
            action="store_true",
            help="Print every lesson and question with its answer and explanation.",
        )

    def handle(
        self,
        *args: object,
        publish: bool = False,
        show: bool = False,
        **options: object,
    ) -> None:
        try:
            reports = build_all_lessons(publish=publish)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for report in reports:
            self.stdout.write(
                f"{len(report.lessons)} lessons ({report.lessons_created} new, "
                f"{report.lessons_updated} updated), {report.questions_created} new questions, "
                f"{report.question_versions_added} new versions, "
                f"{report.questions_retired} retired, {len(report.quizzes)} quizzes"
            )
        if show:
            self.show()

    def show(self) -> None:
        lessons = Lesson.objects.prefetch_related(
            "skills",
            Prefetch(
                "questions",
                queryset=Question.objects.filter(retired=False)
                .select_related("current", "skill")
                .order_by("position"),
            ),
        )
        for lesson in lessons:
            self.stdout.write("")
            self.stdout.write("=" * 78)
            self.stdout.write(f"LESSON {lesson.title}  [{lesson.status}]")
            self.stdout.write(
                "skills: " + ", ".join(s.slug for s in lesson.skills.all())
            )
            self.stdout.write(lesson.summary)
            self.stdout.write("-" * 78)
            self.stdout.write(lesson.body)
            for number, question in enumerate(lesson.questions.all(), 1):
                version = question.current
                self.stdout.write("")
                self.stdout.write(
                    f"Q{number} [{question.type}, {question.skill.slug}, "
                    f"difficulty {question.difficulty}, v{version.number}]"
                )
                self.stdout.write(version.stem)
                self.stdout.write(
                    "ANSWER: "
                    + json.dumps(version.answer, indent=1, ensure_ascii=False)
                )
                self.stdout.write("EXPLANATION: " + version.explanation)
        for quiz in Quiz.objects.prefetch_related("items"):
            self.stdout.write(
                f"QUIZ {quiz.title} [{quiz.status}]: {quiz.items.count()} questions"
            )
