"""Grading: a pure function from an answer key and a student's answer to a score.

The answer data follows the schemas of :mod:`lessons.engine.questions`. Three
kinds of function live here:

- :func:`validate_answer_data` checks that a key (generated, or edited by a
  teacher) is sound before it is saved; it raises :class:`AnswerDataError`.
- :func:`validate_response` checks and normalises what a student sent; it
  raises :class:`ResponseError` with a message fit to show that student.
- :func:`grade_response` turns a key and an answer into a :class:`Grade`;
  :func:`public_data` is what a student may see of a question before the quiz's
  rule allows the answers to be shown.

How each type is scored (scores are Decimals in [0, 1], quantized to 0.0001):

- single: 1 if the chosen choice is correct, else 0. Feedback is the chosen
  choice's feedback.
- multiple: with ``partial``, (right chosen - wrong chosen) / all right,
  floored at 0; without it, 1 only for exactly the right set. Feedback is the
  feedback of every chosen choice, in the key's order.
- numeric: the key is ``value`` or ``low``..``high``, widened by ``tolerance``
  (absolute, or relative to each end). A single number scores 1 inside the
  widened key, else 0. A range answer ``{"low", "high"}`` scores 1 when each of
  its ends lies within tolerance of the key's matching end; otherwise it gets
  partial credit by overlap, |answer ∩ key| / |answer ∪ key| (widths of the
  un-widened intervals), so 13,000-17,000 against a key of 12,000-18,000 scores
  4/6. A range answer with equal ends is read as a single number. When the
  key names a unit and the answer names a different one, the score is 0.
- evidence: each accepted span is matched by the selected span of the same
  article that overlaps it best, with overlap |intersection| / |union| in code
  points; it counts as found when that ratio reaches ``threshold`` (default
  0.5). A selected span that reaches the threshold with no accepted span is an
  extra. Score = (found - 0.5 x extras) / accepted, floored at 0.
- ordering: exact, 1 or 0; with ``partial``, the share of item pairs that the
  answer puts in the key's relative order (Kendall-style): the key scores 1,
  its reverse 0.
- chain: per hop position: the number of positions holding the key's hop,
  divided by the longer of the chain and the answer (so padding the answer
  with distractors never pays). Order mistakes cost only the positions they
  displace.
- short: not scored here; ``needs_manual`` is set and the score is 0 until a
  teacher grades it against the rubric.

Feedback never states the key: when a quiz shows answers is a separate rule.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, TypeGuard

from .questions import QuestionType

__all__ = [
    "AnswerDataError",
    "Grade",
    "ResponseError",
    "grade_response",
    "key_response",
    "public_data",
    "validate_answer_data",
    "validate_response",
]

SCORE_QUANTUM = Decimal("0.0001")
DEFAULT_EVIDENCE_THRESHOLD = Decimal("0.5")
EVIDENCE_EXTRA_PENALTY = Decimal("0.5")
AWAITING_GRADING = "awaiting grading"

# Limits on what a student may send, so a hostile answer costs little to grade.
MAX_LIST_LENGTH = 200
MAX_TEXT_LENGTH = 20_000
MAX_NUMBER_LENGTH = 60

_UNIT_ALIASES = {"%": "percent", "per cent": "percent", "pct": "percent"}


class AnswerDataError(ValueError):
    """An answer key is unsound: no correct choice, an empty rubric, ..."""


class ResponseError(ValueError):
    """A student's answer is malformed: wrong type, unknown choice, ..."""


@dataclass(frozen=True)
class Grade:
    score: Decimal  # 0..1, quantized to 0.0001
    correct: bool
    feedback: str
    needs_manual: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)  # per-part results


# --- public API ----------------------------------------------------------------


def grade_response(
    question_type: str | QuestionType,
    answer_data: Mapping[str, Any],
    response: Any,
    *,
    text_lengths: Mapping[str, int] | None = None,
) -> Grade:
    """Grade ``response`` against ``answer_data``.

    Raises :class:`AnswerDataError` when the key is unsound and
    :class:`ResponseError` when the answer is malformed. ``text_lengths``
    (article key → length of its text) lets evidence answers be checked
    against the text they select from.
    """
    qtype = _question_type(question_type)
    validate_answer_data(qtype, answer_data)
    normalised = validate_response(
        qtype, answer_data, response, text_lengths=text_lengths
    )
    grader = _GRADERS[qtype]
    return grader(answer_data, normalised)


def validate_answer_data(
    question_type: str | QuestionType, answer_data: Mapping[str, Any]
) -> None:
    """Raise :class:`AnswerDataError` unless ``answer_data`` is a sound key."""
    qtype = _question_type(question_type, error=AnswerDataError)
    if not isinstance(answer_data, Mapping):
        raise AnswerDataError("answer data must be an object")
    _KEY_VALIDATORS[qtype](answer_data)


def validate_response(
    question_type: str | QuestionType,
    answer_data: Mapping[str, Any],
    response: Any,
    *,
    text_lengths: Mapping[str, int] | None = None,
) -> Any:
    """Check a student's answer against the question's shape; return it normalised.

    Normalised forms: single → key; multiple, ordering, chain → list of keys;
    numeric → ``{"value": str}`` or ``{"low": str, "high": str}`` plus ``unit``
    when given; evidence → list of ``{"article", "start", "end"}``; short → str.
    Evidence spans are checked against ``text_lengths`` (article key → length
    of its text; key "" for a lone article) when it is given.
    """
    qtype = _question_type(question_type)
    if qtype is QuestionType.EVIDENCE:
        return _evidence_response(answer_data, response, text_lengths)
    return _RESPONSE_VALIDATORS[qtype](answer_data, response)


def public_data(
    question_type: str | QuestionType,
    answer_data: Mapping[str, Any],
    seed: str = "",
) -> dict[str, Any]:
    """What a student may see of the answer data before answers are shown.

    Choices lose ``correct``, ``feedback`` and ``misconception``; ordering items
    and the chain's pool are shuffled with ``seed`` (the question's key, say) so
    that the order shown is stable for a question and never the key's order.
    """
    qtype = _question_type(question_type)
    validate_answer_data(qtype, answer_data)
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        public: dict[str, Any] = {
            "choices": [
                {"key": c["key"], "text": c.get("text", "")}
                for c in answer_data["choices"]
            ]
        }
        if qtype is QuestionType.MULTIPLE:
            public["partial"] = bool(answer_data.get("partial", False))
        return public
    if qtype is QuestionType.NUMERIC:
        return {"unit": str(answer_data.get("unit", "") or "")}
    if qtype is QuestionType.ORDERING:
        items = [
            {"key": i["key"], "text": i.get("text", "")} for i in answer_data["items"]
        ]
        return {"items": _shuffled(items, list(answer_data["order"]), seed)}
    if qtype is QuestionType.CHAIN:
        pool = [
            {"key": i["key"], "text": i.get("text", "")} for i in answer_data["pool"]
        ]
        return {"pool": _shuffled(pool, list(answer_data["chain"]), seed)}
    return {}  # evidence and short: nothing of the key


def key_response(
    question_type: str | QuestionType, answer_data: Mapping[str, Any]
) -> Any:
    """The answer that the key itself gives: it scores 1 (short: the model answer)."""
    qtype = _question_type(question_type)
    validate_answer_data(qtype, answer_data)
    if qtype is QuestionType.SINGLE:
        return next(c["key"] for c in answer_data["choices"] if c["correct"])
    if qtype is QuestionType.MULTIPLE:
        return [c["key"] for c in answer_data["choices"] if c["correct"]]
    if qtype is QuestionType.NUMERIC:
        if answer_data.get("value") not in (None, ""):
            return {"value": str(answer_data["value"])}
        return {"low": str(answer_data["low"]), "high": str(answer_data["high"])}
    if qtype is QuestionType.EVIDENCE:
        return [
            {"article": a.get("article", ""), "start": a["start"], "end": a["end"]}
            for a in answer_data["accepted"]
        ]
    if qtype is QuestionType.ORDERING:
        return list(answer_data["order"])
    if qtype is QuestionType.CHAIN:
        return list(answer_data["chain"])
    return str(answer_data.get("model_answer", ""))


# --- helpers shared by all types -------------------------------------------------


def _question_type(
    value: str | QuestionType, error: type[ValueError] = ValueError
) -> QuestionType:
    try:
        return QuestionType(value)
    except ValueError:
        known = ", ".join(t.value for t in QuestionType)
        raise error(f"unknown question type {value!r} (known: {known})") from None


def _score(value: Decimal | int) -> Decimal:
    v = Decimal(value)
    v = max(Decimal(0), min(Decimal(1), v))
    return v.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def _ratio(numerator: int | Decimal, denominator: int | Decimal) -> Decimal:
    if not denominator:
        return Decimal(0)
    return Decimal(numerator) / Decimal(denominator)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _shuffled(
    items: list[dict[str, Any]], key_order: list[str], seed: str
) -> list[dict[str, Any]]:
    """Shuffle deterministically; never show the key's order as the first items."""
    rng = random.Random(f"tally:{seed}")
    shuffled = list(items)
    rng.shuffle(shuffled)
    head = [i["key"] for i in shuffled[: len(key_order)]]
    if len(shuffled) > 1 and head == key_order:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _keyed_list(answer_data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    """A list of ``{key, text, ...}`` objects with unique non-empty keys."""
    entries = answer_data.get(name)
    if not isinstance(entries, list) or not entries:
        raise AnswerDataError(f"{name!r} must be a non-empty list")
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise AnswerDataError(f"{name} #{position} must be an object")
        key = entry.get("key")
        if not isinstance(key, str) or not key:
            raise AnswerDataError(f"{name} #{position} needs a non-empty string 'key'")
        if key in seen:
            raise AnswerDataError(f"{name} #{position}: duplicate key {key!r}")
        seen.add(key)
        if not isinstance(entry.get("text", ""), str):
            raise AnswerDataError(f"{name} {key!r}: 'text' must be a string")
    return list(entries)


def _key_list(
    response: Any, known: Sequence[str], *, what: str = "choice"
) -> list[str]:
    """A student's list of keys: strings, known, no repeats."""
    if isinstance(response, (str, bytes)) or not isinstance(response, (list, tuple)):
        raise ResponseError(f"expected a list of {what} keys")
    if len(response) > MAX_LIST_LENGTH:
        raise ResponseError(f"too many {what}s")
    keys: list[str] = []
    for item in response:
        if not isinstance(item, str):
            raise ResponseError(f"each {what} must be given by its key (a string)")
        if item not in known:
            raise ResponseError(f"unknown {what} {item!r}")
        if item in keys:
            raise ResponseError(f"{what} {item!r} given twice")
        keys.append(item)
    return keys


def _decimal(value: Any, *, what: str, error: type[ValueError]) -> Decimal:
    """Read a number: int, Decimal, float or a string like "12,000" or " 0.5 "."""
    if isinstance(value, bool):
        raise error(f"{what} is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if not text or len(text) > MAX_NUMBER_LENGTH:
            raise error(f"{what} is not a number")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise error(f"{what} {value!r} is not a number") from None
    else:
        raise error(f"{what} is not a number")
    if not number.is_finite():
        raise error(f"{what} must be a finite number")
    return number


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --- single and multiple choice --------------------------------------------------


def _validate_choices(answer_data: Mapping[str, Any], *, multiple: bool) -> None:
    choices = _keyed_list(answer_data, "choices")
    if len(choices) < 2:
        raise AnswerDataError("a choice question needs at least two choices")
    for choice in choices:
        if not isinstance(choice.get("correct"), bool):
            raise AnswerDataError(
                f"choice {choice['key']!r}: 'correct' must be true or false"
            )
        for name in ("feedback", "misconception"):
            if not isinstance(choice.get(name, ""), str):
                raise AnswerDataError(
                    f"choice {choice['key']!r}: {name!r} must be a string"
                )
    correct = sum(1 for c in choices if c["correct"])
    if multiple:
        if correct < 1:
            raise AnswerDataError(
                "a multiple-choice question needs at least one correct choice"
            )
        if not isinstance(answer_data.get("partial", False), bool):
            raise AnswerDataError("'partial' must be true or false")
    elif correct != 1:
        raise AnswerDataError(
            f"a single-choice question needs exactly one correct choice, not {correct}"
        )


def _validate_single_key(answer_data: Mapping[str, Any]) -> None:
    _validate_choices(answer_data, multiple=False)


def _validate_multiple_key(answer_data: Mapping[str, Any]) -> None:
    _validate_choices(answer_data, multiple=True)


def _choice_keys(answer_data: Mapping[str, Any]) -> list[str]:
    choices = answer_data.get("choices")
    if not isinstance(choices, list):
        return []
    return [
        key
        for c in choices
        if isinstance(c, Mapping) and isinstance(key := c.get("key"), str)
    ]


def _single_response(answer_data: Mapping[str, Any], response: Any) -> str:
    if isinstance(response, list) and len(response) == 1:
        response = response[0]  # a form may post one value as a list
    if not isinstance(response, str):
        raise ResponseError("choose one choice, given by its key")
    if response not in _choice_keys(answer_data):
        raise ResponseError(f"unknown choice {response!r}")
    return response


def _multiple_response(answer_data: Mapping[str, Any], response: Any) -> list[str]:
    return _key_list(response, _choice_keys(answer_data))


def _grade_single(answer_data: Mapping[str, Any], response: str) -> Grade:
    choice = next(c for c in answer_data["choices"] if c["key"] == response)
    correct = bool(choice["correct"])
    feedback = choice.get("feedback", "") or ("Correct." if correct else "Not quite.")
    return Grade(
        score=_score(1 if correct else 0),
        correct=correct,
        feedback=feedback,
        detail={
            "choice": response,
            "misconception": "" if correct else choice.get("misconception", ""),
        },
    )


def _grade_multiple(answer_data: Mapping[str, Any], response: list[str]) -> Grade:
    choices = answer_data["choices"]
    chosen = set(response)
    right = {c["key"] for c in choices if c["correct"]}
    hits = len(chosen & right)
    wrong = len(chosen - right)
    exact = chosen == right
    if answer_data.get("partial", False):
        score = _score(max(Decimal(0), _ratio(hits - wrong, len(right))))
    else:
        score = _score(1 if exact else 0)
    picked = [c for c in choices if c["key"] in chosen]  # in the key's order
    feedback = "\n\n".join(c.get("feedback", "") for c in picked if c.get("feedback"))
    if not picked:
        feedback = "No choice selected."
    elif not feedback:
        feedback = "Correct." if exact else "Not quite."
    return Grade(
        score=score,
        correct=exact,
        feedback=feedback,
        detail={
            "chosen": [c["key"] for c in picked],
            "right": hits,
            "wrong": wrong,
            "missed": len(right - chosen),
            "misconceptions": [
                c.get("misconception", "")
                for c in picked
                if not c["correct"] and c.get("misconception")
            ],
        },
    )


# --- numeric ---------------------------------------------------------------------


def _normal_unit(unit: str) -> str:
    text = " ".join(unit.casefold().split())
    text = _UNIT_ALIASES.get(text, text)
    if len(text) > 3 and text.endswith("s"):
        text = text[:-1]
    return text


def _validate_numeric_key(answer_data: Mapping[str, Any]) -> None:
    value = answer_data.get("value")
    if value not in (None, ""):
        _decimal(value, what="'value'", error=AnswerDataError)
    else:
        if answer_data.get("low") in (None, "") or answer_data.get("high") in (
            None,
            "",
        ):
            raise AnswerDataError(
                "a numeric key needs a 'value', or both 'low' and 'high'"
            )
        low = _decimal(answer_data["low"], what="'low'", error=AnswerDataError)
        high = _decimal(answer_data["high"], what="'high'", error=AnswerDataError)
        if low > high:
            raise AnswerDataError(f"'low' ({low}) is above 'high' ({high})")
    tolerance = _decimal(
        answer_data.get("tolerance", "0") or "0",
        what="'tolerance'",
        error=AnswerDataError,
    )
    if tolerance < 0:
        raise AnswerDataError("'tolerance' must not be negative")
    kind = answer_data.get("tolerance_kind", "absolute") or "absolute"
    if kind not in ("absolute", "relative"):
        raise AnswerDataError("'tolerance_kind' must be 'absolute' or 'relative'")
    if not isinstance(answer_data.get("unit", "") or "", str):
        raise AnswerDataError("'unit' must be a string")


def _numeric_key(
    answer_data: Mapping[str, Any],
) -> tuple[Decimal, Decimal, Decimal, bool]:
    """(low, high, tolerance, relative) of a validated key."""
    value = answer_data.get("value")
    if value not in (None, ""):
        low = high = _decimal(value, what="value", error=AnswerDataError)
    else:
        low = _decimal(answer_data["low"], what="low", error=AnswerDataError)
        high = _decimal(answer_data["high"], what="high", error=AnswerDataError)
    tolerance = _decimal(
        answer_data.get("tolerance", "0") or "0",
        what="tolerance",
        error=AnswerDataError,
    )
    relative = (answer_data.get("tolerance_kind") or "absolute") == "relative"
    return low, high, tolerance, relative


def _numeric_response(answer_data: Mapping[str, Any], response: Any) -> dict[str, str]:
    unit: Any = ""
    if isinstance(response, Mapping):
        unit = response.get("unit", "") or ""
        if not isinstance(unit, str) or len(unit) > 100:
            raise ResponseError("the unit must be a short text")
        if "low" in response or "high" in response:
            if "value" in response:
                raise ResponseError("give either a value or a low and a high, not both")
            if response.get("low") in (None, "") or response.get("high") in (None, ""):
                raise ResponseError("a range needs both a low and a high")
            low = _decimal(response["low"], what="the low end", error=ResponseError)
            high = _decimal(response["high"], what="the high end", error=ResponseError)
            if low > high:
                raise ResponseError("the low end is above the high end")
            normal = {"low": _plain(low), "high": _plain(high)}
        elif "value" in response:
            value = _decimal(response["value"], what="the answer", error=ResponseError)
            normal = {"value": _plain(value)}
        else:
            raise ResponseError("give a number as 'value'")
    else:
        value = _decimal(response, what="the answer", error=ResponseError)
        normal = {"value": _plain(value)}
    if unit.strip():
        normal["unit"] = unit.strip()
    return normal


def _within(
    value: Decimal, target: Decimal, tolerance: Decimal, relative: bool
) -> bool:
    allowed = abs(target) * tolerance if relative else tolerance
    return abs(value - target) <= allowed


def _grade_numeric(
    answer_data: Mapping[str, Any], response: Mapping[str, str]
) -> Grade:
    low, high, tolerance, relative = _numeric_key(answer_data)
    key_unit = str(answer_data.get("unit", "") or "")
    given_unit = response.get("unit", "")
    if key_unit and given_unit and _normal_unit(given_unit) != _normal_unit(key_unit):
        return Grade(
            score=_score(0),
            correct=False,
            feedback=f"The question asks for the answer in {key_unit}.",
            detail={"unit_ok": False},
        )
    allowed_low = low - (abs(low) * tolerance if relative else tolerance)
    allowed_high = high + (abs(high) * tolerance if relative else tolerance)
    if "value" in response or response["low"] == response["high"]:
        value = Decimal(response.get("value") or response["low"])
        inside = allowed_low <= value <= allowed_high
        if inside:
            feedback = "Correct."
        elif value < allowed_low:
            feedback = "Too low: check which figures you combined and how."
        else:
            feedback = "Too high: check which figures you combined and how."
        return Grade(
            score=_score(1 if inside else 0),
            correct=inside,
            feedback=feedback,
            detail={"unit_ok": True, "form": "value"},
        )
    a_low, a_high = Decimal(response["low"]), Decimal(response["high"])
    ends_ok = _within(a_low, low, tolerance, relative) and _within(
        a_high, high, tolerance, relative
    )
    if ends_ok:
        score = _score(1)
    else:
        overlap = min(a_high, high) - max(a_low, low)
        union = max(a_high, high) - min(a_low, low)
        score = _score(_ratio(max(overlap, Decimal(0)), union))
    correct = score == 1
    if correct:
        feedback = "Correct."
    elif score > 0:
        feedback = "Your range overlaps the right one only in part."
    else:
        feedback = "Your range does not overlap the right one."
    return Grade(
        score=score,
        correct=correct,
        feedback=feedback,
        detail={"unit_ok": True, "form": "range"},
    )


# --- evidence --------------------------------------------------------------------


def _validate_evidence_key(answer_data: Mapping[str, Any]) -> None:
    accepted = answer_data.get("accepted")
    if not isinstance(accepted, list) or not accepted:
        raise AnswerDataError("'accepted' must be a non-empty list of spans")
    for position, span in enumerate(accepted, start=1):
        if not isinstance(span, Mapping):
            raise AnswerDataError(f"accepted span #{position} must be an object")
        start, end = span.get("start"), span.get("end")
        if not (_is_int(start) and _is_int(end)):
            raise AnswerDataError(
                f"accepted span #{position}: 'start' and 'end' must be integers"
            )
        if not 0 <= start < end:
            raise AnswerDataError(
                f"accepted span #{position}: needs 0 <= start < end, "
                f"got [{start}, {end})"
            )
        if not isinstance(span.get("article", ""), str):
            raise AnswerDataError(
                f"accepted span #{position}: 'article' must be a string"
            )
    threshold = _decimal(
        answer_data.get("threshold", DEFAULT_EVIDENCE_THRESHOLD),
        what="'threshold'",
        error=AnswerDataError,
    )
    if not 0 < threshold <= 1:
        raise AnswerDataError("'threshold' must be above 0 and at most 1")


def _evidence_response(
    answer_data: Mapping[str, Any],
    response: Any,
    text_lengths: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    if isinstance(response, Mapping):
        response = [response]  # one span sent on its own
    if isinstance(response, (str, bytes)) or not isinstance(response, (list, tuple)):
        raise ResponseError("expected a list of spans")
    if not response:
        raise ResponseError("select at least one stretch of the text")
    if len(response) > MAX_LIST_LENGTH:
        raise ResponseError("too many spans")
    articles = {
        a.get("article", "")
        for a in answer_data.get("accepted", [])
        if isinstance(a, Mapping)
    }
    # A span without an article belongs to the question's lone article.
    default_article = next(iter(articles)) if len(articles) == 1 else ""
    spans: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for position, span in enumerate(response, start=1):
        if not isinstance(span, Mapping):
            raise ResponseError(
                f"span #{position} must be an object with 'start' and 'end'"
            )
        start, end = span.get("start"), span.get("end")
        if not (_is_int(start) and _is_int(end)):
            raise ResponseError(
                f"span #{position}: 'start' and 'end' must be whole numbers"
            )
        if not 0 <= start < end:
            raise ResponseError(
                f"span #{position}: the end must come after the start, "
                "and neither may be negative"
            )
        article = span.get("article", "") or default_article
        if not isinstance(article, str):
            raise ResponseError(f"span #{position}: 'article' must be a string")
        if text_lengths is not None:
            if article not in text_lengths:
                raise ResponseError(f"span #{position}: unknown article {article!r}")
            if end > text_lengths[article]:
                raise ResponseError(f"span #{position} runs past the end of the text")
        if (article, start, end) in seen:
            raise ResponseError(f"span #{position} is selected twice")
        seen.add((article, start, end))
        spans.append({"article": article, "start": start, "end": end})
    return spans


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> Decimal:
    """|a ∩ b| / |a ∪ b| in code points, 0 for spans of different articles."""
    if a.get("article", "") != b.get("article", ""):
        return Decimal(0)
    inter = min(a["end"], b["end"]) - max(a["start"], b["start"])
    if inter <= 0:
        return Decimal(0)
    union = (a["end"] - a["start"]) + (b["end"] - b["start"]) - inter
    return _ratio(inter, union)


def _grade_evidence(
    answer_data: Mapping[str, Any], response: list[dict[str, Any]]
) -> Grade:
    accepted = [
        {"article": a.get("article", ""), "start": a["start"], "end": a["end"]}
        for a in answer_data["accepted"]
    ]
    threshold = _decimal(
        answer_data.get("threshold", DEFAULT_EVIDENCE_THRESHOLD),
        what="threshold",
        error=AnswerDataError,
    )
    per_span = []
    found = 0
    for span in accepted:
        best = max((_overlap(span, r) for r in response), default=Decimal(0))
        hit = best >= threshold
        found += hit
        per_span.append({"overlap": str(_score(best)), "found": hit})
    extras = sum(
        1 for r in response if not any(_overlap(a, r) >= threshold for a in accepted)
    )
    raw = _ratio(Decimal(found) - EVIDENCE_EXTRA_PENALTY * extras, len(accepted))
    score = _score(max(Decimal(0), raw))
    correct = found == len(accepted) and extras == 0
    if correct:
        feedback = "Correct: you selected the right words."
    elif found:
        feedback = f"You found {found} of {len(accepted)} passages" + (
            f", and selected {extras} that do not answer the question."
            if extras
            else "."
        )
    else:
        feedback = "Your selection does not match the words that answer the question."
    return Grade(
        score=score,
        correct=correct,
        feedback=feedback,
        detail={"accepted": per_span, "extras": extras},
    )


# --- ordering and chain ------------------------------------------------------------


def _validate_ordering_key(answer_data: Mapping[str, Any]) -> None:
    items = _keyed_list(answer_data, "items")
    keys = [i["key"] for i in items]
    order = answer_data.get("order")
    if (
        not isinstance(order, list)
        or sorted(map(str, order)) != sorted(keys)
        or len(set(order)) != len(order)
    ):
        raise AnswerDataError("'order' must list every item key exactly once")
    if len(items) < 2:
        raise AnswerDataError("an ordering question needs at least two items")
    if not isinstance(answer_data.get("partial", False), bool):
        raise AnswerDataError("'partial' must be true or false")


def _validate_chain_key(answer_data: Mapping[str, Any]) -> None:
    pool = _keyed_list(answer_data, "pool")
    keys = {i["key"] for i in pool}
    chain = answer_data.get("chain")
    if not isinstance(chain, list) or not chain:
        raise AnswerDataError("'chain' must be a non-empty list of pool keys")
    for key in chain:
        if key not in keys:
            raise AnswerDataError(f"chain key {key!r} is not in the pool")
    if len(set(chain)) != len(chain):
        raise AnswerDataError("a chain must not repeat a hop")


def _item_keys(answer_data: Mapping[str, Any], name: str) -> list[str]:
    entries = answer_data.get(name)
    if not isinstance(entries, list):
        return []
    return [
        key
        for e in entries
        if isinstance(e, Mapping) and isinstance(key := e.get("key"), str)
    ]


def _ordering_response(answer_data: Mapping[str, Any], response: Any) -> list[str]:
    keys = _item_keys(answer_data, "items")
    order = _key_list(response, keys, what="item")
    if len(order) != len(keys):
        raise ResponseError("put every item in order: some are missing")
    return order


def _chain_response(answer_data: Mapping[str, Any], response: Any) -> list[str]:
    chain = _key_list(response, _item_keys(answer_data, "pool"), what="link")
    if not chain:
        raise ResponseError("the chain needs at least one link")
    return chain


def _grade_ordering(answer_data: Mapping[str, Any], response: list[str]) -> Grade:
    order = list(answer_data["order"])
    exact = response == order
    rank = {key: position for position, key in enumerate(response)}
    pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1 :]]
    agreeing = sum(1 for a, b in pairs if rank[a] < rank[b])
    if answer_data.get("partial", False):
        score = _score(_ratio(agreeing, len(pairs)) if pairs else 1)
    else:
        score = _score(1 if exact else 0)
    if exact:
        feedback = "Correct: that is the right order."
    else:
        feedback = f"{agreeing} of {len(pairs)} pairs are in the right order."
    return Grade(
        score=score,
        correct=exact,
        feedback=feedback,
        detail={"pairs": len(pairs), "pairs_in_order": agreeing},
    )


def _grade_chain(answer_data: Mapping[str, Any], response: list[str]) -> Grade:
    chain = list(answer_data["chain"])
    hops = [
        {
            "position": i + 1,
            "given": given,
            "correct": i < len(chain) and given == chain[i],
        }
        for i, given in enumerate(response)
    ]
    right = sum(1 for h in hops if h["correct"])
    score = _score(_ratio(right, max(len(chain), len(response))))
    exact = response == chain
    if exact:
        feedback = "Correct: that is the chain, link by link."
    else:
        feedback = f"{right} of {len(chain)} links are in the right place."
        if len(response) != len(chain):
            feedback += " The chain has a different number of links."
    return Grade(score=score, correct=exact, feedback=feedback, detail={"hops": hops})


# --- short written answer ---------------------------------------------------


def _validate_short_key(answer_data: Mapping[str, Any]) -> None:
    rubric = answer_data.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        raise AnswerDataError("'rubric' must be a non-empty list of criteria")
    for position, row in enumerate(rubric, start=1):
        if not isinstance(row, Mapping):
            raise AnswerDataError(f"rubric row #{position} must be an object")
        criterion = row.get("criterion")
        if not isinstance(criterion, str) or not criterion.strip():
            raise AnswerDataError(f"rubric row #{position} needs a 'criterion'")
        points = _decimal(
            row.get("points"),
            what=f"rubric row #{position} 'points'",
            error=AnswerDataError,
        )
        if points <= 0:
            raise AnswerDataError(f"rubric row #{position}: 'points' must be positive")
    if not isinstance(answer_data.get("model_answer", ""), str):
        raise AnswerDataError("'model_answer' must be a string")


def _short_response(answer_data: Mapping[str, Any], response: Any) -> str:
    if not isinstance(response, str):
        raise ResponseError("write your answer as text")
    text = response.strip()
    if not text:
        raise ResponseError("the answer is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise ResponseError(f"the answer is longer than {MAX_TEXT_LENGTH} characters")
    return text


def _grade_short(answer_data: Mapping[str, Any], response: str) -> Grade:
    return Grade(
        score=_score(0),
        correct=False,
        feedback=AWAITING_GRADING,
        needs_manual=True,
        detail={"length": len(response)},
    )


_KEY_VALIDATORS: dict[QuestionType, Callable[[Mapping[str, Any]], None]] = {
    QuestionType.SINGLE: _validate_single_key,
    QuestionType.MULTIPLE: _validate_multiple_key,
    QuestionType.NUMERIC: _validate_numeric_key,
    QuestionType.EVIDENCE: _validate_evidence_key,
    QuestionType.ORDERING: _validate_ordering_key,
    QuestionType.CHAIN: _validate_chain_key,
    QuestionType.SHORT: _validate_short_key,
}

_RESPONSE_VALIDATORS: dict[QuestionType, Callable[[Mapping[str, Any], Any], Any]] = {
    QuestionType.SINGLE: _single_response,
    QuestionType.MULTIPLE: _multiple_response,
    QuestionType.NUMERIC: _numeric_response,
    QuestionType.EVIDENCE: _evidence_response,  # called with text_lengths above
    QuestionType.ORDERING: _ordering_response,
    QuestionType.CHAIN: _chain_response,
    QuestionType.SHORT: _short_response,
}

_GRADERS: dict[QuestionType, Callable[[Mapping[str, Any], Any], Grade]] = {
    QuestionType.SINGLE: _grade_single,
    QuestionType.MULTIPLE: _grade_multiple,
    QuestionType.NUMERIC: _grade_numeric,
    QuestionType.EVIDENCE: _grade_evidence,
    QuestionType.ORDERING: _grade_ordering,
    QuestionType.CHAIN: _grade_chain,
    QuestionType.SHORT: _grade_short,
}
