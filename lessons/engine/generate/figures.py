"""Figure-level builders: questions that need no check, only the figures.

Each builder is registered by name and runs over every corpus, so an article
whose findings have no builder (or no findings at all) still gets lessons on
its hedges, sources, chains, times, methods, headline and bases.

Builders, their skill and the question types they make:

- ``hedges`` (read-hedges): single, what the hedge allows; evidence, select
  the hedge words.
- ``who-says-so`` (who-says-so): single, the first-hand source (repeaters and
  sources of other figures as distractors); evidence, select who gave it.
- ``named-unnamed`` (named-unnamed): multiple, which sources are named;
  single, what an unnamed source lets a reader check.
- ``chains`` (trace-the-chain): chain, from the first-hand source through each
  outlet to the outlet that published the article; distractors are other
  speakers and outlets of the corpus.
- ``time`` (pin-the-time): ordering, figures by the date they hold at; single,
  what "since"/"by" covers; single, is the article dated?
- ``estimate-or-count`` (estimate-or-count): single, how the figure was arrived
  at; evidence, the method words.
- ``headline`` (headline-vs-body): multiple, what the headline changed; single,
  what a question headline does.
- ``base-and-scale`` (percent-of-what, is-that-big): single, percent of what?
  and is that big?
- ``story`` (corroborate, several articles only): multiple, sources the
  articles share; ordering, figures of all articles by date; short, what to
  check before deciding which figure to believe.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

from ..formatting import (
    figure_text,
    fmt_interval,
    fmt_number,
    fmt_numbers,
    stated,
    unit_label,
)
from ..intervals import Interval
from ..questions import QuestionType
from ..skills import Skill
from ..types import (
    ArticleInfo,
    Bound,
    Corpus,
    Figure,
    FigureKind,
    Finding,
    Hop,
    Location,
    Method,
    SourceKind,
    TimeKind,
)
from ._base import (
    Material,
    Option,
    Section,
    articles_key,
    choice_question,
    evidence_question,
    figure_builder,
    figure_label,
    figure_quote,
    figure_quotes,
    figure_section,
    fmt_date,
    in_article,
    join_words,
    keyed_items,
    make_question,
    md_escape,
    one_right_answer,
    role_span,
    rubric_answer,
)

HEDGED = (
    Bound.APPROX,
    Bound.AT_LEAST,
    Bound.MORE_THAN,
    Bound.AT_MOST,
    Bound.LESS_THAN,
    Bound.RANGE,
)
MAX_ORDER_ITEMS = 5
MAX_DISTRACTORS = 3


def _articles(corpus: Corpus) -> list[ArticleInfo]:
    return [corpus.articles[k] for k in sorted(corpus.articles)]


def _figures_of(corpus: Corpus, article: str) -> list[Figure]:
    return sorted(
        (f for f in corpus.figures if f.article == article),
        key=lambda f: (f.start, f.key),
    )


def _by_article(corpus: Corpus) -> dict[str, list[Figure]]:
    """Every article's figures in text order, indexed once per builder."""
    index: dict[str, list[Figure]] = {}
    for figure in sorted(corpus.figures, key=lambda f: (f.start, f.key)):
        index.setdefault(figure.article, []).append(figure)
    return index


def _ordered(corpus: Corpus) -> list[Figure]:
    return sorted(corpus.figures, key=lambda f: (f.article, f.start, f.key))


# --- hedges ---


def _hedge_options(figure: Figure) -> list[Option]:
    n = fmt_number(stated(figure), figure.kind)
    unit = unit_label(figure)
    u = f" {unit}" if unit else ""
    exact = Option(
        f"Exactly {n}{u}",
        f"The words around {n} say it is not exact: “{figure.quote}”.",
        misconception="hedge-read-as-exact",
    )
    if figure.bound is Bound.AT_LEAST:
        return [
            Option(
                f"{n}{u} or more: {n} is a floor",
                "Right: “at least” sets a floor; the true number may be well "
                f"above {n}.",
                correct=True,
            ),
            exact,
            Option(
                f"No more than {n}{u}",
                "“At least” sets a floor, not a ceiling: the number can be higher.",
                misconception="bound-inverted",
            ),
        ]
    if figure.bound is Bound.MORE_THAN:
        return [
            Option(
                f"Above {n}{u}, by an amount the words do not say",
                f"Right: “more than” sets a floor at {n} and no ceiling.",
                correct=True,
            ),
            exact,
            Option(
                f"A little under {n}{u}",
                "“More than” puts the number above the one stated, not below it.",
                misconception="bound-inverted",
            ),
        ]
    if figure.bound is Bound.APPROX:
        return [
            Option(
                f"A number near {n}{u}, a little higher or lower",
                f"Right: {n} is rounded; the true number is close to it on either "
                "side.",
                correct=True,
            ),
            exact,
            Option(
                f"{n}{u} or more",
                "A hedge like “about” rounds in both directions; it is not a floor.",
                misconception="hedge-read-as-bound",
            ),
        ]
    if figure.bound in (Bound.AT_MOST, Bound.LESS_THAN):
        top = fmt_number(
            figure.high if figure.high is not None else stated(figure), figure.kind
        )
        return [
            Option(
                f"Up to {top}{u}: {top} is a ceiling",
                f"Right: the true number is at or below {top}, possibly far below.",
                correct=True,
            ),
            Option(
                f"Exactly {top}{u}",
                f"The words around {top} make it a ceiling, not a value.",
                misconception="hedge-read-as-exact",
            ),
            Option(
                f"{top}{u} or more",
                "This hedge sets a ceiling, not a floor.",
                misconception="bound-inverted",
            ),
        ]
    # A range.
    assert figure.low is not None and figure.high is not None
    lo, hi, mid = fmt_numbers(
        (figure.low, figure.high, (figure.low + figure.high) / 2), figure.kind
    )
    return [
        Option(
            f"Any value from {lo} to {hi}{u}: no single number is given",
            "Right: a range says the writer cannot narrow it further.",
            correct=True,
        ),
        Option(
            f"{lo}{u}",
            f"{lo} is only the low end of the range; it could be as high as {hi}.",
            misconception="one-end-of-range",
        ),
        Option(
            f"{hi}{u}",
            f"{hi} is only the high end of the range; it could be as low as {lo}.",
            misconception="one-end-of-range",
        ),
        Option(
            f"Exactly {mid}{u}, the middle of the range",
            "The middle of a range is no more likely than its ends; the text "
            "gives a range.",
            misconception="hedge-read-as-exact",
        ),
    ]


@figure_builder("hedges")
def build_hedges(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.READ_HEDGES.value
    for figure in _ordered(corpus):
        if figure.bound not in HEDGED:
            continue
        label = figure_label(figure)
        quote = figure_quote(corpus, figure)
        hedge = role_span(figure, "hedge")
        allows = Interval.from_bound(figure.low, figure.high, figure.bound)
        material.sections.append(
            figure_section(
                figure,
                "hedge",
                skill=skill,
                title=f"“{figure.quote}”",
                body=(
                    f"{quote}\n\nThe article gives {md_escape(figure_text(figure))}"
                    ", not a "
                    f"bare number. Read as a range, it allows "
                    f"{md_escape(fmt_interval(allows, unit_label(figure), figure.kind))}"
                    + (
                        " (“about” read as ten percent either way)."
                        if figure.bound is Bound.APPROX
                        else "."
                    )
                ),
            )
        )
        material.questions.append(
            choice_question(
                key=f"{figure.key}:hedge-meaning",
                stem=f"{quote}\n\nWhat does {label} tell you about the number?",
                explanation=(
                    f"The text says {figure_text(figure)}. Read the hedge as a range: "
                    f"{fmt_interval(allows, unit_label(figure), figure.kind)}."
                ),
                skill=skill,
                options=_hedge_options(figure),
                difficulty=1,
                figures=(figure,),
            )
        )
        if hedge is not None:
            hedge_words = corpus.article_of(figure).text[hedge.start : hedge.end]
            material.questions.append(
                evidence_question(
                    key=f"{figure.key}:hedge-words",
                    stem=(
                        f"In the article, select the words that hedge the figure "
                        f"{label}: the words that say it is not exact."
                    ),
                    explanation=(
                        f"“{hedge_words}” turns "
                        f"{fmt_number(stated(figure), figure.kind)} "
                        "into a range: "
                        f"{fmt_interval(allows, unit_label(figure), figure.kind)}."
                    ),
                    skill=skill,
                    span=hedge,
                    difficulty=1,
                    figures=(figure,),
                )
            )
    return material


# --- who says so ---


def _chains(corpus: Corpus) -> list[Figure]:
    """One figure per distinct chain of hops in each article, in text order."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    firsts = []
    for figure in _ordered(corpus):
        if not figure.hops:
            continue
        chain = (figure.article, tuple(h.speaker.casefold() for h in figure.hops))
        if chain in seen:
            continue
        seen.add(chain)
        firsts.append(figure)
    return firsts


def _hop_words(hop: Hop) -> str:
    extra = [
        w
        for w in (hop.role, hop.organisation)
        if w and w.casefold() not in hop.speaker.casefold()
    ]
    return f"{hop.speaker} ({', '.join(extra)})" if extra else hop.speaker


@figure_builder("who-says-so")
def build_who_says_so(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.WHO_SAYS_SO.value
    by_article = _by_article(corpus)
    for figure in _chains(corpus):
        info = corpus.article_of(figure)
        first = figure.hops[0]
        later = list(figure.hops[1:])
        label = figure_label(figure)
        quote = figure_quote(corpus, figure)
        via = [h.speaker for h in later]
        path = " → ".join(
            [first.speaker, *via, info.outlet] if info.outlet else [first.speaker, *via]
        )
        material.sections.append(
            figure_section(
                figure,
                "who",
                skill=skill,
                title=f"Who says {figure.quote}?",
                body=(
                    f"{quote}\n\nThe first-hand source of {md_escape(label)} is "
                    f"{md_escape(_hop_words(first))}"
                    + (f", passed on by {md_escape(join_words(via))}" if via else "")
                    + f". Its path to you: {md_escape(path)}."
                ),
            )
        )
        options = [
            Option(
                first.speaker,
                f"Right: {_hop_words(first)} first gave the figure"
                + (f"; {join_words(via)} passed it on." if via else "."),
                correct=True,
            )
        ]
        for hop in later[:2]:
            options.append(
                Option(
                    hop.speaker,
                    f"{hop.speaker} passed the figure on ({hop.verb or 'reported'}); "
                    f"it got it from {first.speaker}.",
                    misconception="repeater-as-source",
                )
            )
        if info.outlet and info.outlet.casefold() not in {
            h.speaker.casefold() for h in figure.hops
        }:
            options.append(
                Option(
                    info.outlet,
                    f"{info.outlet} published the article; the figure came from "
                    f"{first.speaker}.",
                    misconception="repeater-as-source",
                )
            )
        other = _other_speaker(by_article[figure.article], figure)
        if other is not None:
            speaker, other_figure = other
            options.append(
                Option(
                    speaker,
                    f"The article quotes {speaker} for another figure, “"
                    f"{other_figure.quote}”, "
                    "not for this one.",
                    misconception="source-mixed-up",
                )
            )
        key = f"{figure.key}:first-hand"
        if len({o.text.casefold() for o in options}) >= 2:
            material.questions.append(
                choice_question(
                    key=key,
                    stem=f"{quote}\n\nWho first gave the figure {label}?",
                    explanation=f"The chain runs {path}. The first link is the source.",
                    skill=skill,
                    options=options,
                    difficulty=1 if not later else 2,
                    figures=(figure,),
                )
            )
        if first.span is not None:
            span = in_article(first.span, figure.article)
            material.questions.append(
                evidence_question(
                    key=f"{figure.key}:who-words",
                    stem=(
                        "In the article, select the words that say who first gave "
                        f"{label}."
                    ),
                    explanation=(
                        f"“{info.text[span.start : span.end]}”: "
                        f"{_hop_words(first)} is the "
                        "first-hand source; anyone after them only passed it on."
                    ),
                    skill=skill,
                    span=span,
                    figures=(figure,),
                )
            )
    return material


def _other_speaker(
    article_figures: list[Figure], figure: Figure
) -> tuple[str, Figure] | None:
    """The nearest source the same article (``article_figures``, text order)
    quotes for a different figure."""
    mine = {h.speaker.casefold() for h in figure.hops}
    best: tuple[int, str, Figure] | None = None
    for other in article_figures:
        if other.first_hand is None or other.first_hand.speaker.casefold() in mine:
            continue
        distance = abs(other.start - figure.start)
        if best is None or distance < best[0]:
            best = (distance, other.first_hand.speaker, other)
    return None if best is None else (best[1], best[2])


# --- named and unnamed ---


@figure_builder("named-unnamed")
def build_named_unnamed(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.NAMED_UNNAMED.value
    for info in _articles(corpus):
        sources: dict[str, tuple[Hop, Figure]] = {}
        for figure in _figures_of(corpus, info.key):
            for hop in figure.hops:
                if hop.kind is not SourceKind.OUTLET:
                    sources.setdefault(hop.speaker.casefold(), (hop, figure))
        named = [h for h, _ in sources.values() if h.named]
        unnamed = [h for h, _ in sources.values() if not h.named]
        if named and unnamed:
            options = [
                Option(
                    h.speaker,
                    f"Named: {_hop_words(h)} can be looked up and held to the figure.",
                    correct=True,
                )
                for h in named[:4]
            ] + [
                Option(
                    h.speaker,
                    f"Not named: “{h.speaker}” describes a source without saying "
                    "who it is.",
                    misconception="unnamed-as-named",
                )
                for h in unnamed[:3]
            ]
            key = f"{info.key}:named-sources"
            material.questions.append(
                choice_question(
                    key=key,
                    stem=(
                        f"*{md_escape(info.headline)}* ({md_escape(info.outlet)}) "
                        "quotes these "
                        "sources for its figures. Which of them are named, so "
                        "that a reader "
                        "could check who they are?"
                    ),
                    explanation=(
                        f"Named: {join_words([h.speaker for h in named])}. Not named: "
                        f"{join_words([h.speaker for h in unnamed])}."
                    ),
                    skill=skill,
                    options=options,
                    multiple=True,
                    difficulty=1,
                )
            )
        for hop, figure in sources.values():
            if hop.named or hop is not figure.hops[0]:
                continue
            label = figure_label(figure)
            passers = [h.speaker for h in figure.hops[1:]] or [info.outlet]
            described = [w for w in (hop.role, hop.organisation) if w]
            key = f"{figure.key}:unnamed-check"
            options = [
                Option(
                    "Only a description"
                    + (f" ({', '.join(described)})" if described else "")
                    + ": not who the source is",
                    "Right: without a name no reader can ask the source how it knows.",
                    correct=True,
                ),
                Option(
                    f"Who it is: “{hop.speaker}” identifies the source",
                    f"“{hop.speaker}” is a description, not a name.",
                    misconception="unnamed-as-named",
                ),
                Option(
                    f"Nothing needs checking: {passers[0]} stands behind it",
                    f"{passers[0]} passed the figure on; the source is still unnamed.",
                    misconception="repeater-as-source",
                ),
            ]
            material.questions.append(
                choice_question(
                    key=key,
                    stem=(
                        f"{figure_quote(corpus, figure)}\n\n{label} comes from "
                        f"“{hop.speaker}”. What does the article let you check about "
                        "this source?"
                    ),
                    explanation=(
                        f"“{hop.speaker}” is unnamed: the reader must trust "
                        f"{join_words(passers)} that the source exists and knows."
                    ),
                    skill=skill,
                    options=options,
                    figures=(figure,),
                )
            )
            material.sections.append(
                figure_section(
                    figure,
                    "unnamed",
                    skill=skill,
                    title=f"An unnamed source: {hop.speaker}",
                    body=(
                        f"{figure_quote(corpus, figure)}\n\n{md_escape(label)} "
                        "comes from "
                        f"{md_escape(hop.speaker)}, who is not named. Named "
                        "sources in the "
                        "same article: "
                        f"{md_escape(join_words([h.speaker for h in named]) or 'none')}"
                        "."
                    ),
                )
            )
    return material


# --- chains ---


def _all_speakers(corpus: Corpus) -> list[str]:
    names = {h.speaker for f in corpus.figures for h in f.hops}
    names |= {a.outlet for a in corpus.articles.values() if a.outlet}
    return sorted(names, key=lambda n: (n.casefold(), n))


@figure_builder("chains")
def build_chains(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.TRACE_THE_CHAIN.value
    speakers = _all_speakers(corpus)
    for figure in _chains(corpus):
        info = corpus.article_of(figure)
        links = [h.speaker for h in figure.hops]
        if info.outlet and info.outlet.casefold() != links[-1].casefold():
            links.append(info.outlet)
        folded = [link.casefold() for link in links]
        if len(links) < 2 or len(set(folded)) != len(folded):
            continue
        key = f"{figure.key}:chain"
        others = [s for s in speakers if s.casefold() not in folded]
        rng = random.Random(f"distractors:{key}")
        distractors = sorted(rng.sample(others, min(MAX_DISTRACTORS, len(others))))
        items, keys = keyed_items(key, [*links, *distractors], "p")
        chain_keys = keys[: len(links)]
        path = " → ".join(links)
        material.questions.append(
            make_question(
                key=key,
                qtype=QuestionType.CHAIN,
                stem=(
                    f"{figure_quote(corpus, figure)}\n\nRebuild the chain of "
                    f"{figure_label(figure)} "
                    f"from its first-hand source to {info.outlet or 'the article'}"
                    ", which "
                    "published the article. Leave out anyone who is not part of it."
                ),
                explanation=f"The chain: {path}. "
                + (
                    f"{join_words(distractors)} appear in these articles but not "
                    "in this chain."
                    if distractors
                    else ""
                ),
                skill=skill,
                answer={"pool": items, "chain": chain_keys},
                difficulty=2 if len(links) <= 3 else 3,
                figures=(figure,),
                evidence=tuple(h.span for h in figure.hops if h.span is not None),
            )
        )
        material.sections.append(
            figure_section(
                figure,
                "chain",
                skill=skill,
                title=f"The chain behind “{figure.quote}”",
                body=(
                    f"{figure_quote(corpus, figure)}\n\n"
                    + "\n".join(
                        f"{i}. {md_escape(link)}"
                        + (
                            f" ({md_escape(hop.verb)})"
                            if (hop := _hop_at(figure, i - 1)) and hop.verb
                            else ""
                        )
                        for i, link in enumerate(links, start=1)
                    )
                    + "\n\nEach link is a chance for the figure to lose a hedge, "
                    "a date or "
                    f"its source: {len(links) - 1} hand-over"
                    + ("s" if len(links) > 2 else "")
                    + " between the source and the reader."
                ),
            )
        )
    return material


def _hop_at(figure: Figure, index: int) -> Hop | None:
    return figure.hops[index] if index < len(figure.hops) else None


# --- time ---


def _as_of(figure: Figure) -> tuple[date, date] | None:
    """The dates a figure holds at: a point for running totals, the period otherwise."""
    t = figure.time
    if t is None:
        return None
    if t.kind in (TimeKind.SINCE, TimeKind.UNTIL):
        return (t.end, t.end) if t.end is not None else None
    first = t.start or t.end
    last = t.end or t.start
    return None if first is None or last is None else (first, last)


def _dated_series(figures: Sequence[Figure]) -> list[tuple[Figure, tuple[date, date]]]:
    """Figures whose times do not overlap, earliest first: an unambiguous order."""
    dated = [
        (f, w)
        for f in figures
        if (w := _as_of(f)) is not None and f.location is not Location.HEADLINE
    ]
    # Earliest end first: the classic greedy choice of the most non-overlapping times.
    dated.sort(key=lambda p: (p[1][1], p[1][0], p[0].article, p[0].start))
    series: list[tuple[Figure, tuple[date, date]]] = []
    for figure, when in dated:
        if series and when[0] <= series[-1][1][1]:
            continue
        if any(
            f.quote == figure.quote and f.quantity == figure.quantity for f, _ in series
        ):
            continue
        series.append((figure, when))
    return series


def _spread(
    series: list[tuple[Figure, tuple[date, date]]], limit: int
) -> list[tuple[Figure, tuple[date, date]]]:
    if len(series) <= limit:
        return series
    step = (len(series) - 1) / (limit - 1)
    return [series[round(i * step)] for i in range(limit)]


def _time_item(figure: Figure) -> str:
    when = figure.time.text if figure.time is not None else ""
    what = figure.quantity or figure.unit
    return f"“{figure.quote}” {what} ({when})".replace("  ", " ")


def _period_text(when: tuple[date, date]) -> str:
    if when[0] == when[1]:
        return fmt_date(when[0])
    return f"{fmt_date(when[0])} to {fmt_date(when[1])}"


def _ordering_question(
    key: str, series: list[tuple[Figure, tuple[date, date]]], intro: str, skill: str
) -> Material:
    texts = [_time_item(f) for f, _ in series]
    items, keys = keyed_items(key, texts, "i")
    dates = ", ".join(f"{_time_item(f)}: {_period_text(w)}" for f, w in series)
    question = make_question(
        key=key,
        qtype=QuestionType.ORDERING,
        stem=(
            f"{intro} Put these figures in order of the time they hold at, "
            "earliest first. "
            "A running total (“since …”, “by …”) holds at the end of its period."
        ),
        explanation=f"In order: {dates}.",
        skill=skill,
        answer={"items": items, "order": keys, "partial": True},
        difficulty=2,
        figures=[f for f, _ in series],
    )
    return Material(questions=[question])


def _running_total_question(corpus: Corpus, figure: Figure) -> Material:
    t = figure.time
    assert t is not None
    label = figure_label(figure)
    key = f"{figure.key}:time-covered"
    end = fmt_date(t.end) if t.end is not None else "the time of the statement"
    if t.kind is TimeKind.SINCE:
        begin = f"{t.start.year}" if t.start is not None else "the start"
        correct = f"Everything from {begin} up to {end}: a running total"
        narrow = Option(
            f"Only {begin}",
            f"“{t.text}” counts from {begin} onwards, not {begin} alone.",
            misconception="running-total-as-period",
        )
    else:
        correct = f"Everything up to {end}: a running total, not just that time"
        narrow = Option(
            f"Only what happened “{t.text}”",
            f"The figure is a total up to {end}, not a count for that time alone.",
            misconception="running-total-as-period",
        )
    options = [
        Option(
            correct,
            "Right: a running total grows; it holds only as of its end date.",
            correct=True,
        ),
        narrow,
        Option(
            "No particular time: the figure stays true",
            "A running total changes with every new event; it is true only as of "
            "a date.",
            misconception="time-ignored",
        ),
    ]
    question = choice_question(
        key=key,
        stem=(
            f"{figure_quote(corpus, figure)}\n\nWhat stretch of time does {label} "
            "cover?"
        ),
        explanation=f"“{t.text}” makes it a running total, as of {end}.",
        skill=Skill.PIN_THE_TIME.value,
        options=options,
        figures=(figure,),
        evidence=tuple(s for s in (t.span,) if s is not None),
    )
    return Material(questions=[question])


def _undated_question(corpus: Corpus, info: ArticleInfo) -> Material:
    key = f"{info.key}:article-date"
    timed = [f for f in _figures_of(corpus, info.key) if f.time is not None]
    clue = (
        f" such as “{timed[0].time.text}”"
        if timed and timed[0].time is not None
        else ""
    )
    options = [
        Option(
            "The text does not say: the date has to be worked out from clues"
            f"{clue} or found elsewhere",
            "Right: an undated article makes every “this week” and “on Thursday” "
            "uncertain "
            "until you pin the date.",
            correct=True,
        ),
        Option(
            "It does not matter: the figures are true whenever you read them",
            "Figures of a conflict or an epidemic change quickly; without a date "
            "you cannot "
            "tell how old they are.",
            misconception="time-ignored",
        ),
        Option(
            "On the latest date the text mentions",
            "The latest date mentioned is a lower limit; the article may be much "
            "later.",
            misconception="time-ignored",
        ),
    ]
    text = (
        f"The text of *{md_escape(info.headline)}* ({md_escape(info.outlet)}) "
        "gives no date of "
        "its own."
    )
    if info.published is not None:
        text += f" From clues in it, it appeared about {fmt_date(info.published)}."
    question = choice_question(
        key=key,
        stem=(
            f"When was *{md_escape(info.headline)}* ({md_escape(info.outlet)}) "
            "published, going by its text?"
        ),
        explanation=text,
        skill=Skill.PIN_THE_TIME.value,
        options=options,
        difficulty=1,
    )
    section = Section(
        key=f"{info.key}:undated",
        skill=Skill.PIN_THE_TIME.value,
        title=f"When was “{info.headline}” written?",
        body=text
        + " Words like “this week”, “on Thursday” or “this year” mean nothing "
        "until the "
        "article's date is pinned.",
        articles=(info.key,),
    )
    return Material(sections=[section], questions=[question])


@figure_builder("time")
def build_time(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.PIN_THE_TIME.value
    for info in _articles(corpus):
        figures = _figures_of(corpus, info.key)
        series = _spread(_dated_series(figures), MAX_ORDER_ITEMS)
        if len(series) >= 3:
            material.extend(
                _ordering_question(
                    f"{info.key}:time-order",
                    series,
                    f"These figures appear in *{md_escape(info.headline)}*.",
                    skill,
                )
            )
        for figure in figures:
            if figure.time is not None and figure.time.kind in (
                TimeKind.SINCE,
                TimeKind.UNTIL,
            ):
                material.extend(_running_total_question(corpus, figure))
        if info.published is None or info.published_inferred:
            material.extend(_undated_question(corpus, info))
    return material


# --- estimate or count ---

_METHOD_TEXT = {
    Method.COUNT: "Counted: someone tallied them",
    Method.ESTIMATE: "Estimated: a judgement, not a tally",
    Method.PROJECTION: "Projected: what will or could happen",
    Method.UNKNOWN: "The article does not say",
}


def _method_tag(truth: Method, chosen: Method) -> str:
    if truth is Method.PROJECTION:
        return (
            "projection-as-fact"
            if chosen is not Method.UNKNOWN
            else "method-overlooked"
        )
    if truth is Method.ESTIMATE and chosen is Method.COUNT:
        return "estimate-as-count"
    return "method-overlooked"


@figure_builder("estimate-or-count")
def build_estimate_or_count(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.ESTIMATE_OR_COUNT.value
    for figure in _ordered(corpus):
        if figure.method is Method.UNKNOWN:
            continue
        words_span = role_span(figure, "method")
        text = corpus.article_of(figure).text
        words = (
            text[words_span.start : words_span.end] if words_span is not None else ""
        )
        said = f" The text says “{words}”." if words else ""
        options = one_right_answer(
            figure.method,
            _METHOD_TEXT,
            right=f"Right.{said}",
            wrong=f"The article says otherwise.{said}",
            tag=_method_tag,
        )
        key = f"{figure.key}:method"
        material.questions.append(
            choice_question(
                key=key,
                stem=(
                    f"{figure_quote(corpus, figure)}\n\nHow was {figure_label(figure)}"
                    " arrived at?"
                ),
                explanation=(
                    f"It is {figure.method.value}d, not the same as a tally.{said}"
                )
                if figure.method is not Method.COUNT
                else f"It is a count.{said}",
                skill=skill,
                options=options,
                difficulty=1,
                figures=(figure,),
            )
        )
        if words_span is not None:
            material.questions.append(
                evidence_question(
                    key=f"{figure.key}:method-words",
                    stem=(
                        f"Select the words that say how {figure_label(figure)} was "
                        "arrived at."
                    ),
                    explanation=f"“{words}” says the figure is {figure.method.value}d"
                    if figure.method is not Method.COUNT
                    else f"“{words}” says the figure is a count.",
                    skill=skill,
                    span=words_span,
                    figures=(figure,),
                )
            )
    return material


# --- headline ---


def _body_match(article_figures: list[Figure], headline: Figure) -> Figure | None:
    """The body figure the headline figure restates: same kind, its value allowed.
    ``article_figures``: the headline's article's figures, text order."""
    best: tuple[int, int, Figure] | None = None
    for body in article_figures:
        if body.location is not Location.BODY or body.kind is not headline.kind:
            continue
        allows = Interval.from_bound(body.low, body.high, body.bound)
        if not allows.contains(stated(headline)):
            continue
        gap = abs(stated(body) - stated(headline))
        rank = (int(gap), body.start, body)
        if best is None or rank[:2] < best[:2]:
            best = rank
    return None if best is None else best[2]


def _method_noun(method: Method) -> str:
    return "an estimate" if method is Method.ESTIMATE else "a projection"


def headline_differences(headline: Figure, body: Figure) -> list[Option]:
    """The ways a headline figure departs from its body figure, as correct options."""
    found = []
    if body.bound is not Bound.EXACT and headline.bound is not body.bound:
        found.append(
            Option(
                f"It drops the hedge: the body says “{body.quote}”",
                f"Right: the headline's bare {headline.quote} hides that the "
                "body's figure is "
                f"{figure_text(body)}.",
                correct=True,
            )
        )
    if body.time is not None and headline.time is None:
        found.append(
            Option(
                f"It drops the time: the body says “{body.time.text}”",
                "Right: without its time a running total reads as if it were new.",
                correct=True,
            )
        )
    if (
        body.method in (Method.ESTIMATE, Method.PROJECTION)
        and headline.method is not body.method
    ):
        found.append(
            Option(
                f"It leaves out that the figure is {_method_noun(body.method)}",
                "Right: the body calls it "
                f"{'an estimate' if body.method is Method.ESTIMATE else 'a projection'}"
                ".",
                correct=True,
            )
        )
    h_src = headline.first_hand.speaker if headline.first_hand else ""
    b_src = body.first_hand.speaker if body.first_hand else ""
    if b_src and h_src.casefold() != b_src.casefold():
        found.append(
            Option(
                f"It changes the source: the body's source is {b_src}"
                + (f", not “{h_src}”" if h_src else ""),
                f"Right: the body credits {b_src}"
                + (
                    f"; the headline says “{h_src}”."
                    if h_src
                    else "; the headline names no one."
                ),
                correct=True,
            )
        )
    if (
        headline.quantity
        and body.quantity
        and headline.quantity.casefold() != body.quantity.casefold()
    ):
        found.append(
            Option(
                f"It changes what is counted: “{headline.quantity}” for “"
                f"{body.quantity}”",
                "Right: a change of word can change what the number means.",
                correct=True,
            )
        )
    return found


def headline_question(
    corpus: Corpus,
    headline: Figure,
    body: Figure,
    skill: str,
    finding: Finding | None = None,
) -> Material:
    differences = headline_differences(headline, body)
    if not differences:
        return Material()
    info = corpus.article_of(headline)
    key = f"{headline.key}:headline-vs-body"
    options = [
        *differences,
        Option(
            "Nothing: the headline states what the body says",
            "Compare them word by word: the headline leaves out or changes something.",
            misconception="headline-trusted",
        ),
    ]
    question = choice_question(
        key=key,
        stem=(
            f"The headline of *{md_escape(info.headline)}* gives “{headline.quote}"
            "”. The body "
            f"says:\n\n{figure_quote(corpus, body)}\n\nWhat has the headline "
            "changed or left out? "
            "Choose all that apply."
        ),
        explanation=(
            f"The body's figure is {figure_text(body)}"
            + (f" ({body.time.text})" if body.time else "")
            + (f", from {body.first_hand.speaker}" if body.first_hand else "")
            + f"; the headline's is {figure_text(headline)}."
        ),
        skill=skill,
        options=options,
        multiple=True,
        figures=(headline, body),
        finding=finding,
    )
    section = Section(
        key=f"{headline.key}:headline",
        skill=skill,
        title=f"The headline's “{headline.quote}”",
        body=(
            f"{figure_quotes(corpus, (headline, body))}\n\n"
            f"The headline says {md_escape(figure_text(headline))}; the body says "
            f"{md_escape(figure_text(body))}"
            + (f" {md_escape(body.time.text)}" if body.time else "")
            + (
                f", from {md_escape(body.first_hand.speaker)}"
                if body.first_hand
                else ""
            )
            + "."
        ),
        figures=(headline.key, body.key),
        articles=(headline.article,),
    )
    return Material(sections=[section], questions=[question])


def _question_headline(info: ArticleInfo) -> Material:
    key = f"{info.key}:question-headline"
    options = [
        Option(
            "It raises a claim without making it: read the body for the evidence",
            "Right: a question headline lets the outlet suggest what it does not "
            "assert.",
            correct=True,
        ),
        Option(
            "It reports that the answer is yes",
            "The headline asks; it does not report. Most such questions are "
            "answered “no” or "
            "“not yet” by the body.",
            misconception="headline-trusted",
        ),
        Option(
            "It tells you the body's figures can be taken as they stand",
            "A headline says nothing about how good the figures are; check them "
            "in the body.",
            misconception="headline-trusted",
        ),
    ]
    asked = info.headline.split("?")[0].strip()
    question = choice_question(
        key=key,
        stem=(
            f"The headline reads *{md_escape(info.headline)}*. What does the question "
            "in it do?"
        ),
        explanation=(
            f"“{asked}?” is a question, not a finding: the body must support any "
            "answer."
        ),
        skill=Skill.HEADLINE_VS_BODY.value,
        options=options,
        difficulty=1,
    )
    return Material(questions=[question])


@figure_builder("headline")
def build_headline(corpus: Corpus) -> Material:
    material = Material()
    skill = Skill.HEADLINE_VS_BODY.value
    for info in _articles(corpus):
        if "?" in info.headline:
            material.extend(_question_headline(info))
        figures = _figures_of(corpus, info.key)
        for figure in figures:
            if figure.location is not Location.HEADLINE:
                continue
            body = _body_match(figures, figure)
            if body is not None:
                material.extend(headline_question(corpus, figure, body, skill))
    return material


# --- base and scale ---


def percent_question(corpus: Corpus, figure: Figure, skill: str, key: str) -> Material:
    n = figure_text(figure)
    top = fmt_number(figure.high if figure.high is not None else stated(figure))
    options = [
        Option(
            "The size of the whole it is a share of",
            f"Right: {n} of a small whole is little, of a large one a lot.",
            correct=True,
        ),
        Option(
            f"Nothing: {top} percent is a big share whatever the whole",
            "A share means nothing until you know the whole it is a share of.",
            misconception="base-assumed",
        ),
        Option(
            "Nothing: a percentage is always of the whole country or group named",
            f"The text makes it a share of {figure.quantity or 'something narrower'}; "
            "assume nothing about the base.",
            misconception="base-assumed",
        ),
    ]
    question = choice_question(
        key=key,
        stem=(
            f"{figure_quote(corpus, figure)}\n\nWhat do you need to know to tell how "
            f"much {figure_label(figure)} is?"
        ),
        explanation=(
            f"{n} is a share; its size depends on the whole, here "
            f"{figure.quantity or 'not given'}."
        ),
        skill=skill,
        options=options,
        figures=(figure,),
    )
    return Material(questions=[question])


def amount_question(corpus: Corpus, figure: Figure, skill: str, key: str) -> Material:
    n = figure_text(figure)
    options = [
        Option(
            "It depends: compare it with the whole it is part of",
            f"Right: {n} is big next to a small whole and small next to a large one.",
            correct=True,
        ),
        Option(
            f"Yes: {n} is a large amount",
            "A large-looking number can be a small part of its whole; compare it "
            "first.",
            misconception="scale-ignored",
        ),
        Option(
            f"No: {n} is a small amount",
            "Without a comparison you cannot call it small either.",
            misconception="scale-ignored",
        ),
    ]
    question = choice_question(
        key=key,
        stem=f"{figure_quote(corpus, figure)}\n\nIs {figure_label(figure)} a lot?",
        explanation=(
            f"Ask “compared with what?”: {n} needs a whole to be judged against."
        ),
        skill=skill,
        options=options,
        figures=(figure,),
    )
    return Material(questions=[question])


@figure_builder("base-and-scale")
def build_base_and_scale(corpus: Corpus) -> Material:
    material = Material()
    for figure in _ordered(corpus):
        if figure.location is Location.HEADLINE:
            continue
        if figure.kind is FigureKind.PERCENT:
            material.extend(
                percent_question(
                    corpus, figure, Skill.PERCENT_OF_WHAT.value, f"{figure.key}:base"
                )
            )
        elif figure.kind in (FigureKind.AREA, FigureKind.MONEY, FigureKind.LENGTH):
            material.extend(
                amount_question(
                    corpus, figure, Skill.IS_THAT_BIG.value, f"{figure.key}:scale"
                )
            )
    return material


# --- one story, several outlets ---


def _source_name(hop: Hop) -> str:
    return hop.organisation or hop.speaker


@figure_builder("story")
def build_story(corpus: Corpus) -> Material:
    """Across the articles of one story: only when there are several."""
    infos = _articles(corpus)
    if len(infos) < 2:
        return Material()
    material = Material()
    skill = Skill.CORROBORATE.value
    story = f"story:{articles_key(corpus.articles)}"
    rows = [
        "| Article | Outlet | Dated | Figures | Named first-hand sources |",
        "|---|---|---|---|---|",
    ]
    by_article: dict[str, set[str]] = {}
    for info in infos:
        figures = _figures_of(corpus, info.key)
        firsts = [f.first_hand for f in figures if f.first_hand is not None]
        named = len({h.speaker for h in firsts if h.named})
        everyone = len({h.speaker for h in firsts})
        dated = (
            "no"
            if info.published is None or info.published_inferred
            else fmt_date(info.published)
        )
        rows.append(
            f"| *{md_escape(info.headline)}* | {md_escape(info.outlet)} | {dated} | "
            f"{len(figures)} | {named} of {everyone} |"
        )
        by_article[info.key] = {
            _source_name(h).casefold()
            for f in figures
            for h in f.hops
            if h.kind is not SourceKind.OUTLET
        }
    material.sections.append(
        Section(
            key=f"{story}:overview",
            skill=skill,
            title="The articles side by side",
            body="\n".join(rows),
            articles=tuple(i.key for i in infos),
        )
    )
    names: dict[str, str] = {}
    for figure in _ordered(corpus):
        for hop in figure.hops:
            if hop.kind is not SourceKind.OUTLET:
                names.setdefault(_source_name(hop).casefold(), _source_name(hop))
    shared = sorted(n for n in names if sum(n in s for s in by_article.values()) >= 2)
    single = sorted(n for n in names if sum(n in s for s in by_article.values()) == 1)
    if shared and single:
        key = f"{story}:shared-sources"
        options = [
            Option(
                names[n],
                f"Right: more than one of the articles draws on {names[n]}.",
                correct=True,
            )
            for n in shared[:3]
        ] + [
            Option(
                names[n],
                f"Only one of the articles draws on {names[n]}.",
                misconception="source-mixed-up",
            )
            for n in single[:3]
        ]
        material.questions.append(
            choice_question(
                key=key,
                stem=(
                    "Which of these sources does more than one of the articles draw on?"
                ),
                explanation=(
                    f"Shared: {join_words([names[n] for n in shared])}. Two articles "
                    "repeating one source are one voice, not two."
                ),
                skill=skill,
                options=options,
                multiple=True,
            )
        )
    series = _spread(_dated_series(list(_ordered(corpus))), MAX_ORDER_ITEMS)
    if len(series) >= 3 and len({f.article for f, _ in series}) >= 2:
        material.extend(
            _ordering_question(
                f"{story}:time-order",
                series,
                "These figures come from several articles on one story.",
                skill,
            )
        )
    key = f"{story}:which-to-believe"
    outlets = join_words([i.outlet for i in infos])
    material.questions.append(
        make_question(
            key=key,
            qtype=QuestionType.SHORT,
            stem=(
                f"{outlets} report figures on the same story that do not match. "
                "Before deciding "
                "which to believe, what would you check, and why?"
            ),
            explanation=(
                "Compare like with like: the time each figure holds at, what it "
                "counts, "
                "who first gave it and how it was hedged."
            ),
            skill=skill,
            answer=rubric_answer(
                [
                    ("Checks the date or period each figure refers to", 1),
                    ("Checks that the figures count the same thing", 1),
                    ("Traces each figure to its first-hand source, named or not", 1),
                    ("Reads the hedges (at least, about, ranges) before comparing", 1),
                ],
                "I would pin the time of each figure, since a total grows; check "
                "that they count the same thing; trace each to its first-hand "
                "source; and compare what the hedges allow rather than the bare "
                "numbers.",
            ),
            difficulty=3,
        )
    )
    return material
