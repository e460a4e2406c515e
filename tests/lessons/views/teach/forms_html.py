"""Read a page's forms as a browser would submit them (no script)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs_list: Any) -> None:
        attrs = dict(attrs_list)
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and "name" in attrs and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            fields.append((attrs["name"], attrs.get("value") or default))
        elif tag == "textarea" and "name" in attrs:
            self._textarea = (attrs["name"], [])
        elif tag == "select" and "name" in attrs:
            self._select = {"name": attrs["name"], "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": []}
            if "selected" in attrs:
                self._select["selected"] = self._option
            self._select["options"].append(self._option)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option["text"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form:
            name, parts = self._textarea
            self._form["fields"].append((name, "".join(parts).removeprefix("\n")))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None and self._form:
            chosen = self._select["selected"] or (
                self._select["options"][0] if self._select["options"] else None
            )
            if chosen is not None:
                value = chosen["value"]
                if value is None:
                    value = "".join(chosen["text"])
                self._form["fields"].append((self._select["name"], value))
            self._select = None


def form_data(html: str, *, containing: str) -> dict[str, Any]:
    """The fields of the first form that has a field named ``containing``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        names = [name for name, _ in form["fields"]]
        if containing in names:
            data: dict[str, Any] = {}
            for name, value in form["fields"]:
                if name in data:
                    existing = data[name]
                    data[name] = (
                        existing + [value]
                        if isinstance(existing, list)
                        else [existing, value]
                    )
                else:
                    data[name] = value
            return data
    raise AssertionError(f"no form with a field {containing!r}")
