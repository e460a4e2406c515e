"""Who says so: unnamed sources, chains, no source, a claimant's interest.

Every hop dict below is ``{"speaker", "kind", "named", "role",
"organisation", "verb"}`` (kind as a SourceKind string), first-hand first.

unnamed_source
    Figures of one article whose first-hand source is unnamed, grouped by that
    source (speaker, organisation).
    ``figures``: the keys, text order.
    ``values``: ``source`` (hop dict), ``figures`` (figure summaries),
    ``count`` (int).
    Verdict: needs_explanation. Skill: named-unnamed.

attribution_chain
    Figures of one article that reached it second-hand: two or more hops
    (speaker -> outlet -> ...), grouped by identical chain. The article's own
    outlet closes the chain.
    ``figures``: the keys, text order.
    ``values``: ``chain`` (hop dicts, first-hand first), ``outlet`` (the
    article's outlet), ``chain_text`` (e.g. "a senior official
    → Wire Service → The Gazette"), ``length`` (int, hops including the article's
    outlet), ``first_hand_named`` (bool), ``figures`` (figure summaries).
    Verdict: needs_explanation. Skill: trace-the-chain.

no_source
    One finding per figure with no hop at all (the headline's figures
    included).
    ``figures``: (key,).
    ``values``: ``figure`` (summary), ``outlet`` (the article's outlet),
    ``location``.
    Verdict: needs_explanation. Skill: who-says-so.

claimants_interest
    A figure whose first-hand source is a party (government, military,
    intelligence or organisation) and which reports either losses (killed,
    captured, defeated ...) of a subject that is not the source's own
    organisation, or gains (retook, liberated, recruited ...) — an opponent's
    losses or one's own successes. Neutral words (deaths, cases) do not count.
    ``figures``: (key,).
    ``values``: ``figure`` (summary), ``source`` (hop dict), ``interest``
    ("opponent_losses" or "own_gains"), ``words`` (sorted list of the words
    that triggered it).
    Verdict: needs_explanation. Skill: claimants-interest.
"""

from __future__ import annotations

from typing import Any

from ..skills import Skill
from ..types import Corpus, Figure, Finding, Hop, SourceKind, Verdict
from .common import (
    GAIN_WORDS,
    LOSS_WORDS,
    described,
    ordered,
    summarize,
    tokens,
)
from .registry import register

PARTY_KINDS = (
    SourceKind.GOVERNMENT,
    SourceKind.MILITARY,
    SourceKind.INTELLIGENCE,
    SourceKind.ORGANISATION,
)


def hop_json(hop: Hop) -> dict[str, Any]:
    return {
        "speaker": hop.speaker,
        "kind": hop.kind.value,
        "named": hop.named,
        "role": hop.role,
        "organisation": hop.organisation,
        "verb": hop.verb,
    }


def _outlet(figure: Figure, corpus: Corpus) -> str:
    info = corpus.articles.get(figure.article)
    return "" if info is None else info.outlet


def _listing(figures: list[Figure]) -> str:
    return "; ".join(described(f) for f in figures)


# unnamed_source -------------------------------------------------------------------


@register("unnamed_source")
def check_unnamed_source(corpus: Corpus) -> list[Finding]:
    groups: dict[tuple[str, str, str], list[Figure]] = {}
    for figure in ordered(corpus):
        hop = figure.first_hand
        if hop is not None and not hop.named:
            key = (
                figure.article,
                hop.speaker.strip().lower(),
                hop.organisation.lower(),
            )
            groups.setdefault(key, []).append(figure)
    findings = []
    for figures in groups.values():
        hop = figures[0].first_hand
        assert hop is not None
        values: dict[str, Any] = {
            "source": hop_json(hop),
            "figures": [summarize(f, corpus) for f in figures],
            "count": len(figures),
        }
        explanation = (
            f"{_listing(figures)}: the first-hand source is unnamed ({hop.speaker}). "
            "A reader cannot check who this is, what they know or what they gain; the "
            "figure rests on trust in the outlet that granted anonymity."
        )
        findings.append(
            Finding(
                kind="unnamed_source",
                figures=tuple(f.key for f in figures),
                verdict=Verdict.NEEDS_EXPLANATION,
                explanation=explanation,
                skill=Skill.NAMED_UNNAMED.value,
                values=values,
            )
        )
    return findings


# attribution_chain ----------------------------------------------------------------


def _chain_key(figure: Figure) -> tuple[str, ...]:
    return (figure.article, *(h.speaker.strip().lower() for h in figure.hops))


@register("attribution_chain")
def check_attribution_chain(corpus: Corpus) -> list[Finding]:
    groups: dict[tuple[str, ...], list[Figure]] = {}
    for figure in ordered(corpus):
        if len(figure.hops) >= 2:
            groups.setdefault(_chain_key(figure), []).append(figure)
    findings = []
    for figures in groups.values():
        first = figures[0]
        outlet = _outlet(first, corpus)
        names = [h.speaker for h in first.hops] + ([outlet] if outlet else [])
        chain_text = " → ".join(names)
        values: dict[str, Any] = {
            "chain": [hop_json(h) for h in first.hops],
            "outlet": outlet,
            "chain_text": chain_text,
            "length": len(names),
            "first_hand_named": first.hops[0].named,
            "figures": [summarize(f, corpus) for f in figures],
        }
        explanation = (
            f"{_listing(figures)} reached the reader second-hand: {chain_text}. Each "
            "link may have shortened, rounded or dropped a hedge; the first-hand "
            "source "
            f"is {first.hops[0].speaker}."
        )
        findings.append(
            Finding(
                kind="attribution_chain",
                figures=tuple(f.key for f in figures),
                verdict=Verdict.NEEDS_EXPLANATION,
                explanation=explanation,
                skill=Skill.TRACE_THE_CHAIN.value,
                values=values,
            )
        )
    return findings


# no_source ------------------------------------------------------------------------


@register("no_source")
def check_no_source(corpus: Corpus) -> list[Finding]:
    findings = []
    for figure in ordered(corpus):
        if figure.hops:
            continue
        outlet = _outlet(figure, corpus)
        values: dict[str, Any] = {
            "figure": summarize(figure, corpus),
            "outlet": outlet,
            "location": figure.location.value,
        }
        explanation = (
            f"{described(figure)}: the article does not say who gives this figure, so "
            f"it rests on {outlet or 'the outlet'} alone."
        )
        findings.append(
            Finding(
                kind="no_source",
                figures=(figure.key,),
                verdict=Verdict.NEEDS_EXPLANATION,
                explanation=explanation,
                skill=Skill.WHO_SAYS_SO.value,
                values=values,
            )
        )
    return findings


# claimants_interest ---------------------------------------------------------------


def _interest(figure: Figure, hop: Hop) -> tuple[str, frozenset[str]] | None:
    words = tokens(f"{figure.quantity} {figure.unit}")
    subject = tokens(figure.subject)
    own = tokens(f"{hop.organisation} {hop.speaker}")
    about_itself = bool(subject) and bool(subject & own)
    gains = words & GAIN_WORDS
    losses = words & LOSS_WORDS
    if losses and not about_itself and subject:
        return "opponent_losses", losses
    if gains and (about_itself or not losses):
        return "own_gains", gains
    return None


@register("claimants_interest")
def check_claimants_interest(corpus: Corpus) -> list[Finding]:
    findings = []
    for figure in ordered(corpus):
        hop = figure.first_hand
        if hop is None or hop.kind not in PARTY_KINDS:
            continue
        found = _interest(figure, hop)
        if found is None:
            continue
        interest, words = found
        values: dict[str, Any] = {
            "figure": summarize(figure, corpus),
            "source": hop_json(hop),
            "interest": interest,
            "words": sorted(words),
        }
        what = (
            f"the losses of {figure.subject}"
            if interest == "opponent_losses"
            else "its own side's successes"
        )
        explanation = (
            f"{described(figure)} comes from {hop.speaker}, a party with a stake in "
            "it: "
            f"the figure reports {what}. A claimant has reasons to make such numbers "
            "large; look for an independent source."
        )
        findings.append(
            Finding(
                kind="claimants_interest",
                figures=(figure.key,),
                verdict=Verdict.NEEDS_EXPLANATION,
                explanation=explanation,
                skill=Skill.CLAIMANTS_INTEREST.value,
                values=values,
            )
        )
    return findings
