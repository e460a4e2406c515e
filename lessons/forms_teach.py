"""Forms for the teacher's workspace: articles, figures, lessons and questions.

Forms read and check what was posted and turn it into the shapes the services
take (``import_article``, ``correct_figure``, ``set_attribution``,
``edit_question``...); the services validate again and write.

Spans: offsets are code points into the article's text (Python ``str``
indexes). With JavaScript, teach.js posts ``start``/``end`` from a selection
(and fills in the quote); without it, a teacher types the exact quote and which
occurrence of it is meant. ``resolve_span`` accepts either.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lessons.engine import types as engine
from lessons.engine.grade import DEFAULT_EVIDENCE_THRESHOLD
from lessons.models import Article, Figure

MAX_QUOTE_CHARS = 2_000
MAX_ROWS = 50
_NEWLINES = re.compile(r"\r\n?")


def normalise_newlines(text: str) -> str:
    """CRLF and CR as LF: browsers post a textarea's line ends as CRLF."""
    return _NEWLINES.sub("\n", text)


def service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it can."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


# --- spans -------------------------------------------------------------------


def resolve_span(
    text: str,
    *,
    start: int | None,
    end: int | None,
    quote: str,
    occurrence: int | None,
) -> tuple[int, int] | None:
    """Code-point offsets of a selection, or of the n-th occurrence of a quote.

    None when neither was given; ValidationError when they do not fit the text.
    """
    if start is not None or end is not None:
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise ValidationError(
                _(
                    "The selection is not a stretch of the article's text; "
                    "select the words again."
                ),
                code="bad_span",
            )
        if quote and text[start:end] != quote:
            raise ValidationError(
                _(
                    "The selection does not match the quoted words; select "
                    "them again or clear the quote."
                ),
                code="span_mismatch",
            )
        return start, end
    if not quote:
        return None
    positions = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not positions:
        raise ValidationError(
            _(
                "“%(quote)s” does not occur in the article's text; copy the words "
                "exactly, with their spaces and punctuation."
            ),
            params={"quote": quote[:80]},
            code="quote_not_found",
        )
    occurrence = occurrence or 1
    if occurrence > len(positions):
        raise ValidationError(
            _("“%(quote)s” occurs only %(count)s time(s) in the text."),
            params={"quote": quote[:80], "count": len(positions)},
            code="occurrence",
        )
    begin = positions[occurrence - 1]
    return begin, begin + len(quote)


def occurrence_of(text: str, start: int, end: int) -> int:
    """Which occurrence of its own words the span [start, end) is (1-based)."""
    quote = text[start:end]
    return sum(1 for m in re.finditer(re.escape(quote), text[:start])) + 1


class SpanFields(forms.Form):
    """A stretch of an article's text: offsets from a selection, or a quote."""

    start = forms.IntegerField(
        required=False, min_value=0, widget=forms.HiddenInput(attrs={"data-start": ""})
    )
    end = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput(attrs={"data-end": ""})
    )
    quote = forms.CharField(
        label=_("Exact words"),
        required=False,
        max_length=MAX_QUOTE_CHARS,
        help_text=_("Copy them exactly from the text, or select them above."),
        widget=forms.TextInput(attrs={"data-quote": "", "autocomplete": "off"}),
    )
    occurrence = forms.IntegerField(
        label=_("Which occurrence"),
        required=False,
        min_value=1,
        initial=1,
        help_text=_("1 for the first place these words appear, 2 for the second…"),
        widget=forms.NumberInput(attrs={"data-occurrence": "", "min": 1}),
    )

    span_required = False

    def __init__(self, *args: Any, text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        self.span: tuple[int, int] | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name in self.errors for name in ("start", "end", "quote", "occurrence")):
            return cleaned
        try:
            self.span = resolve_span(
                self.text,
                start=cleaned.get("start"),
                end=cleaned.get("end"),
                quote=cleaned.get("quote", ""),
                occurrence=cleaned.get("occurrence"),
            )
        except ValidationError as error:
            self.add_error("quote", error)
            return cleaned
        if self.span is None and self.span_required:
            self.add_error(
                "quote",
                ValidationError(
                    _("Select the words in the text, or type them exactly."),
                    code="required",
                ),
            )
        return cleaned


# --- articles ----------------------------------------------------------------


def max_upload_bytes() -> int:
    """An upload may hold the character limit in UTF-8 (up to 4 bytes each)."""
    return settings.TALLY_MAX_ARTICLE_CHARS * 4


class ArticleAddForm(forms.Form):
    headline = forms.CharField(label=_("Headline"), max_length=500)
    outlet = forms.CharField(
        label=_("Outlet"),
        max_length=300,
        help_text=_("Who published it, e.g. “BBC News”."),
    )
    published = forms.DateField(
        label=_("Date published"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if you do not know it."),
    )
    published_inferred = forms.BooleanField(
        label=_("The text carries no date: I inferred it from the events"),
        required=False,
    )
    published_note = forms.CharField(
        label=_("How the date was inferred"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    url = forms.URLField(
        label=_("Web address (URL)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    text = forms.CharField(
        label=_("Paste the article's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text=_(
            "Paste it as it is: it is stored exactly and frozen, because the "
            "figures are anchored to its characters."
        ),
    )
    file = forms.FileField(
        label=_("…or upload a .txt file"),
        required=False,
        help_text=_("Plain text in UTF-8."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def clean_file(self) -> str | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit = max_upload_bytes()
        if not upload.name.lower().endswith(".txt"):
            raise ValidationError(
                _("Upload a plain-text file ending in .txt."), code="not_txt"
            )
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s bytes; the limit is %(limit)s."),
                params={"size": f"{upload.size:,}", "limit": f"{limit:,}"},
                code="too_big",
            )
        raw = upload.read(limit + 1)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _(
                    "The file is not UTF-8 text (byte %(byte)s at position "
                    "%(position)s). Save it as UTF-8 and upload it again."
                ),
                params={
                    "byte": f"0x{raw[error.start]:02x}",
                    "position": f"{error.start:,}",
                },
                code="not_utf8",
            ) from None
        return text.removeprefix("\ufeff")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pasted = cleaned.get("text") or ""
        uploaded = cleaned.get("file")
        if "file" in self.errors or "text" in self.errors:
            return cleaned
        if pasted.strip() and uploaded is not None:
            raise ValidationError(
                _("Paste the text or upload a file, not both."), code="both"
            )
        text = uploaded if uploaded is not None else pasted
        if not text or not text.strip():
            self.add_error(
                "text", _("Paste the article's text, or upload it as a .txt file.")
            )
            return cleaned
        text = normalise_newlines(text)
        limit = settings.TALLY_MAX_ARTICLE_CHARS
        if len(text) > limit:
            self.add_error(
                "file" if uploaded is not None else "text",
                _("The text has %(n)s characters; the limit is %(limit)s.")
                % {"n": f"{len(text):,}", "limit": f"{limit:,}"},
            )
        cleaned["article_text"] = text
        return cleaned


# --- figures -----------------------------------------------------------------


def _choices(name: str) -> list[tuple[str, str]]:
    return list(Figure._meta.get_field(name).choices)  # type: ignore[arg-type]


class DecimalText(forms.CharField):
    """A number as people write it: "50,000", "0.25", "1 500"."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        cleaned = text.replace(",", "").replace(" ", "").replace("_", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is not a number."), params={"value": text}
            ) from None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 24:
            raise ValidationError(_("That number is out of range."))
        if -number.as_tuple().exponent > 6:  # type: ignore[operator]
            raise ValidationError(_("Give at most six decimal places."))
        return number


_NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

FIGURE_FIELDS = (
    "low",
    "high",
    "bound",
    "kind",
    "unit",
    "quantity",
    "subject",
    "time_text",
    "time_kind",
    "time_start",
    "time_end",
    "method",
    "method_text",
    "note",
)


class FigureValuesForm(forms.Form):
    """What a figure states: value and bound, what is counted, when, how."""

    # One of ``low`` and ``high`` is required (see ``clean``): the template puts
    # them in one fieldset that says so, rather than marking each optional.
    low = DecimalText(
        label=_("Value, or low end of a range"),
        required=False,
        widget=_NUMBER,
        help_text=_("The number the article states."),
    )
    high = DecimalText(
        label=_("High end of a range"),
        required=False,
        widget=_NUMBER,
        help_text=_("For a range, or a ceiling (“up to 5”) alone; else leave empty."),
    )
    bound = forms.ChoiceField(label=_("Bound"), choices=())
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100)
    quantity = forms.CharField(
        label=_("Counted thing"),
        required=False,
        max_length=200,
        help_text=_("e.g. “fighters killed”"),
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    time_text = forms.CharField(
        label=_("Time, in the article's words"), required=False, max_length=200
    )
    time_kind = forms.ChoiceField(label=_("Time kind"), required=False, choices=())
    time_start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    time_end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    method = forms.ChoiceField(label=_("Method"), choices=())
    method_text = forms.CharField(
        label=_("Method, in the article's words"), required=False, max_length=200
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("bound", "kind", "method"):
            self.fields[name].choices = _choices(name)  # type: ignore[attr-defined]
        self.fields["time_kind"].choices = [("", "—")] + _choices("time_kind")  # type: ignore[attr-defined]
        self.fields["method"].initial = "unknown"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("low"), cleaned.get("high")
        if "low" in self.errors or "high" in self.errors:
            return cleaned
        if low is None and high is None:
            self.add_error(
                "low",
                _("Give the figure's value, or the low and high ends of a range."),
            )
            # The error belongs to both fields: mark the high end too, and let
            # it name the error shown at the value.
            self.fields["high"].widget.attrs.update(
                {
                    "aria-invalid": "true",
                    "aria-describedby": f"{self['high'].auto_id}_helptext "
                    f"{self['low'].auto_id}_error",
                }
            )
        elif cleaned.get("bound") == "range" and (low is None or high is None):
            self.add_error("high", _("A range needs a low and a high end."))
        elif low is not None and high is not None and low > high:
            self.add_error("high", _("The high end is below the low end."))
        start, end = cleaned.get("time_start"), cleaned.get("time_end")
        if start and end and start > end:
            self.add_error("time_end", _("The end date is before the start date."))
        return cleaned

    def values(self) -> dict[str, Any]:
        """The figure's fields as the services take them ("" for empty text)."""
        nullable = {"low", "high", "time_start", "time_end"}
        values = {}
        for name in FIGURE_FIELDS:
            value = self.cleaned_data.get(name)
            values[name] = value if value is not None or name in nullable else ""
        return values

    def changes(self, figure: Figure) -> dict[str, Any]:
        """Only the fields whose value differs from the figure's."""
        return {
            name: value
            for name, value in self.values().items()
            if getattr(figure, name) != value
        }


def figure_initial(figure: Figure) -> dict[str, Any]:
    initial = {name: getattr(figure, name) for name in FIGURE_FIELDS}
    for name in ("low", "high"):
        if initial[name] is not None:
            initial[name] = format(initial[name].normalize(), "f")
    return initial


class FigureAddForm(SpanFields, FigureValuesForm):
    """A figure the extractor missed: its words in the text, and its values."""

    span_required = True


# --- attribution -------------------------------------------------------------


class HopForm(SpanFields):
    speaker = forms.CharField(label=_("Speaker, as written"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.value.replace("_", " ")) for k in engine.SourceKind],
        initial="unknown",
    )
    named = forms.BooleanField(
        label=_("Named (not “a senior official”)"), required=False, initial=True
    )
    role = forms.CharField(label=_("Role"), required=False, max_length=200)
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=200
    )
    verb = forms.CharField(label=_("Verb"), required=False, max_length=100)

    field_order = ["speaker", "kind", "named", "role", "organisation", "verb"]

    def hop(self) -> dict[str, Any]:
        data = self.cleaned_data
        hop = {name: data.get(name) for name in ("speaker", "kind", "role")}
        hop |= {
            "named": bool(data.get("named")),
            "organisation": data.get("organisation", ""),
            "verb": data.get("verb", ""),
        }
        if self.span is not None:
            hop["start"], hop["end"] = self.span
        return hop


class BaseHopFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, text: str = "", **kwargs: Any) -> None:
        self.text = text
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"text": self.text}

    def hops(self) -> list[dict[str, Any]]:
        """The kept hops, in the order given (first-hand source first)."""
        rows = [
            form
            for form in self.ordered_forms  # type: ignore[attr-defined]
            if form.has_changed() or form.initial
        ]
        return [form.hop() for form in rows]


HopFormSet = forms.formset_factory(
    HopForm,
    formset=BaseHopFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=MAX_ROWS,
    validate_max=True,
)


def hop_initial(figure: Figure, text: str) -> list[dict[str, Any]]:
    """A figure's hops (prefetched, with source and span) as formset rows."""
    rows = []
    for order, hop in enumerate(figure.hops.all(), start=1):
        row = {
            "speaker": hop.speaker,
            "kind": hop.source.kind,
            "named": hop.source.named,
            "role": hop.role,
            "organisation": hop.organisation,
            "verb": hop.verb,
            "ORDER": order,
        }
        if hop.span is not None:
            row |= {
                "quote": text[hop.span.start : hop.span.end],
                "occurrence": occurrence_of(text, hop.span.start, hop.span.end),
            }
        rows.append(row)
    return rows


# --- lessons -------------------------------------------------------------------


class LessonEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=_("Body"),
        strip=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        help_text=_(
            "Markdown: **bold**, *italic*, > quotes, - lists, | tables |. "
            "Scripts and styles are removed when it is shown."
        ),
    )

    def clean_body(self) -> str:
        return normalise_newlines(self.cleaned_data["body"])


# --- questions -------------------------------------------------------------------


class QuestionEditForm(forms.Form):
    stem = forms.CharField(
        label=_("Question (stem)"),
        strip=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        strip=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown; shown with the feedback."),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        coerce=int,
        choices=[(1, _("1 – easy")), (2, _("2 – medium")), (3, _("3 – hard"))],
    )

    def clean_stem(self) -> str:
        return normalise_newlines(self.cleaned_data["stem"])

    def clean_explanation(self) -> str:
        return normalise_newlines(self.cleaned_data.get("explanation", ""))


def _next_keys(used: set[str], prefix: str) -> Any:
    number = 1
    while True:
        key = f"{prefix}{number}"
        if key not in used:
            used.add(key)
            yield key
        number += 1


class KeyedRowForm(forms.Form):
    """A row with a stable key (hidden; blank for a new row)."""

    key = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)


class RowFormSet(forms.BaseFormSet):
    def kept(self) -> list[forms.Form]:
        """Rows not deleted and not left blank."""
        return [
            form
            for form in self.forms
            if not self._should_delete_form(form)
            and (form.has_changed() or form.initial)
        ]


class BaseKeyedFormSet(RowFormSet):
    key_prefix = "k"

    def kept(self) -> list[forms.Form]:
        """Rows not deleted and not left blank, each with a unique key."""
        rows = super().kept()
        used = {form.cleaned_data.get("key") for form in rows} - {"", None}
        fresh = _next_keys(set(used), self.key_prefix)  # type: ignore[arg-type]
        seen: set[str] = set()
        for form in rows:
            key = form.cleaned_data.get("key") or ""
            if not key or key in seen:
                key = next(fresh)
                form.cleaned_data["key"] = key
            seen.add(key)
        return rows


class ChoiceRowForm(KeyedRowForm):
    text = forms.CharField(label=_("Choice"), max_length=1_000)
    correct = forms.BooleanField(label=_("Correct"), required=False)
    feedback = forms.CharField(
        label=_("Feedback when chosen"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    misconception = forms.CharField(
        label=_("Misconception tag"),
        required=False,
        max_length=100,
        help_text=_("e.g. hedge-read-as-exact; empty for a right choice."),
    )


class ChoiceFormSet(BaseKeyedFormSet):
    key_prefix = "c"


class OrderingRowForm(KeyedRowForm):
    text = forms.CharField(label=_("Item"), max_length=1_000)
    position = forms.IntegerField(
        label=_("Correct position"), min_value=1, max_value=MAX_ROWS
    )


class OrderingFormSet(BaseKeyedFormSet):
    key_prefix = "i"


class PoolRowForm(KeyedRowForm):
    text = forms.CharField(label=_("Source"), max_length=1_000)
    link = forms.IntegerField(
        label=_("Link in the chain"),
        required=False,
        min_value=1,
        max_value=MAX_ROWS,
        help_text=_("1 for the first-hand source; empty for a distractor."),
    )


class PoolFormSet(BaseKeyedFormSet):
    key_prefix = "p"


class RubricRowForm(forms.Form):
    criterion = forms.CharField(label=_("Criterion"), max_length=1_000)
    points = DecimalText(label=_("Points"), widget=_NUMBER)


def _numbered_initial(
    entries: Sequence[Mapping[str, Any]], sequence: Sequence[str], field: str
) -> list[dict[str, Any]]:
    """Rows for keyed entries, each numbered by its place in ``sequence`` (from 1;
    None for an entry not in it)."""
    return [
        {
            "key": entry.get("key", ""),
            "text": entry.get("text", ""),
            field: sequence.index(entry.get("key")) + 1
            if entry.get("key") in sequence
            else None,
        }
        for entry in entries
    ]


def _in_number_order(rows: Sequence[forms.Form], field: str, clash: str) -> list[str]:
    """The keys of the numbered rows in the order of their numbers; ``clash`` is
    the error when two rows share a number."""
    numbered = [row for row in rows if row.cleaned_data.get(field)]
    numbers = [row.cleaned_data[field] for row in numbered]
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"answer": [clash]})
    numbered.sort(key=lambda row: row.cleaned_data[field])
    return [row.cleaned_data["key"] for row in numbered]


def _entries(rows: Sequence[forms.Form]) -> list[dict[str, Any]]:
    return [
        {"key": row.cleaned_data["key"], "text": row.cleaned_data["text"]}
        for row in rows
    ]


def _formset(form: type[forms.Form], base: type[forms.BaseFormSet]) -> Any:
    return forms.formset_factory(
        form,
        formset=base,
        extra=1,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
    )


class AnswerEditor:
    """The answer key of one question type: a form and, for lists, a formset.

    ``answer()`` gives the key in the engine's shape (lessons/engine/questions.py);
    the engine's ``validate_answer_data`` (run by ``edit_question``) decides
    whether it is sound.
    """

    template = ""
    prefix = ""
    noun = ""  # what one of ``rows`` is called ("choice"), for the row editor

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        answer: Mapping[str, Any],
        articles: Sequence[Article] = (),
    ) -> None:
        self.data = data
        self.current = answer
        self.articles = list(articles)
        self.rows: Any = None
        self.options: forms.Form | None = None

    @property
    def parts(self) -> list[Any]:
        return [p for p in (self.options, self.rows) if p is not None]

    def is_valid(self) -> bool:
        return all(part.is_valid() for part in self.parts)

    def errors(self) -> list[str]:
        found: list[str] = []
        for part in self.parts:
            if isinstance(part, forms.BaseFormSet):
                found += list(part.non_form_errors())
                for number, row_errors in enumerate(part.errors, start=1):
                    for name, messages in row_errors.items():
                        label = "" if name == "__all__" else f" ({name})"
                        found += [f"Row {number}{label}: {m}" for m in messages]
            else:
                for name, messages in part.errors.items():
                    label = part.fields[name].label if name in part.fields else ""
                    found += [f"{label}: {m}" if label else m for m in messages]
        return found

    def answer(self) -> dict[str, Any]:
        raise NotImplementedError


class ChoicesOptions(forms.Form):
    partial = forms.BooleanField(
        label=_("Partial credit (right minus wrong, floored at 0)"), required=False
    )


class ChoicesEditor(AnswerEditor):
    template = "lessons/teach/answers/choices.html"
    prefix = "choices"
    noun = "choice"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        self.multiple = False
        self.rows = _formset(ChoiceRowForm, ChoiceFormSet)(
            data,
            prefix=self.prefix,
            initial=[
                {
                    "key": c.get("key", ""),
                    "text": c.get("text", ""),
                    "correct": bool(c.get("correct")),
                    "feedback": c.get("feedback", ""),
                    "misconception": c.get("misconception", ""),
                }
                for c in answer.get("choices", [])
            ],
        )

    def answer(self) -> dict[str, Any]:
        return {
            "choices": [
                {
                    "key": row.cleaned_data["key"],
                    "text": row.cleaned_data["text"],
                    "correct": bool(row.cleaned_data.get("correct")),
                    "feedback": row.cleaned_data.get("feedback", ""),
                    "misconception": row.cleaned_data.get("misconception", ""),
                }
                for row in self.rows.kept()
            ]
        }


class MultipleEditor(ChoicesEditor):
    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        self.multiple = True
        self.options = ChoicesOptions(
            data, prefix="options", initial={"partial": answer.get("partial", False)}
        )

    def answer(self) -> dict[str, Any]:
        assert self.options is not None
        return super().answer() | {
            "partial": bool(self.options.cleaned_data.get("partial"))
        }


class NumericOptions(forms.Form):
    mode = forms.ChoiceField(
        label=_("The answer is"),
        choices=[("value", _("one number")), ("range", _("a range"))],
        widget=forms.RadioSelect,
    )
    value = DecimalText(label=_("Number"), required=False, widget=_NUMBER)
    low = DecimalText(label=_("From"), required=False, widget=_NUMBER)
    high = DecimalText(label=_("To"), required=False, widget=_NUMBER)
    tolerance = DecimalText(
        label=_("Tolerance"),
        required=False,
        widget=_NUMBER,
        help_text=_("How far off an answer may be and still count; 0 for exact."),
    )
    tolerance_kind = forms.ChoiceField(
        label=_("Tolerance is"),
        choices=[
            ("absolute", _("absolute (in the answer's unit)")),
            ("relative", _("relative (0.1 = within 10%)")),
        ],
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=100,
        help_text=_("Leave empty when the answer asks for no unit."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("mode") == "value" and cleaned.get("value") is None:
            self.add_error("value", _("Give the number."))
        if cleaned.get("mode") == "range" and (
            cleaned.get("low") is None or cleaned.get("high") is None
        ):
            self.add_error("high", _("A range needs both ends."))
        return cleaned


def _plain(number: Decimal | None) -> str:
    return "" if number is None else format(number.normalize(), "f")


class NumericEditor(AnswerEditor):
    template = "lessons/teach/answers/numeric.html"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        ranged = answer.get("value") in (None, "") and "low" in answer
        self.options = NumericOptions(
            data,
            prefix="numeric",
            initial={
                "mode": "range" if ranged else "value",
                "value": answer.get("value", ""),
                "low": answer.get("low", ""),
                "high": answer.get("high", ""),
                "tolerance": answer.get("tolerance", "0"),
                "tolerance_kind": answer.get("tolerance_kind") or "absolute",
                "unit": answer.get("unit", ""),
            },
        )

    def answer(self) -> dict[str, Any]:
        assert self.options is not None
        data = self.options.cleaned_data
        key: dict[str, Any] = {
            "tolerance": _plain(data.get("tolerance")) or "0",
            "tolerance_kind": data["tolerance_kind"],
            "unit": data.get("unit", ""),
        }
        if data["mode"] == "range":
            key |= {"low": _plain(data.get("low")), "high": _plain(data.get("high"))}
        else:
            key["value"] = _plain(data.get("value"))
        return key


class EvidenceOptions(SpanFields):
    threshold = DecimalText(
        label=_("Overlap needed"),
        widget=_NUMBER,
        help_text=_(
            "How much of an accepted passage a student's selection must cover "
            "(0.5 = half; above 0, at most 1)."
        ),
    )
    article = forms.ChoiceField(label=_("Article"), required=False, choices=())

    field_order = ["threshold", "article", "quote", "occurrence", "start", "end"]

    def __init__(
        self, *args: Any, articles: Sequence[Article] = (), **kwargs: Any
    ) -> None:
        self.articles = {a.key: a for a in articles}
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [  # type: ignore[attr-defined]
            (a.key, a.headline) for a in articles
        ]

    def clean(self) -> dict[str, Any]:
        article = self.articles.get(self.data.get(self.add_prefix("article"), ""))
        if article is None and len(self.articles) == 1:
            article = next(iter(self.articles.values()))
        self.text = article.text if article else ""
        self.article_key = article.key if article else ""
        return super().clean()


class EvidenceEditor(AnswerEditor):
    """Accepted spans: a kept list (ticked boxes) plus one new span per save."""

    template = "lessons/teach/answers/evidence.html"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        self.texts = {a.key: a.text for a in self.articles}
        self.options = EvidenceOptions(
            data,
            prefix="evidence",
            articles=self.articles,
            initial={
                "threshold": answer.get("threshold", str(DEFAULT_EVIDENCE_THRESHOLD)),
                "occurrence": 1,
            },
        )
        self.accepted_error = ""

    def listed(self) -> list[tuple[str, str, bool]]:
        """(value, quoted words, kept) of the spans shown in the list."""
        spans = list(self.current.get("accepted", []))
        kept = set(self.data.getlist("accepted")) if self.data is not None else None
        values = [self._value(s) for s in spans]
        if kept is not None:  # posted spans added with the script come back too
            values += [v for v in self.data.getlist("accepted") if v not in values]
        rows = []
        for value in values:
            span = self._parse(value)
            words = self._words(span) if span else value
            rows.append((value, words, kept is None or value in kept))
        return rows

    @staticmethod
    def _value(span: Mapping[str, Any]) -> str:
        return f"{span.get('article', '')}:{span['start']}:{span['end']}"

    @staticmethod
    def _parse(value: str) -> dict[str, Any] | None:
        try:
            article, start, end = str(value).rsplit(":", 2)
            return {"article": article, "start": int(start), "end": int(end)}
        except ValueError:
            return None

    def _words(self, span: Mapping[str, Any]) -> str:
        text = self.texts.get(span.get("article", ""))
        if text is None and len(self.texts) == 1 and not span.get("article"):
            text = next(iter(self.texts.values()))
        if text is None:
            return f"characters {span['start']}–{span['end']}"
        return text[span["start"] : span["end"]]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        assert self.data is not None
        raw = self.data.getlist("accepted")
        if len(raw) > MAX_ROWS:
            self.accepted_error = str(_("Too many accepted passages."))
            return False
        for value in raw:
            span = self._parse(value)
            text = self.texts.get(span["article"]) if span else None
            if span is None or (
                span["article"]
                and (text is None or not 0 <= span["start"] < span["end"] <= len(text))
            ):
                self.accepted_error = str(
                    _("An accepted passage could not be read; select it again.")
                )
                return False
        return valid

    def errors(self) -> list[str]:
        return ([self.accepted_error] if self.accepted_error else []) + super().errors()

    def answer(self) -> dict[str, Any]:
        assert self.options is not None and self.data is not None
        accepted: list[dict[str, Any]] = []
        for value in self.data.getlist("accepted"):
            span = self._parse(value)
            if span and span not in accepted:
                accepted.append(span)
        options = self.options
        if options.span is not None:  # type: ignore[attr-defined]
            start, end = options.span  # type: ignore[attr-defined]
            span = {"article": options.article_key, "start": start, "end": end}  # type: ignore[attr-defined]
            if span not in accepted:
                accepted.append(span)
        return {
            "accepted": accepted,
            "threshold": _plain(options.cleaned_data.get("threshold")) or "0.5",
        }


class OrderingOptions(forms.Form):
    partial = forms.BooleanField(
        label=_("Partial credit for pairs in the right order"), required=False
    )


class OrderingEditor(AnswerEditor):
    template = "lessons/teach/answers/ordering.html"
    prefix = "items"
    noun = "item"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        # Rows keep the stored order of the items (what students see is
        # shuffled anyway), so saving unchanged writes no new version.
        self.rows = _formset(OrderingRowForm, OrderingFormSet)(
            data,
            prefix=self.prefix,
            initial=_numbered_initial(
                answer.get("items", []), list(answer.get("order", [])), "position"
            ),
        )
        self.options = OrderingOptions(
            data, prefix="options", initial={"partial": answer.get("partial", False)}
        )

    def answer(self) -> dict[str, Any]:
        assert self.options is not None
        rows = self.rows.kept()
        clash = str(_("Give each item a different correct position."))
        return {
            "items": _entries(rows),
            "order": _in_number_order(rows, "position", clash),
            "partial": bool(self.options.cleaned_data.get("partial")),
        }


class ChainEditor(AnswerEditor):
    template = "lessons/teach/answers/chain.html"
    prefix = "pool"
    noun = "source"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        self.rows = _formset(PoolRowForm, PoolFormSet)(
            data,
            prefix=self.prefix,
            initial=_numbered_initial(
                answer.get("pool", []), list(answer.get("chain", [])), "link"
            ),
        )

    def answer(self) -> dict[str, Any]:
        clash = str(_("Give each link of the chain a different number."))
        rows = self.rows.kept()
        return {
            "pool": _entries(rows),
            "chain": _in_number_order(rows, "link", clash),
        }


class ShortOptions(forms.Form):
    model_answer = forms.CharField(
        label=_("Model answer"),
        required=False,
        strip=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ShortEditor(AnswerEditor):
    template = "lessons/teach/answers/short.html"
    prefix = "rubric"
    noun = "criterion"

    def __init__(self, data: Any, *, answer: Mapping[str, Any], **kwargs: Any):
        super().__init__(data, answer=answer, **kwargs)
        self.rows = _formset(RubricRowForm, RowFormSet)(
            data,
            prefix=self.prefix,
            initial=[
                {"criterion": row.get("criterion", ""), "points": row.get("points", "")}
                for row in answer.get("rubric", [])
            ],
        )
        self.options = ShortOptions(
            data,
            prefix="short",
            initial={"model_answer": answer.get("model_answer", "")},
        )

    def answer(self) -> dict[str, Any]:
        assert self.options is not None
        return {
            "rubric": [
                {
                    "criterion": row.cleaned_data["criterion"],
                    "points": _plain(row.cleaned_data["points"]),
                }
                for row in self.rows.kept()
            ],
            "model_answer": normalise_newlines(
                self.options.cleaned_data.get("model_answer", "")
            ),
        }


ANSWER_EDITORS: dict[str, type[AnswerEditor]] = {
    "single": ChoicesEditor,
    "multiple": MultipleEditor,
    "numeric": NumericEditor,
    "evidence": EvidenceEditor,
    "ordering": OrderingEditor,
    "chain": ChainEditor,
    "short": ShortEditor,
}
