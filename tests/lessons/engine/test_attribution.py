"""Sentences and attribution chains, on sentences written for these tests."""

from __future__ import annotations

import unittest

from lessons.engine.attribution import (
    Attribution,
    attribution_at,
    classify_source,
    find_attributions,
    split_sentences,
)
from lessons.engine.types import SourceKind


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def chain_of(text: str, needle: str) -> list[str]:
    """The speakers of the attribution covering the first ``needle``."""
    att = attribution_at(find_attributions(text), text.index(needle))
    assert att is not None, needle
    return [hop.speaker for hop in att.hops]


def attribution_of(text: str, needle: str) -> Attribution:
    att = attribution_at(find_attributions(text), text.index(needle))
    assert att is not None, needle
    return att


class SplitSentencesTests(unittest.TestCase):
    def test_abbreviations_do_not_end_sentences(self) -> None:
        """Titles, dotted acronyms, "No." before a number and initials keep a
        sentence whole; a real full stop still ends it."""
        cases = [
            (
                "Lt. Gen. Ada Moss said the U.S. Army sent 300 trucks. They came.",
                2,
            ),
            ("Dr. Lee runs ward No. 3 at St. Mary's. It has 40 beds.", 2),
            ("John F. Kennedy Airport handled 5 million bags. Few were lost.", 2),
            ("The budget rose 4 percent in the U.S. The city cut 20 jobs.", 2),
            ("The U.S. economy grew. Wages did not.", 2),
            ("Acme Corp. reported $2 billion in sales.", 1),
        ]
        for text, count in cases:
            with self.subTest(text=text):
                self.assertEqual(len(sentences(text)), count, sentences(text))

    def test_quotes_and_question_marks(self) -> None:
        """A closing quote after the full stop stays with its sentence, and a
        question mark before a capital ends one."""
        text = 'Crowds grew. "We counted 12,000 people." Police disagreed? No.'
        self.assertEqual(
            sentences(text),
            [
                "Crowds grew.",
                '"We counted 12,000 people."',
                "Police disagreed?",
                "No.",
            ],
        )

    def test_line_breaks_end_sentences_and_offsets_are_exact(self) -> None:
        """Each line is a paragraph; spans are offsets into the text, stripped."""
        text = "Quake Kills 40\n\n  Rescuers dug all night.  \nSchools closed."
        spans = split_sentences(text)
        self.assertEqual(
            [text[s:e] for s, e in spans],
            ["Quake Kills 40", "Rescuers dug all night.", "Schools closed."],
        )

    def test_no_space_after_full_stop_is_not_a_boundary(self) -> None:
        """ "3.5" and a photo credit glued to a caption do not split a line."""
        text = "Turnout was 3.5 points higher in 2019.AP"
        self.assertEqual(len(sentences(text)), 1)


class ClassifySourceTests(unittest.TestCase):
    def test_kinds(self) -> None:
        """Source kinds come from general word lists and name patterns."""
        cases = [
            ("Reuters", "", SourceKind.OUTLET),
            ("the Springfield Times", "", SourceKind.OUTLET),
            ("Channel Nine News", "", SourceKind.OUTLET),
            ("a hospital spokesman", "", SourceKind.ORGANISATION),
            ("a budget analyst", "", SourceKind.EXPERT),
            ("a seismologist", "researcher", SourceKind.EXPERT),
            ("Col. Ray Lin", "", SourceKind.MILITARY),
            ("Pentagon officials", "", SourceKind.MILITARY),
            ("intelligence sources", "", SourceKind.INTELLIGENCE),
            ("city officials", "", SourceKind.GOVERNMENT),
            ("Maria Ortiz", "mayor of Springfield", SourceKind.GOVERNMENT),
            ("a leaked report", "", SourceKind.DOCUMENT),
            ("election commission documents", "", SourceKind.DOCUMENT),
            ("Maria Ortiz", "", SourceKind.PERSON),
        ]
        for phrase, context, kind in cases:
            with self.subTest(phrase=phrase):
                self.assertEqual(classify_source(phrase, context), kind)


class FindAttributionsTests(unittest.TestCase):
    def test_named_speaker_with_title(self) -> None:
        """A title before a name becomes the role; the hop is named and its
        span covers the words naming the speaker."""
        text = "City Budget Director Ana Ruiz said the deficit reached $40 million."
        att = attribution_of(text, "$40")
        (hop,) = att.hops
        self.assertEqual(hop.speaker, "Ana Ruiz")
        self.assertEqual(hop.role, "City Budget Director")
        self.assertTrue(hop.named)
        self.assertEqual(hop.verb, "said")
        assert hop.span is not None
        self.assertEqual(hop.span.quote(text), "City Budget Director Ana Ruiz")
        self.assertEqual(hop.span.role, "source")

    def test_inverted_tag_with_appositive(self) -> None:
        """'"...," said X, role' names X and takes the appositive as role."""
        text = (
            "\u201cThe queue has 4,200 patients,\u201d said Omar Haddad, "
            "director of the Northside Hospital Trust, at a briefing."
        )
        (hop,) = attribution_of(text, "4,200").hops
        self.assertEqual(hop.speaker, "Omar Haddad")
        self.assertEqual(hop.role, "director of the Northside Hospital Trust")
        self.assertEqual(hop.organisation, "Northside Hospital Trust")
        self.assertEqual(hop.kind, SourceKind.ORGANISATION)

    def test_unnamed_sources(self) -> None:
        """Officials, sources and spokesmen without a name are unnamed hops."""
        cases = [
            ("Organisers say 80,000 people marched.", "Organisers"),
            (
                "About 2,000 people were arrested, police officials said.",
                "police officials",
            ),
            (
                "A senior election official said turnout hit 64 percent.",
                "A senior election official",
            ),
            (
                "Some 300 homes were damaged, a spokesman who spoke on "
                "condition of anonymity said.",
                "a spokesman",
            ),
            ("Sources told us 12 staff had left.", "Sources"),
        ]
        for text, speaker in cases:
            with self.subTest(text=text):
                att = find_attributions(text)[0]
                self.assertEqual(att.hops[0].speaker, speaker)
                self.assertFalse(att.hops[0].named)

    def test_according_to(self) -> None:
        """ "according to X" makes X the source, at the start or end."""
        for text in (
            "According to the Geological Survey, the quake measured 6.1.",
            "The quake measured 6.1, according to the Geological Survey.",
        ):
            with self.subTest(text=text):
                self.assertEqual(chain_of(text, "6.1"), ["the Geological Survey"])

    def test_chain_through_two_outlets(self) -> None:
        """ "X was quoted by Y as saying ..., Z reported" gives [X, Y, Z]."""
        text = (
            "Mayor Jo Park was quoted by Reuters as saying that 15,000 people "
            "marched, the Springfield Times reported."
        )
        self.assertEqual(
            chain_of(text, "15,000"),
            ["Jo Park", "Reuters", "Springfield Times"],
        )
        self.assertEqual(attribution_of(text, "15,000").hops[0].role, "Mayor")
        kinds = [h.kind for h in attribution_of(text, "15,000").hops]
        self.assertEqual(kinds[1:], [SourceKind.OUTLET, SourceKind.OUTLET])

    def test_outlet_tag_after_speaker(self) -> None:
        """A trailing "the BBC reported" is outer to the sentence's speaker."""
        text = "A senior police officer said 40 people were injured, the BBC reported."
        self.assertEqual(chain_of(text, "40"), ["A senior police officer", "BBC"])

    def test_told_an_outlet(self) -> None:
        """ "X told Reuters" adds Reuters after X; "told reporters" does not."""
        text = "The chief executive told Reuters that sales fell 8 percent."
        self.assertEqual(chain_of(text, "8"), ["The chief executive", "Reuters"])
        text = "The chief executive told reporters that sales fell 8 percent."
        self.assertEqual(chain_of(text, "8"), ["The chief executive"])

    def test_documents(self) -> None:
        """Documents cited or relied on come before the speaker citing them."""
        cases = [
            (
                "The council said the fund holds $3 million, citing an internal audit.",
                "$3",
                ["an internal audit", "The council"],
            ),
            (
                "Waiting lists grew by 9 percent, based on health ministry "
                "records, the Daily Herald said.",
                "9",
                ["health ministry records", "Daily Herald"],
            ),
            (
                "A report by the Urban Institute found that rents rose 11 percent.",
                "11",
                ["A report by the Urban Institute"],
            ),
        ]
        for text, needle, chain in cases:
            with self.subTest(text=text):
                self.assertEqual(chain_of(text, needle), chain)
                first = attribution_of(text, needle).hops[0]
                self.assertEqual(first.kind, SourceKind.DOCUMENT)

    def test_nested_reports(self) -> None:
        """ "Y noted that X warned that ..." makes X first-hand and Y the outlet."""
        text = (
            "Bloomberg noted that the central bank warned that 30 lenders could fail."
        )
        self.assertEqual(chain_of(text, "30"), ["the central bank", "Bloomberg"])

    def test_estimates_as_verb_only_with_a_source(self) -> None:
        """ "estimates" reports when a source is its subject, not "an estimated"."""
        text = "Analysts estimate that 1,200 jobs will go."
        self.assertEqual(chain_of(text, "1,200"), ["Analysts"])
        text = "An estimated 1,200 jobs will go."
        self.assertEqual(chain_of(text, "1,200"), [])
        text = "The damage was estimated at $5 million."
        self.assertEqual(chain_of(text, "$5"), [])

    def test_figure_without_source(self) -> None:
        """A plain statement has no hops and basis "none"."""
        text = "The city has 12 libraries. Three of them close on Sundays."
        for att in find_attributions(text):
            with self.subTest(sentence=att.sentence):
                self.assertEqual(att.hops, ())
                self.assertEqual(att.basis, "none")

    def test_back_reference_inherits_within_paragraph(self) -> None:
        """A sentence opening with "This"/"The figure" and no source of its own
        inherits the nearest preceding attribution of the same paragraph."""
        text = (
            "The hospital said 5,000 patients are waiting. This is twice the "
            "number of last year. The figure excludes children."
        )
        for needle in ("twice", "excludes"):
            with self.subTest(needle=needle):
                att = attribution_of(text, needle)
                self.assertEqual(att.basis, "inherited")
                self.assertEqual(att.from_sentence, 0)
                self.assertEqual([h.speaker for h in att.hops], ["The hospital"])

    def test_no_inheritance_across_paragraphs(self) -> None:
        """A back-reference at the start of a new paragraph stays unattributed."""
        text = (
            "The hospital said 5,000 patients are waiting.\n\nThis is twice last year."
        )
        self.assertEqual(attribution_of(text, "twice").hops, ())

    def test_no_inheritance_without_back_reference(self) -> None:
        """A new, unrelated statement does not inherit a source."""
        text = "The hospital said 5,000 patients are waiting. Parking costs $4."
        self.assertEqual(attribution_of(text, "$4").hops, ())

    def test_quotation_over_several_sentences(self) -> None:
        """Every sentence of a quotation takes the speaker named at its end."""
        text = (
            '"We counted 1,400 ballots by hand. Another 300 arrived late," '
            "the county clerk said."
        )
        att = attribution_of(text, "1,400")
        self.assertEqual(att.basis, "quote")
        self.assertEqual([h.speaker for h in att.hops], ["the county clerk"])
        self.assertEqual(chain_of(text, "300"), ["the county clerk"])

    def test_coreference_and_outlet_covering_antecedent(self) -> None:
        """ "the official ..., Reuters reported" resolves "the official" to the
        earlier speaker and adds Reuters to that earlier sentence's chain."""
        text = (
            "A senior health official said 700 beds were closed. The official "
            "said the closures were temporary, Reuters reported."
        )
        self.assertEqual(chain_of(text, "700"), ["A senior health official", "Reuters"])
        later = attribution_of(text, "temporary")
        self.assertEqual(later.hops[0].speaker, "A senior health official")
        assert later.hops[0].span is not None
        self.assertEqual(later.hops[0].span.quote(text), "The official")

    def test_clause_without_source_takes_the_trailing_tag(self) -> None:
        """Clauses split at ";" share the trailing tag's source; a clause with
        its own speaker keeps it."""
        text = (
            "Turnout was 58 percent; 12 seats changed hands, the electoral "
            "commission said."
        )
        self.assertEqual(chain_of(text, "58"), ["the electoral commission"])
        text = "The union said 9,000 workers struck, while the company said 6,000."
        self.assertEqual(chain_of(text, "9,000"), ["The union"])
        self.assertEqual(chain_of(text, "6,000"), ["the company"])

    def test_headline_tag(self) -> None:
        """Title-case headlines: ", Officials Say" is recognised."""
        text = "Storm Leaves 30,000 Without Power, Officials Say\n\nCrews worked."
        att = attribution_of(text, "30,000")
        self.assertEqual([h.speaker for h in att.hops], ["Officials"])
        self.assertFalse(att.hops[0].named)


class CommonWordSpeakerTests(unittest.TestCase):
    def test_a_plural_noun_is_no_reporting_verb(self) -> None:
        """ "claims", "reports", "estimates" followed by a verb are nouns
        ("Insurance claims have risen"), so the word before them is no
        speaker; the trailing tag gives the source."""
        cases = [
            ("Insurance claims have risen 60%, the broker said.", "60%", "the broker"),
            (
                "Pension claims rose 8 percent in May, the regulator said.",
                "8",
                "the regulator",
            ),
            ("Crop estimates were cut by 5 percent, a trader said.", "5", "a trader"),
            ("Police reports have doubled to 400, officials said.", "400", "officials"),
        ]
        for text, needle, speaker in cases:
            with self.subTest(text=text):
                hops = attribution_of(text, needle).hops
                self.assertEqual([h.speaker for h in hops], [speaker])
                self.assertFalse(hops[0].named)

    def test_a_capitalised_common_word_at_a_sentence_start_is_not_a_name(
        self,
    ) -> None:
        """A lone capitalised word opening a sentence is a name only if nothing
        says it is a common word: its lower-case form elsewhere in the text, or
        an abstract-noun ending ("Management", "Tourism") make it unnamed."""
        text = (
            "Management said 200 jobs would go. Staff were told that "
            "management had no choice."
        )
        [hop] = attribution_of(text, "200").hops
        self.assertEqual((hop.speaker, hop.named), ("Management", False))
        [hop] = attribution_of("Compliance said 14 audits failed.", "14").hops
        self.assertFalse(hop.named)

    def test_a_lone_name_at_a_sentence_start_stays_named(self) -> None:
        """ "Okafor said ..." and "Unilever said ..." are still named."""
        for text in (
            "Okafor said 30 players had signed.",
            "Unilever said 1,500 jobs would go.",
        ):
            with self.subTest(text=text):
                att = find_attributions(text)[0]
                self.assertTrue(att.hops[0].named)

    def test_a_name_written_inside_a_sentence_stays_named(self) -> None:
        """A surname that is also a common word ("Price") is a name when the
        text also writes it capitalised inside a sentence."""
        text = (
            "The council leader, Sarah Price, met traders. Price said 12 shops "
            "would close as the price of rent rose."
        )
        [hop] = attribution_of(text, "12").hops
        self.assertEqual((hop.speaker, hop.named), ("Price", True))
