"""part_whole: stated parts against the total they should add up to.

A total is a body figure whose words say so (total, overall, combined, all,
entire ...). Its parts are the figures before it in the same paragraph (within
400 characters) of the same kind, unit family and subject (a part's subject may
be narrower: "allied members" of the same subject), neither totals themselves
nor of a different flow/stock nature. At least one part is needed.

``figures``: (total key, then each part's key in text order).

``values``:

- ``total``: figure summary; ``parts``: list of figure summaries
- ``total_allows``, ``total_at_stated``: intervals
- ``parts_sum``, ``parts_sum_at_stated``: intervals, the sum of the parts
- ``parts_sum_text``, ``parts_sum_at_stated_text``: e.g. "1,100 or more members"
- ``unaccounted``, ``unaccounted_at_stated``: intervals, total - sum of parts
  (may hold negative values when the parts can exceed the total)
- ``implied_parts``: list of ``{"figure": key, "implied": interval,
  "implied_at_stated": interval, "implied_at_stated_text": str}``: what each
  part must be for the total to hold given the other parts (total - others)
- ``parts_exceeding_total``: keys of parts certainly larger than the total
- ``sum_exceeds_total``: bool, the parts certainly add up to more than the total
- ``sum_falls_short``: bool, the parts certainly add up to less than the total

Verdict: conflict when a part or the sum of parts is certainly larger than the
total; needs_explanation when the parts certainly fall short of the total (a
part is missing or the total counts more); consistent otherwise. Skill:
does-it-add-up.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

from ..formatting import (
    at_stated,
    fmt_interval,
)
from ..intervals import Interval
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, Verdict
from .common import (
    allows,
    body_figures,
    is_flow,
    quoted,
    role,
    same_paragraph,
    same_subject,
    same_unit,
    summarize,
)
from .registry import register

WHOLE_KINDS = (FigureKind.COUNT, FigureKind.AREA, FigureKind.MONEY, FigureKind.LENGTH)


@register("part_whole")
def check_part_whole(corpus: Corpus) -> list[Finding]:
    figures = body_figures(corpus)
    findings = []
    for total in figures:
        if total.kind not in WHOLE_KINDS or role(total) != "total":
            continue
        parts = [
            part
            for part in figures
            if part is not total
            and part.end <= total.start
            and role(part) != "total"
            and same_unit(part, total)
            and same_subject(part, total)
            and is_flow(part) == is_flow(total)
            and same_paragraph(part, total, corpus)
        ]
        if parts:
            findings.append(_compare(total, parts, corpus))
    return findings


def _sum(intervals: list[Interval]) -> Interval:
    return reduce(lambda a, b: a + b, intervals, Interval.point(0))


def _compare(total: Figure, parts: list[Figure], corpus: Corpus) -> Finding:
    unit = total.unit or parts[0].unit
    total_iv, total_pt = allows(total), at_stated(total)
    part_ivs = [allows(p) for p in parts]
    part_pts = [at_stated(p) for p in parts]
    parts_sum, parts_sum_pt = _sum(part_ivs), _sum(part_pts)
    unaccounted = total_iv - parts_sum
    unaccounted_pt = total_pt - parts_sum_pt
    implied: list[dict[str, Any]] = []
    for i, part in enumerate(parts):
        others = _sum([iv for j, iv in enumerate(part_ivs) if j != i])
        others_pt = _sum([iv for j, iv in enumerate(part_pts) if j != i])
        need, need_pt = total_iv - others, total_pt - others_pt
        implied.append(
            {
                "figure": part.key,
                "implied": need.as_json(),
                "implied_at_stated": need_pt.as_json(),
                "implied_at_stated_text": fmt_interval(need_pt, part.unit or unit),
            }
        )
    too_big = [
        p.key for p, iv in zip(parts, part_ivs, strict=True) if iv.is_above(total_iv)
    ]
    exceeds = parts_sum.is_above(total_iv)
    short = parts_sum.is_below(total_iv)
    values: dict[str, Any] = {
        "total": summarize(total, corpus),
        "parts": [summarize(p, corpus) for p in parts],
        "total_allows": total_iv.as_json(),
        "total_at_stated": total_pt.as_json(),
        "parts_sum": parts_sum.as_json(),
        "parts_sum_at_stated": parts_sum_pt.as_json(),
        "parts_sum_text": fmt_interval(parts_sum, unit),
        "parts_sum_at_stated_text": fmt_interval(parts_sum_pt, unit),
        "unaccounted": unaccounted.as_json(),
        "unaccounted_at_stated": unaccounted_pt.as_json(),
        "implied_parts": implied,
        "parts_exceeding_total": too_big,
        "sum_exceeds_total": exceeds,
        "sum_falls_short": short,
    }
    listed = " and ".join(quoted(p) for p in parts)
    lines = [
        f"The parts {listed} add up to {fmt_interval(parts_sum_pt, unit)} at the "
        "stated "
        f"figures against a total of {quoted(total)}."
    ]
    if parts_sum != parts_sum_pt:
        lines.append(
            f"Allowing for the hedges they add up to {fmt_interval(parts_sum, unit)}."
        )
    if len(parts) > 1:
        vaguest = max(
            range(len(parts)),
            key=lambda i: (part_ivs[i].width is None, part_ivs[i].width or 0),
        )
        lines.append(
            f"For the total to hold, the figure given as {quoted(parts[vaguest])} "
            f"must be "
            f"{implied[vaguest]['implied_at_stated_text']}."
        )
    if too_big or exceeds:
        verdict = Verdict.CONFLICT
        lines.append(
            "A part cannot be larger than its whole: "
            + (
                "a part alone exceeds the total."
                if too_big
                else "the parts exceed the total."
            )
        )
    elif short:
        verdict = Verdict.NEEDS_EXPLANATION
        lines.append(
            "The parts fall short of the total by "
            f"{fmt_interval(unaccounted_pt, unit)}: "
            "a part is missing, or the total counts more than these parts."
        )
    else:
        verdict = Verdict.CONSISTENT
        lines.append("The parts can add up to the total.")
    return Finding(
        kind="part_whole",
        figures=(total.key, *(p.key for p in parts)),
        verdict=verdict,
        explanation=" ".join(lines),
        skill=Skill.DOES_IT_ADD_UP.value,
        values=values,
    )
