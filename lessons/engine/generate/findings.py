"""Finding builders, keyed by ``Finding.kind``.

Each reads the numbers a check computed (``Finding.values``, documented in the
check's module in ``lessons.engine.checks``) and falls back to the figures
where a value is missing, so that every number it states comes from code.
A kind without a builder here gets :func:`build_generic`: a section with the
finding's explanation and figures, and a verdict question.

Kinds and the question types their builders make:

- ``stock_vs_flow``: single (same kind of count?), single (can both be
  right?), numeric (ratio), numeric (replacement needed), short (what would
  make both true); only when the toll exceeds the headcount.
- ``rate_over_time``: numeric (change), numeric (rate per month), single
  (what the two totals imply).
- ``fraction_of_total``: numeric (implied total, a range key), single (the
  same, with the inverted fraction and each end as distractors), numeric
  (implied remainder), single (does each stated total or remainder agree?),
  numeric (the share the count would then be), short (what makes all true).
- ``part_whole``: numeric (sum of parts), numeric (what the vaguest part must
  be), single (verdict).
- ``cross_source``: single (do they agree?), multiple (what differs).
- ``period_mismatch``, ``category_mismatch``: single (compare directly?).
- ``category_drift``: ordering (the series by date), numeric (growth), single
  (what to check before reading growth).
- ``missing_base``: single (percent of what? / is that big?).
- ``false_precision``: single (how exact is it?).
- ``no_source``: single (who gives it?).
- ``claimants_interest``: single (why read it with care?).
- ``headline_hedge``: multiple (what the headline changed), shared with the
  figure-level headline builder.
- ``hedge``, ``estimate_or_count``, ``unnamed_source``, ``attribution_chain``:
  a section; their questions come from the figure-level builders.
- anything else: single (verdict).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..intervals import Interval
from ..questions import QuestionType
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, Verdict
from ._base import (
    Material,
    Option,
    Section,
    choice_answer,
    dec,
    figure_label,
    figure_quote,
    finding_builder,
    fmt_date,
    fmt_interval,
    fmt_number,
    interval,
    keyed_items,
    make_question,
    md_escape,
    numeric_answer,
    stated_interval,
    value_text,
)
from .figures import amount_question, headline_question, percent_question


def _figures(corpus: Corpus, finding: Finding) -> list[Figure]:
    return [corpus.figure(k) for k in finding.figures]


def _summary_figure(corpus: Corpus, summary: Any) -> Figure | None:
    if isinstance(summary, Mapping) and isinstance(summary.get("key"), str):
        try:
            return corpus.figure(summary["key"])
        except KeyError:
            return None
    return None


def finding_section(
    corpus: Corpus, finding: Finding, title: str, extra: str = ""
) -> Section:
    """The finding in a lesson: the quoted figures, its explanation and its numbers."""
    figures = _figures(corpus, finding)
    quotes = "\n\n".join(figure_quote(corpus, f) for f in figures)
    numbers = [
        f"- {name.removesuffix('_text').replace('_', ' ')}: {md_escape(value)}"
        for name, value in sorted(finding.values.items())
        if name.endswith("_text") and isinstance(value, str) and value
    ]
    body = f"{quotes}\n\n{md_escape(finding.explanation)}"
    if numbers:
        body += "\n\nThe numbers, computed from the figures:\n\n" + "\n".join(numbers)
    if extra:
        body += f"\n\n{extra}"
    return Section(
        key=finding.key,
        skill=finding.skill,
        title=title,
        body=body,
        figures=tuple(finding.figures),
        findings=(finding.key,),
        articles=tuple(sorted({f.article for f in figures})),
    )


# --- verdicts ---

_VERDICT_TEXT = {
    Verdict.CONSISTENT: "They agree: all of them can be true at once",
    Verdict.CONFLICT: "They contradict each other: they cannot all be true",
    Verdict.NEEDS_EXPLANATION: (
        "They can all be true only with an explanation the figures do not give"
    ),
    Verdict.NOT_COMPARABLE: (
        "They cannot be compared directly: they measure different things"
    ),
}


def _verdict_tag(truth: Verdict, chosen: Verdict) -> str:
    if chosen is Verdict.CONSISTENT:
        return "agreement-assumed"
    if chosen is Verdict.NOT_COMPARABLE:
        return "comparison-refused"
    if truth is Verdict.NOT_COMPARABLE:
        return "category-drift"
    if chosen is Verdict.CONFLICT or truth is Verdict.CONSISTENT:
        return "conflict-assumed"
    return "agreement-assumed"


def verdict_question(corpus: Corpus, finding: Finding, *, stem: str = "") -> Material:
    figures = _figures(corpus, finding)
    key = f"{finding.key}:verdict"
    options = [
        Option(
            text,
            f"Right. {finding.explanation}"
            if verdict is finding.verdict
            else f"Not so. {finding.explanation}",
            correct=verdict is finding.verdict,
            misconception=""
            if verdict is finding.verdict
            else _verdict_tag(finding.verdict, verdict),
        )
        for verdict, text in _VERDICT_TEXT.items()
    ]
    listed = "\n\n".join(figure_quote(corpus, f) for f in figures)
    question = make_question(
        key=key,
        qtype=QuestionType.SINGLE,
        stem=(
            f"{listed}\n\n{stem or 'Compare these figures. Which describes them best?'}"
        ),
        explanation=finding.explanation,
        skill=finding.skill,
        answer=choice_answer(key, options),
        figures=figures,
        finding=finding,
        difficulty=2,
    )
    return Material(questions=[question])


def build_generic(corpus: Corpus, finding: Finding) -> Material:
    """Any finding: its section and a verdict question."""
    material = Material(sections=[finding_section(corpus, finding, _title(finding))])
    material.extend(verdict_question(corpus, finding))
    return material


def _title(finding: Finding) -> str:
    return finding.kind.replace("_", " ").capitalize()


# --- stock vs flow ---


@finding_builder("stock_vs_flow")
def build_stock_vs_flow(corpus: Corpus, finding: Finding) -> Material:
    flow, stock = _figures(corpus, finding)[:2]
    v = finding.values
    material = Material(
        sections=[
            finding_section(
                corpus,
                finding,
                f"A toll against a headcount: “{flow.quote}” and “{stock.quote}”",
            )
        ]
    )
    flow_t = f" ({flow.time.text})" if flow.time else ""
    stock_t = f" ({stock.time.text})" if stock.time else ""
    unit = stock.unit or flow.unit
    quotes = f"{figure_quote(corpus, flow)}\n\n{figure_quote(corpus, stock)}"
    if not v.get("exceeds", False):
        # A toll below the headcount raises no puzzle: the section says why they
        # still differ in kind, and the questions go to the pairs that do.
        return material
    key = f"{finding.key}:same-kind"
    options = [
        Option(
            "No: one is a total over a period, the other a headcount at one time",
            f"Right: {value_text(flow)}{flow_t} piles up over time; {value_text(stock)}"
            f"{stock_t} is how many there were at one moment.",
            correct=True,
        ),
        Option(
            f"Yes: both count {unit}",
            "Same unit, different measures: a flow over a period and a stock at a"
            " date.",
            misconception="stock-vs-flow-confused",
        ),
        Option(
            "Yes, once the hedges are set aside",
            "The hedges are not the problem: the two measure different things.",
            misconception="stock-vs-flow-confused",
        ),
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{quotes}\n\nDo {figure_label(flow)} and {figure_label(stock)} "
                "measure the same kind of thing?"
            ),
            explanation=finding.explanation,
            skill=Skill.LIKE_WITH_LIKE.value,
            answer=choice_answer(key, options),
            figures=(flow, stock),
            finding=finding,
            difficulty=1,
        )
    )
    ratio = interval(v.get("ratio_at_stated")) or _safe_ratio(flow, stock)
    replacement = interval(v.get("replacement_at_stated"))
    exceeds = bool(v.get("exceeds", False))
    if exceeds:
        need = fmt_interval(replacement, unit) if replacement is not None else "more"
        key = f"{finding.key}:both-true"
        options = [
            Option(
                f"Yes, if at least {need} were recruited or replaced over the period",
                "Right: a force can lose more than it had at one time if it keeps"
                " replacing "
                "its losses.",
                correct=True,
            ),
            Option(
                f"No: more {unit} cannot be lost than there were",
                "That holds for a stock at one time, not for a total over years of "
                "replacements.",
                misconception="stock-vs-flow-confused",
            ),
            Option(
                "No: one of the two figures must be wrong",
                "Both can hold: the flow spans a period in which the stock was "
                "refilled.",
                misconception="conflict-assumed",
            ),
        ]
        material.questions.append(
            make_question(
                key=key,
                qtype=QuestionType.SINGLE,
                stem=f"{quotes}\n\nCan both figures be right?",
                explanation=finding.explanation,
                skill=Skill.LIKE_WITH_LIKE.value,
                answer=choice_answer(key, options),
                figures=(flow, stock),
                finding=finding,
            )
        )
    if ratio is not None:
        answer = numeric_answer(ratio, tolerance="0.05")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:ratio",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nTaking each figure at its stated value, how "
                        "many times "
                        f"the headcount ({value_text(stock)}) is the toll ("
                        f"{value_text(flow)})?"
                    ),
                    explanation=(
                        f"{fmt_number(_stated(flow))} ÷ {fmt_number(_stated(stock))} = "
                        f"{fmt_interval(ratio)}."
                    ),
                    skill=Skill.DOES_IT_ADD_UP.value,
                    answer=answer,
                    figures=(flow, stock),
                    finding=finding,
                    difficulty=1,
                )
            )
    if exceeds and replacement is not None:
        answer = numeric_answer(replacement, tolerance="0.02", unit="")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:replacement",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nAt the stated values, at least how many "
                        f"{unit} must have "
                        "been recruited or replaced over the period for both "
                        "figures to hold?"
                    ),
                    explanation=(
                        f"{fmt_number(_stated(flow))} − {fmt_number(_stated(stock))} = "
                        f"{fmt_interval(replacement)}: the toll beyond the whole "
                        "headcount."
                    ),
                    skill=Skill.DOES_IT_ADD_UP.value,
                    answer=answer,
                    figures=(flow, stock),
                    finding=finding,
                )
            )
    material.questions.append(
        make_question(
            key=f"{finding.key}:what-would-be-true",
            qtype=QuestionType.SHORT,
            stem=(
                f"{quotes}\n\nWhat would have to be true for both figures to be right?"
            ),
            explanation=finding.explanation,
            skill=Skill.LIKE_WITH_LIKE.value,
            answer={
                "rubric": [
                    {
                        "criterion": (
                            "Tells a total over a period from a count at one time"
                        ),
                        "points": 1,
                    },
                    {
                        "criterion": "Names what reconciles them (replacement, "
                        "recruitment, different "
                        "groups counted)",
                        "points": 2,
                    },
                    {
                        "criterion": (
                            "Uses the numbers: how much replacement, over how long"
                        ),
                        "points": 1,
                    },
                ],
                "model_answer": finding.explanation,
            },
            figures=(flow, stock),
            finding=finding,
            difficulty=3,
        )
    )
    return material


def _magnitude(change: Interval) -> Interval:
    return -change if change.low is not None and change.low < 0 else change


def _day(iso: Any) -> str:
    try:
        return fmt_date(date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


def _stated(figure: Figure) -> Decimal:
    iv = stated_interval(figure)
    assert iv.low is not None
    return iv.low


def _safe_ratio(a: Figure, b: Figure) -> Interval | None:
    try:
        return stated_interval(a) / stated_interval(b)
    except ZeroDivisionError:
        return None


# --- rate over time ---


@finding_builder("rate_over_time")
def build_rate_over_time(corpus: Corpus, finding: Finding) -> Material:
    early, late = _figures(corpus, finding)[:2]
    v = finding.values
    unit = late.unit or early.unit
    material = Material(
        sections=[
            finding_section(corpus, finding, f"From “{early.quote}” to “{late.quote}”")
        ]
    )
    quotes = f"{figure_quote(corpus, early)}\n\n{figure_quote(corpus, late)}"
    change = interval(v.get("change_at_stated")) or (
        stated_interval(late) - stated_interval(early)
    )
    months = dec(v.get("months"))
    rate = interval(v.get("rate_per_month_at_stated"))
    answer = numeric_answer(change, tolerance="0.02")
    when = (
        f"from {_day(v.get('earlier_date'))} to {_day(v.get('later_date'))}"
        if v.get("earlier_date") and v.get("later_date")
        else "between the two dates"
    )
    if answer is not None:
        material.questions.append(
            make_question(
                key=f"{finding.key}:change",
                qtype=QuestionType.NUMERIC,
                stem=(
                    f"{quotes}\n\nAt the stated values, by how many {unit} did the "
                    "running total grow?"
                ),
                explanation=(
                    f"{fmt_number(_stated(late))} − {fmt_number(_stated(early))} = "
                    f"{fmt_interval(change)}."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
                answer=answer,
                figures=(early, late),
                finding=finding,
                difficulty=1,
            )
        )
    if rate is not None and months is not None and months > 0:
        answer = numeric_answer(rate, tolerance="0.05")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:rate",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nThe two figures are about "
                        f"{fmt_number(months)} months apart "
                        f"({when}). At the stated values, about how many {unit} a "
                        "month does "
                        "that make?"
                    ),
                    explanation=(
                        f"{fmt_interval(change)} ÷ {fmt_number(months)} months ≈ "
                        f"{fmt_interval(rate)} a month."
                    )
                    + (
                        f" Allowing for the hedges: {v['rate_per_month_text']} a month."
                        if isinstance(v.get("rate_per_month_text"), str)
                        and not str(v["rate_per_month_text"]).startswith("any")
                        else ""
                    ),
                    skill=Skill.PIN_THE_TIME.value,
                    answer=answer,
                    figures=(early, late),
                    finding=finding,
                    difficulty=2,
                )
            )
    key = f"{finding.key}:implies"
    if finding.verdict is Verdict.CONSISTENT:
        options = [
            Option(
                f"About {fmt_interval(change, unit)} more in about "
                f"{fmt_number(months) if months else 'the time between'} months",
                "Right: two running totals give the change between their dates.",
                correct=True,
            ),
            Option(
                f"{value_text(late)}, all of them after the earlier figure",
                "The later figure is a running total, not the count of its last "
                "stretch.",
                misconception="running-total-as-period",
            ),
            Option(
                "The figures contradict each other: they are different",
                "A running total grows: different figures at different dates are "
                "expected.",
                misconception="time-ignored",
            ),
        ]
    else:
        options = [
            Option(
                "A running total cannot fall: a figure is wrong or they count "
                "different things",
                f"Right. {finding.explanation}",
                correct=True,
            ),
            Option(
                f"{fmt_interval(_magnitude(change), unit)} fewer in the later period",
                "Running totals do not count periods; the later one should be at "
                "least as large.",
                misconception="running-total-as-period",
            ),
            Option(
                "Nothing: the later figure simply replaces the earlier",
                "The dates matter: a later total below an earlier one needs "
                "explaining.",
                misconception="time-ignored",
            ),
        ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=f"{quotes}\n\nWhat do the two figures together tell you?",
            explanation=finding.explanation,
            skill=Skill.PIN_THE_TIME.value,
            answer=choice_answer(key, options),
            figures=(early, late),
            finding=finding,
        )
    )
    return material


# --- fraction of total ---


@finding_builder("fraction_of_total")
def build_fraction_of_total(corpus: Corpus, finding: Finding) -> Material:
    figures = _figures(corpus, finding)
    count, fraction = figures[0], figures[1]
    v = finding.values
    unit = count.unit
    share = interval(v.get("fraction_share")) or _share_of(fraction)
    total = interval(v.get("implied_total_at_stated")) or (
        stated_interval(count) / share
    )
    rest = interval(v.get("implied_remainder_at_stated"))
    material = Material(
        sections=[
            finding_section(
                corpus, finding, f"“{count.quote}” as “{fraction.quote}” of the total"
            )
        ]
    )
    quotes = "\n\n".join(figure_quote(corpus, f) for f in (count, fraction))
    skill = Skill.DOES_IT_ADD_UP.value
    share_text = fmt_interval(share, "", FigureKind.FRACTION)
    stem_total = (
        f"{quotes}\n\nIf {value_text(count)} is {share_text} of the total, what "
        "total does that "
        f"imply? Take {value_text(count)} at its stated value."
    )
    explain_total = (
        f"Total = part ÷ fraction: {fmt_number(_stated(count))} ÷ {share_text} = "
        f"{fmt_interval(total, unit)}."
    )
    answer = numeric_answer(total, tolerance="0.02", unit="")
    if answer is not None:
        material.questions.append(
            make_question(
                key=f"{finding.key}:implied-total",
                qtype=QuestionType.NUMERIC,
                stem=stem_total
                + " A number in the range, or the range itself, will do.",
                explanation=explain_total,
                skill=skill,
                answer=answer,
                figures=(count, fraction),
                finding=finding,
            )
        )
    inverted = stated_interval(count) * share
    options = [
        Option(fmt_interval(total, unit), f"Right: {explain_total}", correct=True),
        Option(
            fmt_interval(inverted, unit),
            "That multiplies by the fraction; the part is a fraction of the "
            "total, so divide: "
            f"{explain_total}",
            misconception="fraction-inverted",
        ),
    ]
    if total.low is not None and total.high is not None and total.low != total.high:
        for end, far in ((total.low, total.high), (total.high, total.low)):
            options.append(
                Option(
                    fmt_interval(Interval.point(end), unit),
                    f"That is one end: the fraction is a range, so the total runs to "
                    f"{fmt_number(far)} as well.",
                    misconception="one-end-of-range",
                )
            )
    key = f"{finding.key}:implied-total-choice"
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=stem_total,
            explanation=explain_total,
            skill=skill,
            answer=choice_answer(key, options),
            figures=(count, fraction),
            finding=finding,
            difficulty=1,
        )
    )
    if rest is not None:
        answer = numeric_answer(rest, tolerance="0.02", unit="")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:implied-remainder",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nAt the stated value, how many {unit} does "
                        "that leave "
                        "besides the part (the total minus the part)?"
                    ),
                    explanation=(
                        f"The total {fmt_interval(total)} minus "
                        f"{fmt_number(_stated(count))} "
                        f"leaves {fmt_interval(rest, unit)}."
                    ),
                    skill=skill,
                    answer=answer,
                    figures=(count, fraction),
                    finding=finding,
                )
            )
    comparisons = [c for c in v.get("comparisons", []) if isinstance(c, Mapping)]
    for c in comparisons:
        other = _summary_figure(corpus, c.get("figure"))
        if other is None:
            continue
        material.extend(
            _comparison_questions(
                corpus, finding, count, fraction, other, c, share_text
            )
        )
    if comparisons:
        material.questions.append(
            make_question(
                key=f"{finding.key}:what-would-be-true",
                qtype=QuestionType.SHORT,
                stem=(
                    "\n\n".join(figure_quote(corpus, f) for f in figures)
                    + "\n\nDo the part, the fraction and the other figures agree? "
                    "What would "
                    "have to be true for all of them to be right?"
                ),
                explanation=finding.explanation,
                skill=skill,
                answer={
                    "rubric": [
                        {
                            "criterion": (
                                "Works out the total the fraction implies (part ÷ "
                                "fraction)"
                            ),
                            "points": 1,
                        },
                        {
                            "criterion": (
                                "Compares it with the stated figures, as ranges"
                            ),
                            "points": 1,
                        },
                        {
                            "criterion": (
                                "Says which values make them agree, or why they cannot"
                            ),
                            "points": 2,
                        },
                    ],
                    "model_answer": finding.explanation,
                },
                figures=figures,
                finding=finding,
                difficulty=3,
            )
        )
    return material


def _share_of(fraction: Figure) -> Interval:
    iv = stated_interval(fraction)
    return iv.scale(Decimal("0.01")) if fraction.kind is FigureKind.PERCENT else iv


def _comparison_questions(
    corpus: Corpus,
    finding: Finding,
    count: Figure,
    fraction: Figure,
    other: Figure,
    c: Mapping[str, Any],
    share_text: str,
) -> Material:
    material = Material()
    role = "remainder" if c.get("role") == "remainder" else "total"
    implied = interval(
        finding.values.get(
            "implied_remainder_at_stated"
            if role == "remainder"
            else "implied_total_at_stated"
        )
    )
    stated_iv = interval(c.get("stated"))
    common = interval(c.get("common_at_stated"))
    if implied is None or stated_iv is None:
        return material
    unit = count.unit
    quotes = "\n\n".join(figure_quote(corpus, f) for f in (count, fraction, other))
    fully = (
        common is not None
        and common == stated_iv
        or (common is not None and common == implied)
    )
    key = f"{finding.key}:agrees:{other.key}"
    if common is None:
        truth = "no"
    elif fully:
        truth = "yes"
    else:
        truth = "partly"
    texts = {
        "yes": (
            "Yes: one lies wholly within the other (implied "
            f"{fmt_interval(implied, unit)})"
        ),
        "partly": "Only in part: they share "
        + (fmt_interval(common, unit) if common is not None else "some values"),
        "no": (
            f"No: the implied {role} ({fmt_interval(implied, unit)}) and the stated "
            "one do not overlap"
        ),
    }
    tags = {
        ("partly", "yes"): "one-end-of-range",
        ("partly", "no"): "one-end-of-range",
        ("no", "yes"): "agreement-assumed",
        ("no", "partly"): "agreement-assumed",
        ("yes", "no"): "conflict-assumed",
        ("yes", "partly"): "one-end-of-range",
    }
    options = [
        Option(
            text,
            f"Right: the implied {role} is {fmt_interval(implied, unit)}; the "
            "article states "
            f"{value_text(other)}."
            if name == truth
            else (
                f"Compare the ranges: implied {fmt_interval(implied, unit)}, "
                f"stated {value_text(other)}."
            ),
            correct=name == truth,
            misconception="" if name == truth else tags[(truth, name)],
        )
        for name, text in texts.items()
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{quotes}\n\nIf {value_text(count)} is {share_text} of the total,"
                " does the stated "
                f"{role}, {value_text(other)}, agree? Take {value_text(count)} at "
                "its stated value."
            ),
            explanation=finding.explanation,
            skill=Skill.DOES_IT_ADD_UP.value,
            answer=choice_answer(key, options),
            figures=(count, fraction, other),
            finding=finding,
            difficulty=3,
        )
    )
    implied_share = interval(c.get("implied_fraction_at_stated"))
    if implied_share is not None:
        percent = implied_share.scale(100)
        answer = numeric_answer(percent, tolerance="1", relative=False, unit="percent")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:implied-share:{other.key}",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nSuppose the stated {role}, "
                        f"{value_text(other)}, is right. "
                        f"What percentage of the total would {value_text(count)} "
                        "then be, at its "
                        "stated value? Compare with the article's "
                        f"{share_text}."
                    ),
                    explanation=(
                        f"{fmt_number(_stated(count))} out of "
                        + (
                            f"{fmt_number(_stated(count))} + "
                            f"{value_text(other, with_unit=False)}"
                            if role == "remainder"
                            else value_text(other, with_unit=False)
                        )
                        + f" is {fmt_interval(percent)} percent."
                    ),
                    skill=Skill.DOES_IT_ADD_UP.value,
                    answer=answer,
                    figures=(count, fraction, other),
                    finding=finding,
                    difficulty=3,
                )
            )
    return material


# --- part and whole ---


@finding_builder("part_whole")
def build_part_whole(corpus: Corpus, finding: Finding) -> Material:
    figures = _figures(corpus, finding)
    total, parts = figures[0], figures[1:]
    v = finding.values
    material = Material(
        sections=[
            finding_section(corpus, finding, f"Do the parts make “{total.quote}”?")
        ]
    )
    quotes = "\n\n".join(figure_quote(corpus, f) for f in figures)
    unit = total.unit
    parts_sum = interval(v.get("parts_sum_at_stated"))
    if parts_sum is not None:
        answer = numeric_answer(parts_sum, tolerance="0.02")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:parts-sum",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        f"{quotes}\n\nAt their stated values, what do the parts add up"
                        " to?"
                    ),
                    explanation=" + ".join(
                        value_text(p, with_unit=False) for p in parts
                    )
                    + (
                        f" = {fmt_interval(parts_sum, unit)}, against a total of "
                        f"{value_text(total)}."
                    ),
                    skill=Skill.DOES_IT_ADD_UP.value,
                    answer=answer,
                    figures=figures,
                    finding=finding,
                    difficulty=1,
                )
            )
    entries = [e for e in v.get("implied_parts", []) if isinstance(e, Mapping)]
    # The part the text leaves most open is the one worth solving for.
    entries.sort(key=lambda e: _openness(corpus, e.get("figure")))
    for entry in entries:
        part = _summary_figure(corpus, {"key": entry.get("figure")})
        need = interval(entry.get("implied_at_stated"))
        if part is None or need is None or part.bound not in _VAGUE:
            continue
        answer = numeric_answer(need, tolerance="0.05")
        if answer is None or (need.low is not None and need.low < 0):
            continue
        material.questions.append(
            make_question(
                key=f"{finding.key}:implied-part:{part.key}",
                qtype=QuestionType.NUMERIC,
                stem=(
                    f"{quotes}\n\nThe article gives {figure_label(part)} without a"
                    " firm number. "
                    f"For the total of {value_text(total)} to hold, at the stated "
                    "values, how many "
                    "would it have to be?"
                ),
                explanation=(
                    "The total less the other parts: "
                    f"{fmt_interval(need, part.unit or unit)}."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
                answer=answer,
                figures=figures,
                finding=finding,
            )
        )
        break
    material.extend(
        verdict_question(corpus, finding, stem="Do the parts add up to the total?")
    )
    return material


_VAGUE = ("at_least", "more_than", "at_most", "less_than", "approx", "range")
_OPENNESS = {"at_least": 0, "more_than": 0, "at_most": 1, "less_than": 1, "range": 2}


def _openness(corpus: Corpus, key: Any) -> int:
    figure = _summary_figure(corpus, {"key": key})
    return 3 if figure is None else _OPENNESS.get(figure.bound.value, 3)


# --- cross source ---


@finding_builder("cross_source")
def build_cross_source(corpus: Corpus, finding: Finding) -> Material:
    first, second = _figures(corpus, finding)[:2]
    v = finding.values
    material = Material(
        sections=[
            finding_section(
                corpus, finding, f"Two reports: “{first.quote}” and “{second.quote}”"
            )
        ]
    )
    quotes = f"{figure_quote(corpus, first)}\n\n{figure_quote(corpus, second)}"
    common = interval(v.get("common"))
    overlaps = bool(v.get("overlaps", common is not None))
    key = f"{finding.key}:agree"
    options = [
        Option(
            f"Yes: both allow {fmt_interval(common, first.unit)}"
            if common
            else "Yes: their ranges overlap",
            "Right: read as ranges, the two figures have values in common."
            if overlaps
            else "Read the hedges as ranges: these have no value in common.",
            correct=overlaps,
            misconception="" if overlaps else "agreement-assumed",
        ),
        Option(
            "No: what the two allow does not overlap",
            "Right: no value satisfies both; one is wrong or they count different"
            " things."
            if not overlaps
            else "Read the hedges as ranges: they overlap.",
            correct=not overlaps,
            misconception="" if not overlaps else "conflict-assumed",
        ),
        Option(
            "Yes: they are reported by different sources, so each is right for "
            "its source",
            "One quantity has one true value; two sources do not make two truths.",
            misconception="source-mixed-up",
        ),
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=f"{quotes}\n\nDo these two reports of the same quantity agree?",
            explanation=finding.explanation,
            skill=Skill.CORROBORATE.value,
            answer=choice_answer(key, options),
            figures=(first, second),
            finding=finding,
        )
    )
    differences: list[Option] = []
    drift = [d for d in v.get("drift", []) if isinstance(d, str)]
    if "bound" in drift:
        differences.append(
            Option(
                f"The hedge: {value_text(first)} against {value_text(second)}",
                "Right: the hedges differ.",
                correct=True,
            )
        )
    if "wording" in drift:
        differences.append(
            Option(
                f"What is counted: “{first.quantity}” against “{second.quantity}”",
                "Right: the wording of the counted thing differs.",
                correct=True,
            )
        )
    if "value" in drift:
        differences.append(
            Option(
                "The number itself", "Right: the stated numbers differ.", correct=True
            )
        )
    if not v.get("same_source", True):
        differences.append(
            Option(
                "The first-hand source",
                "Right: different sources gave them.",
                correct=True,
            )
        )
    if differences:
        key = f"{finding.key}:differs"
        material.questions.append(
            make_question(
                key=key,
                qtype=QuestionType.MULTIPLE,
                stem=(
                    f"{quotes}\n\nWhat differs between the two reports? Choose all "
                    "that apply."
                ),
                explanation=finding.explanation,
                skill=Skill.CORROBORATE.value,
                answer=choice_answer(
                    key,
                    [
                        *differences,
                        Option(
                            "Nothing: it is one figure repeated",
                            "Compare the hedge, the words, the number and the "
                            "source one by one.",
                            misconception="agreement-assumed",
                        ),
                    ],
                    multiple=True,
                ),
                figures=(first, second),
                finding=finding,
            )
        )
    return material


# --- mismatches ---


@finding_builder("period_mismatch", "category_mismatch")
def build_mismatch(corpus: Corpus, finding: Finding) -> Material:
    first, second = _figures(corpus, finding)[:2]
    period = finding.kind == "period_mismatch"
    material = Material(
        sections=[
            finding_section(
                corpus,
                finding,
                f"{'Different times' if period else 'Different things'}: “"
                f"{first.quote}” and “{second.quote}”",
            )
        ]
    )
    quotes = f"{figure_quote(corpus, first)}\n\n{figure_quote(corpus, second)}"
    unit = first.unit or second.unit
    if period:
        t1 = first.time.text if first.time else "no time given"
        t2 = second.time.text if second.time else "no time given"
        correct = f"Not directly: they cover different times (“{t1}” and “{t2}”)"
        tag = "time-ignored"
        wrong2 = Option(
            "Yes: the later one just updates the earlier",
            "An update counts the same thing over the same kind of time; these do not.",
            misconception="stock-vs-flow-confused",
        )
    else:
        correct = (
            f"Not directly: they count different things (“{first.quantity}” and “"
            f"{second.quantity}”)"
        )
        tag = "category-drift"
        wrong2 = Option(
            "Yes: they come from the same article, so they use one definition",
            "One article can mix categories; read what each figure counts.",
            misconception="category-drift",
        )
    key = f"{finding.key}:compare"
    options = [
        Option(correct, f"Right. {finding.explanation}", correct=True),
        Option(
            f"Yes: both count {unit}",
            "The same unit is not enough: "
            + ("the times differ." if period else "the things counted differ."),
            misconception=tag,
        ),
        wrong2,
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{quotes}\n\nCan {figure_label(first)} and {figure_label(second)} be "
                "compared directly?"
            ),
            explanation=finding.explanation,
            skill=finding.skill,
            answer=choice_answer(key, options),
            figures=(first, second),
            finding=finding,
        )
    )
    return material


@finding_builder("category_drift")
def build_category_drift(corpus: Corpus, finding: Finding) -> Material:
    figures = _figures(corpus, finding)
    v = finding.values
    material = Material(
        sections=[finding_section(corpus, finding, "A category that moves")]
    )
    series_text = (
        v.get("series_text")
        if isinstance(v.get("series_text"), str)
        else " → ".join(value_text(f, with_unit=False) for f in figures)
    )
    if len(figures) >= 3:
        texts = [
            f"“{f.quote}” {f.quantity or f.unit}"
            + (f" ({f.time.text})" if f.time else "")
            for f in figures
        ]
        key = f"{finding.key}:order"
        items, keys = keyed_items(key, texts, "i")
        material.questions.append(
            make_question(
                key=key,
                qtype=QuestionType.ORDERING,
                stem=(
                    "Put these counts in order of the time they refer to, earliest "
                    "first."
                ),
                explanation=f"The series runs {series_text}.",
                skill=Skill.PIN_THE_TIME.value,
                answer={"items": items, "order": keys, "partial": True},
                figures=figures,
                finding=finding,
            )
        )
    growth = dec(v.get("growth_ratio"))
    first, last = figures[0], figures[-1]
    if growth is not None:
        answer = numeric_answer(Interval.point(growth), tolerance="0.05")
        if answer is not None:
            material.questions.append(
                make_question(
                    key=f"{finding.key}:growth",
                    qtype=QuestionType.NUMERIC,
                    stem=(
                        "\n\n".join(figure_quote(corpus, f) for f in (first, last))
                        + "\n\nTaken at face value, by what factor did the count "
                        "grow from "
                        f"{value_text(first)} to {value_text(last)}?"
                    ),
                    explanation=(
                        f"{value_text(last, with_unit=False)} ÷ "
                        f"{value_text(first, with_unit=False)} "
                        f"= {fmt_number(growth)}, if the category stayed the same."
                    ),
                    skill=Skill.IS_THAT_BIG.value,
                    answer=answer,
                    figures=(first, last),
                    finding=finding,
                    difficulty=1,
                )
            )
    wordings = [w for w in v.get("wordings", []) if isinstance(w, str)]
    key = f"{finding.key}:what-to-check"
    options = [
        Option(
            "That every count uses the same definition"
            + (
                f": the text says {' / '.join(f'“{w}”' for w in wordings)}"
                if len(wordings) > 1
                else ""
            ),
            "Right: a category redefined between counts makes the growth partly "
            "an artefact.",
            correct=True,
        ),
        Option(
            "Nothing: the numbers show the growth",
            "Growth shows only if each count measured the same thing.",
            misconception="category-drift",
        ),
        Option(
            "Only the latest number matters",
            "The series is the story; each point needs its date and its definition.",
            misconception="time-ignored",
        ),
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"The count went {series_text}. What must you check before reading "
                "this as growth?"
            ),
            explanation=finding.explanation,
            skill=Skill.LIKE_WITH_LIKE.value,
            answer=choice_answer(key, options),
            figures=figures,
            finding=finding,
        )
    )
    return material


# --- base, precision, sources ---


@finding_builder("missing_base")
def build_missing_base(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    material = Material(
        sections=[
            finding_section(
                corpus,
                finding,
                f"“{figure.quote}”: {finding.values.get('question') or 'of what?'}",
            )
        ]
    )
    if finding.values.get("what") == "percent" or figure.kind is FigureKind.PERCENT:
        material.extend(
            percent_question(corpus, figure, finding.skill, f"{figure.key}:base")
        )
    else:
        material.extend(
            amount_question(corpus, figure, finding.skill, f"{figure.key}:scale")
        )
    return material


@finding_builder("false_precision")
def build_false_precision(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    v = finding.values
    material = Material(
        sections=[finding_section(corpus, finding, f"How exact is “{figure.quote}”?")]
    )
    digits = v.get("significant_digits")
    key = f"{finding.key}:how-exact"
    if v.get("pattern") == "precise":
        correct = "More exact than an estimate can be: read it as roughly that many"
        wrong = Option(
            "Exact to the last unit: it has been worked out carefully",
            "An estimate cannot know the last digits; the precision is for show.",
            misconception="precision-trusted",
        )
    else:
        correct = (
            "Probably rounded: a figure this round is an estimate in exact clothing"
        )
        wrong = Option(
            "Exact: the article gives no hedge",
            "No hedge is not the same as a tally; round figures are usually rounded.",
            misconception="precision-trusted",
        )
    options = [
        Option(
            correct,
            f"Right: {value_text(figure)} has {digits} significant digit"
            + ("" if digits == 1 else "s")
            + "."
            if isinstance(digits, int)
            else "Right.",
            correct=True,
        ),
        wrong,
        Option(
            "A count: someone tallied them one by one",
            "Nothing in the text says it was counted.",
            misconception="estimate-as-count",
        ),
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{figure_quote(corpus, figure)}\n\nHow exact is "
                f"{figure_label(figure)} likely to be?"
            ),
            explanation=finding.explanation,
            skill=Skill.FALSE_PRECISION.value,
            answer=choice_answer(key, options),
            figures=(figure,),
            finding=finding,
        )
    )
    return material


@finding_builder("no_source")
def build_no_source(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    info = corpus.article_of(figure)
    material = Material(
        sections=[finding_section(corpus, finding, f"Who says “{figure.quote}”?")]
    )
    key = f"{finding.key}:who"
    options = [
        Option(
            "No one: the article gives no source for it",
            f"Right: it rests on {info.outlet or 'the writer'} alone.",
            correct=True,
        ),
        Option(
            "Officials: figures like this come from officials",
            "The text names no one for this figure; do not supply a source it lacks.",
            misconception="source-assumed",
        ),
    ]
    nearby = _nearest_source(corpus, figure)
    if nearby is not None:
        options.append(
            Option(
                nearby,
                f"{nearby} is quoted for another figure in the article, not for "
                "this one.",
                misconception="source-mixed-up",
            )
        )
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{figure_quote(corpus, figure)}\n\nWho gives the figure "
                f"{figure_label(figure)}?"
            ),
            explanation=finding.explanation,
            skill=Skill.WHO_SAYS_SO.value,
            answer=choice_answer(key, options),
            figures=(figure,),
            finding=finding,
            difficulty=1,
        )
    )
    return material


def _nearest_source(corpus: Corpus, figure: Figure) -> str | None:
    best: tuple[int, str] | None = None
    for other in corpus.figures:
        if other.article != figure.article or other.first_hand is None:
            continue
        distance = abs(other.start - figure.start)
        if best is None or distance < best[0]:
            best = (distance, other.first_hand.speaker)
    return None if best is None else best[1]


@finding_builder("claimants_interest")
def build_claimants_interest(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    v = finding.values
    raw_source = v.get("source")
    source: Mapping[str, Any] = raw_source if isinstance(raw_source, Mapping) else {}
    speaker = str(
        source.get("speaker")
        or (figure.first_hand.speaker if figure.first_hand else "the source")
    )
    interest = (
        "its opponent's losses"
        if v.get("interest") == "opponent_losses"
        else "its own side's gains"
    )
    material = Material(
        sections=[
            finding_section(
                corpus, finding, f"What {speaker} gains from “{figure.quote}”"
            )
        ]
    )
    key = f"{finding.key}:why-care"
    options = [
        Option(
            f"{speaker} is a party with a stake: the figure reports {interest}",
            "Right: a party's figures about its own success deserve a second source.",
            correct=True,
        ),
        Option(
            "There is no reason: an official source has no stake in its figures",
            "Officials of a party to a conflict or dispute gain when their "
            "successes are believed.",
            misconception="interest-ignored",
        ),
        Option(
            "Because the figure is unnamed"
            if figure.first_hand and figure.first_hand.named
            else "Because it is named",
            "Naming is a separate question; the point is the source's interest.",
            misconception="interest-ignored",
        ),
    ]
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SINGLE,
            stem=(
                f"{figure_quote(corpus, figure)}\n\nWhy read {figure_label(figure)} "
                f"from {speaker} with care?"
            ),
            explanation=finding.explanation,
            skill=Skill.CLAIMANTS_INTEREST.value,
            answer=choice_answer(key, options),
            figures=(figure,),
            finding=finding,
        )
    )
    return material


@finding_builder("headline_hedge")
def build_headline_hedge(corpus: Corpus, finding: Finding) -> Material:
    headline, body = _figures(corpus, finding)[:2]
    material = Material(
        sections=[
            finding_section(corpus, finding, f"The headline's “{headline.quote}”")
        ]
    )
    material.extend(headline_question(corpus, headline, body, finding.skill, finding))
    return material


@finding_builder("hedge", "estimate_or_count", "unnamed_source", "attribution_chain")
def build_section_only(corpus: Corpus, finding: Finding) -> Material:
    """Kinds whose questions the figure-level builders already make."""
    titles = {
        "hedge": "What the hedge allows",
        "estimate_or_count": "Estimate or count",
        "unnamed_source": "An unnamed source",
        "attribution_chain": "The chain of hands",
    }
    extra = ""
    chain = finding.values.get("chain_text")
    if isinstance(chain, str) and chain:
        extra = f"The chain: {md_escape(chain)}."
    return Material(
        sections=[
            finding_section(
                corpus, finding, titles.get(finding.kind, _title(finding)), extra
            )
        ]
    )
