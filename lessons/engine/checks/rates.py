"""rate_over_time: two running totals of one quantity at two dates.

Pairs two cumulative figures (a flow word in the quantity, time kind "since"
or "until") of the same subject, unit and flow words, whose reference dates
differ, across the whole corpus (articles of one story). The start dates must
agree where both are given. The earlier figure comes first.

``figures``: (earlier key, later key).

``values``:

- ``earlier``, ``later``: figure summaries
- ``earlier_date``, ``later_date``: ISO dates used
- ``days``: int; ``months``: decimal string (days / 30.44)
- ``change``: interval, later - earlier over what the hedges allow
- ``change_at_stated``: interval, the difference of the stated values ("5000")
- ``rate_per_month``, ``rate_per_day``: intervals, change / months, change / days
- ``rate_per_month_at_stated``, ``rate_per_day_at_stated``: intervals
- ``rate_per_month_text``, ``rate_per_month_at_stated_text``: e.g. "1,250"
- ``falls``: bool, the stated later total is below the earlier
- ``certainly_falls``: bool, every value of the later is below every value of
  the earlier
- ``same_source``: bool, both have the same first-hand speaker

Verdict: conflict when the later total certainly falls (a running total
cannot fall); needs_explanation when only the stated values fall; consistent
otherwise. Skill: pin-the-time.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
    first_speaker,
    flow_words,
    is_cumulative,
    months,
    num,
    quoted,
    reference_date,
    same_subject,
    same_unit,
    stated_value,
    summarize,
)
from .registry import register


@register("rate_over_time")
def check_rate_over_time(corpus: Corpus) -> list[Finding]:
    dated: list[tuple[Figure, date]] = []
    for figure in body_figures(corpus):
        when = reference_date(figure, corpus)
        if (
            figure.kind is FigureKind.COUNT
            and is_cumulative(figure)
            and when is not None
        ):
            dated.append((figure, when))
    findings = []
    for i, (a, a_date) in enumerate(dated):
        for b, b_date in dated[i + 1 :]:
            if a_date == b_date or not _same_running_total(a, b):
                continue
            (early, early_date), (late, late_date) = sorted(
                ((a, a_date), (b, b_date)), key=lambda pair: pair[1]
            )
            findings.append(_rate(early, early_date, late, late_date, corpus))
    return findings


def _same_running_total(a: Figure, b: Figure) -> bool:
    starts_agree = (
        a.time is None
        or b.time is None
        or a.time.start is None
        or b.time.start is None
        or a.time.start == b.time.start
    )
    return (
        starts_agree
        and same_subject(a, b)
        and same_unit(a, b)
        and bool(flow_words(a) & flow_words(b))
    )


def _rate(
    early: Figure, early_date: date, late: Figure, late_date: date, corpus: Corpus
) -> Finding:
    days = (late_date - early_date).days
    span = months(days)
    change = allows(late) - allows(early)
    change_pt = at_stated(late) - at_stated(early)
    per_month = change.scale(1 / span)
    per_month_pt = change_pt.scale(1 / span)
    per_day = change.scale(Decimal(1) / days)
    per_day_pt = change_pt.scale(Decimal(1) / days)
    falls = stated_value(late) < stated_value(early)
    certainly = allows(late).is_below(allows(early))
    same_source = first_speaker(early) != "" and first_speaker(early) == first_speaker(
        late
    )
    unit = late.unit or early.unit
    values = {
        "earlier": summarize(early, corpus),
        "later": summarize(late, corpus),
        "earlier_date": early_date.isoformat(),
        "later_date": late_date.isoformat(),
        "days": days,
        "months": num(span),
        "change": change.as_json(),
        "change_at_stated": change_pt.as_json(),
        "rate_per_month": per_month.as_json(),
        "rate_per_day": per_day.as_json(),
        "rate_per_month_at_stated": per_month_pt.as_json(),
        "rate_per_day_at_stated": per_day_pt.as_json(),
        "rate_per_month_text": fmt_interval(per_month, unit),
        "rate_per_month_at_stated_text": fmt_interval(per_month_pt, unit),
        "falls": falls,
        "certainly_falls": certainly,
        "same_source": same_source,
    }
    lead = (
        f"The running total went from {quoted(early)} to {quoted(late)}, "
        f"{fmt_interval(Interval.point(span))} months later."
    )
    if certainly:
        verdict = Verdict.CONFLICT
        explanation = (
            f"{lead} A running total cannot fall, yet the later figure is below the "
            "earlier one whatever the hedges allow: one of them is wrong, or they "
            "count "
            "different things."
        )
    elif falls:
        verdict = Verdict.NEEDS_EXPLANATION
        explanation = (
            f"{lead} The later stated figure is lower, which a running total cannot "
            "be; the hedges leave room for both to hold, but the figures need a "
            "closer look."
        )
    else:
        verdict = Verdict.CONSISTENT
        explanation = (
            f"{lead} That is {fmt_interval(change_pt, unit)} more, or about "
            f"{fmt_interval(per_month_pt, unit)} a month at the stated figures"
        )
        if per_month.low is None and per_month.high is None:
            explanation += " (the open-ended hedges leave the true rate undetermined)"
        elif per_month != per_month_pt:
            explanation += (
                f" ({fmt_interval(per_month, unit)} a month allowing for the hedges)"
            )
        explanation += "."
    if not same_source:
        explanation += (
            " The two figures come from different sources, so the rate mixes "
            "their methods."
        )
    return Finding(
        kind="rate_over_time",
        figures=(early.key, late.key),
        verdict=verdict,
        explanation=explanation,
        skill=Skill.PIN_THE_TIME.value,
        values=values,
    )
