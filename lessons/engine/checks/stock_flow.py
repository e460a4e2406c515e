"""stock_vs_flow: a cumulative toll against a headcount of the same subject.

Pairs, within one article's body, a *flow* (a count of events over a period:
its quantity or unit holds a flow word such as killed, deaths, casualties,
lost, arrested, displaced, quit) with a *stock* (a headcount at a date: a
count of people — fighters, members, staff, residents ... — with no flow word,
no remainder word such as "remaining", and a top: a headcount given only as a
floor, "thousands" or "at least 200", cannot show an excess), when both name
the same subject and count people. Figures of different subjects or units are
never paired.

``figures``: (flow key, stock key).

``values``:

- ``flow``, ``stock``: figure summaries
- ``ratio``: interval, flow / stock over everything the hedges allow
- ``ratio_at_stated``: interval, stated flow / stated stock ("2")
- ``ratio_text``, ``ratio_at_stated_text``: e.g. "1.82 or more", "2"
- ``exceeds``: bool, the stated flow is larger than the stated stock
- ``certainly_exceeds``: bool, every value the flow allows exceeds every value
  the stock allows
- ``replacement``: interval, flow - stock (floored at 0): how many must have
  been recruited or replaced over the flow's period for both to hold
- ``replacement_at_stated``: interval, the same at the stated values
- ``replacement_per_month_at_stated``: interval or None, replacement_at_stated
  spread over the months of the flow's period when its dates are known
- ``period_months``: decimal string or None, length of the flow's period
- ``flow_time``, ``stock_time``: the time words ("since 2019", "in May") or ""

Verdict: needs_explanation when the stated flow exceeds the stated stock (the
explanation says what reconciles them: replacement of at least flow - stock
over the period, or the two figures counting different people); consistent
otherwise. Skill: like-with-like.
"""

from __future__ import annotations

from ..formatting import (
    at_stated,
    fmt_interval,
)
from ..intervals import Interval
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, TimeKind, Verdict
from .common import (
    allows,
    body_figures,
    days_between,
    is_flow,
    ivj,
    months,
    non_negative,
    num,
    period_dates,
    quoted,
    role,
    same_subject,
    stated_value,
    summarize,
    time_text,
    unit_family,
)
from .registry import register


def _is_stock(figure: Figure) -> bool:
    return (
        figure.kind is FigureKind.COUNT
        and not is_flow(figure)
        and unit_family(figure) == "people"
        and role(figure) != "remainder"
        and allows(figure).high is not None
        and (figure.time is None or figure.time.kind is not TimeKind.FUTURE)
    )


def _is_toll(figure: Figure) -> bool:
    return (
        figure.kind is FigureKind.COUNT
        and is_flow(figure)
        and unit_family(figure) == "people"
        and (figure.time is None or figure.time.kind is not TimeKind.FUTURE)
    )


@register("stock_vs_flow")
def check_stock_vs_flow(corpus: Corpus) -> list[Finding]:
    figures = body_figures(corpus)
    findings = []
    for flow in figures:
        if not _is_toll(flow):
            continue
        for stock in figures:
            if (
                stock.article == flow.article
                and _is_stock(stock)
                and same_subject(flow, stock)
            ):
                findings.append(_compare(flow, stock, corpus))
    return findings


def _compare(flow: Figure, stock: Figure, corpus: Corpus) -> Finding:
    flow_iv, stock_iv = allows(flow), allows(stock)
    flow_pt, stock_pt = at_stated(flow), at_stated(stock)
    ratio = _safe_div(flow_iv, stock_iv)
    ratio_pt = _safe_div(flow_pt, stock_pt)
    exceeds = stated_value(flow) > stated_value(stock)
    certainly = flow_iv.is_above(stock_iv)
    replacement = non_negative(flow_iv - stock_iv)
    replacement_pt = non_negative(flow_pt - stock_pt)
    span = period_dates(flow, corpus)
    period_months = None if span is None else months(days_between(*span))
    per_month = (
        None
        if period_months is None or period_months <= 0
        else replacement_pt.scale(1 / period_months)
    )
    values = {
        "flow": summarize(flow, corpus),
        "stock": summarize(stock, corpus),
        "ratio": ivj(ratio),
        "ratio_at_stated": ivj(ratio_pt),
        "ratio_text": "" if ratio is None else fmt_interval(ratio),
        "ratio_at_stated_text": "" if ratio_pt is None else fmt_interval(ratio_pt),
        "exceeds": exceeds,
        "certainly_exceeds": certainly,
        "replacement": replacement.as_json(),
        "replacement_at_stated": replacement_pt.as_json(),
        "replacement_per_month_at_stated": ivj(per_month),
        "period_months": None if period_months is None else num(period_months),
        "flow_time": time_text(flow),
        "stock_time": time_text(stock),
    }
    lead = f"The toll of {quoted(flow)} is set against a headcount of {quoted(stock)}."
    if ratio_pt is not None:
        times = fmt_interval(ratio_pt)
        lead += f" At the stated figures the toll is {times} times the headcount"
        if ratio is not None and ratio != ratio_pt:
            lead += f" ({fmt_interval(ratio)} times, allowing for the hedges)"
        lead += "."
    if exceeds:
        need = fmt_interval(replacement_pt, flow.unit or stock.unit)
        explanation = (
            f"{lead} More were lost than there were at the time of the count. Both can "
            f"be true only if at least {need} were recruited or replaced over the "
            f"period"
        )
        if per_month is not None:
            explanation += f" (about {fmt_interval(per_month)} a month)"
        explanation += (
            ", or if the two figures count different people (for example, the toll "
            "includes people the headcount leaves out)."
        )
        if not certainly:
            explanation += (
                " Allowing for the hedges, the two ranges overlap, so the gap may be "
                "smaller than it looks."
            )
        verdict = Verdict.NEEDS_EXPLANATION
    else:
        explanation = (
            f"{lead} The toll is no larger than the headcount, so the two figures can "
            "both hold without replacement; they still measure different things (a "
            "flow over a period and a stock at a date)."
        )
        verdict = Verdict.CONSISTENT
    return Finding(
        kind="stock_vs_flow",
        figures=(flow.key, stock.key),
        verdict=verdict,
        explanation=explanation,
        skill=Skill.LIKE_WITH_LIKE.value,
        values=values,
    )


def _safe_div(a: Interval, b: Interval) -> Interval | None:
    try:
        return a / b
    except ZeroDivisionError:
        return None
