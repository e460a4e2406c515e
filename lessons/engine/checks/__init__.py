"""Consistency checks: pure rules over figures that say whether they add up.

``run_checks(corpus)`` runs every registered check and returns their findings
in a deterministic order (registry order below, then text order), each key
(``Finding.key`` = ``kind:figure+figure``) once.

Kinds, in run order, with the module whose docstring documents the kind's
``values`` keys, the verdicts it gives, and its skill slug:

- ``stock_vs_flow`` (stock_flow): needs_explanation, consistent; like-with-like
- ``rate_over_time`` (rates): conflict, needs_explanation, consistent; pin-the-time
- ``fraction_of_total`` (fractions): conflict, needs_explanation, consistent,
  not_comparable; does-it-add-up
- ``part_whole`` (parts): conflict, needs_explanation, consistent; does-it-add-up
- ``cross_source`` (corroboration): conflict, consistent; corroborate
- ``period_mismatch`` (mismatch): needs_explanation; pin-the-time
- ``category_mismatch`` (mismatch): not_comparable; like-with-like
- ``category_drift`` (mismatch): needs_explanation; like-with-like
- ``missing_base`` (bases): needs_explanation, consistent; percent-of-what
  (percents), is-that-big (amounts)
- ``hedge`` (hedges): needs_explanation (open-ended), consistent; read-hedges
- ``headline_hedge`` (hedges): needs_explanation, consistent; headline-vs-body
- ``false_precision`` (hedges): needs_explanation; false-precision
- ``estimate_or_count`` (hedges): needs_explanation (projection), consistent;
  estimate-or-count
- ``unnamed_source`` (sourcing): needs_explanation; named-unnamed
- ``attribution_chain`` (sourcing): needs_explanation; trace-the-chain
- ``no_source`` (sourcing): needs_explanation; who-says-so
- ``claimants_interest`` (sourcing): needs_explanation; claimants-interest

Conventions shared by every kind (see ``common`` for the details):

- ``Finding.figures`` lists ``Figure.key`` in a fixed, documented order per kind.
- Every interval in ``values`` is ``{"low": str | None, "high": str | None}``
  (``Interval.as_json``; ``None`` is an open end). Every single number is a
  decimal string. Readable renderings sit beside them under ``*_text`` keys.
- Every figure in ``values`` is a *figure summary* (``common.summarize``).
- "strict" numbers use the whole range a figure allows ("more than 600" is
  600 or more, unbounded); "at_stated" numbers take each hedged figure at its
  stated value (600), keeping only real ranges ("900 to 1,800", "half to
  one-third") as ranges. Lessons quote the at-stated numbers and use the strict
  ones to say what the hedges leave open.
- Headline and caption figures take part only in the single-figure checks
  (hedges, sourcing) and in ``headline_hedge``; the numeric comparisons use the
  body's figures, so a headline restating the body is not counted twice.

The pairing of figures never relies on a story's words: it comes from the
figures' kind, unit, quantity, subject, time and location, using general word
lists (flow words such as killed/deaths/arrested, headcount words such as
fighters/members/staff, total and remainder words) in ``common``.
"""

from __future__ import annotations

from . import (  # noqa: F401  (importing a family module registers its checks)
    bases,
    corroboration,
    fractions,
    hedges,
    mismatch,
    parts,
    rates,
    sourcing,
    stock_flow,
)
from .registry import REGISTRY, Check, RegisteredCheck, register, run_checks

# The run order: the order of the list above, whatever order the imports sort in.
KIND_ORDER: tuple[str, ...] = (
    "stock_vs_flow",
    "rate_over_time",
    "fraction_of_total",
    "part_whole",
    "cross_source",
    "period_mismatch",
    "category_mismatch",
    "category_drift",
    "missing_base",
    "hedge",
    "headline_hedge",
    "false_precision",
    "estimate_or_count",
    "unnamed_source",
    "attribution_chain",
    "no_source",
    "claimants_interest",
)


def _order_registry() -> None:
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    entries = sorted(REGISTRY.items(), key=lambda item: rank.get(item[0], len(rank)))
    REGISTRY.clear()
    REGISTRY.update(entries)


_order_registry()

__all__ = [
    "KIND_ORDER",
    "REGISTRY",
    "Check",
    "RegisteredCheck",
    "register",
    "run_checks",
]
