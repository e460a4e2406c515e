"""Model instances from hand-written SQL, for the few reads on the hottest paths.

Compiling an ORM query costs 0.2-0.5 ms of CPU, more than a whole cached page
does besides; the question page and answer saving make three such reads per
request. Their SQL never changes shape, so it is written once here (portable:
SQLite and PostgreSQL) and the rows become ordinary model instances the way
the ORM makes them: every concrete field, through the backend's and the
field's database converters, with ``Model.from_db``. Table and column names
come from ``_meta``; the selectors that use this are covered by the same tests
as the ORM versions they replace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=Model)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


def columns(model: type[Model], alias: str) -> str:
    """The select list of every concrete field of ``model``, from ``alias``."""
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def _converters(model: type[Model]) -> list[tuple[list[Converter], Any]]:
    # Per connection: converters are bound to the connection's operations.
    per_connection = connection.__dict__.setdefault("_tally_row_converters", {})
    found: list[tuple[list[Converter], Any]] | None = per_connection.get(model)
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            expression = field.get_col(model._meta.db_table)
            found.append(
                (
                    connection.ops.get_db_converters(expression)
                    + expression.get_db_converters(connection),
                    expression,
                )
            )
        per_connection[model] = found
    return found


def instance(model: type[M], values: Sequence[Any]) -> M | None:
    """A ``model`` instance from one row's values of ``columns(model, ...)``.

    None when the primary key is NULL (the missing side of a LEFT JOIN).
    """
    fields = model._meta.concrete_fields
    pk_index = fields.index(model._meta.pk)
    if values[pk_index] is None:
        return None
    converted = []
    for value, (converters, expression) in zip(values, _converters(model), strict=True):
        for convert in converters:
            value = convert(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def fetch_one(
    sql: str, params: Sequence[Any], models: Sequence[type[Model]]
) -> list[Model | None] | None:
    """One row of ``sql`` as instances of ``models``, whose columns it selects in
    that order (``columns(model, alias)``); None when there is no row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    found: list[Model | None] = []
    start = 0
    for model in models:
        end = start + len(model._meta.concrete_fields)
        found.append(instance(model, row[start:end]))
        start = end
    return found


def fetch_all(sql: str, params: Sequence[Any], model: type[M]) -> list[M]:
    """Every row of ``sql`` (selecting ``columns(model, ...)``) as instances."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [m for row in found if (m := instance(model, row)) is not None]
