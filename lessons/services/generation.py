"""Turning findings into lessons, questions and quizzes, and keeping them current.

Generation is deterministic and keyed: running it twice writes nothing the
second time. A lesson or question a teacher has edited is never overwritten.
A question whose generated content changes gets a new version; the old
version stays for the attempts that answered it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lessons.engine.generate import generate
from lessons.engine.grade import validate_answer_data
from lessons.engine.questions import LessonDraft, QuestionDraft
from lessons.models import (
    Article,
    Figure,
    Finding,
    Lesson,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Skill,
    Story,
)
from lessons.models.teaching import Status

from .analysis import analyse, analysis_scope, sync_skills


@dataclass
class BuildReport:
    lessons_created: int = 0
    lessons_updated: int = 0
    questions_created: int = 0
    question_versions_added: int = 0
    questions_retired: int = 0
    quizzes_created: int = 0
    lessons: list[Lesson] = field(default_factory=list)
    quizzes: list[Quiz] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.lessons_created,
                self.lessons_updated,
                self.questions_created,
                self.question_versions_added,
                self.questions_retired,
                self.quizzes_created,
            )
        )


def fingerprint(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


def _draft_content(draft: QuestionDraft) -> dict[str, Any]:
    """The draft as stored: a JSON round trip turns Decimals and tuples plain."""
    content: dict[str, Any] = json.loads(
        json.dumps(
            {
                "stem": draft.stem,
                "explanation": draft.explanation,
                "answer": draft.answer,
                "evidence": [
                    {
                        "article": s.article,
                        "start": s.start,
                        "end": s.end,
                        "role": s.role,
                    }
                    for s in draft.evidence
                ],
            },
            default=str,
        )
    )
    return content


def _unique_slug(model: type[Lesson] | type[Quiz], text: str, key: str) -> str:
    base = slugify(text)[:100].strip("-") or "item"
    slug = base
    if model.objects.filter(slug=slug).exclude(key=key).exists():
        slug = f"{base[:90]}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    return slug


def add_question_version(
    *, question: Question, content: Mapping[str, Any]
) -> QuestionVersion:
    """Freeze new content as the question's next version and make it current."""
    validate_answer_data(question.type, content["answer"])
    number = (question.current.number + 1) if question.current else 1
    version = QuestionVersion.objects.create(
        question=question,
        number=number,
        stem=content["stem"],
        explanation=content["explanation"],
        answer=content["answer"],
        evidence=content.get("evidence", []),
        fingerprint=fingerprint(content),
    )
    question.current = version
    question.save(update_fields=["current"])
    return version


def _upsert_question(
    *,
    draft: QuestionDraft,
    lesson: Lesson,
    position: int,
    skills: Mapping[str, Skill],
    findings: Mapping[str, Finding],
    figures: Mapping[str, Figure],
    publish: bool,
    report: BuildReport,
) -> Question:
    content = _draft_content(draft)
    question = Question.objects.select_related("current").filter(key=draft.key).first()
    if question is None:
        question = Question.objects.create(
            key=draft.key,
            lesson=lesson,
            type=draft.type.value,
            skill=skills[draft.skill],
            difficulty=draft.difficulty,
            finding=findings.get(draft.finding),
            position=position,
            status=Status.PUBLISHED if publish else Status.DRAFT,
        )
        question.figures.set([figures[k] for k in draft.figures if k in figures])
        add_question_version(question=question, content=content)
        report.questions_created += 1
        return question
    if question.edited:
        return question
    changed = []
    wanted = {
        "lesson": lesson,
        "type": draft.type.value,
        "skill": skills[draft.skill],
        "difficulty": draft.difficulty,
        "finding": findings.get(draft.finding),
        "position": position,
        "retired": False,
    }
    if publish and question.status != Status.PUBLISHED:
        wanted["status"] = Status.PUBLISHED
    for name, value in wanted.items():
        if getattr(question, name) != value:
            setattr(question, name, value)
            changed.append(name)
    if changed:
        question.save(update_fields=changed)
    if question.current is None or question.current.fingerprint != fingerprint(content):
        add_question_version(question=question, content=content)
        report.question_versions_added += 1
    # set() writes only the difference: an unchanged question writes nothing.
    question.figures.set([figures[k] for k in draft.figures if k in figures])
    return question


def _upsert_lesson(
    *,
    draft: LessonDraft,
    position: int,
    story: Story | None,
    articles: Mapping[str, Article],
    skills: Mapping[str, Skill],
    findings: Mapping[str, Finding],
    figures: Mapping[str, Figure],
    publish: bool,
    report: BuildReport,
) -> Lesson:
    lesson = Lesson.objects.filter(key=draft.key).first()
    wanted = {
        "title": draft.title,
        "summary": draft.summary,
        "body": draft.body,
        "story": story,
        "position": position,
    }
    if lesson is None:
        lesson = Lesson.objects.create(
            key=draft.key, slug=_unique_slug(Lesson, draft.title, draft.key), **wanted
        )
        report.lessons_created += 1
    elif not lesson.edited and any(getattr(lesson, k) != v for k, v in wanted.items()):
        for name, value in wanted.items():
            setattr(lesson, name, value)
        lesson.version += 1
        lesson.save()
        report.lessons_updated += 1
    if publish and lesson.status != Status.PUBLISHED:
        lesson.status = Status.PUBLISHED
        lesson.published_at = timezone.now()
        lesson.save(update_fields=["status", "published_at"])
    lesson.skills.set([skills[s] for s in draft.skills])
    lesson.articles.set([articles[a] for a in draft.articles])
    lesson.figures.set([figures[k] for k in draft.figures if k in figures])
    lesson.findings.set([findings[k] for k in draft.findings if k in findings])
    return lesson


def _upsert_quiz(
    *,
    key: str,
    title: str,
    description: str,
    lesson: Lesson | None,
    questions: list[Question],
    position: int,
    publish: bool,
    report: BuildReport,
) -> Quiz:
    quiz = Quiz.objects.filter(key=key).first()
    if quiz is None:
        quiz = Quiz.objects.create(
            key=key,
            slug=_unique_slug(Quiz, title, key),
            title=title,
            description=description,
            lesson=lesson,
            position=position,
        )
        report.quizzes_created += 1
    if not quiz.generated:
        return quiz  # a teacher took it over; leave its questions alone
    if publish and quiz.status != Status.PUBLISHED:
        quiz.status = Status.PUBLISHED
        quiz.save(update_fields=["status"])
    current = list(
        quiz.items.order_by("position").values_list("question_id", flat=True)
    )
    if current != [q.pk for q in questions]:
        quiz.items.all().delete()
        QuizItem.objects.bulk_create(
            QuizItem(quiz=quiz, question=q, position=n)
            for n, q in enumerate(questions, 1)
        )
    return quiz


@transaction.atomic
def build_lessons(
    *, article: Article | None = None, story: Story | None = None, publish: bool = False
) -> BuildReport:
    """Analyse a scope, then create or update its lessons, questions and quizzes."""
    sync_skills()
    corpus, results, stored_findings = analyse(article=article, story=story)
    drafts = generate(corpus, results)
    articles = {a.key: a for a in Article.objects.filter(key__in=list(corpus.articles))}
    skills = {s.slug: s for s in Skill.objects.all()}
    findings = {f.key: f for f in stored_findings}
    figures = {
        f.engine_key: f
        for f in Figure.objects.select_related("article").filter(
            article__in=articles.values()
        )
    }
    report = BuildReport()
    scope_key = f"story:{story.slug}" if story is not None else f"article:{article.key}"  # type: ignore[union-attr]
    produced: set[str] = set()
    all_questions: list[Question] = []
    for position, draft in enumerate(drafts, 1):
        lesson = _upsert_lesson(
            draft=draft,
            position=position,
            story=story,
            articles=articles,
            skills=skills,
            findings=findings,
            figures=figures,
            publish=publish,
            report=report,
        )
        questions = []
        for q_position, q_draft in enumerate(draft.questions, 1):
            question = _upsert_question(
                draft=q_draft,
                lesson=lesson,
                position=q_position,
                skills=skills,
                findings=findings,
                figures=figures,
                publish=publish,
                report=report,
            )
            produced.add(q_draft.key)
            questions.append(question)
        all_questions.extend(questions)
        report.lessons.append(lesson)
        report.quizzes.append(
            _upsert_quiz(
                key=f"quiz:{draft.key}",
                title=f"Quiz: {draft.title}",
                description=draft.summary,
                lesson=lesson,
                questions=questions,
                position=position,
                publish=publish,
                report=report,
            )
        )
    if len(corpus.articles) > 1 or story is not None:
        report.quizzes.append(
            _upsert_quiz(
                key=f"quiz:{scope_key}",
                title=f"Quiz: {story.title if story else article.headline}",  # type: ignore[union-attr]
                description="Questions from every lesson on this story, across its articles.",
                lesson=None,
                questions=_one_per_lesson_and_skill(all_questions),
                position=0,
                publish=publish,
                report=report,
            )
        )
    stale = Question.objects.filter(
        generated=True, edited=False, retired=False, lesson__in=report.lessons
    ).exclude(key__in=produced)
    report.questions_retired = stale.update(retired=True)
    return report


def _one_per_lesson_and_skill(questions: list[Question]) -> list[Question]:
    """A cross-article quiz: the first question of each (lesson, skill, type)."""
    seen: set[tuple[int | None, int, str]] = set()
    chosen = []
    for question in questions:
        marker = (question.lesson_id, question.skill_id, question.type)
        if marker not in seen:
            seen.add(marker)
            chosen.append(question)
    return chosen


def build_all_lessons(*, publish: bool = False) -> list[BuildReport]:
    """Build every story, and every article outside a story."""
    reports = [
        build_lessons(story=story, publish=publish)
        for story in Story.objects.filter(articles__isnull=False)
        .distinct()
        .order_by("slug")
    ]
    reports += [
        build_lessons(article=article, publish=publish)
        for article in Article.objects.filter(story__isnull=True).order_by("key")
    ]
    return reports


__all__ = [
    "BuildReport",
    "add_question_version",
    "analysis_scope",
    "build_all_lessons",
    "build_lessons",
]
