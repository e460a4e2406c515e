"""Lesson and question generation: templates over figures and findings.

``generate(corpus, findings)`` returns lesson drafts, one per skill that the
material trains (in the order of :data:`lessons.engine.skills.TAXONOMY`), plus,
when the corpus holds several articles, a lesson on the story across outlets.

How it is built:

- **Finding builders** (``findings.py``), registered by ``Finding.kind`` with
  :func:`finding_builder`, turn a check's computed numbers into a lesson
  section and questions. A kind without a builder gets a generic section and
  a verdict question.
- **Figure-level builders** (``figures.py``), registered by name with
  :func:`figure_builder`, work from the figures alone (hedges, who says so,
  named and unnamed, chains, time, estimate or count, headline, base and
  scale, the story across articles), so every article gets lessons whatever
  the checks find.

Determinism: builders iterate figures and findings in a fixed order, keys come
from finding and figure keys plus a template name (never a counter), and
choice and item order is shuffled by a generator seeded with the question key.
Where two builders make a question with the same key (a finding kind and the
figure-level builder that covers the same ground), the finding's wins.

Every number a lesson states is computed: from the figures' fields (formatted
by code) or from the finding's ``values``. Every wrong choice carries a tag
from :data:`MISCONCEPTIONS`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..questions import LessonDraft, QuestionDraft
from ..skills import TAXONOMY, Skill
from ..types import Corpus, Finding
from . import figures as _figures  # noqa: F401  (registers the figure builders)
from . import findings as _findings
from ._base import (
    FIGURE_BUILDERS,
    FINDING_BUILDERS,
    MISCONCEPTIONS,
    FigureBuilder,
    FindingBuilder,
    Material,
    Section,
    articles_key,
    figure_builder,
    finding_builder,
    join_words,
    md_escape,
)

__all__ = [
    "FIGURE_BUILDERS",
    "FINDING_BUILDERS",
    "MISCONCEPTIONS",
    "FigureBuilder",
    "FindingBuilder",
    "Material",
    "Section",
    "figure_builder",
    "finding_builder",
    "generate",
]

logger = logging.getLogger(__name__)

STORY = "story"
_SKILL_ORDER = {info.slug.value: i for i, info in enumerate(TAXONOMY)}
_SKILL_INFO = {info.slug.value: info for info in TAXONOMY}


def generate(
    corpus: Corpus, findings: Sequence[Finding], *, strict: bool = False
) -> list[LessonDraft]:
    """Lesson drafts for ``corpus`` from its figures and ``findings``.

    A builder that fails on odd input is skipped and logged, so one strange
    figure does not cost a teacher every lesson; ``strict`` re-raises instead
    (tests use it).
    """
    material = Material()
    for finding in sorted(findings, key=lambda f: f.key):
        builder = FINDING_BUILDERS.get(finding.kind, _findings.build_generic)
        material.extend(
            _run(lambda b=builder, f=finding: b(corpus, f), finding.key, strict)
        )
    for name, figure_builder_ in FIGURE_BUILDERS.items():
        material.extend(_run(lambda b=figure_builder_: b(corpus), name, strict))
    return _assemble(corpus, material)


def _run(build: object, label: str, strict: bool) -> Material:
    assert callable(build)
    try:
        result = build()
    except (
        ValueError,
        KeyError,
        IndexError,
        TypeError,
        ArithmeticError,
        AssertionError,
    ):
        if strict:
            raise
        logger.warning("lesson builder for %s failed; skipped", label, exc_info=True)
        return Material()
    assert isinstance(result, Material)
    return result


# --- assembling lessons ---


def _assemble(corpus: Corpus, material: Material) -> list[LessonDraft]:
    """One lesson per (skill, article), and one for what spans several articles."""
    ordered = sorted(corpus.figures, key=lambda f: (f.article, f.start, f.key))
    order = {f.key: i for i, f in enumerate(ordered)}
    questions: dict[str, QuestionDraft] = {}
    for q in material.questions:
        questions.setdefault(q.key, q)
    sections: dict[str, Section] = {}
    for s in material.sections:
        sections.setdefault(s.key, s)

    def articles_of(key: str, figures: Sequence[str], more: Sequence[str]) -> set[str]:
        found = set(more)
        for figure_key in figures:
            try:
                found.add(corpus.figure(figure_key).article)
            except KeyError:
                continue
        if not found:
            found = {a for a in corpus.articles if key.startswith(f"{a}:")}
        return found

    def group_of(key: str, skill: str, articles: set[str]) -> tuple[str, str]:
        if key.startswith(f"{STORY}:") or len(articles) != 1:
            return (STORY, "")
        return (skill, next(iter(articles)))

    grouped_q: dict[tuple[str, str], list[QuestionDraft]] = {}
    for q in questions.values():
        spans = [e.article for e in q.evidence if e.article]
        group = group_of(q.key, q.skill, articles_of(q.key, q.figures, spans))
        grouped_q.setdefault(group, []).append(q)
    grouped_s: dict[tuple[str, str], list[Section]] = {}
    for s in sections.values():
        group = group_of(s.key, s.skill, articles_of(s.key, s.figures, s.articles))
        grouped_s.setdefault(group, []).append(s)

    def position(figure_keys: Sequence[str]) -> int:
        return min((order.get(k, len(order)) for k in figure_keys), default=-1)

    lessons = []
    groups = sorted(
        set(grouped_q) | set(grouped_s),
        key=lambda g: (
            g[0] == STORY,
            g[1],
            _SKILL_ORDER.get(g[0], len(_SKILL_ORDER)),
            g[0],
        ),
    )
    for group in groups:
        qs = grouped_q.get(group, [])
        emitted = {q.key: i for i, q in enumerate(qs)}
        qs = sorted(
            qs, key=lambda q: (q.difficulty, position(q.figures), emitted[q.key])
        )
        ss = sorted(
            grouped_s.get(group, []),
            key=lambda s: (bool(s.findings), position(s.figures), s.key),
        )
        lessons.append(_lesson(corpus, group[0], ss, qs))
    return lessons


def _lesson(
    corpus: Corpus, group: str, sections: list[Section], questions: list[QuestionDraft]
) -> LessonDraft:
    figure_keys: list[str] = []
    finding_keys: list[str] = []
    article_keys: set[str] = set()
    for s in sections:
        figure_keys.extend(s.figures)
        finding_keys.extend(s.findings)
        article_keys.update(s.articles)
    for q in questions:
        figure_keys.extend(q.figures)
        if q.finding:
            finding_keys.append(q.finding)
    for key in figure_keys:
        try:
            article_keys.add(corpus.figure(key).article)
        except KeyError:
            continue
    if not article_keys:
        article_keys = set(corpus.articles)
    articles = sorted(article_keys)
    infos = [corpus.articles[a] for a in articles if a in corpus.articles]
    figures = tuple(dict.fromkeys(figure_keys))
    findings = tuple(dict.fromkeys(finding_keys))
    outlets = join_words(sorted({i.outlet for i in infos if i.outlet}))
    if group == STORY:
        skills = tuple(
            sorted(
                {
                    Skill.CORROBORATE.value,
                    *(q.skill for q in questions),
                    *(s.skill for s in sections),
                },
                key=lambda s: (
                    s != Skill.CORROBORATE.value,
                    _SKILL_ORDER.get(s, 99),
                    s,
                ),
            )
        )
        title = f"One story, several outlets: {outlets}"
        intro = (
            f"{len(infos)} articles report on one story. Set their figures side by"
            " side: "
            "when each holds, what each counts, who first gave it and how it is hedged."
        )
        lead = "Do the outlets agree?"
    else:
        info = _SKILL_INFO.get(group)
        skills = (group,)
        name = info.name if info else group
        # "Who says so? — “…”", never "Who says so?: “…”".
        joiner = " — " if name.endswith(("?", "!")) else ": "
        title = (
            name + joiner + (f"“{infos[0].headline}”" if len(infos) == 1 else outlets)
        )
        intro = f"*{info.question}* {info.description}" if info else ""
        lead = info.question if info else group
    source = (
        f"“{infos[0].headline}” ({infos[0].outlet})"
        if len(infos) == 1
        else f"{len(infos)} articles ({outlets})"
    )
    summary = (
        f"{lead} {len(questions)} question{'s' if len(questions) != 1 else ''} on "
        f"{len(figures)} figure{'s' if len(figures) != 1 else ''} from {source}."
    )
    body = [intro] if intro else []
    for s in sections:
        body.append(f"## {md_escape(s.title)}\n\n{s.body}")
    return LessonDraft(
        key=f"{group}@{articles_key(articles)}",
        title=title,
        summary=summary,
        body="\n\n".join(body),
        skills=skills,
        articles=tuple(articles),
        figures=figures,
        findings=findings,
        questions=tuple(questions),
    )
