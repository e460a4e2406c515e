"""The extractor measured against the hand-checked seed annotations.

For each annotated seed article (``seeds/articles/*.json``):

- an extracted figure *matches* an annotated one when their value spans overlap
  (the annotation's quote span against the extracted value span);
- **recall**: annotated figures matched by an extracted figure with the same
  low, high and bound;
- **speaker recall**: of the annotated figures that have hops, those whose
  first-hand speaker the matched extracted figure names (see
  ``same_speaker``);
- **precision**: extracted figures that match an annotated figure.

The table is printed (``pytest -s``) and repeated in every assertion message.
"""

from __future__ import annotations

import pathlib
import re
import unittest
import warnings
from dataclasses import dataclass

from lessons.engine.annotations import AnnotatedArticle, load_article
from lessons.engine.extract import extract_figures
from lessons.engine.types import Figure, Hop

SEEDS = pathlib.Path(__file__).resolve().parents[3] / "seeds" / "articles"
RECALL_FLOOR = 0.95
SPEAKER_RECALL_FLOOR = 0.90


def _wordset(words: str) -> frozenset[str]:
    """A set of words written as one white-space separated string."""
    return frozenset(words.split())


_STOP = _wordset("a an the of by in on at for and u.s us")


def _content_words(s: str) -> set[str]:
    return {
        w for w in re.findall(r"[a-z0-9][a-z0-9.'’-]*", s.lower()) if w not in _STOP
    } - {""}


def same_speaker(annotated: Hop, extracted: Hop) -> bool:
    """Whether two hops name the same source, normalised and leniently.

    Equal or contained names (case-insensitive), overlapping source spans, the
    same head noun of an unnamed source ("a classified briefing map" and "an
    exclusive classified map"), or half the content words of the shorter name.
    """
    a, b = annotated.speaker.lower().strip(), extracted.speaker.lower().strip()
    if a == b or a in b or b in a:
        return True
    sa, sb = annotated.span, extracted.span
    if sa is not None and sb is not None and sa.start < sb.end and sb.start < sa.end:
        return True
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return False
    head_a = re.findall(r"[\w'’-]+", a)
    head_b = re.findall(r"[\w'’-]+", b)
    if (
        not annotated.named
        and not extracted.named
        and head_a
        and head_b
        and (head_a[-1] == head_b[-1] or head_a[-1] in wb or head_b[-1] in wa)
    ):
        return True
    return len(wa & wb) >= max(1, min(len(wa), len(wb)) / 2)


def _value_span(figure: Figure) -> tuple[int, int]:
    for span in figure.spans:
        if span.role == "value":
            return span.start, span.end
    return figure.start, figure.end


@dataclass(frozen=True)
class Score:
    article: str
    annotated: int
    extracted: int
    found: int
    matched_extracted: int
    with_hops: int
    speakers: int
    misses: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.matched_extracted / self.extracted if self.extracted else 1.0

    @property
    def speaker_recall(self) -> float:
        return self.speakers / self.with_hops if self.with_hops else 1.0


def score(article: AnnotatedArticle) -> Score:
    info = article.info
    extracted = extract_figures(info.text, info.published, headline=info.headline)
    found = speakers = with_hops = 0
    matched: set[str] = set()
    misses: list[str] = []
    for ann in article.figures:
        overlapping = [
            f
            for f in extracted
            if _value_span(f)[0] < ann.end and ann.start < _value_span(f)[1]
        ]
        matched.update(f.key for f in overlapping)
        right = [
            f
            for f in overlapping
            if (f.low, f.high, f.bound) == (ann.low, ann.high, ann.bound)
        ]
        if right:
            found += 1
        else:
            misses.append(f"value {ann.key} {ann.quote!r}")
        if ann.hops:
            with_hops += 1
            first = ann.hops[0]
            if any(f.hops and same_speaker(first, f.hops[0]) for f in overlapping):
                speakers += 1
            else:
                got = [f.hops[0].speaker if f.hops else None for f in overlapping]
                misses.append(f"speaker {ann.key}: {first.speaker!r} vs {got}")
    return Score(
        article=info.key,
        annotated=len(article.figures),
        extracted=len(extracted),
        found=found,
        matched_extracted=sum(1 for f in extracted if f.key in matched),
        with_hops=with_hops,
        speakers=speakers,
        misses=tuple(misses),
    )


def table(scores: list[Score]) -> str:
    lines = [
        f"{'article':<36} {'annot':>5} {'extr':>5} {'prec':>6} {'recall':>6} "
        f"{'spkr':>6}"
    ]
    for s in scores:
        lines.append(
            f"{s.article:<36} {s.annotated:>5} {s.extracted:>5} "
            f"{s.precision:>6.2f} {s.recall:>6.2f} {s.speaker_recall:>6.2f}"
        )
        lines.extend(f"    miss: {m}" for m in s.misses)
    return "\n".join(lines)


class ExtractQualityTests(unittest.TestCase):
    scores: list[Score]

    @classmethod
    def setUpClass(cls) -> None:
        paths = sorted(SEEDS.glob("*.json"))
        cls.scores = [score(load_article(p)) for p in paths]
        report = table(cls.scores)
        print("\n" + report)
        # also in the -ra summary, as a warning
        warnings.warn(f"extractor quality\n{report}", UserWarning, stacklevel=1)

    def test_there_are_annotated_seeds(self) -> None:
        """The measurement runs over at least one annotated seed article."""
        self.assertTrue(self.scores, f"no annotations in {SEEDS}")

    def test_recall(self) -> None:
        """At least 95% of each article's annotated figures are extracted with
        the annotated low, high and bound."""
        report = table(self.scores)
        for s in self.scores:
            with self.subTest(article=s.article):
                self.assertGreaterEqual(s.recall, RECALL_FLOOR, report)

    def test_speaker_recall(self) -> None:
        """At least 90% of each article's attributed figures get the annotated
        first-hand speaker."""
        report = table(self.scores)
        for s in self.scores:
            with self.subTest(article=s.article):
                self.assertGreaterEqual(s.speaker_recall, SPEAKER_RECALL_FLOOR, report)

    def test_precision_is_reported(self) -> None:
        """Precision is measured (and reported) for every article; every
        extracted figure is expected to be a real figure most of the time."""
        report = table(self.scores)
        for s in self.scores:
            with self.subTest(article=s.article):
                self.assertGreaterEqual(s.precision, 0.5, report)


class SameSpeakerTests(unittest.TestCase):
    def test_lenient_comparison(self) -> None:
        """Speakers compare case-insensitively, by containment, head noun or
        shared words, and never match unrelated names."""
        cases = [
            (Hop("Mayor Jo Park"), Hop("Jo Park"), True),
            (Hop("officials", named=False), Hop("Officials", named=False), True),
            (
                Hop("a classified briefing map obtained by a paper", named=False),
                Hop("an exclusive classified map", named=False),
                True,
            ),
            (Hop("Jo Park"), Hop("Reuters"), False),
            (
                Hop("city officials", named=False),
                Hop("a leaked memo", named=False),
                False,
            ),
        ]
        for annotated, extracted, expected in cases:
            with self.subTest(annotated=annotated.speaker, extracted=extracted.speaker):
                self.assertEqual(same_speaker(annotated, extracted), expected)
