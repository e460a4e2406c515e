"""The Jinja2 environment of the student pages.

The pages a student meets on every step (home, lessons, quiz, each question,
review, results, progress, classes) are Jinja2 templates: Django's template
language spent most of a page's CPU walking its node tree, and these pages
are the ones `make bench` holds to 40% of a bare view. The teacher's workspace
and the account pages stay Django templates. Both kinds share one page frame
(``chrome/``), one form and field markup (``includes/``) and the answer
widgets, which Django templates include with ``{% jinja %}``
(lessons/templatetags/tally.py).

What the Django template language gave for free and is added here: ``url()``,
``static()``, the filters the templates use (Django's own functions where one
exists, so the output is the same), and dates shown in the current time zone.
Undefined names raise (``StrictUndefined``): a misspelt variable is an error in
the tests, never a silently empty part of a page.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import jinja2
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms import BoundField
from django.forms.utils import flatatt
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lessons.links import fixed_urls, url
from lessons.roles import is_teacher
from lessons.templatetags.tally import (
    markdown,
    percent,
    summary,
    words,
)

_STATIC: dict[str, str] = {}


@receiver(setting_changed)
def _forget_static(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STATIC_URL", "STORAGES", "DEBUG"}:
        _STATIC.clear()


def static_url(path: str) -> str:
    """``{% static %}``, looked up once per process: the storage's answer (a
    hashed name from the manifest) is fixed for a deployment."""
    found = _STATIC.get(path)
    if found is None:
        found = _STATIC[path] = static(path)
    return found


def querystring(request: Any, **changes: Any) -> str:
    """Django's ``{% querystring %}``: the request's query string with
    ``changes`` made (None drops a key), from "?"."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}"


def date(value: Any, format_string: str) -> str:
    """Django's ``date`` filter: aware datetimes in the current time zone."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, format_string)


def display(obj: Any, name: str) -> str:
    """``obj.get_<name>_display()``: the label of a field's choice. Django's
    method rebuilds the field's choice list at every call; the labels are
    fixed for a model, so they are looked up once per field here."""
    value = getattr(obj, name)
    return _labels(type(obj), name).get(value, value)


@cache
def _labels(model: type, name: str) -> dict[Any, str]:
    return {key: str(label) for key, label in model._meta.get_field(name).flatchoices}


def minutes(seconds: int) -> int:
    """Whole minutes, rounded as ``{% widthratio seconds 60 1 %}`` rounds."""
    return int(round(seconds / 60))


def _widget_attrs(field: BoundField) -> dict[str, Any]:
    """The attributes Django's widget writes for ``field`` (its own, the
    field's such as maxlength, required, aria-invalid, the id)."""
    widget = field.field.widget
    attrs = {**widget.attrs, **field.build_widget_attrs({}, widget)}
    if field.auto_id and "id" not in attrs:
        attrs["id"] = field.auto_id
    return attrs


SELECTED = mark_safe(" selected")


def select(field: BoundField) -> SafeString:
    """A choice field's ``<select>`` as Django's Select widget writes it, without
    the widget's template machinery: an ordering or chain question has one per
    row, and rendering them through Django's templates cost more than the rest
    of the page."""
    widget = field.field.widget
    assert not widget.allow_multiple_selected, "one value per select"
    chosen = set(widget.format_value(field.value()))
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, SELECTED if str(key) in chosen else "", label)
            for key, label in field.field.choices
        ),
    )
    return format_html(
        '<select name="{}"{}>{}</select>',
        field.html_name,
        flatatt(_widget_attrs(field)),
        options,
    )


def text_input(field: BoundField) -> SafeString:
    """A text field's ``<input>`` as Django's TextInput writes it (see select)."""
    widget = field.field.widget
    value = widget.format_value(field.value())
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget.input_type,
        field.html_name,
        format_html(' value="{}"', value) if value is not None else "",
        flatatt(_widget_attrs(field)),
    )


def teach_link(request: Any) -> bool:
    """Whether the header links to /teach/ (chrome/header.html, which the
    Django templates include too): the role read with the signed-in user."""
    return is_teacher(getattr(request, "user", None))


def environment(**options: Any) -> jinja2.Environment:
    options["undefined"] = jinja2.StrictUndefined  # Django passes (Debug)Undefined
    env = jinja2.Environment(**options)
    env.globals.update(
        display=display,
        url=url,
        urls=fixed_urls,
        static=static_url,
        show_teach_link=teach_link,
        select=select,
        text_input=text_input,
        querystring=querystring,
    )
    env.filters.update(
        markdown=markdown,
        summary=summary,
        percent=percent,
        words=words,
        date=date,
        minutes=minutes,
        pluralize=defaultfilters.pluralize,
        capfirst=defaultfilters.capfirst,
        floatformat=defaultfilters.floatformat,
        slugify=defaultfilters.slugify,
        urlencode=defaultfilters.urlencode,
    )
    return env
