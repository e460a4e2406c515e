"""Who says so: sentences, and the attribution chain of each.

A figure in a news article is rarely the writer's own: someone counted or
estimated it, and it reached the article through one or more outlets. This
module finds, for every sentence (more exactly, for every clause), that chain
hop by hop: the first-hand source first, then each outlet it passed through.
The article's own outlet is never a hop.

Everything here is general English, not tuned to any article: reporting verbs
("said", "told", "reported", "estimated", "quoted ... as saying" ...), the
phrases "according to", "citing", "based on", and general lists of titles,
ranks, news organisations and source nouns.

Public API
----------
``paragraphs(text)``
    ``(start, end)`` of each non-blank line; a line is a paragraph.
``split_sentences(text)``
    ``(start, end)`` of each sentence, never crossing a line break, surviving
    abbreviations ("U.S.", "Lt. Gen.", "Dr.", "No. 3"), initials and quotes.
``find_attributions(text)``
    One ``Attribution`` per clause, in text order, with the hops (each with a
    ``TextSpan`` of role ``source``) and how they were found (``basis``).
``attribution_at(attributions, offset)``
    The ``Attribution`` covering a character offset, or ``None``.

Speakers (choices within a clause)
----------------------------------
- The "-s" form of a reporting verb followed by a verb or auxiliary is a
  plural noun, not a report: in "Insurance claims have risen 60%, the broker
  said" only "the broker" speaks.
- A lone capitalised word opening a sentence is a named speaker unless the
  text shows it is a common word: written in lower case elsewhere
  ("Management said ... management had"), or with an abstract-noun ending
  ("Insurance", "Compliance", "Tourism"); a word the text also writes
  capitalised inside a sentence ("Sarah Price ... Price said") stays a name.

Rules across sentences (documented here because they are choices)
-----------------------------------------------------------------
1. *Quotations.* A quotation that runs over several sentences is one
   statement: every sentence of it takes the hops of the sentence of the
   quotation that names the speaker (``basis="quote"``).
2. *Back-references.* A sentence with no attribution of its own that opens
   with a back-reference ("This", "That", "These", "It", "He", "She", "They",
   "Such", "The official ...", "The figure ...") inherits the hops of the
   nearest preceding attributed sentence of the same paragraph
   (``basis="inherited"``). Nothing is inherited across paragraphs.
3. *Clauses.* Within a sentence, clauses split at ";" and at ", while" /
   ", whereas" / ", but"; a clause with no attribution of its own takes that of
   the nearest attributed clause of its sentence, preferring the following one
   (a trailing tag such as ", police said." covers what precedes it)
   (``basis="clause"``).
4. *Coreference.* A definite or pronominal speaker ("the official", "the news
   agency", "he") is resolved to the nearest earlier hop of a compatible kind
   in the same or the previous paragraph; the hop keeps its own span.
5. *Outlet tags cover their antecedent.* When a sentence's first-hand speaker
   was resolved to the speaker of an earlier sentence of the same paragraph
   ("The unnamed official ..., the BBC reported."), the outlets of the later
   sentence are appended to the earlier sentence's chain if it has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .types import Hop, SourceKind, TextSpan

__all__ = [
    "Attribution",
    "attribution_at",
    "classify_source",
    "find_attributions",
    "paragraphs",
    "split_sentences",
]

# ---------------------------------------------------------------------------
# Word lists (general English and general news vocabulary only)
# ---------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string."""
    return frozenset(words.split())


# Abbreviations after which a period does not end a sentence (lower case, no dot).
_ABBREVIATIONS = _wordset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm brig cmdr cpl pvt sen rep gov
    pres supt insp det atty rev hon st jr sr inc co corp ltd bros vs etc est approx
    dept univ assn ave blvd mt ft jan feb mar apr jun jul aug sep sept oct nov dec
    fig no nos vol pp ed eds"""
)
# Abbreviations that are ranks or honorifics (kept with a person's name).
_RANK_ABBREVIATIONS = _wordset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm brig cmdr cpl pvt sen rep gov
    pres supt insp det atty rev hon"""
)
# Words that, capitalised after a dotted acronym ("U.S."), begin a new sentence.
_SENTENCE_STARTERS = _wordset(
    """the a an he she it they we i you but and in on at this that these those its
    his her their there when while after before however meanwhile according some
    many most more officials police if as for of since though although yet so
    what who why how"""
)

_REPORTING_VERBS: dict[str, str] = {}
for _lemma, _forms in {
    "say": "say says said",
    "tell": "tell tells told",
    "report": "report reports reported",
    "estimate": "estimate estimates estimated",
    "note": "note notes noted",
    "reveal": "reveal reveals revealed",
    "state": "states stated",
    "claim": "claim claims claimed",
    "announce": "announce announces announced",
    "confirm": "confirm confirms confirmed",
    "warn": "warn warns warned",
    "add": "adds added",
    "quote": "quoted",
    "cite": "cite cites cited",
    "underscore": "underscore underscores underscored",
    "stress": "stresses stressed",
    "insist": "insist insists insisted",
    "acknowledge": "acknowledge acknowledges acknowledged",
    "admit": "admit admits admitted",
    "explain": "explains explained",
    "disclose": "disclose discloses disclosed",
    "write": "writes wrote",
    "believe": "believe believes believed",
    "predict": "predict predicts predicted",
    "project": "projected",
    "conclude": "concludes concluded",
    "find": "finds found",
    "show": "shows showed",
    "put": "put puts",
    "tally": "tallied",
    "count": "counted",
    "indicate": "indicates indicated",
    "suggest": "suggests suggested",
}.items():
    for _form in _forms.split():
        _REPORTING_VERBS[_form] = _lemma
# Verbs that report whatever their subject ("the county clerk said").
_STRONG_VERBS = _wordset(
    "say tell announce confirm warn reveal state claim note add report write "
    "quote disclose"
)
# Verbs that only report when their subject is a document ("the study found").
_DOCUMENT_ONLY_VERBS = frozenset({"find", "show", "indicate", "suggest"})

_AUXILIARIES = _wordset(
    """has have had was were is are be been will would could may might shall should
    did does do also even often previously earlier later again recently now already
    reportedly just first separately further then publicly privately repeatedly
    once still not never"""
)
_DETERMINERS = _wordset(
    "a an the this that these those his her its their our my some several two "
    "three many"
)
# Words that end a noun phrase when scanning backwards from a verb, or forwards.
_NP_STOP = _wordset(
    """that which who whom whose and but or nor while when where as because if since
    after before with in on at to from for by than so then however though although
    yet during into onto over under about against between through without within
    also not do does did seem seems seemed appears appeared is was were are be been
    has have had will would can could may might must should there here it's what
    how why whether both either neither all each every any no none per via amid
    among across despite until unless once"""
)
_PRONOUNS = _wordset("he she they it we i")
_RELATIVES = _wordset("who which that")

# Nouns that can be the head of a source ("officials said", "the study found").
_PERSON_NOUNS = _wordset(
    """official officials spokesman spokeswoman spokesperson spokesmen spokeswomen
    source sources expert experts analyst analysts researcher researchers specialist
    specialists scientist scientists economist economists police authorities
    authority officer officers commander commanders diplomat diplomats minister
    ministers secretary president mayor governor chief director leader leaders head
    chairman chairwoman chair executive executives manager managers witness
    witnesses resident residents organizer organizers organiser organisers doctor
    doctors professor historian scholar observers observer activist activists
    lawmaker lawmakers senator congressman congresswoman representative
    representatives member members person people aide aides adviser advisers
    advisor advisors insider insiders investigator investigators prosecutor
    prosecutors judge official's general colonel admiral major captain sergeant
    lieutenant ambassador envoy chancellor premier founder owner ceo cfo staff
    worker workers union unions"""
)
_ORGANISATION_NOUNS = _wordset(
    """ministry department government administration agency council committee
    commission office military army navy company firm group organisation
    organization association federation institute foundation charity bank board
    hospital university observatory coalition alliance party campaign court
    parliament congress senate cabinet embassy bureau service services center
    centre authority regulator watchdog network newspaper broadcaster paper channel
    outlet media magazine"""
)
_DOCUMENT_NOUNS = _wordset(
    """report reports study studies survey surveys document documents map maps
    estimate estimates data figures statistics records record census poll polls
    analysis assessment memo memorandum filing filings statement statements
    briefing briefings letter letters release tally count projections projection
    forecast forecasts audit review paper papers cable cables database budget
    accounts findings"""
)
_SOURCE_NOUNS = _PERSON_NOUNS | _ORGANISATION_NOUNS | _DOCUMENT_NOUNS

_TITLE_WORDS = _wordset(
    """secretary minister president vice prime press spokesman spokeswoman
    spokesperson chief director general lieutenant colonel major captain sergeant
    admiral commander governor mayor senator sen. rep. representative chairman
    chairwoman chair ambassador envoy deputy assistant acting senior former
    chancellor premier professor prof. dr. mr. mrs. ms. gen. lt. col. maj. capt.
    sgt. adm. brig. cmdr. gov. attorney judge justice king queen prince sheikh
    ceo executive officer head leader founder"""
)
_NATIONALITIES = _wordset(
    """u.s. us u.k. uk u.n. american british english french german russian chinese
    iraqi syrian turkish kurdish iranian israeli palestinian afghan pakistani
    indian japanese korean european african arab western eastern northern southern
    local federal state national regional international foreign senior top unnamed
    anonymous"""
)

# Major news agencies, broadcasters and papers (a general list).
_OUTLETS = frozenset(
    """associated press|ap|reuters|afp|agence france-presse|agence france presse|bbc|
    bbc news|cnn|nbc|nbc news|abc|abc news|cbs|cbs news|fox news|msnbc|npr|pbs|
    al jazeera|al-jazeera|bloomberg|xinhua|tass|ria novosti|interfax|dpa|ansa|efe|
    kyodo|yonhap|press trust of india|pti|upi|united press international|
    the guardian|guardian|the times|the new york times|new york times|
    the washington post|washington post|the wall street journal|
    wall street journal|financial times|the economist|economist|usa today|
    los angeles times|le monde|der spiegel|spiegel|sky news|itv|channel 4|
    politico|axios|vice|buzzfeed|huffpost|huffington post|daily mail|telegraph|
    the telegraph|the independent|independent|the atlantic|time|newsweek|cnbc|
    deutsche welle|dw|france 24|euronews|rt|al arabiya|anadolu|anadolu agency|
    the hill|propublica|the observer|le figaro|el pais|corriere della sera""".replace(
        "\n", ""
    )
    .replace("    ", "")
    .split("|")
)
_OUTLET_SUFFIXES = (
    "news",
    "times",
    "post",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "chronicle",
    "telegraph",
    "observer",
    "globe",
    "star",
    "mirror",
    "express",
    "daily",
    "weekly",
    "radio",
    "tv",
    "television",
    "broadcasting",
    "press",
    "news agency",
    "newswire",
    "wire",
)
_OUTLET_HEADS = _wordset(
    "agency newspaper broadcaster network paper channel outlet magazine daily "
    "station tabloid wire newswire"
)
_OUTLET_WORDS = _wordset("news broadcaster newspaper tabloid newswire")

_INTELLIGENCE_WORDS = _wordset(
    "intelligence cia nsa mi5 mi6 mossad spy spies fsb gchq dia"
)
_MILITARY_WORDS = _wordset(
    """military army navy air marine marines pentagon commander commanders troops
    forces force general gen. lt. col. maj. capt. sgt. adm. brig. cmdr. colonel
    admiral lieutenant sergeant captain defense defence soldier soldiers
    battalion brigade regiment"""
)
_GOVERNMENT_WORDS = _wordset(
    """government administration ministry minister secretary president white house
    department state mayor governor senator sen. rep. congressman congresswoman
    lawmaker lawmakers parliament cabinet council chancellor premier diplomatic
    diplomat diplomats embassy ambassador envoy police authorities officials
    official prosecutor prosecutors court judge city county federal kremlin
    downing commission electoral election"""
)
_EXPERT_WORDS = _wordset(
    """specialist specialists analyst analysts researcher researchers expert
    experts professor prof. scientist scientists economist economists scholar
    scholars historian academic fellow dr. epidemiologist statistician"""
)
_ORGANISATION_WORDS = _wordset(
    """company firm group organisation organization association federation
    institute foundation charity ngo union bank hospital university observatory
    inc. corp. ltd. co. plc committee board red cross amnesty watch un u.n.
    nations who unicef party campaign"""
)
_PERSON_WORDS = _wordset(
    "witness witnesses resident residents he she mother father doctor"
)

_INTELLIGENCE_WORDS = frozenset(w.rstrip(".") for w in _INTELLIGENCE_WORDS)
_MILITARY_WORDS = frozenset(w.rstrip(".") for w in _MILITARY_WORDS)
_GOVERNMENT_WORDS = frozenset(w.rstrip(".") for w in _GOVERNMENT_WORDS)
_EXPERT_WORDS = frozenset(w.rstrip(".") for w in _EXPERT_WORDS)
_ORGANISATION_WORDS = frozenset(w.rstrip(".") for w in _ORGANISATION_WORDS)

_BACK_REFERENCE_STARTS = _wordset(
    "this that these those it he she they such its his her their"
)
_BACK_REFERENCE_NOUNS = _wordset(
    """official officials spokesman spokeswoman spokesperson figure figures number
    numbers estimate estimates toll count report study source sources"""
)

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """The attribution of one clause (usually a whole sentence).

    ``start``/``end`` delimit the clause; ``sentence`` and ``paragraph`` are
    0-based indexes. ``hops`` run from the first-hand source outwards.
    ``basis`` says how they were found: ``own`` (words of this clause),
    ``clause`` (another clause of the sentence), ``quote`` (another sentence of
    the same quotation), ``inherited`` (a preceding sentence, rule 2) or
    ``none`` (no hops). ``from_sentence`` is the sentence the hops came from.
    """

    start: int
    end: int
    sentence: int
    paragraph: int
    hops: tuple[Hop, ...] = ()
    basis: str = "none"
    from_sentence: int | None = None


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    quoted: bool

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def capitalised(self) -> bool:
        t = self.text
        if t[0].isupper():
            return True
        # particles: "al-Hashimi", "bin", "de" count only when glued to a capital
        return "-" in t and any(part[:1].isupper() for part in t.split("-")[1:])


@dataclass
class _Cue:
    """A source found in a clause, before the chain is assembled."""

    pos: int  # token index of the cue word
    mode: str  # "frame" (X said that ...), "tag" (..., X said), "according"
    hop: Hop
    vias: list[Hop] = field(default_factory=list)
    cites: list[Hop] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Paragraphs and sentences
# ---------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")
_TERMINATOR = re.compile(r"(?:[.?!]+|…)[\"”’')\]]*")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line, stripped; a line is a paragraph."""
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        start, end = _strip(text, m.start(), m.end())
        if start < end:
            spans.append((start, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_before(text: str, pos: int) -> str:
    """The word (letters and inner dots) ending just before ``pos``."""
    i = pos
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in ".-'’"):
        i -= 1
    return text[i:pos]


def _ends_sentence(text: str, term_start: int, term_end: int, line_end: int) -> bool:
    """Whether the terminator at ``text[term_start:term_end]`` ends a sentence."""
    j = term_end
    if j >= line_end:
        return True
    if not text[j].isspace():
        return False  # "2015.Reuters", "3.5", "U.S.-led"
    while j < line_end and text[j].isspace():
        j += 1
    if j >= line_end:
        return True
    nxt = text[j]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'([—"):
        return False
    mark = text[term_start]
    if mark != ".":
        return True
    if text[term_start:term_end].startswith(".."):
        return True
    word = _word_before(text, term_start)
    bare = word.rstrip(".").lower()
    next_word_m = re.match(r"[\w'’.-]+", text[j:line_end])
    next_word = next_word_m.group(0) if next_word_m else ""
    if bare == "no" and next_word[:1].isdigit():
        return False
    if bare in _ABBREVIATIONS and bare != "no":
        return False
    if len(bare) == 1 and bare.isalpha() and word[:1].isupper():
        return False  # an initial: "John F. Kennedy"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word.rstrip(".")):
        # a dotted acronym ("U.S.") ends a sentence only before a usual opener
        return next_word.lower() in _SENTENCE_STARTERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, stripped, in text order.

    A line break always ends a sentence (headlines, captions and paragraphs are
    separate lines). Within a line a sentence ends at ".", "?", "!" or "…"
    (with any closing quotes or brackets) followed by white space and a
    capital, a digit or an opening quote, except after a known abbreviation
    ("Lt.", "Dr.", "Inc."), "No." before a number, an initial ("F.") and a
    dotted acronym ("U.S.") unless the next word usually opens a sentence.
    """
    spans: list[tuple[int, int]] = []
    for line_start, line_end in paragraphs(text):
        start = line_start
        for m in _TERMINATOR.finditer(text, line_start, line_end):
            if _ends_sentence(text, m.start(), m.end(), line_end):
                s, e = _strip(text, start, m.end())
                if s < e:
                    spans.append((s, e))
                start = m.end()
        s, e = _strip(text, start, line_end)
        if s < e:
            spans.append((s, e))
    return spans


# ---------------------------------------------------------------------------
# Quotations and tokens
# ---------------------------------------------------------------------------


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches of a paragraph, quote marks included.

    Curly quotes say which way they face; a straight double quote opens after
    a space, an opening bracket or a dash and closes otherwise. A quotation
    left open runs to the end of the paragraph (the news convention for a
    quotation continued in the next paragraph).
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "“":
            if open_at is None:
                open_at = i
        elif ch == "”":
            if open_at is not None:
                regions.append((open_at, i + 1))
                open_at = None
        elif ch == '"':
            before = text[i - 1] if i > start else " "
            if open_at is None and (
                before.isspace() or before in "([—–-:" or i == start
            ):
                open_at = i
            elif open_at is not None:
                regions.append((open_at, i + 1))
                open_at = None
    if open_at is not None:
        regions.append((open_at, end))
    return regions


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., a.m.
    r"|[\w][\w'’\-]*(?:\.(?=\s|$))?"  # words; a trailing dot kept only if abbreviation
    r"|[^\w\s]"
)


def _tokens(
    text: str, start: int, end: int, quotes: list[tuple[int, int]]
) -> list[_Token]:
    out: list[_Token] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        word = m.group(0)
        if (
            word.endswith(".")
            and len(word) > 1
            and not re.fullmatch(r"(?:[A-Za-z]\.){2,}", word)
        ):
            bare = word[:-1].lower()
            if bare not in _ABBREVIATIONS:
                # the dot ends the sentence: give it its own token
                out.append(_Token(s, e - 1, word[:-1], _inside(s, quotes)))
                out.append(_Token(e - 1, e, ".", _inside(e - 1, quotes)))
                continue
        quoted = _inside(s, quotes) and word not in '"“”'
        out.append(_Token(s, e, word, quoted))
    return out


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in regions)


# ---------------------------------------------------------------------------
# Classifying a source
# ---------------------------------------------------------------------------


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _is_outlet_name(name: str) -> bool:
    n = _norm(name)
    n_bare = re.sub(r"^the ", "", n)
    if n in _OUTLETS or n_bare in _OUTLETS:
        return True
    if re.fullmatch(r"(?:the )?channel \w+(?: news)?", n):
        return True
    if re.fullmatch(
        r"the (?:times|post|journal|herald|tribune|gazette|chronicle"
        r"|telegraph|observer|globe|mirror|express|guardian)",
        n,
    ):
        return True  # "told the Chronicle"
    words = name.split()
    if len(words) >= 2 and all(w[:1].isupper() for w in words if w.lower() != "the"):
        last = words[-1].lower()
        if last in _OUTLET_SUFFIXES or " ".join(words[-2:]).lower() in _OUTLET_SUFFIXES:
            return True
    return False


def classify_source(phrase: str, context: str = "") -> SourceKind:
    """The kind of a source from its words (``context``: role, appositive).

    Documents first (the head noun: "map", "report", "estimate"), then news
    organisations (a general list and name patterns), then intelligence,
    military, government, expert, organisation and person by key words.
    """
    words = [w.strip(",.;:").lower() for w in phrase.split()]
    head = words[-1] if words else ""
    if "by" in words[1:]:
        head = words[words.index("by") - 1]  # "a report by the Urban Institute"
    if head in _DOCUMENT_NOUNS and not _is_outlet_name(phrase):
        return SourceKind.DOCUMENT
    if (
        _is_outlet_name(phrase)
        or head in _OUTLET_HEADS
        and (set(words) & _OUTLET_WORDS or head in {"newspaper", "broadcaster"})
    ):
        return SourceKind.OUTLET
    both = " ".join(words + [w.lower() for w in context.split()])
    bag = {w.rstrip(".") for w in re.findall(r"[\w.]+", both)}
    if bag & _INTELLIGENCE_WORDS:
        return SourceKind.INTELLIGENCE
    if bag & _MILITARY_WORDS:
        return SourceKind.MILITARY
    if bag & _EXPERT_WORDS:
        return SourceKind.EXPERT
    if bag & _GOVERNMENT_WORDS or "white house" in both:
        return SourceKind.GOVERNMENT
    if bag & _ORGANISATION_WORDS:
        return SourceKind.ORGANISATION
    if re.fullmatch(r"(?:the )?(?:[a-z]\.){2,}", _norm(phrase)):
        return SourceKind.GOVERNMENT  # "the U.S.", "the U.K."
    if bag & _PERSON_WORDS or _looks_like_person_name(phrase):
        return SourceKind.PERSON
    return SourceKind.UNKNOWN


def _looks_like_person_name(phrase: str) -> bool:
    words = phrase.split()
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper() or re.match(r"^[a-z]{1,3}-[A-Z]", w) for w in words
    )


# ---------------------------------------------------------------------------
# Noun phrases
# ---------------------------------------------------------------------------


def _np_backward(tokens: list[_Token], end: int) -> tuple[int, int] | None:
    """The noun phrase ending at token index ``end`` (inclusive), scanning back.

    Stops at punctuation, quotes and function words; a determiner is taken and
    ends the phrase unless "of"/"for" precedes it ("chancellor of the X").
    Returns token indexes ``(first, last)`` or ``None``.
    """
    i = end
    first: int | None = None
    while i >= 0 and end - i < 12:
        tok = tokens[i]
        if not tok.is_word or tok.quoted:
            break
        low = tok.lower
        if low in _DETERMINERS:
            first = i
            if i >= 1 and tokens[i - 1].lower in {"of", "for"}:
                i -= 2
                continue
            if (
                i >= 2
                and tokens[i - 1].lower == "by"
                and tokens[i - 2].lower in _DOCUMENT_NOUNS
            ):
                i -= 2  # "a report by the Urban Institute"
                continue
            break
        if low in {"of", "for"} and first is not None:
            i -= 1
            continue
        if (
            low == "by"
            and first is not None
            and i >= 1
            and tokens[i - 1].lower in _DOCUMENT_NOUNS
        ):
            i -= 1  # "a report by the Urban Institute"
            continue
        if low in _NP_STOP:
            break
        if low in _REPORTING_VERBS and i != end and tokens[i + 1].lower != "by":
            break
        if tok.text[0].isdigit():
            break
        first = i
        i -= 1
    if first is None:
        return None
    # do not start on "of"/"for"
    while first <= end and tokens[first].lower in {"of", "for"}:
        first += 1
    return (first, end) if first <= end else None


def _np_forward(tokens: list[_Token], start: int, *, limit: int = 14) -> int | None:
    """The last token index of the noun phrase starting at ``start``."""
    last: int | None = None
    i = start
    while i < len(tokens) and i - start < limit:
        tok = tokens[i]
        if not tok.is_word or tok.quoted:
            break
        low = tok.lower
        if i > start and low in _NP_STOP and low not in {"of", "for"}:
            if (
                low == "by"
                and last is not None
                and tokens[last].lower in _DOCUMENT_NOUNS
            ):
                i += 1  # "a report by the Pew Research Center"
                continue
            break
        if i > start and low in _PRONOUNS | _RELATIVES:
            break
        if i > start and low in _REPORTING_VERBS and low not in _DOCUMENT_NOUNS:
            break
        if (
            i > start
            and low.endswith("ing")
            and not (i + 1 < len(tokens) and tokens[i + 1].lower in _SOURCE_NOUNS)
        ):
            break
        if low in {"of", "for", "by"}:
            i += 1
            continue
        last = i
        i += 1
    return last


def _plausible_source(words: list[_Token]) -> bool:
    """Whether a noun phrase can be a speaker: a source noun or a proper name."""
    content = [w for w in words if w.lower not in _DETERMINERS]
    if not content:
        return False
    if any(w.lower in _SOURCE_NOUNS or w.lower in _PRONOUNS for w in content):
        return True
    return any(w.capitalised and w.lower not in _NP_STOP for w in content)


def _phrase(text: str, tokens: list[_Token], first: int, last: int) -> tuple[int, int]:
    return tokens[first].start, tokens[last].end


def _make_hop(
    text: str,
    tokens: list[_Token],
    first: int,
    last: int,
    verb: str,
    *,
    appositive: tuple[int, int] | None = None,
) -> Hop:
    """A hop from the noun phrase ``tokens[first..last]`` (and an appositive)."""
    words = tokens[first : last + 1]
    start, end = _phrase(text, tokens, first, last)
    phrase = text[start:end]
    appos = ""
    if appositive is not None:
        appos = text[tokens[appositive[0]].start : tokens[appositive[1]].end]
        appos = re.sub(r"^(?:an?|the)\s+", "", appos)
    head = words[-1]
    head_low = head.lower
    role = ""
    speaker = phrase
    named = False
    # A person's name at the end of the phrase: capitalised words that are not
    # titles ("White House Press Secretary Josh Earnest").
    name_first = len(words)
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if (
            w.capitalised
            and w.lower not in _TITLE_WORDS
            and w.lower not in _NATIONALITIES
            and w.lower not in _DETERMINERS
        ):
            name_first = k
        else:
            break
    run = words[name_first:]
    if all(w.lower in _SOURCE_NOUNS for w in run):
        name_first = len(words)  # "Officials" in a title-case headline
        run = []
    elif (
        len(run) == 1
        and len(words) == 1
        and _sentence_initial(text, run[0].start)
        and _common_word(text, run[0].text)
    ):
        name_first = len(words)  # "Management said": a common word, capitalised
        run = []
    is_outlet = _is_outlet_name(phrase)
    if is_outlet:
        speaker = re.sub(r"^the\s+", "", phrase, flags=re.I)
        named = True
    elif run and run[-1].lower in _ORGANISATION_NOUNS | _DOCUMENT_NOUNS:
        # an organisation's name: "the Kurdistan Region Security Council"
        named = True
        role = ""
    elif run and head_low not in _SOURCE_NOUNS | {"'s", "’s"}:
        named = True
        # keep rank abbreviations ("Lt. Gen.") with the name
        k = name_first
        while k > 0 and words[k - 1].lower.rstrip(".") in _RANK_ABBREVIATIONS:
            k -= 1
        speaker = text[words[k].start : end]
        role = text[words[0].start : words[name_first - 1].end] if name_first else ""
        role = re.sub(r"^(?:an?|the)\s+", "", role, flags=re.I)
    else:
        role = re.sub(r"^(?:an?|the|this|that)\s+", "", phrase, flags=re.I)
    if appos:
        role = appos if not role else f"{role}, {appos}"
    kind = SourceKind.OUTLET if is_outlet else classify_source(phrase, role)
    organisation = _organisation(
        speaker if is_outlet else (role if named else phrase), role, kind
    )
    return Hop(
        speaker=speaker,
        kind=kind,
        named=named,
        role=role,
        organisation=organisation,
        verb=verb,
        span=TextSpan(start, end, role="source"),
    )


def _organisation(phrase: str, role: str, kind: SourceKind) -> str:
    if kind is SourceKind.OUTLET:
        return re.sub(r"^the\s+", "", phrase, flags=re.I)
    m = re.search(r"\bof (?:the )?([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+)", role)
    if m:
        return m.group(1)
    words = phrase.split()
    if role and phrase == role and not set(w.lower() for w in words) & _TITLE_WORDS:
        # a named person's role without a title word ("ISIS specialist")
        return ""
    org: list[str] = []
    for w in words[:-1]:
        lw = w.lower()
        if lw in _DETERMINERS or lw in {"senior", "top", "unnamed", "former"}:
            continue
        if lw in _TITLE_WORDS:
            break
        if w[:1].isupper() or lw in _MILITARY_WORDS | _INTELLIGENCE_WORDS:
            org.append(w)
    return " ".join(org)


# ---------------------------------------------------------------------------
# Cues within a clause
# ---------------------------------------------------------------------------


def _find_cues(text: str, tokens: list[_Token]) -> list[_Cue]:
    cues: list[_Cue] = []
    loose: list[tuple[int, Hop]] = []  # "citing X", "based on X": attach later
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        low = tok.lower
        if tok.quoted or not tok.is_word:
            i += 1
            continue
        nxt = tokens[i + 1].lower if i + 1 < n else ""
        # according to X
        if low == "according" and nxt == "to":
            last = _np_forward(tokens, i + 2)
            if last is not None:
                hop = _make_hop(text, tokens, i + 2, last, "according to")
                cues.append(_Cue(i, "according", hop))
                i = last + 1
                continue
        # citing X / based on X
        if low == "citing" or (low == "based" and nxt in {"on", "from", "upon"}):
            first = i + 1 if low == "citing" else i + 2
            last = _np_forward(tokens, first)
            if last is not None and _plausible_source(tokens[first : last + 1]):
                verb = "citing" if low == "citing" else f"based {nxt}"
                loose.append((i, _make_hop(text, tokens, first, last, verb)))
                i = last + 1
                continue
        lemma = _REPORTING_VERBS.get(low)
        if lemma is None:
            i += 1
            continue
        cue = _verb_cue(text, tokens, i, lemma)
        if cue is not None:
            cues.append(cue)
        i += 1
    for pos, hop in loose:
        if not cues:
            # no speaker in the clause: the document speaks for itself
            cues.append(_Cue(pos, "frame", hop))
            continue
        before = [c for c in cues if c.pos < pos]
        target = (
            max(before, key=lambda c: c.pos)
            if before
            else min(cues, key=lambda c: c.pos)
        )
        target.cites.append(hop)
    return cues


def _verb_cue(text: str, tokens: list[_Token], i: int, lemma: str) -> _Cue | None:
    """The cue of the reporting verb at token ``i``, if it has a speaker."""
    n = len(tokens)
    if _plural_noun_use(tokens, i):
        return None  # "Insurance claims have risen": "claims" is a noun
    # skip auxiliaries and adverbs backwards
    j = i - 1
    while (
        j >= 0
        and tokens[j].is_word
        and (tokens[j].lower in _AUXILIARIES or tokens[j].lower.endswith("ly"))
    ):
        j -= 1
    passive = j < i - 1 and tokens[j + 1].lower in {"was", "were", "is", "are", "been"}
    prev = tokens[j] if j >= 0 else None
    verb = tokens[i].text.lower()
    vias: list[Hop] = []
    # "X was quoted by Y as saying"
    if lemma == "quote":
        if not passive or i + 1 >= n or tokens[i + 1].lower != "by":
            return None
        last = _np_forward(tokens, i + 2)
        if last is None:
            return None
        vias.append(_make_hop(text, tokens, i + 2, last, "quoted"))
        verb = "quoted ... as saying"
    elif passive:
        return None  # "was estimated at", "is reported to"
    hop: Hop | None = None
    mode = "frame"
    if prev is not None and prev.is_word and prev.lower in _RELATIVES and j >= 1:
        # "... Josh Earnest who said that"
        np = _np_backward(tokens, j - 1)
        if np is not None and _plausible_source(tokens[np[0] : np[1] + 1]):
            hop = _make_hop(text, tokens, np[0], np[1], verb)
    elif prev is not None and prev.is_word and not prev.quoted:
        if prev.lower in _DETERMINERS or prev.lower in _NP_STOP:
            return None  # "an estimated 5,000", "the reported loss"
        np = _np_backward(tokens, j)
        if np is not None and not _plausible_source(tokens[np[0] : np[1] + 1]):
            np = _before_relative_clause(tokens, j) or np
        if np is None:
            return None
        words = tokens[np[0] : np[1] + 1]
        if not _plausible_source(words):
            # "..., the county clerk said." / "the clerk said that": the shape
            # of the sentence vouches for a speaker the word lists do not know
            shaped = (
                _is_tag_end(tokens, i)
                and np[0] >= 1
                and tokens[np[0] - 1].text in {",", '"', "”"}
            )
            shaped = shaped or (i + 1 < n and tokens[i + 1].lower == "that")
            if not (lemma in _STRONG_VERBS and shaped):
                return None
        if lemma == "tell" and i + 1 < n and tokens[i + 1].lower == "of":
            return None
        hop = _make_hop(text, tokens, np[0], np[1], verb)
        if (
            (
                np[0] >= 1
                and tokens[np[0] - 1].text in {",", '"', "”", "—"}
                and _is_tag_end(tokens, i)
            )
            or np[0] == 0
            and _is_tag_end(tokens, i)
        ):
            mode = "tag"
    else:
        # inverted: '"...," said X, role' or ', says X.'
        if i + 1 >= n or not tokens[i + 1].is_word:
            return None
        last = _np_forward(tokens, i + 1, limit=8)
        if last is None or not _plausible_source(tokens[i + 1 : last + 1]):
            return None
        appositive: tuple[int, int] | None = None
        if last + 2 < n and tokens[last + 1].text == ",":
            a_last = _appositive_end(tokens, last + 2)
            if a_last is not None:
                appositive = (last + 2, a_last)
        hop = _make_hop(text, tokens, i + 1, last, verb, appositive=appositive)
        mode = "tag"
    if hop is None:
        return None
    if lemma in _DOCUMENT_ONLY_VERBS and hop.kind is not SourceKind.DOCUMENT:
        return None
    if lemma in {"estimate", "believe", "predict", "claim", "count", "tally"} and (
        hop.kind is SourceKind.UNKNOWN and not hop.named
    ):
        return None
    # "X told the BBC", "X said in an interview with Reuters"
    for k in range(i + 1, min(i + 8, n)):
        t = tokens[k]
        if not t.is_word or t.quoted:
            break
        if (lemma == "tell" and k == i + 1) or t.lower == "with":
            start = k if lemma == "tell" and k == i + 1 else k + 1
            last = _np_forward(tokens, start, limit=6)
            if last is not None:
                cand = _make_hop(text, tokens, start, last, verb)
                if cand.kind is SourceKind.OUTLET:
                    vias.append(cand)
            break
    return _Cue(i, mode, hop, vias=vias)


# Words that, right after "claims"/"reports"/"estimates", show it is a plural
# noun followed by its verb ("claims have risen", "reports rose").
_VERB_AFTER_NOUN = _wordset(
    """has have had was were is are will would could may might shall should can
    must did do rose risen fell fallen grew jumped climbed dropped doubled
    tripled halved soared surged topped reached hit increased decreased declined
    totalled totaled remain remained"""
)


def _plural_noun_use(tokens: list[_Token], i: int) -> bool:
    """Whether the "-s" form of a reporting verb at ``i`` is a plural noun: a
    verb or auxiliary follows it ("claims have risen", "reports rose")."""
    low = tokens[i].lower
    if not low.endswith("s") or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.is_word and not nxt.quoted and nxt.lower in _VERB_AFTER_NOUN


# Endings of abstract common nouns ("Insurance", "Management", "Tourism"),
# with the shortest word each may end (names like "Vance", "Clement" are shorter).
_COMMON_NOUN_ENDINGS = (
    ("ance", 7),
    ("tion", 6),
    ("sion", 6),
    ("ment", 8),
    ("ness", 7),
    ("ity", 7),
    ("ism", 7),
    ("ship", 8),
)


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether only opening quotes or brackets stand between ``pos`` and the
    start of its sentence (the text's start, a line break or a full stop)."""
    k = pos - 1
    while k >= 0 and (text[k] in " \t\"“‘'([" or text[k] == "\u00a0"):
        k -= 1
    return k < 0 or text[k] in "\n.!?…:"


def _common_word(text: str, word: str) -> bool:
    """Whether a capitalised word that opens a sentence is a common word, not a
    name. Never if the text also writes it capitalised inside a sentence
    ("Sarah Price ... Price said"); else if the text writes it in lower case
    ("management"), or it has an abstract-noun ending ("Insurance")."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
        if not _sentence_initial(text, m.start()):
            return False
    low = word.lower()
    if re.search(rf"(?<![\w'’-]){re.escape(low)}(?![\w'’-])", text):
        return True
    return any(
        low.endswith(end) and len(low) >= size for end, size in _COMMON_NOUN_ENDINGS
    )


def _before_relative_clause(tokens: list[_Token], j: int) -> tuple[int, int] | None:
    """The noun phrase before "who ..." ending at ``j``: "a spokesman who spoke
    on condition of anonymity said" gives "a spokesman"."""
    for k in range(j, max(j - 12, 0), -1):
        t = tokens[k]
        if not t.is_word or t.quoted:
            return None
        if t.lower in {"who", "which"} and k >= 1:
            np = _np_backward(tokens, k - 1)
            if np is not None and _plausible_source(tokens[np[0] : np[1] + 1]):
                return np
            return None
    return None


def _is_tag_end(tokens: list[_Token], i: int) -> bool:
    """Whether nothing but adverbials follows the verb at ``i`` (a trailing tag)."""
    for t in tokens[i + 1 :]:
        if not t.is_word:
            if t.text in {",", ".", "!", "?", ";"}:
                return True
            continue
        if t.lower == "that":
            return False
        if t.quoted:
            return False
        if t.lower in {"on", "in", "at", "this", "last", "earlier", "based", "from"}:
            return True
    return True


def _appositive_end(tokens: list[_Token], start: int) -> int | None:
    """The end of an appositive role ("chancellor of the X", "an ISIS expert")."""
    last: int | None = None
    i = start
    while i < len(tokens) and i - start < 14:
        t = tokens[i]
        if not t.is_word or t.quoted:
            break
        low = t.lower
        if low in {"and", "in", "on", "at", "during", "who", "which", "that", "when"}:
            break
        if low in _REPORTING_VERBS:
            break
        if low not in {"of", "for", "the"}:
            last = i
        i += 1
    return last


def _chain(cues: list[_Cue]) -> tuple[Hop, ...]:
    """Hops from first-hand outwards: deeper frames first, then tags, then
    "according to"; each speaker is preceded by what it cites and followed by
    the outlets it spoke through."""
    frames = sorted((c for c in cues if c.mode == "frame"), key=lambda c: -c.pos)
    tags = sorted((c for c in cues if c.mode == "tag"), key=lambda c: c.pos)
    according = sorted((c for c in cues if c.mode == "according"), key=lambda c: c.pos)
    hops: list[Hop] = []
    seen: set[str] = set()
    for cue in frames + tags + according:
        for hop in [*cue.cites, cue.hop, *cue.vias]:
            key = _norm(hop.speaker)
            if key in seen:
                continue
            seen.add(key)
            hops.append(hop)
    return tuple(hops)


# ---------------------------------------------------------------------------
# Clauses, sentences, paragraphs
# ---------------------------------------------------------------------------


def _clauses(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` of the clauses of a sentence."""
    bounds: list[int] = [0]
    for k, t in enumerate(tokens):
        if t.quoted:
            continue
        if (
            t.text == ";"
            and 0 < k < len(tokens) - 1
            or (
                t.text == ","
                and k + 1 < len(tokens)
                and tokens[k + 1].lower in {"while", "whereas", "but"}
                and not tokens[k + 1].quoted
            )
        ):
            bounds.append(k + 1)
    bounds.append(len(tokens))
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _resolve(hop: Hop, history: list[tuple[int, int, Hop]], paragraph: int) -> Hop:
    """Resolve "the official", "the news agency", "he" to an earlier hop."""
    words = hop.speaker.lower().split()
    if not words or hop.named:
        return hop
    pronoun = len(words) == 1 and words[0] in {"he", "she"}
    definite = words[0] in {"the", "this", "that"} and len(words) <= 4
    if not (pronoun or definite):
        return hop
    head = words[-1].rstrip("s")
    for _sent, para, earlier in reversed(history):
        if para < paragraph - 1:
            break
        if earlier.span == hop.span:
            continue
        if pronoun:
            ok = earlier.named and earlier.kind not in {
                SourceKind.OUTLET,
                SourceKind.DOCUMENT,
                SourceKind.ORGANISATION,
            }
        elif hop.kind is SourceKind.OUTLET or head in _OUTLET_HEADS:
            ok = earlier.kind is SourceKind.OUTLET
        else:
            e_head = earlier.speaker.lower().split()[-1].rstrip("s")
            ok = e_head == head or (head in earlier.role.lower() and bool(head))
        if ok:
            return replace(
                earlier,
                verb=hop.verb,
                span=hop.span,
            )
    return hop


def _starts_with_back_reference(tokens: list[_Token]) -> bool:
    words = [t for t in tokens if t.is_word]
    if not words:
        return False
    first = words[0].lower
    if first in _BACK_REFERENCE_STARTS:
        return True
    return (
        first == "the"
        and len(words) > 1
        and any(w.lower in _BACK_REFERENCE_NOUNS for w in words[1:3])
    )


def find_attributions(text: str) -> list[Attribution]:
    """One ``Attribution`` per clause of every sentence, in text order.

    See the module docstring for the rules across clauses, sentences and
    paragraphs. Hops carry a ``TextSpan`` (role ``source``) on the words that
    name the source at this place in the text.
    """
    paras = paragraphs(text)
    sentences = split_sentences(text)
    # per sentence: paragraph index, quote regions of the paragraph
    para_of: list[int] = []
    p = 0
    for s, _e in sentences:
        while p + 1 < len(paras) and paras[p][1] <= s:
            p += 1
        para_of.append(p)
    quotes_of = [_quote_regions(text, ps, pe) for ps, pe in paras]

    results: list[Attribution] = []
    own_hops: list[tuple[Hop, ...]] = []  # per sentence, its own chain (any clause)
    history: list[tuple[int, int, Hop]] = []
    resolved_from: dict[int, int] = {}  # sentence -> earlier sentence of its speaker
    sentence_clauses: list[list[int]] = []  # indexes into results
    for si, (s, e) in enumerate(sentences):
        para = para_of[si]
        tokens = _tokens(text, s, e, quotes_of[para])
        clause_items: list[int] = []
        clause_chains: list[tuple[Hop, ...]] = []
        for a, b in _clauses(tokens):
            sub = tokens[a:b]
            chain = _chain(_find_cues(text, sub))
            if chain:
                first = chain[0]
                resolved = _resolve(first, history, para)
                if resolved is not first:
                    for sent, _pp, h in reversed(history):
                        if h.speaker == resolved.speaker and sent < si:
                            resolved_from[si] = sent
                            break
                chain = tuple(
                    _resolve(h, history, para) if k else resolved
                    for k, h in enumerate(chain)
                )
            clause_chains.append(chain)
            cs, ce = sub[0].start, sub[-1].end
            results.append(
                Attribution(
                    cs,
                    ce,
                    si,
                    para,
                    chain,
                    "own" if chain else "none",
                    si if chain else None,
                )
            )
            clause_items.append(len(results) - 1)
        # rule 3: clauses without hops take the nearest attributed clause
        for k, idx in enumerate(clause_items):
            if results[idx].hops:
                continue
            after = [m for m in range(k + 1, len(clause_items)) if clause_chains[m]]
            before = [m for m in range(k - 1, -1, -1) if clause_chains[m]]
            pick = after[0] if after else (before[0] if before else None)
            if pick is not None:
                results[idx] = replace(
                    results[idx],
                    hops=clause_chains[pick],
                    basis="clause",
                    from_sentence=si,
                )
        chains = [c for c in clause_chains if c]
        own_hops.append(chains[-1] if chains else ())
        for chain in clause_chains:
            for h in chain:
                history.append((si, para, h))
        sentence_clauses.append(clause_items)

    # rule 5: outlets of a later sentence cover the earlier one it refers back to
    for later, earlier in resolved_from.items():
        if para_of[later] != para_of[earlier]:
            continue
        outlets = [h for h in own_hops[later][1:] if h.kind is SourceKind.OUTLET]
        if not outlets:
            continue
        for idx in sentence_clauses[earlier]:
            att = results[idx]
            if att.hops and not any(h.kind is SourceKind.OUTLET for h in att.hops):
                results[idx] = replace(att, hops=att.hops + tuple(outlets))
        if own_hops[earlier] and not any(
            h.kind is SourceKind.OUTLET for h in own_hops[earlier]
        ):
            own_hops[earlier] = own_hops[earlier] + tuple(outlets)

    # rule 1: quotations over several sentences share the speaker
    for para_index, regions in enumerate(quotes_of):
        for qs, qe in regions:
            members = [
                si
                for si, (s, e) in enumerate(sentences)
                if para_of[si] == para_index and s < qe and e > qs
            ]
            if len(members) < 2:
                continue
            donors = [si for si in members if own_hops[si]]
            for si in members:
                if own_hops[si] or not donors:
                    continue
                donor = min(donors, key=lambda d: (abs(d - si), -d))
                for idx in sentence_clauses[si]:
                    results[idx] = replace(
                        results[idx],
                        hops=own_hops[donor],
                        basis="quote",
                        from_sentence=donor,
                    )

    # rule 2: back-references inherit within the paragraph
    for si, (s, e) in enumerate(sentences):
        items = sentence_clauses[si]
        if any(results[idx].hops for idx in items):
            continue
        para = para_of[si]
        tokens = _tokens(text, s, e, quotes_of[para])
        if not _starts_with_back_reference(tokens):
            continue
        for prev in range(si - 1, -1, -1):
            if para_of[prev] != para:
                break
            prev_hops = [results[idx].hops for idx in sentence_clauses[prev]]
            prev_hops = [h for h in prev_hops if h]
            if prev_hops:
                origin = results[sentence_clauses[prev][-1]].from_sentence
                for idx in items:
                    results[idx] = replace(
                        results[idx],
                        hops=prev_hops[-1],
                        basis="inherited",
                        from_sentence=prev if origin is None else origin,
                    )
                break
    return results


def attribution_at(attributions: list[Attribution], offset: int) -> Attribution | None:
    """The attribution whose clause contains ``offset`` (or ``None``)."""
    for att in attributions:
        if att.start <= offset < att.end:
            return att
    return None
