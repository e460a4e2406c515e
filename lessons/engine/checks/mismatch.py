"""Mismatched periods and categories, and categories that move over time.

Three kinds. All pair body figures of one article with the same subject, kind
and unit family.

period_mismatch
    Two such figures whose times are of different classes (a running total
    "since 2019" against a snapshot "in May" or a period "in 2021"), or
    two periods of clearly different lengths (more than twice as long).
    Running totals at two dates are left to rate_over_time.

    ``figures``: (first key, second key) in text order.
    ``values``: ``first``, ``second`` (figure summaries), ``first_time``,
    ``second_time`` (time words), ``first_class``, ``second_class`` (one of
    "cumulative", "snapshot", "period", "future"), ``first_days``,
    ``second_days`` (length of each period in days or None), ``reason``
    ("class" or "length").
    Verdict: needs_explanation. Skill: pin-the-time.

category_mismatch
    Two such figures of the same nature (headcounts, or flows) at the same
    time (or either undated) that count differently qualified things: their
    quantity words differ ("countries with full branches" vs
    "countries with planned branches"; "members remaining" vs "total
    membership"). A figure and its repetition (same value, same words) are not
    paired, nor shares (percent, fraction) of different things.

    ``figures``: (first key, second key) in text order.
    ``values``: ``first``, ``second`` (figure summaries), ``shared_words``,
    ``words_only_first``, ``words_only_second`` (sorted lists of quantity
    words), ``same_value`` (bool, the stated values are equal).
    Verdict: not_comparable. Skill: like-with-like.

category_drift
    Headcounts (no flow word) of one category at two or more distinct dates
    in one article (4 countries in 2019, 9 in 2021, 11 this year): the
    series, its growth, and a warning that the category's definition may have
    changed between counts. Where one date has several figures, the one whose
    words best match the other dates' figures is kept (then text order).

    ``figures``: keys of the series in date order.
    ``values``: ``series``: list of ``{"figure": key, "as_of": ISO date,
    "time": words, "value": decimal string (stated, a range's midpoint),
    "text": readable figure, "quantity": words}``; ``changes``: list of
    ``{"from": key, "to": key, "change": decimal string, "ratio": decimal
    string or None}`` between consecutive points; ``first_value``,
    ``last_value``, ``total_change`` (decimal strings), ``growth_ratio``
    (last / first, decimal string or None), ``direction`` ("up", "down",
    "flat", "mixed"), ``series_text`` (e.g. "4 → 9 → 11"),
    ``wordings_differ`` (bool), ``wordings`` (the distinct quantity texts).
    Verdict: needs_explanation. Skill: like-with-like.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..formatting import (
    fmt_number,
)
from ..skills import Skill
from ..types import Corpus, Figure, Finding, Verdict
from .common import (
    body_figures,
    flow_words,
    is_flow,
    num,
    pairs,
    period_dates,
    quoted,
    reference_date,
    role,
    same_subject,
    same_time,
    same_unit,
    shares_comparable,
    signature,
    stated_value,
    subject_tokens,
    summarize,
    time_class,
    time_text,
    unit_family,
)
from .registry import register


def _alike(a: Figure, b: Figure) -> bool:
    return a.article == b.article and same_unit(a, b) and same_subject(a, b)


def _days(figure: Figure, corpus: Corpus) -> int | None:
    span = period_dates(figure, corpus)
    return None if span is None else (span[1] - span[0]).days


# period_mismatch ------------------------------------------------------------------


@register("period_mismatch")
def check_period_mismatch(corpus: Corpus) -> list[Finding]:
    findings = []
    for a, b in pairs(body_figures(corpus)):
        if not _alike(a, b) or not (is_flow(a) or is_flow(b)):
            continue
        ca, cb = time_class(a), time_class(b)
        if not ca or not cb or ca == cb == "cumulative":
            continue
        da, db = _days(a, corpus), _days(b, corpus)
        if ca != cb:
            reason = "class"
        elif ca == "period" and da and db and max(da, db) > 2 * min(da, db):
            reason = "length"
        else:
            continue
        findings.append(_period_finding(a, b, ca, cb, da, db, reason, corpus))
    return findings


_CLASS_WORDS = {
    "cumulative": "a running total",
    "snapshot": "a count at one moment",
    "period": "a count over a period",
    "future": "a projection",
}


def _period_finding(
    a: Figure,
    b: Figure,
    ca: str,
    cb: str,
    da: int | None,
    db: int | None,
    reason: str,
    corpus: Corpus,
) -> Finding:
    values: dict[str, Any] = {
        "first": summarize(a, corpus),
        "second": summarize(b, corpus),
        "first_time": time_text(a),
        "second_time": time_text(b),
        "first_class": ca,
        "second_class": cb,
        "first_days": da,
        "second_days": db,
        "reason": reason,
    }
    if reason == "class":
        detail = (
            f"The first is {_CLASS_WORDS[ca]} ({time_text(a)}), the second "
            f"{_CLASS_WORDS[cb]} ({time_text(b)})."
        )
    else:
        detail = f"The first covers {_days_text(da)}, the second {_days_text(db)}."
    explanation = (
        f"{quoted(a)} and {quoted(b)} do not cover the same time. {detail} Pin down "
        "the time each figure refers to before comparing them."
    )
    return Finding(
        kind="period_mismatch",
        figures=(a.key, b.key),
        verdict=Verdict.NEEDS_EXPLANATION,
        explanation=explanation,
        skill=Skill.PIN_THE_TIME.value,
        values=values,
    )


def _days_text(days: int | None) -> str:
    return "an unknown time" if days is None else f"{days:,} days"


# category_mismatch ----------------------------------------------------------------


@register("category_mismatch")
def check_category_mismatch(corpus: Corpus) -> list[Finding]:
    findings = []
    for a, b in pairs(body_figures(corpus)):
        if not _alike(a, b) or is_flow(a) != is_flow(b) or not shares_comparable(a, b):
            continue
        if not same_time(a, b, corpus):
            continue
        sa, sb = signature(a), signature(b)
        if sa == sb:
            continue
        findings.append(_category_finding(a, b, sa, sb, corpus))
    return findings


def _category_finding(
    a: Figure, b: Figure, sa: frozenset[str], sb: frozenset[str], corpus: Corpus
) -> Finding:
    only_a, only_b = sorted(sa - sb), sorted(sb - sa)
    same_value = stated_value(a) == stated_value(b)
    values: dict[str, Any] = {
        "first": summarize(a, corpus),
        "second": summarize(b, corpus),
        "shared_words": sorted(sa & sb),
        "words_only_first": only_a,
        "words_only_second": only_b,
        "same_value": same_value,
    }
    explanation = (
        f"{quoted(a)} and {quoted(b)} count differently defined things: "
        f"{', '.join(only_a) or 'no qualifier'} against "
        f"{', '.join(only_b) or 'no qualifier'}. Check what each one includes before "
        "comparing or adding them."
    )
    return Finding(
        kind="category_mismatch",
        figures=(a.key, b.key),
        verdict=Verdict.NOT_COMPARABLE,
        explanation=explanation,
        skill=Skill.LIKE_WITH_LIKE.value,
        values=values,
    )


# category_drift ---------------------------------------------------------------------


def _span(figure: Figure, corpus: Corpus) -> tuple[date, date] | None:
    t = figure.time
    ref = reference_date(figure, corpus)
    if t is None or ref is None:
        return None
    return (t.start or ref, t.end or ref)


@register("category_drift")
def check_category_drift(corpus: Corpus) -> list[Finding]:
    groups: dict[tuple[str, ...], list[tuple[Figure, date, tuple[date, date]]]] = {}
    for figure in body_figures(corpus):
        ref, span = reference_date(figure, corpus), _span(figure, corpus)
        if is_flow(figure) or flow_words(figure) or ref is None or span is None:
            continue
        if time_class(figure) in ("", "future", "cumulative"):
            continue
        key = (
            figure.article,
            " ".join(sorted(subject_tokens(figure))),
            figure.kind.value,
            unit_family(figure),
            role(figure),
        )
        if key[1]:
            groups.setdefault(key, []).append((figure, ref, span))
    findings = []
    for members in groups.values():
        series = _series(members)
        if len(series) >= 2:
            findings.append(_drift_finding(series, corpus))
    return findings


def _series(
    members: list[tuple[Figure, date, tuple[date, date]]],
) -> list[tuple[Figure, date]]:
    """One figure per time: clusters of overlapping spans, best-matching wording."""
    clusters: list[list[tuple[Figure, date, tuple[date, date]]]] = []
    for member in sorted(members, key=lambda m: (m[1], m[0].start)):
        if clusters and any(_overlap(member[2], other[2]) for other in clusters[-1]):
            clusters[-1].append(member)
        else:
            clusters.append([member])
    if len(clusters) < 2:
        return []
    chosen = []
    for i, cluster in enumerate(clusters):
        others = [m[0] for j, c in enumerate(clusters) if j != i for m in c]

        best = min(cluster, key=lambda m: _match_score(m[0], others))
        chosen.append((best[0], best[1]))
    return chosen


def _match_score(figure: Figure, others: list[Figure]) -> tuple[int, int]:
    """Lower is better: most words shared with the other dates, then text order."""
    shared = sum(len(signature(figure) & signature(o)) for o in others)
    return (-shared, figure.start)


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _drift_finding(series: list[tuple[Figure, date]], corpus: Corpus) -> Finding:
    figures = [f for f, _ in series]
    numbers = [stated_value(f) for f in figures]
    changes = []
    for (a, _), (b, _), va, vb in zip(
        series, series[1:], numbers, numbers[1:], strict=False
    ):
        changes.append(
            {
                "from": a.key,
                "to": b.key,
                "change": num(vb - va),
                "ratio": None if va == 0 else num(vb / va),
            }
        )
    steps = [vb - va for va, vb in zip(numbers, numbers[1:], strict=False)]
    if all(s > 0 for s in steps):
        direction = "up"
    elif all(s < 0 for s in steps):
        direction = "down"
    elif all(s == 0 for s in steps):
        direction = "flat"
    else:
        direction = "mixed"
    wordings = list(dict.fromkeys(f.quantity for f in figures))
    series_text = " → ".join(fmt_number(v) for v in numbers)
    values: dict[str, Any] = {
        "series": [
            {
                "figure": f.key,
                "as_of": d.isoformat(),
                "time": time_text(f),
                "value": num(v),
                "text": quoted(f),
                "quantity": f.quantity,
            }
            for (f, d), v in zip(series, numbers, strict=True)
        ],
        "changes": changes,
        "first_value": num(numbers[0]),
        "last_value": num(numbers[-1]),
        "total_change": num(numbers[-1] - numbers[0]),
        "growth_ratio": None if numbers[0] == 0 else num(numbers[-1] / numbers[0]),
        "direction": direction,
        "series_text": series_text,
        "wordings_differ": len(wordings) > 1,
        "wordings": wordings,
    }
    when = ", ".join(
        f"{fmt_number(v)} ({time_text(f)})"
        for f, v in zip(figures, numbers, strict=True)
    )
    explanation = (
        f"The count moves over time: {when}, that is {series_text}. Before reading "
        "this "
        "as growth or decline, check that each count uses the same definition; a "
        "category that is redefined between counts can change without anything "
        "changing on the ground."
    )
    if len(wordings) > 1:
        explanation += " Here the wording changes between counts."
    return Finding(
        kind="category_drift",
        figures=tuple(f.key for f in figures),
        verdict=Verdict.NEEDS_EXPLANATION,
        explanation=explanation,
        skill=Skill.LIKE_WITH_LIKE.value,
        values=values,
    )
