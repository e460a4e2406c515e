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

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..formatting import (
    at_stated,
    figure_text,
    fmt_interval,
    fmt_number,
)
from ..intervals import Interval
from ..questions import QuestionDraft, QuestionType
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, Verdict
from ._base import (
    Material,
    Option,
    Section,
    choice_question,
    dec,
    figure_label,
    figure_quote,
    figure_quotes,
    finding_builder,
    fmt_date,
    interval,
    keyed_items,
    make_question,
    md_escape,
    numeric_question,
    one_right_answer,
    rubric_answer,
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
    quotes = figure_quotes(corpus, figures)
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


def _finding_choice(
    finding: Finding,
    name: str,
    *,
    stem: str,
    options: Sequence[Option],
    figures: Sequence[Figure],
    skill: str = "",
    multiple: bool = False,
    difficulty: int = 2,
) -> QuestionDraft:
    """A choice question on ``finding``: keyed ``{finding.key}:{name}``, explained
    by the finding's explanation, in the finding's skill unless ``skill`` says."""
    return choice_question(
        key=f"{finding.key}:{name}",
        stem=stem,
        options=options,
        explanation=finding.explanation,
        skill=skill or finding.skill,
        multiple=multiple,
        difficulty=difficulty,
        figures=figures,
        finding=finding,
    )


def _what_would_be_true(
    finding: Finding,
    stem: str,
    criteria: Sequence[tuple[str, int]],
    *,
    skill: str,
    figures: Sequence[Figure],
) -> QuestionDraft:
    """A short question: what reconciles the figures? The finding's explanation
    is the model answer."""
    return make_question(
        key=f"{finding.key}:what-would-be-true",
        qtype=QuestionType.SHORT,
        stem=stem,
        explanation=finding.explanation,
        skill=skill,
        answer=rubric_answer(criteria, finding.explanation),
        figures=figures,
        finding=finding,
        difficulty=3,
    )


def section_material(
    corpus: Corpus, finding: Finding, title: str, extra: str = ""
) -> Material:
    """Material holding the finding's section, for its builder to add questions to."""
    return Material(sections=[finding_section(corpus, finding, title, extra)])


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
    options = one_right_answer(
        finding.verdict,
        _VERDICT_TEXT,
        right=f"Right. {finding.explanation}",
        wrong=f"Not so. {finding.explanation}",
        tag=_verdict_tag,
    )
    listed = figure_quotes(corpus, figures)
    question = _finding_choice(
        finding,
        "verdict",
        stem=(
            f"{listed}\n\n{stem or 'Compare these figures. Which describes them best?'}"
        ),
        options=options,
        figures=figures,
    )
    return Material(questions=[question])


def build_generic(corpus: Corpus, finding: Finding) -> Material:
    """Any finding: its section and a verdict question."""
    material = section_material(corpus, finding, _title(finding))
    material.extend(verdict_question(corpus, finding))
    return material


def _title(finding: Finding) -> str:
    return finding.kind.replace("_", " ").capitalize()


# --- stock vs flow ---


@finding_builder("stock_vs_flow")
def build_stock_vs_flow(corpus: Corpus, finding: Finding) -> Material:
    flow, stock = _figures(corpus, finding)[:2]
    v = finding.values
    material = section_material(
        corpus,
        finding,
        f"A toll against a headcount: “{flow.quote}” and “{stock.quote}”",
    )
    flow_t = f" ({flow.time.text})" if flow.time else ""
    stock_t = f" ({stock.time.text})" if stock.time else ""
    unit = stock.unit or flow.unit
    pair = (flow, stock)
    quotes = figure_quotes(corpus, pair)
    if not v.get("exceeds", False):
        # A toll below the headcount raises no puzzle: the section says why they
        # still differ in kind, and the questions go to the pairs that do.
        return material
    material.add(
        _finding_choice(
            finding,
            "same-kind",
            stem=(
                f"{quotes}\n\nDo {figure_label(flow)} and {figure_label(stock)} "
                "measure the same kind of thing?"
            ),
            options=[
                Option(
                    "No: one is a total over a period, the other a headcount at one "
                    "time",
                    f"Right: {figure_text(flow)}{flow_t} piles up over time; "
                    f"{figure_text(stock)}{stock_t} is how many there were at one "
                    "moment.",
                    correct=True,
                ),
                Option(
                    f"Yes: both count {unit}",
                    "Same unit, different measures: a flow over a period and a "
                    "stock at a date.",
                    misconception="stock-vs-flow-confused",
                ),
                Option(
                    "Yes, once the hedges are set aside",
                    "The hedges are not the problem: the two measure different things.",
                    misconception="stock-vs-flow-confused",
                ),
            ],
            skill=Skill.LIKE_WITH_LIKE.value,
            figures=pair,
            difficulty=1,
        )
    )
    ratio = interval(v.get("ratio_at_stated")) or _safe_ratio(flow, stock)
    replacement = interval(v.get("replacement_at_stated"))
    need = fmt_interval(replacement, unit) if replacement is not None else "more"
    material.add(
        _finding_choice(
            finding,
            "both-true",
            stem=f"{quotes}\n\nCan both figures be right?",
            options=[
                Option(
                    f"Yes, if at least {need} were recruited or replaced over the "
                    "period",
                    "Right: a force can lose more than it had at one time if it "
                    "keeps replacing its losses.",
                    correct=True,
                ),
                Option(
                    f"No: more {unit} cannot be lost than there were",
                    "That holds for a stock at one time, not for a total over years "
                    "of replacements.",
                    misconception="stock-vs-flow-confused",
                ),
                Option(
                    "No: one of the two figures must be wrong",
                    "Both can hold: the flow spans a period in which the stock was "
                    "refilled.",
                    misconception="conflict-assumed",
                ),
            ],
            skill=Skill.LIKE_WITH_LIKE.value,
            figures=pair,
        )
    )
    if ratio is not None:
        material.add(
            numeric_question(
                key=f"{finding.key}:ratio",
                value=ratio,
                tolerance="0.05",
                stem=(
                    f"{quotes}\n\nTaking each figure at its stated value, how many "
                    f"times the headcount ({figure_text(stock)}) is the toll "
                    f"({figure_text(flow)})?"
                ),
                explanation=(
                    f"{fmt_number(_stated(flow))} ÷ {fmt_number(_stated(stock))} = "
                    f"{fmt_interval(ratio)}."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
                figures=pair,
                finding=finding,
                difficulty=1,
            )
        )
    if replacement is not None:
        material.add(
            numeric_question(
                key=f"{finding.key}:replacement",
                value=replacement,
                tolerance="0.02",
                stem=(
                    f"{quotes}\n\nAt the stated values, at least how many {unit} "
                    "must have been recruited or replaced over the period for both "
                    "figures to hold?"
                ),
                explanation=(
                    f"{fmt_number(_stated(flow))} − {fmt_number(_stated(stock))} = "
                    f"{fmt_interval(replacement)}: the toll beyond the whole "
                    "headcount."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
                figures=pair,
                finding=finding,
            )
        )
    material.add(
        _what_would_be_true(
            finding,
            f"{quotes}\n\nWhat would have to be true for both figures to be right?",
            [
                ("Tells a total over a period from a count at one time", 1),
                (
                    "Names what reconciles them (replacement, recruitment, "
                    "different groups counted)",
                    2,
                ),
                ("Uses the numbers: how much replacement, over how long", 1),
            ],
            skill=Skill.LIKE_WITH_LIKE.value,
            figures=pair,
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
    iv = at_stated(figure)
    assert iv.low is not None
    return iv.low


def _safe_ratio(a: Figure, b: Figure) -> Interval | None:
    try:
        return at_stated(a) / at_stated(b)
    except ZeroDivisionError:
        return None


# --- rate over time ---


@finding_builder("rate_over_time")
def build_rate_over_time(corpus: Corpus, finding: Finding) -> Material:
    early, late = _figures(corpus, finding)[:2]
    v = finding.values
    unit = late.unit or early.unit
    pair = (early, late)
    material = section_material(
        corpus, finding, f"From “{early.quote}” to “{late.quote}”"
    )
    quotes = figure_quotes(corpus, pair)
    change = interval(v.get("change_at_stated")) or (at_stated(late) - at_stated(early))
    months = dec(v.get("months"))
    rate = interval(v.get("rate_per_month_at_stated"))
    when = (
        f"from {_day(v.get('earlier_date'))} to {_day(v.get('later_date'))}"
        if v.get("earlier_date") and v.get("later_date")
        else "between the two dates"
    )
    material.add(
        numeric_question(
            key=f"{finding.key}:change",
            value=change,
            tolerance="0.02",
            stem=(
                f"{quotes}\n\nAt the stated values, by how many {unit} did the "
                "running total grow?"
            ),
            explanation=(
                f"{fmt_number(_stated(late))} − {fmt_number(_stated(early))} = "
                f"{fmt_interval(change)}."
            ),
            skill=Skill.DOES_IT_ADD_UP.value,
            figures=pair,
            finding=finding,
            difficulty=1,
        )
    )
    if rate is not None and months is not None and months > 0:
        rate_text = v.get("rate_per_month_text")
        material.add(
            numeric_question(
                key=f"{finding.key}:rate",
                value=rate,
                tolerance="0.05",
                stem=(
                    f"{quotes}\n\nThe two figures are about {fmt_number(months)} "
                    f"months apart ({when}). At the stated values, about how many "
                    f"{unit} a month does that make?"
                ),
                explanation=(
                    f"{fmt_interval(change)} ÷ {fmt_number(months)} months ≈ "
                    f"{fmt_interval(rate)} a month."
                )
                + (
                    f" Allowing for the hedges: {rate_text} a month."
                    if isinstance(rate_text, str) and not rate_text.startswith("any")
                    else ""
                ),
                skill=Skill.PIN_THE_TIME.value,
                figures=pair,
                finding=finding,
            )
        )
    if finding.verdict is Verdict.CONSISTENT:
        options = [
            Option(
                f"About {fmt_interval(change, unit)} more in about "
                f"{fmt_number(months) if months else 'the time between'} months",
                "Right: two running totals give the change between their dates.",
                correct=True,
            ),
            Option(
                f"{figure_text(late)}, all of them after the earlier figure",
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
    material.add(
        _finding_choice(
            finding,
            "implies",
            stem=f"{quotes}\n\nWhat do the two figures together tell you?",
            options=options,
            skill=Skill.PIN_THE_TIME.value,
            figures=pair,
        )
    )
    return material


# --- fraction of total ---


@finding_builder("fraction_of_total")
def build_fraction_of_total(corpus: Corpus, finding: Finding) -> Material:
    figures = _figures(corpus, finding)
    count, fraction = figures[0], figures[1]
    pair = (count, fraction)
    v = finding.values
    unit = count.unit
    share = interval(v.get("fraction_share")) or _share_of(fraction)
    total = interval(v.get("implied_total_at_stated")) or (at_stated(count) / share)
    rest = interval(v.get("implied_remainder_at_stated"))
    material = section_material(
        corpus, finding, f"“{count.quote}” as “{fraction.quote}” of the total"
    )
    quotes = figure_quotes(corpus, pair)
    skill = Skill.DOES_IT_ADD_UP.value
    share_text = fmt_interval(share, "", FigureKind.FRACTION)
    stem_total = (
        f"{quotes}\n\nIf {figure_text(count)} is {share_text} of the total, what "
        f"total does that imply? Take {figure_text(count)} at its stated value."
    )
    explain_total = (
        f"Total = part ÷ fraction: {fmt_number(_stated(count))} ÷ {share_text} = "
        f"{fmt_interval(total, unit)}."
    )
    material.add(
        numeric_question(
            key=f"{finding.key}:implied-total",
            value=total,
            tolerance="0.02",
            stem=stem_total + " A number in the range, or the range itself, will do.",
            explanation=explain_total,
            skill=skill,
            figures=pair,
            finding=finding,
        )
    )
    inverted = at_stated(count) * share
    options = [
        Option(fmt_interval(total, unit), f"Right: {explain_total}", correct=True),
        Option(
            fmt_interval(inverted, unit),
            "That multiplies by the fraction; the part is a fraction of the "
            f"total, so divide: {explain_total}",
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
    material.add(
        choice_question(
            key=f"{finding.key}:implied-total-choice",
            stem=stem_total,
            options=options,
            explanation=explain_total,
            skill=skill,
            figures=pair,
            finding=finding,
            difficulty=1,
        )
    )
    if rest is not None:
        material.add(
            numeric_question(
                key=f"{finding.key}:implied-remainder",
                value=rest,
                tolerance="0.02",
                stem=(
                    f"{quotes}\n\nAt the stated value, how many {unit} does that "
                    "leave besides the part (the total minus the part)?"
                ),
                explanation=(
                    f"The total {fmt_interval(total)} minus "
                    f"{fmt_number(_stated(count))} leaves {fmt_interval(rest, unit)}."
                ),
                skill=skill,
                figures=pair,
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
        material.add(
            _what_would_be_true(
                finding,
                figure_quotes(corpus, figures)
                + "\n\nDo the part, the fraction and the other figures agree? What "
                "would have to be true for all of them to be right?",
                [
                    ("Works out the total the fraction implies (part ÷ fraction)", 1),
                    ("Compares it with the stated figures, as ranges", 1),
                    ("Says which values make them agree, or why they cannot", 2),
                ],
                skill=skill,
                figures=figures,
            )
        )
    return material


def _share_of(fraction: Figure) -> Interval:
    iv = at_stated(fraction)
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
    trio = (count, fraction, other)
    quotes = figure_quotes(corpus, trio)
    fully = (
        common is not None
        and common == stated_iv
        or (common is not None and common == implied)
    )
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
    options = one_right_answer(
        truth,
        texts,
        right=f"Right: the implied {role} is {fmt_interval(implied, unit)}; the "
        f"article states {figure_text(other)}.",
        wrong=f"Compare the ranges: implied {fmt_interval(implied, unit)}, "
        f"stated {figure_text(other)}.",
        tag=lambda truth, chosen: tags[(truth, chosen)],
    )
    material.add(
        _finding_choice(
            finding,
            f"agrees:{other.key}",
            stem=(
                f"{quotes}\n\nIf {figure_text(count)} is {share_text} of the total, "
                f"does the stated {role}, {figure_text(other)}, agree? Take "
                f"{figure_text(count)} at its stated value."
            ),
            options=options,
            skill=Skill.DOES_IT_ADD_UP.value,
            figures=trio,
            difficulty=3,
        )
    )
    implied_share = interval(c.get("implied_fraction_at_stated"))
    if implied_share is not None:
        percent = implied_share.scale(100)
        material.add(
            numeric_question(
                key=f"{finding.key}:implied-share:{other.key}",
                value=percent,
                tolerance="1",
                relative=False,
                unit="percent",
                stem=(
                    f"{quotes}\n\nSuppose the stated {role}, {figure_text(other)}, "
                    f"is right. What percentage of the total would "
                    f"{figure_text(count)} then be, at its stated value? Compare "
                    f"with the article's {share_text}."
                ),
                explanation=(
                    f"{fmt_number(_stated(count))} out of "
                    + (
                        f"{fmt_number(_stated(count))} + "
                        f"{figure_text(other, with_unit=False)}"
                        if role == "remainder"
                        else figure_text(other, with_unit=False)
                    )
                    + f" is {fmt_interval(percent)} percent."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
                figures=trio,
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
    material = section_material(corpus, finding, f"Do the parts make “{total.quote}”?")
    quotes = figure_quotes(corpus, figures)
    unit = total.unit
    parts_sum = interval(v.get("parts_sum_at_stated"))
    if parts_sum is not None:
        material.add(
            numeric_question(
                key=f"{finding.key}:parts-sum",
                value=parts_sum,
                tolerance="0.02",
                stem=(
                    f"{quotes}\n\nAt their stated values, what do the parts add up to?"
                ),
                explanation=" + ".join(figure_text(p, with_unit=False) for p in parts)
                + (
                    f" = {fmt_interval(parts_sum, unit)}, against a total of "
                    f"{figure_text(total)}."
                ),
                skill=Skill.DOES_IT_ADD_UP.value,
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
        if need.low is not None and need.low < 0:
            continue
        question = numeric_question(
            key=f"{finding.key}:implied-part:{part.key}",
            value=need,
            tolerance="0.05",
            stem=(
                f"{quotes}\n\nThe article gives {figure_label(part)} without a firm "
                f"number. For the total of {figure_text(total)} to hold, at the "
                "stated values, how many would it have to be?"
            ),
            explanation=(
                "The total less the other parts: "
                f"{fmt_interval(need, part.unit or unit)}."
            ),
            skill=Skill.DOES_IT_ADD_UP.value,
            figures=figures,
            finding=finding,
        )
        if question is not None:
            material.add(question)
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
    pair = (first, second)
    v = finding.values
    material = section_material(
        corpus, finding, f"Two reports: “{first.quote}” and “{second.quote}”"
    )
    quotes = figure_quotes(corpus, pair)
    common = interval(v.get("common"))
    overlaps = bool(v.get("overlaps", common is not None))
    material.add(
        _finding_choice(
            finding,
            "agree",
            stem=f"{quotes}\n\nDo these two reports of the same quantity agree?",
            options=[
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
                    "Right: no value satisfies both; one is wrong or they count "
                    "different things."
                    if not overlaps
                    else "Read the hedges as ranges: they overlap.",
                    correct=not overlaps,
                    misconception="" if not overlaps else "conflict-assumed",
                ),
                Option(
                    "Yes: they are reported by different sources, so each is right "
                    "for its source",
                    "One quantity has one true value; two sources do not make two "
                    "truths.",
                    misconception="source-mixed-up",
                ),
            ],
            skill=Skill.CORROBORATE.value,
            figures=pair,
        )
    )
    differences: list[Option] = []
    drift = [d for d in v.get("drift", []) if isinstance(d, str)]
    if "bound" in drift:
        differences.append(
            Option(
                f"The hedge: {figure_text(first)} against {figure_text(second)}",
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
        material.add(
            _finding_choice(
                finding,
                "differs",
                stem=(
                    f"{quotes}\n\nWhat differs between the two reports? Choose all "
                    "that apply."
                ),
                options=[
                    *differences,
                    Option(
                        "Nothing: it is one figure repeated",
                        "Compare the hedge, the words, the number and the source "
                        "one by one.",
                        misconception="agreement-assumed",
                    ),
                ],
                multiple=True,
                skill=Skill.CORROBORATE.value,
                figures=pair,
            )
        )
    return material


# --- mismatches ---


@finding_builder("period_mismatch", "category_mismatch")
def build_mismatch(corpus: Corpus, finding: Finding) -> Material:
    first, second = _figures(corpus, finding)[:2]
    pair = (first, second)
    period = finding.kind == "period_mismatch"
    material = section_material(
        corpus,
        finding,
        f"{'Different times' if period else 'Different things'}: “"
        f"{first.quote}” and “{second.quote}”",
    )
    quotes = figure_quotes(corpus, pair)
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
    material.add(
        _finding_choice(
            finding,
            "compare",
            stem=(
                f"{quotes}\n\nCan {figure_label(first)} and {figure_label(second)} be "
                "compared directly?"
            ),
            options=[
                Option(correct, f"Right. {finding.explanation}", correct=True),
                Option(
                    f"Yes: both count {unit}",
                    "The same unit is not enough: "
                    + ("the times differ." if period else "the things counted differ."),
                    misconception=tag,
                ),
                wrong2,
            ],
            figures=pair,
        )
    )
    return material


@finding_builder("category_drift")
def build_category_drift(corpus: Corpus, finding: Finding) -> Material:
    figures = _figures(corpus, finding)
    v = finding.values
    material = section_material(corpus, finding, "A category that moves")
    series_text = (
        v.get("series_text")
        if isinstance(v.get("series_text"), str)
        else " → ".join(figure_text(f, with_unit=False) for f in figures)
    )
    if len(figures) >= 3:
        texts = [
            f"“{f.quote}” {f.quantity or f.unit}"
            + (f" ({f.time.text})" if f.time else "")
            for f in figures
        ]
        key = f"{finding.key}:order"
        items, keys = keyed_items(key, texts, "i")
        material.add(
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
        material.add(
            numeric_question(
                key=f"{finding.key}:growth",
                value=Interval.point(growth),
                tolerance="0.05",
                stem=(
                    figure_quotes(corpus, (first, last))
                    + "\n\nTaken at face value, by what factor did the count grow "
                    f"from {figure_text(first)} to {figure_text(last)}?"
                ),
                explanation=(
                    f"{figure_text(last, with_unit=False)} ÷ "
                    f"{figure_text(first, with_unit=False)} "
                    f"= {fmt_number(growth)}, if the category stayed the same."
                ),
                skill=Skill.IS_THAT_BIG.value,
                figures=(first, last),
                finding=finding,
                difficulty=1,
            )
        )
    wordings = [w for w in v.get("wordings", []) if isinstance(w, str)]
    material.add(
        _finding_choice(
            finding,
            "what-to-check",
            stem=(
                f"The count went {series_text}. What must you check before reading "
                "this as growth?"
            ),
            options=[
                Option(
                    "That every count uses the same definition"
                    + (
                        f": the text says {' / '.join(f'“{w}”' for w in wordings)}"
                        if len(wordings) > 1
                        else ""
                    ),
                    "Right: a category redefined between counts makes the growth "
                    "partly an artefact.",
                    correct=True,
                ),
                Option(
                    "Nothing: the numbers show the growth",
                    "Growth shows only if each count measured the same thing.",
                    misconception="category-drift",
                ),
                Option(
                    "Only the latest number matters",
                    "The series is the story; each point needs its date and its "
                    "definition.",
                    misconception="time-ignored",
                ),
            ],
            skill=Skill.LIKE_WITH_LIKE.value,
            figures=figures,
        )
    )
    return material


# --- base, precision, sources ---


@finding_builder("missing_base")
def build_missing_base(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    material = section_material(
        corpus,
        finding,
        f"“{figure.quote}”: {finding.values.get('question') or 'of what?'}",
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


def _one_figure_question(
    corpus: Corpus,
    finding: Finding,
    figure: Figure,
    *,
    title: str,
    name: str,
    ask: str,
    options: list[Option],
    skill: str,
    difficulty: int = 2,
) -> Material:
    """The section of a finding on one figure, and a choice question on it: the
    figure quoted, then ``ask``; keyed ``{finding.key}:{name}``."""
    material = section_material(corpus, finding, title)
    material.add(
        _finding_choice(
            finding,
            name,
            stem=f"{figure_quote(corpus, figure)}\n\n{ask}",
            options=options,
            skill=skill,
            figures=(figure,),
            difficulty=difficulty,
        )
    )
    return material


@finding_builder("false_precision")
def build_false_precision(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    v = finding.values
    digits = v.get("significant_digits")
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
    return _one_figure_question(
        corpus,
        finding,
        figure,
        title=f"How exact is “{figure.quote}”?",
        name="how-exact",
        ask=f"How exact is {figure_label(figure)} likely to be?",
        options=[
            Option(
                correct,
                f"Right: {figure_text(figure)} has {digits} significant digit"
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
        ],
        skill=Skill.FALSE_PRECISION.value,
    )


@finding_builder("no_source")
def build_no_source(corpus: Corpus, finding: Finding) -> Material:
    figure = _figures(corpus, finding)[0]
    info = corpus.article_of(figure)
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
    return _one_figure_question(
        corpus,
        finding,
        figure,
        title=f"Who says “{figure.quote}”?",
        name="who",
        ask=f"Who gives the figure {figure_label(figure)}?",
        options=options,
        skill=Skill.WHO_SAYS_SO.value,
        difficulty=1,
    )


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
    return _one_figure_question(
        corpus,
        finding,
        figure,
        title=f"What {speaker} gains from “{figure.quote}”",
        name="why-care",
        ask=f"Why read {figure_label(figure)} from {speaker} with care?",
        options=[
            Option(
                f"{speaker} is a party with a stake: the figure reports {interest}",
                "Right: a party's figures about its own success deserve a second "
                "source.",
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
        ],
        skill=Skill.CLAIMANTS_INTEREST.value,
    )


@finding_builder("headline_hedge")
def build_headline_hedge(corpus: Corpus, finding: Finding) -> Material:
    headline, body = _figures(corpus, finding)[:2]
    material = section_material(corpus, finding, f"The headline's “{headline.quote}”")
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
    return section_material(
        corpus, finding, titles.get(finding.kind, _title(finding)), extra
    )
