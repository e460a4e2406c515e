"""missing_base: a percent or an amount whose base is not stated.

Looks at every percent figure and every amount (area, length, money) of the
body. Its base is a figure of the same article that is not a percent or
fraction, carries a total word (total, overall, whole, entire, all) and shares
a counted word with it ("of the province's territory" / "a total territory of
...") — for an amount, the base must also have the same unit family. Fractions
are not checked here (fraction_of_total does).

``figures``: (figure key,) or (figure key, base key) when a base is found.

``values``:

- ``figure``: figure summary
- ``what``: "percent" or "amount"
- ``question``: the question a reader should ask: "percent of what?" /
  "out of how much?"
- ``base``: figure summary or None
- ``absolute``: interval or None, percent x base (percent with a base)
- ``share``: interval or None, amount / base (amount with a base)
- ``absolute_text`` / ``share_text``: readable, or ""

Verdict: needs_explanation when no base is found, consistent when one is.
Skill: percent-of-what for percents, is-that-big for amounts.
"""

from __future__ import annotations

from typing import Any

from ..formatting import (
    fmt_interval,
    fmt_share_interval,
)
from ..intervals import Interval
from ..skills import Skill
from ..types import Corpus, Figure, FigureKind, Finding, Verdict
from .common import (
    TOTAL_WORDS,
    allows,
    as_share,
    body_figures,
    ivj,
    quoted,
    role,
    same_unit,
    signature,
    summarize,
)
from .registry import register

AMOUNT_KINDS = (FigureKind.AREA, FigureKind.LENGTH, FigureKind.MONEY)
SHARE_KINDS = (FigureKind.PERCENT, FigureKind.FRACTION)


@register("missing_base")
def check_missing_base(corpus: Corpus) -> list[Finding]:
    figures = body_figures(corpus)
    findings = []
    for figure in figures:
        if figure.kind is not FigureKind.PERCENT and figure.kind not in AMOUNT_KINDS:
            continue
        base = _base(figure, figures)
        findings.append(_finding(figure, base, corpus))
    return findings


def _base(figure: Figure, figures: list[Figure]) -> Figure | None:
    words = signature(figure) - TOTAL_WORDS - {"percent", "share"}
    for other in figures:
        if (
            other is not figure
            and other.article == figure.article
            and other.kind not in SHARE_KINDS
            and role(other) == "total"
            and signature(other) & words
            and (figure.kind is FigureKind.PERCENT or same_unit(other, figure))
        ):
            return other
    return None


def _finding(figure: Figure, base: Figure | None, corpus: Corpus) -> Finding:
    is_percent = figure.kind is FigureKind.PERCENT
    absolute: Interval | None = None
    share: Interval | None = None
    absolute_text = share_text = ""
    if base is not None and is_percent:
        absolute = as_share(allows(figure), figure.kind) * allows(base)
        absolute_text = fmt_interval(absolute, base.unit)
    elif base is not None:
        try:
            share = allows(figure) / allows(base)
        except ZeroDivisionError:
            share = None
        if share is not None and share.is_bounded:
            assert share.low is not None and share.high is not None
            share_text = fmt_share_interval(share, common=True)
    question = "percent of what?" if is_percent else "out of how much?"
    values: dict[str, Any] = {
        "figure": summarize(figure, corpus),
        "what": "percent" if is_percent else "amount",
        "question": question,
        "base": None if base is None else summarize(base, corpus),
        "absolute": ivj(absolute),
        "share": ivj(share),
        "absolute_text": absolute_text,
        "share_text": share_text,
    }
    if base is None:
        verdict = Verdict.NEEDS_EXPLANATION
        if is_percent:
            explanation = (
                f"{quoted(figure)}: a share of a total the article does not give. "
                "Without "
                "the base, a reader cannot tell how much that is."
            )
        else:
            explanation = (
                f"{quoted(figure)}: out of how much? The article gives no total to "
                "compare it with, so a reader cannot tell whether it is big or small."
            )
    else:
        verdict = Verdict.CONSISTENT
        if is_percent:
            explanation = (
                f"{quoted(figure)} of {quoted(base)} is {absolute_text or 'unknown'}."
            )
        else:
            share_words = share_text or "an unknown share"
            explanation = f"{quoted(figure)} out of {quoted(base)} is {share_words}."
    return Finding(
        kind="missing_base",
        figures=(figure.key,) if base is None else (figure.key, base.key),
        verdict=verdict,
        explanation=explanation,
        skill=(Skill.PERCENT_OF_WHAT if is_percent else Skill.IS_THAT_BIG).value,
        values=values,
    )
