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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model, signals
from django.db.models.base import ModelState

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=Model)


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[Model]) -> str:
    return quote(model._meta.db_table)


def fields_of(
    model: type[Model], only: Sequence[str] | None = None
) -> list[Field[Any, Any]]:
    """The concrete fields of ``model`` a row holds: all, or those named in
    ``only`` (the primary key always), in the model's order."""
    fields = model._meta.concrete_fields
    if only is None:
        return list(fields)
    wanted = set(only) | {model._meta.pk.name}
    unknown = wanted - {f.name for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column for {sorted(unknown)}")
    return [f for f in fields if f.name in wanted]


def columns(model: type[Model], alias: str, only: Sequence[str] | None = None) -> str:
    """The select list of the concrete fields of ``model`` (``fields_of``),
    from ``alias``. A field left out is deferred on the instance, as with
    ``QuerySet.only``: reading it makes a query of its own."""
    return ", ".join(f"{alias}.{quote(f.column)}" for f in fields_of(model, only))


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(
            f"lessons/rows.py writes SQL for SQLite and PostgreSQL, not {vendor}"
        )
    return vendor


def json_list_item(column: str, index: str) -> str:
    """SQL for the integer at the 0-based ``index`` (an SQL expression) of the
    JSON list in ``column``: NULL past the end of the list or for a NULL index."""
    if _vendor() == "sqlite":
        return f"json_extract({column}, '$[' || {index} || ']')"
    return f"CAST({column} ->> CAST({index} AS integer) AS bigint)"


def joined_ids(column: str, source: str) -> str:
    """SQL for the ids in ``column`` of the rows of ``source`` (the tables and
    conditions after FROM) as one comma-separated string, NULL for none:
    a subquery ``split_ids`` reads the value of."""
    if _vendor() == "sqlite":
        return f"(SELECT group_concat({column}, ',') FROM {source})"
    return f"(SELECT string_agg(CAST({column} AS text), ',') FROM {source})"


def split_ids(joined: str | None) -> set[int]:
    return {int(part) for part in joined.split(",")} if joined else set()


@dataclass(frozen=True)
class _Plan:
    """How one model's rows become instances, worked out once per connection."""

    pk_index: int
    attnames: tuple[str, ...]
    # (column index, the converters that apply to it, the column's expression),
    # only for the columns that have converters.
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]
    # No pre_init/post_init receiver and Django's own from_db: the instance can
    # be made as ``Model.__init__`` makes it from positional values, without
    # its per-field loop and signal dispatch.
    direct: bool


def _connection() -> BaseDatabaseWrapper:
    """The default connection itself: ``django.db.connection`` is a proxy that
    looks it up again at every attribute, and a row touches it per column."""
    return connections[DEFAULT_DB_ALIAS]


def _plan(
    model: type[Model], conn: BaseDatabaseWrapper, only: tuple[str, ...] | None = None
) -> _Plan:
    # Per connection: converters are bound to the connection's operations.
    per_connection = conn.__dict__.setdefault("_tally_row_plans", {})
    found: _Plan | None = per_connection.get((model, only))
    if found is None:
        fields = fields_of(model, only)
        converters = []
        for index, field in enumerate(fields):
            expression = field.get_col(model._meta.db_table)
            found_converters = tuple(
                conn.ops.get_db_converters(expression)
                + expression.get_db_converters(conn)
            )
            if found_converters:
                converters.append((index, found_converters, expression))
        found = per_connection[(model, only)] = _Plan(
            pk_index=fields.index(model._meta.pk),
            attnames=tuple(f.attname for f in fields),
            converters=tuple(converters),
            direct=(
                model.from_db.__func__ is Model.from_db.__func__  # type: ignore[attr-defined]
                and not signals.pre_init.has_listeners(model)
                and not signals.post_init.has_listeners(model)
            ),
        )
    return found


def instance(
    model: type[M],
    values: Sequence[Any],
    conn: BaseDatabaseWrapper | None = None,
    only: tuple[str, ...] | None = None,
) -> M | None:
    """A ``model`` instance from one row's values of ``columns(model, ..., only)``.

    None when the primary key is NULL (the missing side of a LEFT JOIN).
    """
    conn = conn or _connection()
    plan = _plan(model, conn, only)
    if values[plan.pk_index] is None:
        return None
    converted = list(values)
    for index, converters, expression in plan.converters:
        value = converted[index]
        for convert in converters:
            value = convert(value, expression, conn)
        converted[index] = value
    if not plan.direct:
        return model.from_db(conn.alias, list(plan.attnames), converted)
    obj = model.__new__(model)
    obj.__dict__.update(zip(plan.attnames, converted, strict=True))
    state = obj._state = ModelState()
    state.adding = False
    state.db = conn.alias
    return obj


def attach(obj: Model, name: str, related: Model | None) -> None:
    """Cache ``related`` as ``obj``'s foreign key ``name``, as ``select_related``
    does for a row it joined: no descriptor checks, the key's value being the
    row's own (an object of the wrong type would pass unnoticed, so callers
    attach only what their query joined on that key)."""
    obj._meta.get_field(name).set_cached_value(obj, related)  # type: ignore[union-attr]


_FORMAT_PARAMETER = re.compile(r"(?<!%)%s")


@lru_cache(maxsize=256)
def _named(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with its ``%s`` placeholders named ``%(p0)s``, ``%(p1)s``, ... and
    the names in order."""
    names: list[str] = []

    def name(match: re.Match[str]) -> str:
        names.append(f"p{len(names)}")
        return f"%({names[-1]})s"

    return _FORMAT_PARAMETER.sub(name, sql), tuple(names)


def execute(cursor: CursorWrapper, sql: str, params: Sequence[Any]) -> None:
    """``cursor.execute(sql, params)`` with the parameters passed by name.

    Django's SQLite backend rewrites a query's ``%s`` placeholders with a
    regular expression on every execution, about 1.3 microseconds per 100
    characters: 20 for a select list of five models. Named parameters it
    rewrites by string formatting instead, ten times faster; the rewriting to
    names is done once per query here. PostgreSQL takes either.
    """
    named, names = _named(sql)
    cursor.execute(named, dict(zip(names, params, strict=True)))


@lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    """``sql`` in the SQLite driver's own style: ``?`` placeholders, ``%`` unescaped."""
    return _FORMAT_PARAMETER.sub("?", sql).replace("%%", "%")


def query(sql: str, params: Sequence[Any], *, one: bool = False) -> Any:
    """The rows of ``sql`` (``one``: its first row, or None).

    On SQLite, when nothing watches Django's cursors (no query logging, as
    DEBUG and the tests' query counts turn on, and no execute wrapper), the
    statement goes to the driver's own cursor, with the checks Django's
    cursor makes first (a failed health check, a broken transaction, thread
    sharing) and its translation of driver errors: Django's cursor wrappers
    cost more than the statement of a short query. Elsewhere, through
    Django's cursor (``execute``).
    """
    conn = _connection()
    if conn.vendor == "sqlite" and not (conn.queries_logged or conn.execute_wrappers):
        conn.close_if_health_check_failed()
        conn.ensure_connection()
        conn.validate_thread_sharing()
        conn.validate_no_broken_transaction()
        with conn.wrap_database_errors:
            cursor = conn.connection.cursor()
            try:
                cursor.execute(_qmark(sql), params)
                return cursor.fetchone() if one else cursor.fetchall()
            finally:
                cursor.close()
    with conn.cursor() as cursor:
        execute(cursor, sql, params)
        return cursor.fetchone() if one else cursor.fetchall()


# A model whose row a query selects whole, or (model, the fields it selects).
Selected = type[Model] | tuple[type[Model], tuple[str, ...]]


def new(model: type[M], **values: Any) -> M:
    """An unsaved ``model(**values)``, with values by attribute name (``quiz_id``,
    not ``quiz``), made as ``instance`` makes rows: without ``Model.__init__``'s
    per-field loop when no init signal listens. Fields not given take their
    defaults, as ``__init__`` gives them."""
    conn = _connection()
    plan = _plan(model, conn)
    if not plan.direct:
        return model(**values)
    obj = model.__new__(model)
    for field in model._meta.concrete_fields:
        if field.attname in values:
            obj.__dict__[field.attname] = values.pop(field.attname)
        else:
            obj.__dict__[field.attname] = field.get_default()
    if values:
        raise TypeError(f"{model.__name__} has no field {sorted(values)}")
    obj._state = ModelState()
    return obj


def fetch_one(
    sql: str, params: Sequence[Any], models: Sequence[Selected]
) -> list[Model | None] | None:
    """One row of ``sql`` as instances of ``models``, whose columns it selects in
    that order (``columns(model, alias, only)``); None when there is no row."""
    found = fetch_one_with_extra(sql, params, models)
    return None if found is None else found[0]


def fetch_one_with_extra(
    sql: str, params: Sequence[Any], models: Sequence[Selected]
) -> tuple[list[Model | None], tuple[Any, ...]] | None:
    """``fetch_one``, and the values of any columns selected after the models'
    (computed ones: counts, flags) as they came; None when there is no row."""
    conn = _connection()
    row = query(sql, params, one=True)
    if row is None:
        return None
    found: list[Model | None] = []
    start = 0
    for selected in models:
        model, only = selected if isinstance(selected, tuple) else (selected, None)
        end = start + len(_plan(model, conn, only).attnames)
        found.append(instance(model, row[start:end], conn, only))
        start = end
    return found, tuple(row[start:])


def fetch_all(sql: str, params: Sequence[Any], model: type[M]) -> list[M]:
    """Every row of ``sql`` (selecting ``columns(model, ...)``) as instances."""
    conn = _connection()
    found = query(sql, params)
    return [m for row in found if (m := instance(model, row, conn)) is not None]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field), f"{name} is not a column of {model.__name__}"
    return quote(field.column)


# Field classes whose value of these exact types Django sends to the database
# unchanged (``get_db_prep_save`` returns it as it is, ``pre_save`` reads it).
_PLAIN_TEXT = (models.CharField, models.TextField)
_PLAIN_INTEGER = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
)


def _plain_types(field: Field[Any, Any]) -> frozenset[type] | None:
    """The value types ``field`` saves as they are, or None: it always converts."""
    kind = type(field)
    if isinstance(field, models.ForeignKey):
        kind = type(field.target_field)
    if kind in _PLAIN_TEXT:
        return frozenset({str, type(None)})
    if kind in _PLAIN_INTEGER:
        return frozenset({int, type(None)})
    if kind is models.BooleanField:
        return frozenset({bool, type(None)})
    return None


@cache
def _savers(
    model: type[Model],
) -> tuple[tuple[Field[Any, Any], str, frozenset[type] | None], ...]:
    """Per non-key concrete field of ``model``: the field, its attribute name,
    and the value types it saves unconverted (``_plain_types``)."""
    return tuple(
        (f, f.attname, _plain_types(f))
        for f in model._meta.concrete_fields
        if not f.primary_key
    )


@cache
def _upsert_sql(
    model: type[Model], unique: tuple[str, ...], update: tuple[str, ...]
) -> str:
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    conflict = ", ".join(_column(model, name) for name in unique)
    updates = ", ".join(
        f"{column} = excluded.{column}"
        for column in (_column(model, name) for name in update)
    )
    return (
        f"INSERT INTO {table(model)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates} "
        f"RETURNING {quote(meta.pk.column)}"
    )


def upsert(obj: Model, *, unique: Sequence[str], update: Sequence[str]) -> None:
    """Insert ``obj``, or update ``update`` of the row it clashes with on the
    ``unique`` fields, in one statement; sets ``obj.pk`` to the row's id.

    What ``bulk_create(update_conflicts=True)`` does, for one row, without
    compiling an ORM query (a third of an answer save's CPU). Values go through
    each field's ``get_db_prep_save`` as the ORM sends them (or, for exact
    plain values, as they are: ``_plain_types``); SQLite >= 3.35 and PostgreSQL
    both take ``ON CONFLICT ... RETURNING``.
    """
    model = type(obj)
    conn = _connection()
    values = obj.__dict__
    params = [
        value
        if plain is not None and type(value := values.get(attname)) in plain
        else field.get_db_prep_save(field.pre_save(obj, True), conn)
        for field, attname, plain in _savers(model)
    ]
    row = query(_upsert_sql(model, tuple(unique), tuple(update)), params, one=True)
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = conn.alias
