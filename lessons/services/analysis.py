"""Running the checks over stored figures and keeping the findings current."""

from __future__ import annotations

from django.db import transaction

from lessons.engine import skills as engine_skills
from lessons.engine import types as engine
from lessons.engine.checks import run_checks
from lessons.models import Article, Figure, Finding, FindingFigure, Skill, Story
from lessons.selectors import corpus_for

from ._json import plain_json


def sync_skills() -> list[Skill]:
    """Make the Skill table match the engine's taxonomy (adds and renames)."""
    skills = []
    for position, info in enumerate(engine_skills.TAXONOMY):
        wanted = {
            "name": info.name,
            "question": info.question,
            "description": info.description,
            "position": position,
        }
        skill, created = Skill.objects.get_or_create(
            slug=info.slug.value, defaults=wanted
        )
        if not created and any(getattr(skill, k) != v for k, v in wanted.items()):
            for name, value in wanted.items():
                setattr(skill, name, value)
            skill.save()
        skills.append(skill)
    return skills


def analysis_scope(article: Article) -> dict[str, Article | Story | None]:
    """Articles of a story are checked together; others alone."""
    if article.story_id is not None:
        return {"article": None, "story": article.story}
    return {"article": article, "story": None}


@transaction.atomic
def analyse(
    *, article: Article | None = None, story: Story | None = None
) -> tuple[engine.Corpus, list[engine.Finding], list[Finding]]:
    """Run every check over the scope and store its findings.

    Findings are matched by their deterministic key: an unchanged finding is
    left alone, a changed one updated in place (so lessons keep pointing at
    it), and one the figures no longer support is deleted.
    """
    corpus = corpus_for(article=article, story=story)
    results = run_checks(corpus)
    skills = {s.slug: s for s in Skill.objects.all()}
    figures = {
        f.engine_key: f
        for f in Figure.objects.select_related("article").filter(
            article__key__in=list(corpus.articles)
        )
    }
    scope = {"story": story} if story is not None else {"article": article}
    existing = {f.key: f for f in Finding.objects.filter(**scope)}
    kept = []
    for result in results:
        wanted = {
            "kind": result.kind,
            "verdict": result.verdict.value,
            "explanation": result.explanation,
            "skill": skills[result.skill],
            "values": plain_json(result.values),
        }
        finding = existing.pop(result.key, None)
        if finding is None:
            finding = Finding.objects.create(key=result.key, **scope, **wanted)
        elif any(getattr(finding, k) != v for k, v in wanted.items()):
            for name, value in wanted.items():
                setattr(finding, name, value)
            finding.save()
        current = list(
            finding.findingfigure_set.order_by("position").values_list(
                "figure_id", flat=True
            )
        )
        wanted_figures = [figures[key].pk for key in result.figures]
        if current != wanted_figures:
            finding.findingfigure_set.all().delete()
            FindingFigure.objects.bulk_create(
                FindingFigure(finding=finding, figure_id=pk, position=n)
                for n, pk in enumerate(wanted_figures)
            )
        kept.append(finding)
    if existing:
        Finding.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()
    return corpus, results, kept
