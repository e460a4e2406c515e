"""The extractor: every figure of an article as a structured ``Figure``.

``extract_figures(text, published, headline=...)`` is the single entry point.
It reads numbers with ``numbers.find_quantities``, times with
``timeexpr.find_times`` and sources with ``attribution.find_attributions``, and
joins them per figure:

- **value**: low/high, bound, kind and unit from the number reader.
- **quantity**: the counted thing, the noun phrase after the number (or after
  "of" for fractions and percentages: "half of the group's commanders"), with
  the event verb where the sentence gives it ("50,000 militants have been
  killed" -> "militants killed", "killed 200 fighters" -> "fighters killed"),
  and a total's words right after it ("4,500 homes in total" -> "homes in
  total"; "in all" and "overall" only where the clause ends). A bare number
  after another in the same sentence ("from 13 countries ... to 18") counts
  the same thing. ``unit`` is the number reader's unit, else the
  head noun ("militants").
- **subject**: whose: a proper name inside the counted phrase ("ISIS
  militants"), else the first proper name of the clause before the figure
  that is not a source or a time ("ISIS had about 25,000 fighters").
- **time**: the time expression of the same sentence nearest the value (same
  clause first), never one that contains the value itself ("in a period of 24
  hours" is not the time of "24 hours").
- **method**: ESTIMATE when the sentence says estimate/estimated/estimates
  (also when the next sentence of the paragraph calls "that figure" an
  estimate); COUNT for counted/tallied/a count; PROJECTION for "will",
  "would", "expected to", "projected", "could reach"-style verbs before the
  figure in its clause, or a future time.
- **hops**: the attribution chain of the figure's clause (see
  ``attribution``), then two rules across figures: a figure whose only source
  is an outlet takes the deeper chain of a restatement of the same figure
  (same value, same unit) through that outlet; failing that, the document the
  same outlet is said to rely on in the next sentences ("based on X, NBC
  said") becomes its first-hand source.
- **location**: HEADLINE for the first line when it is the headline (given
  and matching, or, when not given, a first line that reads like one: short,
  no final full stop, more lines after it); CAPTION for a short line right
  after the headline that reads like a photo caption (ends with a photo
  credit such as "Reuters", "AP", "Getty Images", or starts "Photo:"); BODY
  otherwise.
- **rule**: which rules fired, e.g. ``quantity/own`` or
  ``quantity/quote+same-figure``.
- **spans**: value, hedge, unit, quantity, time, method and source spans. The
  hedge span holds the hedge words alone ("roughly" of "roughly £2m"); a
  hedge after the counted noun ("1,800 seats, give or take") lies outside the
  figure's quote.

Figures are keyed ``f1``, ``f2`` ... in text order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from .attribution import (
    Attribution,
    attribution_at,
    find_attributions,
    paragraphs,
    split_sentences,
)
from .numbers import Quantity, find_quantities
from .timeexpr import find_times
from .types import (
    Figure,
    FigureKind,
    Hop,
    Location,
    Method,
    SourceKind,
    TextSpan,
    TimeKind,
    TimeRef,
)

__all__ = ["extract_figures", "find_location_lines"]

_WORD = re.compile(r"[A-Za-z][\w'’.-]*[\w]|[A-Za-z]")


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string."""
    return frozenset(words.split())


# Words that end the counted noun phrase after a number.
_NP_END = _wordset(
    """that which who whom whose and or but while when where as because if since
    after before with in on at to from for by than so then however though during
    into over under about against between through per across including who's
    has have had was were is are be been will would can could may might must
    should did does do not this these those its their his her our said says say
    according were there here also already still just"""
)
_DETERMINERS = _wordset("a an the its their his her our this that these those")
_AUXILIARIES = _wordset(
    """has have had was were is are be been being will would could may might
    shall should can must already also reportedly now still been"""
)
# Event words that say what happened to the counted thing.
_EVENT_ADJECTIVES = _wordset(
    """dead killed missing remaining injured wounded displaced homeless arrested
    detained evacuated rescued affected infected hospitalised hospitalized
    unemployed employed waiting left lost liberated captured destroyed damaged
    sold cut hired fired laid"""
)
_IRREGULAR = {
    "lose": "lost",
    "loses": "lost",
    "losing": "lost",
    "lost": "lost",
    "leave": "left",
    "leaves": "left",
    "leaving": "left",
    "left": "left",
    "take": "taken",
    "takes": "taken",
    "taking": "taken",
    "took": "taken",
    "retook": "retaken",
    "hold": "held",
    "holding": "held",
    "held": "held",
    "cut": "cut",
    "cuts": "cut",
    "cutting": "cut",
    "shot": "shot",
    "make": "made",
    "making": "made",
    "find": "found",
    "found": "found",
    "sell": "sold",
    "sold": "sold",
    "send": "sent",
    "sent": "sent",
}
# Verbs before a number that act on the counted thing ("killed 200 fighters").
_ACTION_STEMS = _wordset(
    """kill liberat lose leave arrest detain injur wound displac evacuat rescu
    captur destroy damag hire fire cut lay sell treat vaccinat test admit
    infect employ shoot execut free releas deport recruit train reclaim retak
    seiz gain win captur"""
)
_PROJECTION_WORDS = _wordset(
    """will would 'll expected projected forecast forecasts predicted predicts
    expects"""
)
_CHANGE_VERBS = _wordset(
    "reach rise top hit climb grow fall double exceed surpass increase"
)
_ESTIMATE = re.compile(r"\b(?:conservative |rough |official )?estimat\w*", re.I)
_COUNT = re.compile(r"\b(?:counted|tallied|a (?:head )?count|tally|census)\b", re.I)
_FIGURE_BACK_REFERENCE = re.compile(
    r"\b(?:that|this|the) (?:figure|number|toll|count|tally|total|estimate)\b", re.I
)
_CAPTION_CREDIT = re.compile(
    r"(?:\b|(?<=[.!?a-z0-9]))(?:Reuters|AP|AFP|Getty Images|Getty|EPA|"
    r"Associated Press|AP Photo|Photo|Shutterstock|Xinhua|Anadolu|Bloomberg|"
    r"Alamy|PA|PA Images|Corbis|File)\)?\s*$"
)
_CAPTION_START = re.compile(r"^(?:Photo|Pictured|Image|File photo|Above)\b", re.I)


def find_location_lines(
    text: str, headline: str | None = None
) -> list[tuple[int, int, Location]]:
    """``(start, end, location)`` of each line: headline, caption or body.

    With ``headline`` given, the first line is the headline when it matches it
    (ignoring case and spacing; the given headline may be the line itself or
    start it). Without, a first line reads as a headline when more lines follow,
    it has at most 25 words and does not end with a full stop. A caption is a
    line right after the headline that ends with a photo credit ("...in March
    2015.Reuters", "(AP Photo)", "Getty Images") or starts with "Photo:".
    """
    lines = paragraphs(text)
    out: list[tuple[int, int, Location]] = []
    has_headline = False
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        location = Location.BODY
        if index == 0:
            if headline is not None:
                a, b = _squash(line), _squash(headline)
                has_headline = bool(b) and (
                    a == b or a.startswith(b) or b.startswith(a)
                )
            else:
                has_headline = (
                    len(lines) > 1
                    and len(line.split()) <= 25
                    and not line.rstrip("\"”’'").endswith(".")
                )
            if has_headline:
                location = Location.HEADLINE
        elif index == 1 and has_headline and _reads_like_caption(line):
            location = Location.CAPTION
        out.append((start, end, location))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _reads_like_caption(line: str) -> bool:
    if len(line.split()) > 45:
        return False
    return bool(_CAPTION_CREDIT.search(line) or _CAPTION_START.match(line))


# ---------------------------------------------------------------------------
# The counted thing
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    phrase: str  # "ISIS militants"
    head: str  # "militants"
    event: str  # "killed"
    start: int
    end: int
    proper: str  # a proper name inside the phrase: "ISIS"
    total: str = ""  # "in total" of "4,500 homes in total"


# Words right after the counted thing that make the figure a total. "in all"
# and "overall" only where the clause ends ("in all areas" is no total).
_TOTAL_AFTER = re.compile(
    r"\s+(in total|all told|altogether|(?:in all|overall)(?=\s*(?:[,.;:!?)]|$)))\b",
    re.I,
)


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, end)]


def _gap_ok(text: str, a: int, b: int) -> bool:
    """Only spaces (or an apostrophe-s) between two words of one phrase."""
    return text[a:b].strip() in {"", "'s", "’s"}


def _participle(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ing"):
        stem = low[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]
        return stem + ("d" if stem.endswith("e") else "ed")
    if low.endswith("ed"):
        return low
    if low.endswith("s") and not low.endswith("ss"):
        low = low[:-1]
    return low + ("d" if low.endswith("e") else "ed")


def _counted(text: str, q: Quantity, sent_start: int, sent_end: int) -> _Counted | None:
    after = _words(text, q.end, sent_end)
    k = 0
    phrase: list[tuple[int, int, str]] = []
    # "half of the group's top commanders", "20 percent of its territory"
    if after and after[0][2].lower() == "of" and _gap_ok(text, q.end, after[0][0]):
        k = 1
        while k < len(after) and after[k][2].lower() in _DETERMINERS:
            k += 1
    elif after and not _gap_ok(text, q.end, after[0][0]):
        after = []
    prev_end = after[k - 1][1] if k and k <= len(after) else q.end
    while k < len(after) and len(phrase) < 5:
        s, e, w = after[k]
        low = w.lower()
        if not _gap_ok(text, prev_end, s) and not (
            phrase and text[prev_end:s] in {"-", "–"}
        ):
            break
        if low in _NP_END or w[:1].isdigit():
            break
        if phrase and low.endswith("ing") and low not in {"building", "housing"}:
            break
        if phrase and low in _EVENT_ADJECTIVES and phrase[-1][2][-1:] == "s":
            break
        phrase.append((s, e, w))
        prev_end = e
        k += 1
        # a plural noun usually ends the phrase: "militants", "countries"
        plural = (
            low.endswith("s")
            and len(low) > 3
            and low not in {"us", "its"}
            and not low.endswith(("'s", "’s"))
            and not w.isupper()
        )
        name_goes_on = k < len(after) and after[k][2][:1].isupper() and w[:1].isupper()
        if plural and not name_goes_on:
            break
    if not phrase:
        return None
    head = phrase[-1][2]
    proper = " ".join(
        w
        for _s, _e, w in phrase[:-1]
        if w[:1].isupper() and w.lower() not in _DETERMINERS
    )
    event = _event_after(text, after, k, sent_end) or _event_before(text, q, sent_start)
    total = _TOTAL_AFTER.match(text[:sent_end], phrase[-1][1])
    return _Counted(
        phrase=text[phrase[0][0] : phrase[-1][1]],
        head=head,
        event=event,
        start=phrase[0][0],
        end=phrase[-1][1],
        proper=proper,
        total="" if total is None else total.group(1).lower(),
    )


def _event_after(
    text: str, after: list[tuple[int, int, str]], k: int, sent_end: int
) -> str:
    """ "... militants have been killed" / "fighters remaining" -> the event."""
    j = k
    # skip "of its fighters in the field"-style tails? No: only auxiliaries.
    seen = 0
    while j < len(after) and seen < 4:
        low = after[j][2].lower()
        if low in _AUXILIARIES:
            j += 1
            seen += 1
            continue
        if low in _EVENT_ADJECTIVES or low == "operating":
            return low
        break
    return ""


def _event_before(text: str, q: Quantity, sent_start: int) -> str:
    """ "killed more than 6,000 fighters" -> "killed"."""
    before = _words(text, sent_start, q.start)[-3:]
    for _s, _e, w in reversed(before):
        low = w.lower()
        if low in _DETERMINERS or low in {
            "some",
            "nearly",
            "almost",
            "over",
            "today",
            "yesterday",
            "already",
        }:
            continue
        stem_ok = any(low.startswith(stem) for stem in _ACTION_STEMS)
        if stem_ok or low in _IRREGULAR:
            return _participle(w)
        break
    return ""


# ---------------------------------------------------------------------------
# Subject, time, method
# ---------------------------------------------------------------------------

_MONTH_OR_DAY = _wordset(
    """january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday in on at
    this last next the a an but and however though"""
)


_HEADLINE_VERBS = _wordset(
    """kill kills lose loses gain gains say says take takes win wins hit hits cut
    cuts rise rises fall falls reach reaches top tops claim claims report reports
    leave leaves face faces get gets see sees has have is are was were will
    approve approves vote votes post posts"""
)


def _clause_start(text: str, att: Attribution | None, sent_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last "that", comma or
    reporting verb before it, within the sentence."""
    start = att.start if att is not None else sent_start
    seg = text[start:pos]
    cut = 0
    for m in re.finditer(r"\bthat\b|[,;:—]|\band\b|\bsaid\b|\bsays\b", seg):
        cut = m.end()
    return start + cut


def _subject(
    text: str,
    counted: _Counted | None,
    clause_start: int,
    clause_limit: int,
    pos: int,
    avoid: list[tuple[int, int]],
    *,
    headline: bool = False,
) -> str:
    if counted is not None and counted.proper:
        return counted.proper
    for lo in (clause_start, clause_limit):
        found = _first_proper(text, lo, pos, avoid, headline=headline)
        if found:
            return found
    return ""


def _first_proper(
    text: str, lo: int, hi: int, avoid: list[tuple[int, int]], *, headline: bool
) -> str:
    """The first run of capitalised words in ``text[lo:hi]``; in a title-case
    headline the run stops at a common headline verb ("ISIS Loses")."""
    run: list[tuple[int, int, str]] = []
    for s, e, w in _words(text, lo, hi):
        if headline and run and w.lower() in _HEADLINE_VERBS:
            break
        inside = any(a <= s < b for a, b in avoid)
        capital = w[:1].isupper() and w.lower() not in _MONTH_OR_DAY and not inside
        if capital and (not run or _gap_ok(text, run[-1][1], s)):
            run.append((s, e, w))
            continue
        if run:
            break
    if not run:
        return ""
    return text[run[0][0] : run[-1][1]]


def _time_for(
    times: list[TimeRef],
    sent: tuple[int, int],
    clause: tuple[int, int],
    value: tuple[int, int],
    figure_span: tuple[int, int],
) -> TimeRef | None:
    best: tuple[int, int, TimeRef] | None = None
    for t in times:
        if t.span is None:
            continue
        s, e = t.span.start, t.span.end
        if s < sent[0] or e > sent[1]:
            continue
        if s < value[1] and e > value[0]:
            continue  # the time words hold the value: "in a period of 24 hours"
        if s < figure_span[1] and e > figure_span[0]:
            continue
        # distance from the figure with its unit ("61 percent"), ties to after
        after = s >= figure_span[1]
        gap = 2 * (s - figure_span[1]) if after else 2 * (figure_span[0] - e) + 1
        other_clause = 0 if clause[0] <= s < clause[1] else 1
        key = (other_clause, max(gap, 0))
        if best is None or key < (best[0], best[1]):
            best = (key[0], key[1], t)
    return best[2] if best else None


def _method(
    text: str,
    sentence: tuple[int, int],
    clause_lo: int,
    value_start: int,
    time: TimeRef | None,
    next_sentence: tuple[int, int] | None,
) -> tuple[Method, tuple[int, int] | None]:
    sent_text = text[sentence[0] : sentence[1]]
    m = _ESTIMATE.search(sent_text)
    if m and not re.match(r"an estimated", text[sentence[0] + m.start() - 3 :], re.I):
        return Method.ESTIMATE, (sentence[0] + m.start(), sentence[0] + m.end())
    if m:
        return Method.ESTIMATE, (sentence[0] + m.start(), sentence[0] + m.end())
    before = text[clause_lo:value_start]
    words = [w.lower() for w in re.findall(r"[\w']+", before)]
    for k, w in enumerate(words):
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if (
            w in _PROJECTION_WORDS
            or (w in {"could", "may", "might"} and nxt in _CHANGE_VERBS)
            or (w in {"set", "likely", "on"} and nxt in {"to", "track"})
        ):
            hit = re.search(rf"\b{re.escape(w)}\b", before)
            span = (clause_lo + hit.start(), clause_lo + hit.end()) if hit else None
            return Method.PROJECTION, span
    m = _COUNT.search(sent_text)
    if m:
        return Method.COUNT, (sentence[0] + m.start(), sentence[0] + m.end())
    if time is not None and time.kind is TimeKind.FUTURE:
        return Method.PROJECTION, None
    if next_sentence is not None:
        nxt_text = text[next_sentence[0] : next_sentence[1]]
        if _FIGURE_BACK_REFERENCE.search(nxt_text):
            m = _ESTIMATE.search(nxt_text)
            if m:
                return Method.ESTIMATE, (
                    next_sentence[0] + m.start(),
                    next_sentence[0] + m.end(),
                )
    return Method.UNKNOWN, None


# ---------------------------------------------------------------------------
# Chains across figures
# ---------------------------------------------------------------------------


def _outlet_key(hop: Hop) -> str:
    name = re.sub(r"^the\s+", "", hop.speaker.lower()).strip()
    return re.sub(r"\s+(?:news|news agency|online)$", "", name)


def _same_outlet(a: Hop, b: Hop) -> bool:
    ka, kb = _outlet_key(a), _outlet_key(b)
    return bool(ka) and (ka == kb or ka.startswith(kb + " ") or kb.startswith(ka + " "))


def _deeper_through(hops: tuple[Hop, ...], outlet: Hop) -> tuple[Hop, ...] | None:
    """The hops before ``outlet`` in a chain that passes through it (by name:
    "Channel Nine" is "Channel Nine News" even where the name alone does not
    say it is an outlet)."""
    for k, hop in enumerate(hops):
        if k and _same_outlet(hop, outlet):
            return hops[:k]
    return None


@dataclass
class _Draft:
    q: Quantity
    sentence: int
    paragraph: int
    att: Attribution | None
    hops: tuple[Hop, ...]
    unit: str
    rules: list[str]


def _fill_outlet_only_chains(drafts: list[_Draft], atts: list[Attribution]) -> None:
    for d in drafts:
        if len(d.hops) != 1 or d.hops[0].kind is not SourceKind.OUTLET:
            continue
        outlet = d.hops[0]
        # 1. a restatement of the same figure through the same outlet
        for other in drafts:
            if other is d or (other.q.low, other.q.high) != (d.q.low, d.q.high):
                continue
            if not d.unit or other.unit.lower() != d.unit.lower():
                continue
            deeper = _deeper_through(other.hops, outlet)
            if deeper:
                d.hops = deeper + d.hops
                d.rules.append("same-figure")
                break
        if len(d.hops) != 1:
            continue
        # 2. the document the outlet relies on, said in the next sentences
        for att in atts:
            if att.sentence <= d.sentence or att.sentence > d.sentence + 2:
                continue
            if att.paragraph > d.paragraph + 1 or att.basis != "own":
                continue
            deeper = _deeper_through(att.hops, outlet)
            if deeper and all(h.kind is SourceKind.DOCUMENT for h in deeper):
                d.hops = deeper + d.hops
                d.rules.append("outlet-source")
                break


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def extract_figures(
    text: str, published: date | None = None, *, headline: str | None = None
) -> list[Figure]:
    """Every figure of ``text`` as a ``Figure``, keyed ``f1``, ``f2`` ... in
    text order. ``published`` resolves relative times ("on Thursday");
    ``headline`` (as printed) decides whether the first line is the headline.
    See the module docstring for the rules."""
    quantities = find_quantities(text)
    if not quantities:
        return []
    atts = find_attributions(text)
    sentences = split_sentences(text)
    paras = paragraphs(text)
    lines = find_location_lines(text, headline)
    times = find_times(text, published)

    def index_of(spans: list[tuple[int, int]], pos: int) -> int:
        for k, (s, e) in enumerate(spans):
            if s <= pos < e:
                return k
        return max(0, sum(1 for s, _e in spans if s <= pos) - 1)

    drafts: list[_Draft] = []
    counted_of: list[_Counted | None] = []
    for q in quantities:
        si = index_of(sentences, q.value_start)
        s_start, s_end = sentences[si] if sentences else (0, len(text))
        att = attribution_at(atts, q.value_start)
        counted = _counted(text, q, s_start, s_end)
        # "from 13 countries in 2015 to 18 this year": the bare 18 counts countries
        if counted is None and drafts and drafts[-1].sentence == si:
            prev = counted_of[-1]
            if prev is not None and drafts[-1].q.kind is q.kind:
                counted = replace(prev, start=prev.start, end=prev.end)
        counted_of.append(counted)
        unit = q.unit
        if not unit and counted is not None and q.kind is FigureKind.COUNT:
            unit = counted.head.lower()
        drafts.append(
            _Draft(
                q=q,
                sentence=si,
                paragraph=index_of(paras, q.value_start),
                att=att,
                hops=att.hops if att is not None else (),
                unit=unit,
                rules=["quantity/" + (att.basis if att is not None else "none")],
            )
        )
    _fill_outlet_only_chains(drafts, atts)

    figures: list[Figure] = []
    for n, (d, counted) in enumerate(zip(drafts, counted_of, strict=True), start=1):
        q = d.q
        s_start, s_end = sentences[d.sentence] if sentences else (0, len(text))
        clause = (d.att.start, d.att.end) if d.att is not None else (s_start, s_end)
        clause_lo = _clause_start(text, d.att, s_start, q.start)
        location = Location.BODY
        for ls, le, loc in lines:
            if ls <= q.value_start < le:
                location = loc
        time = _time_for(
            times,
            (s_start, s_end),
            clause,
            (q.value_start, q.value_end),
            (q.start, q.end),
        )
        next_sentence = None
        if d.sentence + 1 < len(sentences):
            nxt = sentences[d.sentence + 1]
            if index_of(paras, nxt[0]) == d.paragraph:
                next_sentence = nxt
        method, method_span = _method(
            text, (s_start, s_end), clause_lo, q.value_start, time, next_sentence
        )
        source_spans = [h.span for h in d.hops if h.span is not None]
        avoid = [(sp.start, sp.end) for sp in source_spans]
        avoid += [(t.span.start, t.span.end) for t in times if t.span is not None]
        subject = _subject(
            text,
            counted,
            clause_lo,
            clause[0],
            q.start,
            avoid,
            headline=location is Location.HEADLINE,
        )
        quantity = ""
        if (
            counted is None
            and q.unit
            and q.kind
            in {
                FigureKind.AREA,
                FigureKind.LENGTH,
                FigureKind.MONEY,
                FigureKind.PERCENT,
            }
        ):
            event = _event_before(text, q, s_start)
            quantity = f"{q.unit} {event}".strip()
        if counted is not None:
            quantity = counted.phrase
            if location is Location.HEADLINE:
                quantity = quantity.lower()
            if counted.event and counted.head.lower() not in _EVENT_ADJECTIVES:
                quantity = f"{quantity} {counted.event}"
            if counted.total:
                quantity = f"{quantity} {counted.total}"
        spans = [TextSpan(q.value_start, q.value_end, "value")]
        hedge = _hedge_span(text, q)
        if hedge is not None:
            spans.append(TextSpan(hedge[0], hedge[1], "hedge"))
        if counted is not None and counted.start >= q.end:
            spans.append(TextSpan(counted.start, counted.end, "quantity"))
        if time is not None and time.span is not None:
            spans.append(time.span)
        if method_span is not None:
            spans.append(TextSpan(method_span[0], method_span[1], "method"))
        for sp in source_spans:
            spans.append(TextSpan(sp.start, sp.end, "source"))
        rule = "+".join(d.rules)
        figures.append(
            Figure(
                start=q.start,
                end=q.end,
                quote=text[q.start : q.end],
                low=q.low,
                high=q.high,
                bound=q.bound,
                kind=q.kind,
                unit=d.unit,
                quantity=quantity,
                subject=subject,
                time=time,
                method=method,
                hops=d.hops,
                location=location,
                spans=tuple(spans),
                rule=rule,
                key=f"f{n}",
            )
        )
    return figures


def _hedge_span(text: str, q: Quantity) -> tuple[int, int] | None:
    """The hedge words alone: never a currency sign; after the figure's own text
    for a hedge that follows its counted noun ("4,500 homes, give or take")."""
    if not q.hedge:
        return None
    if 0 <= q.hedge_start < q.hedge_end:
        return q.hedge_start, q.hedge_end
    found = text.find(q.hedge, q.start, q.end)
    if found < 0:
        lowered = text[q.start : q.end].lower().find(q.hedge.lower())
        if lowered < 0:
            return None
        found = q.start + lowered
    return found, found + len(q.hedge)
