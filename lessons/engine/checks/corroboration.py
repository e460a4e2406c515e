"""cross_source: one quantity reported by several sources or articles.

Pairs body figures that count the same quantity -- the same subject, kind and
unit family (shares only when they are shares of the same counted thing), and
the same qualifiers (no flow or state word on either, or one in common: "homes
damaged" is not "homes in total" nor "homes destroyed", "fighters killed" not
"fighters remaining"), never a total against a remainder -- that come from
different articles or different first-hand sources, and hold at the same time
(reference dates within 31 days, or either unknown). Running totals at
different dates are left to rate_over_time, headcounts at different dates to
category_drift, a part against its total to part_whole. Mentions of one figure
repeated by the same source in the same article are not paired.

``figures``: (first key, second key), in corpus order.

``values``:

- ``first``, ``second``: figure summaries
- ``overlaps``: bool; ``common``: interval or None, the values both allow
- ``gap``: interval or None, how far apart they are when disjoint
  (second - first over the allowed values)
- ``same_article``: bool; ``same_source``: bool (first-hand speakers)
- ``sources``: [first's source or None, second's source or None]
- ``bound_words``: [bound of first, bound of second] (e.g. "at_least", "approx")
- ``wording_differs``: bool, the quantity words differ beyond the subject
- ``words_only_first``, ``words_only_second``: sorted lists of the words one
  quantity has and the other lacks (e.g. ["remaining"] vs ["total", "force"])
- ``drift``: list of strings among "bound", "wording", "value": what changed

Verdict: consistent (corroborated) when the intervals overlap, even with drift
in wording; conflict when they are disjoint. Skill: corroborate.
"""

from __future__ import annotations

from typing import Any

from ..formatting import (
    fmt_interval,
)
from ..skills import Skill
from ..types import Corpus, Figure, Finding, Verdict
from .common import (
    allows,
    body_figures,
    first_speaker,
    ivj,
    pairs,
    qualifiers,
    quoted,
    role,
    same_subject,
    same_time,
    same_unit,
    shares_comparable,
    signature,
    stated_value,
    summarize,
)
from .registry import register


@register("cross_source")
def check_cross_source(corpus: Corpus) -> list[Finding]:
    findings = []
    for a, b in pairs(body_figures(corpus)):
        if _same_quantity(a, b) and _independent(a, b) and same_time(a, b, corpus):
            findings.append(_compare(a, b, corpus))
    return findings


def _same_quantity(a: Figure, b: Figure) -> bool:
    """Both count the same thing: the same unit and subject, and the same
    qualifiers (none, or a flow or state word in common: "homes damaged" is
    not "homes" nor "homes destroyed"), and not a total against a remainder."""
    qa, qb = qualifiers(a), qualifiers(b)
    same_nature = (not qa and not qb) or bool(qa & qb)
    ra, rb = role(a), role(b)
    return (
        same_nature
        and (not ra or not rb or ra == rb)
        and same_unit(a, b)
        and same_subject(a, b)
        and shares_comparable(a, b)
    )


def _independent(a: Figure, b: Figure) -> bool:
    return a.article != b.article or first_speaker(a) != first_speaker(b)


def _compare(a: Figure, b: Figure, corpus: Corpus) -> Finding:
    ia, ib = allows(a), allows(b)
    common = ia.intersection(ib)
    gap = None if common is not None else ib - ia
    only_a = sorted(signature(a) - signature(b))
    only_b = sorted(signature(b) - signature(a))
    drift = []
    if a.bound is not b.bound:
        drift.append("bound")
    if only_a or only_b:
        drift.append("wording")
    if stated_value(a) != stated_value(b):
        drift.append("value")
    values: dict[str, Any] = {
        "first": summarize(a, corpus),
        "second": summarize(b, corpus),
        "overlaps": common is not None,
        "common": ivj(common),
        "gap": ivj(gap),
        "same_article": a.article == b.article,
        "same_source": first_speaker(a) == first_speaker(b),
        "sources": [
            None if a.first_hand is None else a.first_hand.speaker,
            None if b.first_hand is None else b.first_hand.speaker,
        ],
        "bound_words": [a.bound.value, b.bound.value],
        "wording_differs": bool(only_a or only_b),
        "words_only_first": only_a,
        "words_only_second": only_b,
        "drift": drift,
    }
    who_a = _who(a, corpus)
    who_b = _who(b, corpus)
    lead = f"{who_a} gives {quoted(a)}; {who_b} gives {quoted(b)}."
    unit = a.unit or b.unit
    if common is not None:
        verdict = Verdict.CONSISTENT
        agreed = fmt_interval(common, unit)
        text = f"{lead} The two agree on {agreed}, so they corroborate each other"
        text += " as far as they are independent."
    else:
        verdict = Verdict.CONFLICT
        text = (
            f"{lead} No value fits both, even allowing for the hedges: at least one is "
            "wrong, or they count different things."
        )
    if "wording" in drift:
        text += (
            f" Note the wording: {', '.join(only_a) or 'nothing extra'} in the first, "
            f"{', '.join(only_b) or 'nothing extra'} in the second."
        )
    if "bound" in drift:
        text += " The hedges differ too."
    return Finding(
        kind="cross_source",
        figures=(a.key, b.key),
        verdict=verdict,
        explanation=text,
        skill=Skill.CORROBORATE.value,
        values=values,
    )


def _who(figure: Figure, corpus: Corpus) -> str:
    hop = figure.first_hand
    if hop is not None:
        return hop.speaker[:1].upper() + hop.speaker[1:]
    info = corpus.articles.get(figure.article)
    return "The article" if info is None or not info.outlet else info.outlet
