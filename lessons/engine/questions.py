"""Drafts of lessons and questions, as the generators produce them.

Per-type answer data is plain JSON so that the database stores it as is.
Schemas (keys in ``answer``):

- single / multiple: ``choices``: [{key, text, correct, feedback, misconception}],
  ``partial`` (multiple only: right minus wrong, floored at 0, else all or nothing)
- numeric: ``value`` (decimal string) or ``low``/``high`` (a range key),
  ``tolerance`` (decimal string), ``tolerance_kind`` ("absolute"|"relative"),
  ``unit`` ("" when none is asked)
- evidence: ``accepted``: [{article, start, end}], ``threshold`` (overlap 0..1)
- ordering: ``items``: [{key, text}], ``order``: [keys], ``partial``
- chain: ``pool``: [{key, text}] (hops and distractors), ``chain``: [keys in order,
  first-hand source first]
- short: ``rubric``: [{criterion, points}], ``model_answer``
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .types import TextSpan


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMERIC = "numeric"
    EVIDENCE = "evidence"
    ORDERING = "ordering"
    CHAIN = "chain"
    SHORT = "short"


@dataclass(frozen=True)
class QuestionDraft:
    key: str  # deterministic: the same input gives the same key
    type: QuestionType
    stem: str  # Markdown
    explanation: str  # Markdown, shown with feedback
    skill: str  # skills.Skill slug
    answer: Mapping[str, Any]
    difficulty: int = 2  # 1 easy .. 3 hard
    evidence: tuple[TextSpan, ...] = ()  # the spans the question is about
    figures: tuple[str, ...] = ()  # Figure.key
    finding: str = ""  # Finding.key it was generated from, "" if from figures alone


@dataclass(frozen=True)
class LessonDraft:
    key: str  # deterministic
    title: str
    summary: str
    body: str  # Markdown
    skills: tuple[str, ...]
    articles: tuple[str, ...]
    figures: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    questions: tuple[QuestionDraft, ...] = field(default_factory=tuple)
