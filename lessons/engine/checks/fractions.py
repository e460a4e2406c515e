"""fraction_of_total: a count said to be a fraction of a total.

A fraction figure (kind fraction, or percent) is paired with the nearest count
before it in the same article (at most 400 characters before, a paragraph break
allowed) whose counted noun appears among the
fraction's words ("half to one-third of all members" after "more than 600
members quit"); counts of another noun ("half of the union's officers")
are not paired. Then:

- implied total = count / fraction
- implied remainder = count x (1/fraction - 1) (the count's uncertainty is
  counted once, not twice as total - count would)

each both *strict* (the count over everything its hedge allows: "more than
600" is 600 or more, so the total is 1,200 or more, with no top) and *at
the stated value* (600 taken as 600: total 1,200-1,800, remainder
600-1,200). These are compared with the stated totals (quantity words such
as total, overall, all) and stated remainders (remaining, still, rest) of the
same subject and unit in the same article.

``figures``: (count key, fraction key, then each compared figure's key).

``values``:

- ``count``, ``fraction``: figure summaries
- ``fraction_share``: interval, the fraction as a share of one (20 percent -> 0.2)
- ``implied_total``, ``implied_total_at_stated``: intervals
- ``implied_remainder``, ``implied_remainder_at_stated``: intervals
- ``implied_total_text``, ``implied_total_at_stated_text``,
  ``implied_remainder_text``, ``implied_remainder_at_stated_text``: e.g.
  "1,200 or more members", "1,200 to 1,800 members"
- ``comparisons``: list of dicts, one per stated total or remainder:
  - ``figure``: figure summary; ``role``: "total" or "remainder"
  - ``stated``: interval, what the figure allows
  - ``against``: "implied_total" or "implied_remainder"
  - ``overlaps``, ``overlaps_at_stated``: bool, what the compared figure
    allows meets the implied interval (strict / with the count at its stated
    value)
  - ``common``, ``common_at_stated``: interval or None, the values both allow
  - ``implied_fraction``, ``implied_fraction_at_stated``: interval, the share
    the count is of this total (count / total) or, for a remainder, of count +
    remainder; compare with ``fraction_share``
  - ``implied_fraction_at_stated_text``: e.g. "one-quarter to two-fifths"
  - ``total_from_remainder_at_stated``: interval, count + remainder (remainder
    only, else None)

Verdict: not_comparable when nothing is stated to compare with (the implied
numbers are still there); conflict when some comparison is disjoint even
strictly; needs_explanation when all overlap strictly but some do not at the
stated value; consistent otherwise. Skill: does-it-add-up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..formatting import (
    at_stated,
    fmt_interval,
    fmt_share_interval,
)
from ..intervals import Interval
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, Verdict
from .common import (
    FLOW_WORDS,
    TOTAL_WORDS,
    allows,
    as_share,
    body_figures,
    is_flow,
    ivj,
    quoted,
    role,
    same_subject,
    same_unit,
    subject_tokens,
    summarize,
    tokens,
    words_of,
)
from .registry import register

SHARE_KINDS = (FigureKind.FRACTION, FigureKind.PERCENT)
# How far before a fraction its count may stand ("X were killed. This could be
# half of the total"): a sentence or two, across a paragraph break.
COUNT_WINDOW = 400


@register("fraction_of_total")
def check_fraction_of_total(corpus: Corpus) -> list[Finding]:
    figures = body_figures(corpus)
    findings = []
    for fraction in figures:
        if fraction.kind not in SHARE_KINDS:
            continue
        count = _described_count(fraction, figures)
        if count is None:
            continue
        share = as_share(allows(fraction), fraction.kind)
        if share.contains(0):
            continue
        findings.append(_compare(count, fraction, share, figures, corpus))
    return findings


def _counted_nouns(figure: Figure) -> frozenset[str]:
    return words_of(figure) - FLOW_WORDS - TOTAL_WORDS - subject_tokens(figure)


def _described_count(fraction: Figure, figures: list[Figure]) -> Figure | None:
    """The nearest count shortly before the fraction, of a noun the fraction names."""
    of_what = tokens(f"{fraction.quantity} {fraction.unit}")
    best: Figure | None = None
    for count in figures:
        if (
            count.kind is FigureKind.COUNT
            and count.end <= fraction.start
            and count.article == fraction.article
            and fraction.start - count.end <= COUNT_WINDOW
            and (
                not count.subject
                or not fraction.subject
                or same_subject(count, fraction)
            )
            and _counted_nouns(count) & of_what
            and (best is None or count.start > best.start)
        ):
            best = count
    return best


def _compare(
    count: Figure,
    fraction: Figure,
    share: Interval,
    figures: list[Figure],
    corpus: Corpus,
) -> Finding:
    unit = count.unit
    inverse = share.reciprocal()
    rest_factor = inverse - Interval.point(1)  # 1/fraction - 1: both ends move together
    count_iv, count_pt = allows(count), at_stated(count)
    total, total_pt = count_iv * inverse, count_pt * inverse
    rest, rest_pt = count_iv * rest_factor, count_pt * rest_factor
    comparisons: list[dict[str, Any]] = []
    compared: list[Figure] = []
    for other in figures:
        if other is count or other.article != count.article:
            continue
        other_role = role(other)
        if (
            other_role
            and other.kind is FigureKind.COUNT
            and not is_flow(other)
            and same_unit(other, count)
            and same_subject(other, count)
        ):
            compared.append(other)
            comparisons.append(
                _comparison(
                    other,
                    other_role,
                    count_iv,
                    count_pt,
                    total,
                    total_pt,
                    rest,
                    rest_pt,
                    corpus,
                )
            )
    values: dict[str, Any] = {
        "count": summarize(count, corpus),
        "fraction": summarize(fraction, corpus),
        "fraction_share": share.as_json(),
        "implied_total": total.as_json(),
        "implied_total_at_stated": total_pt.as_json(),
        "implied_remainder": rest.as_json(),
        "implied_remainder_at_stated": rest_pt.as_json(),
        "implied_total_text": fmt_interval(total, unit),
        "implied_total_at_stated_text": fmt_interval(total_pt, unit),
        "implied_remainder_text": fmt_interval(rest, unit),
        "implied_remainder_at_stated_text": fmt_interval(rest_pt, unit),
        "comparisons": comparisons,
    }
    share_text = fmt_interval(share, "", FigureKind.FRACTION)
    lines = [
        f"If {quoted(count)} is {share_text} of the total, the total is "
        f"{fmt_interval(total_pt, unit)} and the rest {fmt_interval(rest_pt, unit)} "
        f"at the stated figure."
    ]
    if total != total_pt:
        lines.append(
            f"Allowing for the hedge, the total is {fmt_interval(total, unit)} and the "
            f"rest {fmt_interval(rest, unit)}."
        )
    strict_ok = all(c["overlaps"] for c in comparisons)
    stated_ok = all(c["overlaps_at_stated"] for c in comparisons)
    for c, other in zip(comparisons, compared, strict=True):
        against = "total" if c["role"] == "total" else "rest"
        agrees = "agrees with" if c["overlaps_at_stated"] else "does not fit"
        lines.append(
            f"The stated {c['role']} of {quoted(other)} {agrees} the implied {against} "
            f"at the stated figure; it would make the count "
            f"{c['implied_fraction_at_stated_text']} of the total."
        )
    if not comparisons:
        verdict = Verdict.NOT_COMPARABLE
        lines.append("The article states no total or remainder to check these against.")
    elif not strict_ok:
        verdict = Verdict.CONFLICT
        lines.append("No reading of the hedges makes all of these figures agree.")
    elif not stated_ok:
        verdict = Verdict.NEEDS_EXPLANATION
        lines.append(
            "Only the open end of a hedge lets them agree, or the figures count "
            "different groups."
        )
    else:
        verdict = Verdict.CONSISTENT
    return Finding(
        kind="fraction_of_total",
        figures=(count.key, fraction.key, *(f.key for f in compared)),
        verdict=verdict,
        explanation=" ".join(lines),
        skill=Skill.DOES_IT_ADD_UP.value,
        values=values,
    )


def _comparison(
    other: Figure,
    other_role: str,
    count_iv: Interval,
    count_pt: Interval,
    total: Interval,
    total_pt: Interval,
    rest: Interval,
    rest_pt: Interval,
    corpus: Corpus,
) -> dict[str, Any]:
    stated = allows(other)
    stated_pt = at_stated(other)
    if other_role == "remainder":
        implied, implied_pt = rest, rest_pt
        # count / (count + rest) = 1 / (1 + rest / count), each end moving once
        fraction = _share(stated, count_iv, remainder=True)
        fraction_pt = _share(stated_pt, count_pt, remainder=True)
        from_rest = count_pt + stated_pt
    else:
        implied, implied_pt = total, total_pt
        fraction = _share(stated, count_iv, remainder=False)
        fraction_pt = _share(stated_pt, count_pt, remainder=False)
        from_rest = None
    common = stated.intersection(implied)
    common_pt = stated.intersection(implied_pt)
    return {
        "figure": summarize(other, corpus),
        "role": other_role,
        "stated": stated.as_json(),
        "against": "implied_remainder"
        if other_role == "remainder"
        else "implied_total",
        "overlaps": common is not None,
        "overlaps_at_stated": common_pt is not None,
        "common": ivj(common),
        "common_at_stated": ivj(common_pt),
        "implied_fraction": ivj(fraction),
        "implied_fraction_at_stated": ivj(fraction_pt),
        "implied_fraction_at_stated_text": _share_text(fraction_pt),
        "total_from_remainder_at_stated": ivj(from_rest),
    }


def _share(other: Interval, count: Interval, *, remainder: bool) -> Interval | None:
    try:
        if remainder:
            return (Interval.point(1) + other / count).reciprocal()
        return count / other
    except ZeroDivisionError:
        return None


def _share_text(share: Interval | None) -> str:
    if share is None:
        return "an unknown share"
    low = Decimal(0) if share.low is None else share.low
    return fmt_share_interval(Interval(low, share.high), common=True)
