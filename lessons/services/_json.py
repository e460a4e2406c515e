"""Values as a JSONField stores them, for the services that write engine output."""

from __future__ import annotations

from collections.abc import Mapping


def plain_json(value: object) -> object:
    """Decimals and dates as strings, mappings and sequences as plain JSON."""
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
