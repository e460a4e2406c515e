"""Grading: every question type, malformed keys and answers, and properties."""

from __future__ import annotations

import json
import unittest
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.engine.grade import (
    AnswerDataError,
    Grade,
    ResponseError,
    grade_response,
    key_response,
    public_data,
    validate_answer_data,
    validate_response,
)
from lessons.engine.questions import QuestionType

SINGLE: dict[str, Any] = {
    "choices": [
        {
            "key": "a",
            "text": "Exactly 4,000",
            "correct": False,
            "feedback": "'At least' sets a floor, not a value.",
            "misconception": "hedge-read-as-exact",
        },
        {
            "key": "b",
            "text": "4,000 or more",
            "correct": True,
            "feedback": "Right: 4,000 is the floor.",
            "misconception": "",
        },
        {
            "key": "c",
            "text": "At most 4,000",
            "correct": False,
            "feedback": "That reads the floor as a ceiling.",
            "misconception": "bound-inverted",
        },
    ]
}

MULTIPLE: dict[str, Any] = {
    "choices": [
        {"key": "a", "text": "A", "correct": True, "feedback": "fa"},
        {"key": "b", "text": "B", "correct": True, "feedback": "fb"},
        {
            "key": "c",
            "text": "C",
            "correct": False,
            "feedback": "fc",
            "misconception": "unnamed-as-named",
        },
        {
            "key": "d",
            "text": "D",
            "correct": False,
            "feedback": "fd",
            "misconception": "repeater-as-source",
        },
    ],
    "partial": True,
}

NUMERIC_RANGE: dict[str, Any] = {
    "low": "12000",
    "high": "18000",
    "tolerance": "500",
    "tolerance_kind": "absolute",
    "unit": "patients",
}

NUMERIC_POINT: dict[str, Any] = {
    "value": "250",
    "tolerance": "0.1",
    "tolerance_kind": "relative",
    "unit": "",
}

EVIDENCE: dict[str, Any] = {
    "accepted": [{"article": "a1", "start": 10, "end": 30}],
    "threshold": "0.5",
}

ORDERING: dict[str, Any] = {
    "items": [
        {"key": "x", "text": "X"},
        {"key": "y", "text": "Y"},
        {"key": "z", "text": "Z"},
        {"key": "w", "text": "W"},
    ],
    "order": ["w", "x", "y", "z"],
    "partial": True,
}

CHAIN: dict[str, Any] = {
    "pool": [
        {"key": "src", "text": "the health ministry"},
        {"key": "wire", "text": "Reuters"},
        {"key": "paper", "text": "The Daily"},
        {"key": "other", "text": "a hospital spokesperson"},
    ],
    "chain": ["src", "wire", "paper"],
}

SHORT: dict[str, Any] = {
    "rubric": [
        {"criterion": "Names the two quantities", "points": 1},
        {"criterion": "Says what would reconcile them", "points": 2},
    ],
    "model_answer": "Both hold if ...",
}

KEYS: dict[QuestionType, dict[str, Any]] = {
    QuestionType.SINGLE: SINGLE,
    QuestionType.MULTIPLE: MULTIPLE,
    QuestionType.NUMERIC: NUMERIC_RANGE,
    QuestionType.EVIDENCE: EVIDENCE,
    QuestionType.ORDERING: ORDERING,
    QuestionType.CHAIN: CHAIN,
    QuestionType.SHORT: SHORT,
}

SECRET_KEYS = {
    "correct",
    "feedback",
    "misconception",
    "order",
    "chain",
    "accepted",
    "rubric",
    "value",
    "low",
    "high",
    "tolerance",
    "model_answer",
}


def _all_keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        found = set(data)
        for value in data.values():
            found |= _all_keys(value)
        return found
    if isinstance(data, list):
        found = set()
        for value in data:
            found |= _all_keys(value)
        return found
    return set()


class SingleChoiceGradingTests(unittest.TestCase):
    def test_correct_choice_scores_one_with_its_feedback(self) -> None:
        """The correct choice scores 1 and returns that choice's feedback."""
        grade = grade_response("single", SINGLE, "b")
        self.assertEqual(grade.score, Decimal("1.0000"))
        self.assertTrue(grade.correct)
        self.assertEqual(grade.feedback, "Right: 4,000 is the floor.")
        self.assertFalse(grade.needs_manual)

    def test_wrong_choice_scores_zero_and_names_the_misconception(self) -> None:
        """A wrong choice scores 0; detail carries its misconception tag."""
        grade = grade_response(QuestionType.SINGLE, SINGLE, "a")
        self.assertEqual(grade.score, Decimal("0"))
        self.assertFalse(grade.correct)
        self.assertEqual(grade.feedback, "'At least' sets a floor, not a value.")
        self.assertEqual(grade.detail["misconception"], "hedge-read-as-exact")

    def test_malformed_answers_raise_response_error(self) -> None:
        """Unknown keys, lists of two and non-strings are refused clearly."""
        for bad in ["z", ["a", "b"], 1, None, {"key": "a"}]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("single", SINGLE, bad)

    def test_a_one_item_list_is_read_as_its_item(self) -> None:
        """A form posting one value as a list still works."""
        self.assertEqual(validate_response("single", SINGLE, ["b"]), "b")


class MultipleChoiceGradingTests(unittest.TestCase):
    def test_partial_credit_is_right_minus_wrong_floored(self) -> None:
        """With partial credit: (right - wrong) / all right, never below 0."""
        table = [
            (["a", "b"], Decimal("1"), True),
            (["a"], Decimal("0.5"), False),
            (["a", "c"], Decimal("0"), False),
            (["a", "b", "c"], Decimal("0.5"), False),
            (["c", "d"], Decimal("0"), False),
            ([], Decimal("0"), False),
        ]
        for chosen, score, correct in table:
            with self.subTest(chosen=chosen):
                grade = grade_response("multiple", MULTIPLE, chosen)
                self.assertEqual(grade.score, score)
                self.assertEqual(grade.correct, correct)

    def test_all_or_nothing_without_partial(self) -> None:
        """Without partial credit only exactly the right set scores."""
        key = {**MULTIPLE, "partial": False}
        self.assertEqual(grade_response("multiple", key, ["a"]).score, 0)
        self.assertEqual(grade_response("multiple", key, ["b", "a"]).score, 1)

    def test_feedback_of_every_chosen_choice(self) -> None:
        """Feedback joins the chosen choices' feedback in the key's order."""
        grade = grade_response("multiple", MULTIPLE, ["d", "a"])
        self.assertEqual(grade.feedback, "fa\n\nfd")
        self.assertEqual(grade.detail["misconceptions"], ["repeater-as-source"])

    def test_malformed_answers(self) -> None:
        """Duplicates, unknown keys and non-lists raise ResponseError."""
        for bad in [["a", "a"], ["q"], "a", [1], None, {"a": True}]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("multiple", MULTIPLE, bad)


class NumericGradingTests(unittest.TestCase):
    def test_single_number_against_a_range_key(self) -> None:
        """A number inside the key range widened by the tolerance scores 1."""
        table = [
            ("12000", True),
            ({"value": "15,000"}, True),
            (11600, True),
            (18500, True),
            ("18501", False),
            (11000.0, False),
            ({"value": "9000", "unit": "patients"}, False),
        ]
        for answer, ok in table:
            with self.subTest(answer=answer):
                grade = grade_response("numeric", NUMERIC_RANGE, answer)
                self.assertEqual(grade.correct, ok)
                self.assertEqual(grade.score, 1 if ok else 0)

    def test_range_answer_graded_by_ends_then_overlap(self) -> None:
        """A range scores 1 when both ends are within tolerance, else by overlap."""
        table = [
            ({"low": "12000", "high": "18000"}, Decimal("1")),
            ({"low": "11800", "high": "18400"}, Decimal("1")),
            ({"low": "13000", "high": "17000"}, Decimal("0.6667")),
            ({"low": "15000", "high": "21000"}, Decimal("0.3333")),
            ({"low": "20000", "high": "30000"}, Decimal("0")),
            ({"low": "15000", "high": "15000"}, Decimal("1")),
        ]
        for answer, score in table:
            with self.subTest(answer=answer):
                self.assertEqual(
                    grade_response("numeric", NUMERIC_RANGE, answer).score, score
                )

    def test_relative_tolerance(self) -> None:
        """A relative tolerance is a share of the key value."""
        self.assertTrue(grade_response("numeric", NUMERIC_POINT, "274").correct)
        self.assertTrue(grade_response("numeric", NUMERIC_POINT, "225").correct)
        self.assertFalse(grade_response("numeric", NUMERIC_POINT, "276").correct)

    def test_wrong_unit_scores_zero_and_missing_unit_is_fine(self) -> None:
        """A unit other than the key's scores 0; leaving it out is not penalised."""
        grade = grade_response(
            "numeric", NUMERIC_RANGE, {"value": "15000", "unit": "beds"}
        )
        self.assertEqual(grade.score, 0)
        self.assertIn("patients", grade.feedback)
        grade = grade_response(
            "numeric", NUMERIC_RANGE, {"value": "15000", "unit": "Patient"}
        )
        self.assertEqual(grade.score, 1)

    def test_feedback_never_states_the_key(self) -> None:
        """Numeric feedback says too high or too low, not the answer."""
        grade = grade_response("numeric", NUMERIC_RANGE, "30000")
        self.assertNotIn("12", grade.feedback)
        self.assertNotIn("18", grade.feedback)
        self.assertIn("high", grade.feedback)

    def test_malformed_answers(self) -> None:
        """Text, NaN, infinities, booleans and reversed ranges are refused."""
        for bad in [
            "twelve",
            "",
            "nan",
            "Infinity",
            True,
            None,
            [],
            {"low": "5"},
            {"low": "9", "high": "3"},
            {"value": "1", "low": "1", "high": "2"},
            {"value": "1", "unit": 5},
            {},
        ]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("numeric", NUMERIC_RANGE, bad)


class EvidenceGradingTests(unittest.TestCase):
    def test_scores_by_overlap_and_penalises_extras(self) -> None:
        """Found accepted spans count; extra unmatched spans cost half each."""
        table = [
            ([{"start": 10, "end": 30}], Decimal("1"), True),
            ([{"article": "a1", "start": 12, "end": 30}], Decimal("1"), False),
            ([{"start": 0, "end": 100}], Decimal("0"), False),
            ([{"start": 25, "end": 40}], Decimal("0"), False),
            (
                [{"start": 10, "end": 30}, {"start": 50, "end": 60}],
                Decimal("0.5"),
                False,
            ),
            (
                [
                    {"start": 10, "end": 30},
                    {"start": 50, "end": 60},
                    {"start": 70, "end": 80},
                ],
                Decimal("0"),
                False,
            ),
        ]
        for answer, score, exact in table:
            with self.subTest(answer=answer):
                grade = grade_response("evidence", EVIDENCE, answer)
                self.assertEqual(grade.score, score)
                if exact:
                    self.assertTrue(grade.correct)

    def test_two_accepted_spans_score_by_share_found(self) -> None:
        """With two accepted spans, finding one scores a half."""
        key = {
            "accepted": [
                {"article": "", "start": 0, "end": 10},
                {"article": "", "start": 40, "end": 50},
            ]
        }
        self.assertEqual(
            grade_response("evidence", key, [{"start": 0, "end": 10}]).score,
            Decimal("0.5"),
        )

    def test_span_out_of_range_of_the_text(self) -> None:
        """Given the texts' lengths, a span past the end is refused."""
        with self.assertRaises(ResponseError):
            grade_response(
                "evidence",
                EVIDENCE,
                [{"start": 10, "end": 300}],
                text_lengths={"a1": 200},
            )
        with self.assertRaises(ResponseError):
            grade_response(
                "evidence",
                EVIDENCE,
                [{"article": "zz", "start": 1, "end": 3}],
                text_lengths={"a1": 200},
            )

    def test_malformed_answers(self) -> None:
        """Negative, empty, reversed, non-integer and duplicate spans are refused."""
        for bad in [
            [],
            "10-30",
            [{"start": -1, "end": 3}],
            [{"start": 5, "end": 5}],
            [{"start": 9, "end": 3}],
            [{"start": "1", "end": 3}],
            [{"start": True, "end": 3}],
            [{"start": 1}],
            [{"start": 1, "end": 3}, {"start": 1, "end": 3}],
            [7],
        ]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("evidence", EVIDENCE, bad)


class OrderingGradingTests(unittest.TestCase):
    def test_partial_credit_by_pairs(self) -> None:
        """Partial credit is the share of pairs in the key's relative order."""
        table = [
            (["w", "x", "y", "z"], Decimal("1")),
            (["z", "y", "x", "w"], Decimal("0")),
            (["x", "w", "y", "z"], Decimal("0.8333")),
            (["w", "x", "z", "y"], Decimal("0.8333")),
        ]
        for answer, score in table:
            with self.subTest(answer=answer):
                self.assertEqual(
                    grade_response("ordering", ORDERING, answer).score, score
                )

    def test_exact_only(self) -> None:
        """Without partial credit one swap scores 0."""
        key = {**ORDERING, "partial": False}
        self.assertEqual(grade_response("ordering", key, ["x", "w", "y", "z"]).score, 0)
        self.assertEqual(grade_response("ordering", key, ["w", "x", "y", "z"]).score, 1)

    def test_malformed_answers(self) -> None:
        """Missing, unknown or repeated items are refused."""
        for bad in [
            ["w", "x", "y"],
            ["w", "x", "y", "q"],
            ["w", "w", "y", "z"],
            "wxyz",
        ]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("ordering", ORDERING, bad)


class ChainGradingTests(unittest.TestCase):
    def test_scored_per_hop_position(self) -> None:
        """Each position holding the key's hop counts; padding never pays."""
        table = [
            (["src", "wire", "paper"], Decimal("1"), True),
            (["other", "wire", "paper"], Decimal("0.6667"), False),
            (["wire", "src", "paper"], Decimal("0.3333"), False),
            (["src", "wire"], Decimal("0.6667"), False),
            (["src", "wire", "paper", "other"], Decimal("0.75"), False),
            (["paper", "wire", "src"], Decimal("0.3333"), False),
        ]
        for answer, score, correct in table:
            with self.subTest(answer=answer):
                grade = grade_response("chain", CHAIN, answer)
                self.assertEqual(grade.score, score)
                self.assertEqual(grade.correct, correct)
                self.assertEqual(len(grade.detail["hops"]), len(answer))

    def test_malformed_answers(self) -> None:
        """Empty chains, unknown links and repeats are refused."""
        for bad in [[], ["src", "src"], ["nobody"], None, "src"]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("chain", CHAIN, bad)


class ShortAnswerGradingTests(unittest.TestCase):
    def test_awaits_a_teacher(self) -> None:
        """A written answer is not scored: it waits for a teacher."""
        grade = grade_response("short", SHORT, "  Both could be true if ...  ")
        self.assertEqual(
            grade, Grade(Decimal("0"), False, "awaiting grading", True, grade.detail)
        )
        self.assertTrue(grade.needs_manual)

    def test_malformed_answers(self) -> None:
        """Empty or non-text answers are refused."""
        for bad in ["", "   ", None, 5, ["text"]]:
            with self.subTest(bad=bad), self.assertRaises(ResponseError):
                grade_response("short", SHORT, bad)


class ValidateAnswerDataTests(unittest.TestCase):
    def test_sound_keys_pass(self) -> None:
        """Every example key is sound."""
        for qtype, key in KEYS.items():
            with self.subTest(qtype=qtype):
                validate_answer_data(qtype, key)
        validate_answer_data("numeric", NUMERIC_POINT)

    def test_unsound_keys_raise(self) -> None:
        """A teacher's broken key is refused with AnswerDataError."""
        choices = SINGLE["choices"]
        table: list[tuple[str, dict[str, Any]]] = [
            ("single", {"choices": [{**c, "correct": True} for c in choices]}),
            ("single", {"choices": [{**c, "correct": False} for c in choices]}),
            ("single", {"choices": choices[:1]}),
            ("single", {"choices": [choices[0], {**choices[1], "key": "a"}]}),
            ("single", {"choices": [{**c, "correct": "yes"} for c in choices]}),
            ("single", {}),
            ("multiple", {"choices": [{**c, "correct": False} for c in choices]}),
            ("numeric", {"tolerance": "1"}),
            ("numeric", {"low": "5", "high": "1"}),
            ("numeric", {"value": "5", "tolerance": "-1"}),
            ("numeric", {"value": "five"}),
            ("numeric", {"value": "5", "tolerance_kind": "percent"}),
            ("evidence", {"accepted": []}),
            ("evidence", {"accepted": [{"start": 5, "end": 5}]}),
            ("evidence", {"accepted": [{"start": 9, "end": 3}]}),
            ("evidence", {"accepted": [{"start": 1, "end": 3}], "threshold": "0"}),
            ("ordering", {**ORDERING, "order": ["w", "x", "y"]}),
            ("ordering", {**ORDERING, "order": ["w", "x", "y", "y"]}),
            ("ordering", {**ORDERING, "order": ["w", "x", "y", "q"]}),
            ("chain", {**CHAIN, "chain": ["src", "nobody"]}),
            ("chain", {**CHAIN, "chain": []}),
            ("chain", {**CHAIN, "chain": ["src", "src"]}),
            ("short", {"rubric": []}),
            ("short", {"rubric": [{"criterion": "", "points": 1}]}),
            ("short", {"rubric": [{"criterion": "x", "points": 0}]}),
            ("essay", {}),
        ]
        for qtype, key in table:
            with self.subTest(qtype=qtype, key=key), self.assertRaises(AnswerDataError):
                validate_answer_data(qtype, key)

    def test_errors_are_value_errors(self) -> None:
        """Both error kinds are ValueErrors, so callers may catch either."""
        self.assertTrue(issubclass(AnswerDataError, ValueError))
        self.assertTrue(issubclass(ResponseError, ValueError))


class PublicDataTests(unittest.TestCase):
    def test_never_reveals_the_key(self) -> None:
        """No secret key appears in what a student sees, for any type."""
        for qtype, key in KEYS.items():
            with self.subTest(qtype=qtype):
                public = public_data(qtype, key, seed="q1")
                self.assertFalse(_all_keys(public) & SECRET_KEYS, public)
                json.dumps(public)  # JSON-ready

    def test_choice_text_kept_and_order_kept(self) -> None:
        """Choices keep their key and text."""
        public = public_data("single", SINGLE)
        self.assertEqual([c["key"] for c in public["choices"]], ["a", "b", "c"])
        self.assertEqual(public["choices"][1]["text"], "4,000 or more")

    def test_numeric_shows_only_the_unit(self) -> None:
        """A numeric question shows its unit and nothing else."""
        self.assertEqual(public_data("numeric", NUMERIC_RANGE), {"unit": "patients"})

    def test_evidence_and_short_show_nothing(self) -> None:
        """Evidence and short answers expose nothing of the key."""
        self.assertEqual(public_data("evidence", EVIDENCE), {})
        self.assertEqual(public_data("short", SHORT), {})

    def test_ordering_shuffle_is_seeded_and_never_the_key(self) -> None:
        """The same seed gives the same order; the shown order is not the key."""
        for seed in [str(n) for n in range(30)]:
            with self.subTest(seed=seed):
                first = public_data("ordering", ORDERING, seed=seed)
                again = public_data("ordering", ORDERING, seed=seed)
                self.assertEqual(first, again)
                shown = [i["key"] for i in first["items"]]
                self.assertEqual(sorted(shown), sorted(ORDERING["order"]))
                self.assertNotEqual(shown, ORDERING["order"])
                chain = [
                    i["key"] for i in public_data("chain", CHAIN, seed=seed)["pool"]
                ]
                self.assertNotEqual(chain[:3], CHAIN["chain"])

    def test_two_item_ordering_is_shown_reversed(self) -> None:
        """With two items the only order that is not the key is its reverse."""
        key = {
            "items": [{"key": "a", "text": "A"}, {"key": "b", "text": "B"}],
            "order": ["a", "b"],
        }
        for seed in ["1", "2", "3", "4"]:
            shown = [i["key"] for i in public_data("ordering", key, seed=seed)["items"]]
            self.assertEqual(shown, ["b", "a"])


# --- properties ------------------------------------------------------------------

_decimals = st.decimals(
    min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=2
)


@st.composite
def _choice_keys(draw: st.DrawFn, multiple: bool) -> dict[str, Any]:
    n = draw(st.integers(2, 6))
    if multiple:
        flags = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    else:
        right = draw(st.integers(0, n - 1))
        flags = [i == right for i in range(n)]
    return {
        "choices": [
            {"key": f"c{i}", "text": f"t{i}", "correct": f, "feedback": f"f{i}"}
            for i, f in enumerate(flags)
        ],
        "partial": draw(st.booleans()) if multiple else False,
    }


@st.composite
def _ordering_keys(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 7))
    keys = [f"k{i}" for i in range(n)]
    order = draw(st.permutations(keys))
    return {
        "items": [{"key": k, "text": k} for k in keys],
        "order": list(order),
        "partial": draw(st.booleans()),
    }


@st.composite
def _chain_keys(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    keys = [f"h{i}" for i in range(n)]
    chain = draw(st.permutations(keys))
    length = draw(st.integers(1, n))
    return {
        "pool": [{"key": k, "text": k} for k in keys],
        "chain": list(chain[:length]),
    }


@st.composite
def _evidence_keys(draw: st.DrawFn) -> dict[str, Any]:
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, 500), st.integers(1, 60)),
            min_size=1,
            max_size=4,
            unique_by=lambda s: s[0],
        )
    )
    return {
        "accepted": [{"article": "", "start": s, "end": s + w} for s, w in spans],
        "threshold": str(draw(st.sampled_from(["0.3", "0.5", "0.8", "1"]))),
    }


@st.composite
def _numeric_keys(draw: st.DrawFn) -> dict[str, Any]:
    a, b = sorted([draw(_decimals), draw(_decimals)])
    tolerance = draw(st.decimals(min_value=0, max_value=1000, places=2))
    base: dict[str, Any] = {
        "tolerance": str(tolerance),
        "tolerance_kind": draw(st.sampled_from(["absolute", "relative"])),
        "unit": "",
    }
    if draw(st.booleans()):
        return {**base, "value": str(a)}
    return {**base, "low": str(a), "high": str(b)}


_KEY_STRATEGIES = st.one_of(
    st.tuples(st.just("single"), _choice_keys(False)),
    st.tuples(st.just("multiple"), _choice_keys(True)),
    st.tuples(st.just("numeric"), _numeric_keys()),
    st.tuples(st.just("evidence"), _evidence_keys()),
    st.tuples(st.just("ordering"), _ordering_keys()),
    st.tuples(st.just("chain"), _chain_keys()),
)


@st.composite
def _key_and_answer(draw: st.DrawFn) -> tuple[str, dict[str, Any], Any]:
    qtype, key = draw(_KEY_STRATEGIES)
    if qtype == "single":
        answer: Any = draw(st.sampled_from([c["key"] for c in key["choices"]]))
    elif qtype == "multiple":
        answer = draw(
            st.lists(st.sampled_from([c["key"] for c in key["choices"]]), unique=True)
        )
    elif qtype == "numeric":
        if draw(st.booleans()):
            answer = {"value": str(draw(_decimals))}
        else:
            lo, hi = sorted([draw(_decimals), draw(_decimals)])
            answer = {"low": str(lo), "high": str(hi)}
    elif qtype == "evidence":
        spans = draw(
            st.lists(
                st.tuples(st.integers(0, 600), st.integers(1, 80)),
                min_size=1,
                max_size=5,
                unique=True,
            )
        )
        answer = [{"start": s, "end": s + w} for s, w in spans]
    elif qtype == "ordering":
        answer = list(draw(st.permutations(key["order"])))
    else:
        pool = [i["key"] for i in key["pool"]]
        answer = draw(st.lists(st.sampled_from(pool), min_size=1, unique=True))
    return qtype, key, answer


class GradingPropertyTests(unittest.TestCase):
    @settings(max_examples=300, deadline=None)
    @given(_key_and_answer())
    def test_score_always_between_zero_and_one(
        self, case: tuple[str, dict[str, Any], Any]
    ) -> None:
        """Whatever the answer, the score lies in [0, 1] and has 4 places."""
        qtype, key, answer = case
        grade = grade_response(qtype, key, answer)
        self.assertGreaterEqual(grade.score, 0)
        self.assertLessEqual(grade.score, 1)
        self.assertLessEqual(-grade.score.as_tuple().exponent, 4)  # type: ignore[operator]
        self.assertEqual(grade.correct, grade.score == 1)

    @settings(max_examples=300, deadline=None)
    @given(_KEY_STRATEGIES)
    def test_the_key_scores_one(self, case: tuple[str, dict[str, Any]]) -> None:
        """The answer the key itself gives scores 1, for every gradable type."""
        qtype, key = case
        grade = grade_response(qtype, key, key_response(qtype, key))
        self.assertEqual(grade.score, 1)
        self.assertTrue(grade.correct)

    @settings(max_examples=100, deadline=None)
    @given(_ordering_keys())
    def test_reversed_order_scores_zero_with_partial_credit(
        self, key: dict[str, Any]
    ) -> None:
        """Partial credit for ordering gives the reversed key nothing."""
        key = {**key, "partial": True}
        grade = grade_response("ordering", key, list(reversed(key["order"])))
        self.assertEqual(grade.score, 0)

    @settings(max_examples=300, deadline=None)
    @given(
        _numeric_keys(),
        st.one_of(
            _decimals.map(lambda d: {"value": str(d)}),
            st.tuples(_decimals, _decimals).map(
                lambda t: {"low": str(min(t)), "high": str(max(t))}
            ),
        ),
        st.decimals(min_value=0, max_value=1000, places=2),
    )
    def test_more_tolerance_never_lowers_a_score(
        self, key: dict[str, Any], answer: dict[str, str], extra: Decimal
    ) -> None:
        """Widening the tolerance never lowers the score of an answer."""
        looser = {**key, "tolerance": str(Decimal(key["tolerance"]) + extra)}
        self.assertGreaterEqual(
            grade_response("numeric", looser, answer).score,
            grade_response("numeric", key, answer).score,
        )

    @settings(max_examples=50, deadline=None)
    @given(_KEY_STRATEGIES, st.text(max_size=8))
    def test_public_data_hides_the_key(
        self, case: tuple[str, dict[str, Any]], seed: str
    ) -> None:
        """public_data never carries a key field, whatever the seed."""
        qtype, key = case
        self.assertFalse(_all_keys(public_data(qtype, key, seed=seed)) & SECRET_KEYS)


if __name__ == "__main__":
    unittest.main()
