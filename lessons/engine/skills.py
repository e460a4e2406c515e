"""The media-literacy skills that lessons and questions train.

This is the one place the taxonomy is written down: a data migration seeds the
``Skill`` model from it, and the checks and generators name skills by slug.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Skill(StrEnum):
    WHO_SAYS_SO = "who-says-so"
    NAMED_UNNAMED = "named-unnamed"
    TRACE_THE_CHAIN = "trace-the-chain"
    ESTIMATE_OR_COUNT = "estimate-or-count"
    READ_HEDGES = "read-hedges"
    FALSE_PRECISION = "false-precision"
    DOES_IT_ADD_UP = "does-it-add-up"
    CORROBORATE = "corroborate"
    LIKE_WITH_LIKE = "like-with-like"
    PIN_THE_TIME = "pin-the-time"
    PERCENT_OF_WHAT = "percent-of-what"
    IS_THAT_BIG = "is-that-big"
    HEADLINE_VS_BODY = "headline-vs-body"
    CLAIMANTS_INTEREST = "claimants-interest"


@dataclass(frozen=True)
class SkillInfo:
    slug: Skill
    name: str
    question: str  # the question a reader learns to ask
    description: str


TAXONOMY: tuple[SkillInfo, ...] = (
    SkillInfo(
        Skill.WHO_SAYS_SO,
        "Who says so?",
        "Who is the source of this number?",
        "Find who first stated a figure, as opposed to who repeated it.",
    ),
    SkillInfo(
        Skill.NAMED_UNNAMED,
        "Named and unnamed sources",
        "Can I check who this source is?",
        "A named, accountable source can be checked; an unnamed one asks for trust.",
    ),
    SkillInfo(
        Skill.TRACE_THE_CHAIN,
        "Trace the chain",
        "Through whose hands did this number pass?",
        "Rebuild the chain from the first-hand source through each outlet to you.",
    ),
    SkillInfo(
        Skill.ESTIMATE_OR_COUNT,
        "Estimate or count",
        "Was this counted, estimated or projected?",
        "A count, an estimate and a projection deserve different degrees of trust.",
    ),
    SkillInfo(
        Skill.READ_HEDGES,
        "Read the hedges",
        "What do 'at least', 'about' and 'more than' allow?",
        "Hedge words turn a number into a range; read the range, not the number.",
    ),
    SkillInfo(
        Skill.FALSE_PRECISION,
        "False precision",
        "Is this number more exact than anyone could know?",
        "Exact-looking or suspiciously round figures hide how uncertain they are.",
    ),
    SkillInfo(
        Skill.DOES_IT_ADD_UP,
        "Does it add up?",
        "Do the figures agree with each other?",
        "Combine the stated figures and see whether they can all be true at once.",
    ),
    SkillInfo(
        Skill.CORROBORATE,
        "Corroborate",
        "Does anyone else report the same number?",
        "Compare one quantity across sources, outlets and dates.",
    ),
    SkillInfo(
        Skill.LIKE_WITH_LIKE,
        "Like with like",
        "Are these two numbers counting the same thing?",
        "Totals over years against a headcount on a day, or one category against "
        "another, cannot be compared directly.",
    ),
    SkillInfo(
        Skill.PIN_THE_TIME,
        "Pin the time",
        "As of when is this true?",
        "Find the date or period each figure refers to, and when the article was written.",
    ),
    SkillInfo(
        Skill.PERCENT_OF_WHAT,
        "Percent of what?",
        "A share of which total?",
        "A percentage or an amount means little until you know its base.",
    ),
    SkillInfo(
        Skill.IS_THAT_BIG,
        "Is that a big number?",
        "Compared with what?",
        "Put a figure next to a relevant total or rate before judging its size.",
    ),
    SkillInfo(
        Skill.HEADLINE_VS_BODY,
        "Headline and body",
        "Does the headline say what the article says?",
        "Headlines drop hedges and sources; compare them with the body.",
    ),
    SkillInfo(
        Skill.CLAIMANTS_INTEREST,
        "The claimant's interest",
        "What does the source gain if I believe this number?",
        "A party to a conflict or a dispute has a stake in the numbers it gives out.",
    ),
)
