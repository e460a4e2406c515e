"""Forms for the student pages: signing up, and one answer form per question type.

An answer form is built from what a student may see (``grade.public_data``)
and the answer saved so far; ``answer()`` turns what was posted into the
engine's answer shape, or None when the student left the question blank.
The engine validates the answer again when it is saved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils.translation import gettext_lazy as _

from lessons.display import Sentence, quote, sentences, shuffled_choices
from lessons.models import Article

MAX_SPANS = 50


# --- accounts ----------------------------------------------------------------


class SignUpForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Used only to reset your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        user_model = get_user_model()
        user_model.username_validator(username)
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("That username is taken."), code="taken")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


# --- answers -----------------------------------------------------------------


class _SharedFields(dict[str, forms.Field]):
    """An answer form class's declared fields, shared by its instances.

    A Django form deep-copies its class's fields for each instance, in case
    the instance changes one; that copy was a third of an answer form's cost.
    An answer form changes no declared field in place, so each instance gets a
    dict of its own holding the same field objects, which validating and
    rendering only read (forms that add fields add them to their own dict).
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


class _AnswerFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = _SharedFields(new_class.base_fields)
        return new_class


class AnswerForm(forms.Form, metaclass=_AnswerFormMetaclass):
    """The common part: which question the form answers (checked on post)."""

    question = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        question_id: int,
        public: Mapping[str, Any],
        answer: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, initial={"question": question_id}, **kwargs)
        self.question_id = question_id
        self.public = public
        self.saved = answer
        self.answer: Any = None

    def clean_question(self) -> int:
        value = self.cleaned_data["question"]
        if value != self.question_id:
            raise ValidationError(
                _("That question is not part of this attempt at this position."),
                code="not_in_attempt",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            self.answer = self._answer()
        return cleaned

    def _answer(self) -> Any:
        """The answer in the engine's shape, or None when left blank."""
        raise NotImplementedError


INVALID_CHOICE = _(
    "Select a valid choice. %(value)s is not one of the available choices."
)


class SingleAnswerForm(AnswerForm):
    # A key of this form's ``options``, checked by ``clean_choice``: a
    # ChoiceField would need its choices set for each form, which costs as much
    # as drawing the page's choices (and the page draws them from ``options``).
    choice = forms.CharField(label=_("Your answer"), required=False, strip=False)

    def __init__(
        self, *args: Any, shuffle: bool = False, seed: str = "", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.options = shuffled_choices(
            self.public["choices"], shuffle=shuffle, seed=seed
        )
        if self.saved is not None:
            self.initial["choice"] = self.saved

    def _check_keys(self, keys: Sequence[str]) -> None:
        offered = {c["key"] for c in self.options}
        for key in keys:
            if key not in offered:
                raise ValidationError(
                    INVALID_CHOICE, code="invalid_choice", params={"value": key}
                )

    def clean_choice(self) -> str:
        value: str = self.cleaned_data.get("choice") or ""
        self._check_keys([value] if value else [])
        return value

    def chosen(self) -> set[str]:
        value = self["choice"].value()
        return {value} if value else set()

    def _answer(self) -> Any:
        return self.cleaned_data.get("choice") or None


class MultipleAnswerForm(SingleAnswerForm):
    # Every key ticked (one ``choice`` value each), checked by ``clean_choice``.
    choice = forms.Field(  # type: ignore[assignment]
        label=_("Your answer"), required=False, widget=forms.MultipleHiddenInput
    )

    def clean_choice(self) -> list[str]:  # type: ignore[override]
        raw = self.cleaned_data.get("choice") or []
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list | tuple):
            raise ValidationError(_("Enter a list of values."), code="invalid_list")
        keys = [str(key) for key in raw]
        self._check_keys(keys)
        return keys

    def chosen(self) -> set[str]:
        return set(self["choice"].value() or ())

    def _answer(self) -> Any:
        chosen = self.cleaned_data.get("choice") or []
        return list(chosen) or None


# Text with a decimal keypad: accepts "12,000" as well as "12000".
_NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class NumericAnswerForm(AnswerForm):
    mode = forms.ChoiceField(
        choices=[("value", _("One number")), ("range", _("A range"))],
        required=False,
        initial="value",
    )
    value = forms.CharField(
        label=_("Your answer"), max_length=60, required=False, widget=_NUMBER
    )
    low = forms.CharField(
        label=_("From"), max_length=60, required=False, widget=_NUMBER
    )
    high = forms.CharField(label=_("To"), max_length=60, required=False, widget=_NUMBER)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = self.public.get("unit", "")
        saved = self.saved if isinstance(self.saved, Mapping) else {}
        if "low" in saved:
            self.initial.update(mode="range", low=saved["low"], high=saved["high"])
        elif "value" in saved:
            self.initial.update(mode="value", value=saved["value"])

    def _answer(self) -> Any:
        data = self.cleaned_data
        value, low, high = (data.get(n, "").strip() for n in ("value", "low", "high"))
        ranged = data.get("mode") == "range" or (not value and (low or high))
        if ranged:
            if not (low or high):
                return None
            if not (low and high):
                raise ValidationError(_("A range needs both a low and a high end."))
            return {"low": low, "high": high}
        return {"value": value} if value else None


class EvidenceAnswerForm(AnswerForm):
    """Spans posted as ``article:start:end`` (code points), one ``span`` each."""

    span = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def __init__(
        self, *args: Any, articles: Sequence[Article] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.articles = list(articles)
        self.texts = {a.key: a.text for a in self.articles}
        self.article_sentences: list[tuple[Article, list[Sentence]]] = [
            (a, sentences(a)) for a in self.articles
        ]

    def clean_span(self) -> list[dict[str, Any]]:
        raw = self.cleaned_data.get("span") or []
        if isinstance(raw, str):
            raw = [raw]
        if len(raw) > MAX_SPANS:
            raise ValidationError(_("Too many selections: keep the ones that matter."))
        spans: list[dict[str, Any]] = []
        for value in raw:
            try:
                article, start, end = str(value).rsplit(":", 2)
                span = {"article": article, "start": int(start), "end": int(end)}
            except ValueError:
                raise ValidationError(
                    _("A selection could not be read; select the words again."),
                    code="bad_span",
                ) from None
            if span not in spans:
                spans.append(span)
        return spans

    def selected(self) -> list[tuple[str, str]]:
        """(value, quoted words) of the spans saved or posted so far."""
        if self.is_bound and not self.errors:
            spans = self.cleaned_data.get("span", [])
        else:
            spans = self.saved or []
        return [
            (f"{s.get('article', '')}:{s['start']}:{s['end']}", quote(self.texts, s))
            for s in spans
        ]

    def _answer(self) -> Any:
        return self.cleaned_data.get("span") or None


class OrderingAnswerForm(AnswerForm):
    """One position select per item; positions must differ."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = list(self.public["items"])
        if isinstance(self.saved, list):
            rank = {key: i for i, key in enumerate(self.saved)}
            items.sort(key=lambda item: rank.get(item["key"], len(rank)))
        self.items = items
        positions = [("", "—")] + [(str(n), str(n)) for n in range(1, len(items) + 1)]
        for position, item in enumerate(items, start=1):
            name = f"position-{item['key']}"
            self.fields[name] = forms.ChoiceField(
                label=item["text"], choices=positions, required=False
            )
            if isinstance(self.saved, list):
                self.initial[name] = str(position)

    def rows(self) -> list[tuple[Mapping[str, Any], forms.BoundField]]:
        return [(item, self[f"position-{item['key']}"]) for item in self.items]

    def _answer(self) -> Any:
        chosen = {
            item["key"]: self.cleaned_data.get(f"position-{item['key']}")
            for item in self.items
        }
        if not any(chosen.values()):
            return None
        if not all(chosen.values()):
            raise ValidationError(_("Give every item a position."))
        if len(set(chosen.values())) != len(chosen):
            raise ValidationError(_("Give each item a different position."))
        return sorted(chosen, key=lambda key: int(chosen[key]))


class ChainAnswerForm(AnswerForm):
    """One select per position of the chain, first-hand source first.

    There is a position for every entry of the pool, so the form does not
    give away how long the chain is; blank positions are skipped.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = list(self.public["pool"])
        options = [("", "—")] + [(p["key"], p["text"]) for p in self.pool]
        saved = self.saved if isinstance(self.saved, list) else []
        for position in range(1, len(self.pool) + 1):
            name = f"hop-{position}"
            self.fields[name] = forms.ChoiceField(
                label=_("Link %(n)s") % {"n": position}, choices=options, required=False
            )
            if position <= len(saved):
                self.initial[name] = saved[position - 1]

    def slots(self) -> list[forms.BoundField]:
        return [self[f"hop-{n}"] for n in range(1, len(self.pool) + 1)]

    def chain(self) -> list[Mapping[str, Any]]:
        """The pool entries currently in the chain, in order."""
        by_key = {p["key"]: p for p in self.pool}
        return [by_key[v] for slot in self.slots() if (v := slot.value()) in by_key]

    def _answer(self) -> Any:
        links = [
            value
            for n in range(1, len(self.pool) + 1)
            if (value := self.cleaned_data.get(f"hop-{n}"))
        ]
        return links or None


class ShortAnswerForm(AnswerForm):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=20_000,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.saved, str):
            self.initial["text"] = self.saved

    def _answer(self) -> Any:
        return self.cleaned_data.get("text") or None


ANSWER_FORMS: dict[str, type[AnswerForm]] = {
    "single": SingleAnswerForm,
    "multiple": MultipleAnswerForm,
    "numeric": NumericAnswerForm,
    "evidence": EvidenceAnswerForm,
    "ordering": OrderingAnswerForm,
    "chain": ChainAnswerForm,
    "short": ShortAnswerForm,
}
