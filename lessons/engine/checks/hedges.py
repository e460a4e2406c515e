"""Hedges, headlines that drop them, precision and estimate-or-count.

hedge
    One finding per hedged figure (about, at least, more than, at most, less
    than, and stated ranges), in any location.
    ``figures``: (key,).
    ``values``: ``figure`` (figure summary), ``bound``, ``hedge_words`` (the
    words of the quote before the number, e.g. "at least", or ""),
    ``allows`` (interval), ``allows_text`` (e.g. "12,000 or more deaths",
    "7,200 to 8,800 members"), ``open_above`` / ``open_below`` (bool: no
    upper / no lower limit but zero), ``approx_band`` (decimal string, the
    fraction "about" is read as, each way, or None), ``spread`` (decimal
    string or None, high / low of a bounded range: "2" for 900-1,800).
    Verdict: needs_explanation for open-ended hedges (at least, more than, at
    most, less than), consistent for about and ranges. Skill: read-hedges.

headline_hedge
    A headline figure against the body figure of the same quantity (same
    article, subject, kind, unit family and flow/stock nature, the headline's
    stated value within what the body figure allows; the closest stated value
    wins, then text order).
    ``figures``: (headline key, body key).
    ``values``: ``headline``, ``body`` (figure summaries), ``headline_bound``,
    ``body_bound``, ``dropped_hedge`` (bool: the body is hedged, the headline
    is not, or allows less), ``dropped_source`` (bool: the body has a source,
    the headline figure none), ``dropped_time`` (bool: the body's figure has a
    time, the headline's none), ``value_differs`` (bool: stated values differ).
    Verdict: needs_explanation when a hedge, source or time is dropped;
    consistent otherwise. (A headline value outside the body's range is not
    paired.) Skill: headline-vs-body.

false_precision
    A figure that looks more exact than its making allows: "precise" when an
    estimate, projection or "about" figure has three or more significant
    digits ("an estimated 12,347"); "round" when a round number (at most two
    significant digits, 1,000 or more) is given as an exact count (bound
    exact, method count or unknown), e.g. a headline "3,000 Jobs Lost".
    ``figures``: (key,).
    ``values``: ``figure`` (summary), ``pattern`` ("precise" or "round"),
    ``significant_digits`` (int), ``method``, ``bound``.
    Verdict: needs_explanation. Skill: false-precision.

estimate_or_count
    One finding per figure whose method the text states (count, estimate,
    projection).
    ``figures``: (key,).
    ``values``: ``figure`` (summary), ``method``, ``method_words`` (the
    quote of the figure's span with role "method", or "").
    Verdict: needs_explanation for a projection (it has not happened),
    consistent for a count or an estimate. Skill: estimate-or-count.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..formatting import (
    figure_text,
    fmt_interval,
    fmt_number,
    unit_label,
)
from ..intervals import DEFAULT_APPROX
from ..skills import Skill
from ..types import (
    Bound,
    Corpus,
    Figure,
    FigureKind,
    Finding,
    Location,
    Method,
    Verdict,
)
from .common import (
    allows,
    described,
    is_flow,
    num,
    ordered,
    quoted,
    same_subject,
    same_unit,
    stated_value,
    summarize,
)
from .registry import register

OPEN_ENDED = (Bound.AT_LEAST, Bound.MORE_THAN, Bound.AT_MOST, Bound.LESS_THAN)

_NUMBER_START = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens?|scores?|hundreds?|thousands?|millions?|billions?|half|third|quarter|"
    r"fifth|tenth)\b",
    re.IGNORECASE,
)

_HEDGE_MEANING = {
    Bound.APPROX: "could be somewhat more or less",
    Bound.AT_LEAST: "sets a floor and no ceiling",
    Bound.MORE_THAN: "sets a floor and no ceiling",
    Bound.AT_MOST: "sets a ceiling and no floor",
    Bound.LESS_THAN: "sets a ceiling and no floor",
    Bound.RANGE: "is a range, not a number",
}


# A currency sign or code written before the number ("£", "US$", "GBP").
_CURRENCY_TAIL = re.compile(
    r"(?:\b[A-Z]{1,3})?[$£€¥₹]$|\b(?:USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|Rs)\.?$"
)


def hedge_words(figure: Figure, corpus: Corpus | None = None) -> str:
    """The hedge words of a figure: "at least", "between", "give or take".

    The figure's hedge span where the article's text is at hand (it may lie
    after the quote: "1,800 seats, give or take"), else the words of the quote
    before its first number, without a currency sign ("roughly" of "roughly
    £2m").
    """
    if corpus is not None:
        info = corpus.articles.get(figure.article)
        text = "" if info is None else info.text
        for span in figure.spans:
            if span.role == "hedge" and span.end <= len(text):
                words = text[span.start : span.end].strip(" ,")
                if words:
                    return words
    match = _NUMBER_START.search(figure.quote)
    if match is None:
        return ""
    words = figure.quote[: match.start()].strip(" ,")
    return _CURRENCY_TAIL.sub("", words).strip(" ,")


# hedge ----------------------------------------------------------------------------


@register("hedge")
def check_hedge(corpus: Corpus) -> list[Finding]:
    findings = []
    for figure in ordered(corpus):
        if figure.bound is Bound.EXACT:
            continue
        if figure.bound is Bound.RANGE and figure.low == figure.high:
            continue
        findings.append(_hedge(figure, corpus))
    return findings


def _hedge(figure: Figure, corpus: Corpus) -> Finding:
    iv = allows(figure)
    unit = unit_label(figure)
    spread = None
    if figure.bound is Bound.RANGE and iv.low and iv.high is not None:
        spread = iv.high / iv.low
    open_above = iv.high is None
    open_below = figure.bound in (Bound.AT_MOST, Bound.LESS_THAN)
    allows_text = fmt_interval(iv, unit, figure.kind)
    values: dict[str, Any] = {
        "figure": summarize(figure, corpus),
        "bound": figure.bound.value,
        "hedge_words": hedge_words(figure, corpus),
        "allows": iv.as_json(),
        "allows_text": allows_text,
        "open_above": open_above,
        "open_below": open_below,
        "approx_band": num(DEFAULT_APPROX) if figure.bound is Bound.APPROX else None,
        "spread": None if spread is None else num(spread),
    }
    words = hedge_words(figure, corpus)
    if not any(ch.isdigit() for ch in figure.quote):
        said = f'"{figure.quote}"'  # a number in words: "thousands", "scores"
    else:
        said = f'"{words}"' if words else "The hedge"
    explanation = (
        f"{said} in {quoted(figure)} {_HEDGE_MEANING[figure.bound]}: read it as "
        f"{allows_text}"
    )
    if figure.bound is Bound.APPROX:
        explanation += (
            f' (taking "about" as within {fmt_number(DEFAULT_APPROX * 100)} percent)'
        )
    explanation += "."
    if open_above:
        explanation += " Nothing in the figure says how much higher it could be."
    if spread is not None and spread >= 2:
        explanation += (
            f" The top of the range is {fmt_number(spread)} times the bottom: the "
            "source is very unsure."
        )
    verdict = (
        Verdict.NEEDS_EXPLANATION if figure.bound in OPEN_ENDED else Verdict.CONSISTENT
    )
    return Finding(
        kind="hedge",
        figures=(figure.key,),
        verdict=verdict,
        explanation=explanation,
        skill=Skill.READ_HEDGES.value,
        values=values,
    )


# headline_hedge -------------------------------------------------------------------


@register("headline_hedge")
def check_headline_hedge(corpus: Corpus) -> list[Finding]:
    figures = ordered(corpus)
    findings = []
    for head in figures:
        if head.location is not Location.HEADLINE:
            continue
        matches = [
            body
            for body in figures
            if body.location is Location.BODY
            and body.article == head.article
            and same_unit(body, head)
            and (not head.subject or same_subject(body, head))
            and is_flow(body) == is_flow(head)
            and allows(body).contains(stated_value(head))
        ]
        if matches:
            best = min(
                matches,
                key=lambda b: (abs(stated_value(b) - stated_value(head)), b.start),
            )
            findings.append(_headline(head, best, corpus))
    return findings


def _headline(head: Figure, body: Figure, corpus: Corpus) -> Finding:
    ih, ib = allows(head), allows(body)
    narrower = ib.intersection(ih) == ih and ih != ib
    dropped_hedge = body.bound is not Bound.EXACT and (
        head.bound is Bound.EXACT or narrower
    )
    dropped_source = bool(body.hops) and not head.hops
    dropped_time = body.time is not None and head.time is None
    differs = stated_value(head) != stated_value(body)
    values: dict[str, Any] = {
        "headline": summarize(head, corpus),
        "body": summarize(body, corpus),
        "headline_bound": head.bound.value,
        "body_bound": body.bound.value,
        "dropped_hedge": dropped_hedge,
        "dropped_source": dropped_source,
        "dropped_time": dropped_time,
        "value_differs": differs,
    }
    dropped = [
        what
        for what, flag in (
            (
                f'the hedge ("{hedge_words(body, corpus) or body.bound.value}")',
                dropped_hedge,
            ),
            ("the source", dropped_source),
            (f'the time ("{body.time.text if body.time else ""}")', dropped_time),
        )
        if flag
    ]
    explanation = (
        f"The headline says {figure_text(head)}; the body says {quoted(body)}."
    )
    if dropped:
        explanation += (
            f" The headline drops {' and '.join(dropped)}, so it sounds more certain "
            "than the article."
        )
        verdict = Verdict.NEEDS_EXPLANATION
    else:
        explanation += " The headline keeps what the body says."
        verdict = Verdict.CONSISTENT
    return Finding(
        kind="headline_hedge",
        figures=(head.key, body.key),
        verdict=verdict,
        explanation=explanation,
        skill=Skill.HEADLINE_VS_BODY.value,
        values=values,
    )


# false_precision ------------------------------------------------------------------


def significant_digits(value: Decimal) -> int:
    """Significant digits of a stated value: 3,000 -> 1, 12,347 -> 5, 2.5 -> 2."""
    digits = value.normalize().as_tuple().digits
    text = "".join(str(d) for d in digits).lstrip("0")
    return max(1, len(text.rstrip("0")) if value == value.to_integral() else len(text))


@register("false_precision")
def check_false_precision(corpus: Corpus) -> list[Finding]:
    findings = []
    for figure in ordered(corpus):
        if (
            figure.kind in (FigureKind.PERCENT, FigureKind.FRACTION)
            or figure.bound is Bound.RANGE
        ):
            continue
        value = stated_value(figure)
        if value < 1000:
            continue
        digits = significant_digits(value)
        uncertain = figure.method in (Method.ESTIMATE, Method.PROJECTION) or (
            figure.bound is Bound.APPROX
        )
        if uncertain and digits >= 4:
            findings.append(_precision(figure, "precise", digits, corpus))
        elif (
            figure.bound is Bound.EXACT
            and figure.kind is FigureKind.COUNT
            and figure.method in (Method.COUNT, Method.UNKNOWN)
            and digits <= 2
        ):
            findings.append(_precision(figure, "round", digits, corpus))
    return findings


def _precision(figure: Figure, pattern: str, digits: int, corpus: Corpus) -> Finding:
    values: dict[str, Any] = {
        "figure": summarize(figure, corpus),
        "pattern": pattern,
        "significant_digits": digits,
        "method": figure.method.value,
        "bound": figure.bound.value,
    }
    if pattern == "precise":
        explanation = (
            f"{quoted(figure)} is an estimate, yet it is given to {digits} significant "
            "digits: more exact than anyone making an estimate could know."
        )
    else:
        explanation = (
            f"{quoted(figure)} is a round number stated as if it were an exact count. "
            "Round figures are usually estimates; look for the hedge the writer left "
            "out."
        )
    return Finding(
        kind="false_precision",
        figures=(figure.key,),
        verdict=Verdict.NEEDS_EXPLANATION,
        explanation=explanation,
        skill=Skill.FALSE_PRECISION.value,
        values=values,
    )


# estimate_or_count ----------------------------------------------------------------

_METHOD_MEANING = {
    Method.COUNT: "a tally of things counted, the firmest kind of figure",
    Method.ESTIMATE: (
        "an estimate, not a count: someone judged it from partial information"
    ),
    Method.PROJECTION: (
        "a projection of what may happen, not something that has happened"
    ),
}


@register("estimate_or_count")
def check_estimate_or_count(corpus: Corpus) -> list[Finding]:
    findings = []
    for figure in ordered(corpus):
        if figure.method is Method.UNKNOWN:
            continue
        words = _method_words(figure, corpus)
        values: dict[str, Any] = {
            "figure": summarize(figure, corpus),
            "method": figure.method.value,
            "method_words": words,
        }
        said = f' ("{words}")' if words else ""
        explanation = (
            f"The article presents {described(figure)} as "
            f"{_METHOD_MEANING[figure.method]}"
            f"{said}."
        )
        findings.append(
            Finding(
                kind="estimate_or_count",
                figures=(figure.key,),
                verdict=Verdict.NEEDS_EXPLANATION
                if figure.method is Method.PROJECTION
                else Verdict.CONSISTENT,
                explanation=explanation,
                skill=Skill.ESTIMATE_OR_COUNT.value,
                values=values,
            )
        )
    return findings


def _method_words(figure: Figure, corpus: Corpus) -> str:
    info = corpus.articles.get(figure.article)
    for span in figure.spans:
        if span.role == "method" and info is not None and span.end <= len(info.text):
            return span.quote(info.text)
    return ""
