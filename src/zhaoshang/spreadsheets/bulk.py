"""Fast INSERT for imports of 100,000 rows, where Django's ``bulk_create`` spends most of its time
building model instances and SQL per row.

Rows are given column by column (one list per field, by attname) and written with multi-row
``INSERT … VALUES (…), (…), …`` statements, several hundred rows each. Values are converted once
per column, never per row: by the field's own ``get_db_prep_save`` (cached per distinct value) for
fields that need it (each distinct date once), so the database sees what the ORM would send, and on SQLite also by the
adapter the sqlite3 module itself would apply while binding (Django registers ``str`` for Decimal),
which is cheaper in one pass over a column than once per value inside the driver. Constraints
(unique keys, non-negative amounts, foreign keys) are enforced by the database as usual."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models
from django.db.models import fields as model_fields

ROWS_PER_STATEMENT = 1000
KEY_CHUNK = 5000
IMPORT_CACHE_KIB = 128 * 1024  # SQLite page cache while an import writes (default: 2 MB)


@contextmanager
def sqlite_import_cache(kib: int | None = None) -> Iterator[None]:
    """On SQLite, a page cache large enough for the pages a big import touches, so that pages of
    the tables and indexes being filled are not written out and read back again before the
    commit; the connection's own setting is restored afterwards. Memory is taken only as pages
    are used. Journaling and synchronous stay as configured."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-int(IMPORT_CACHE_KIB if kib is None else kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _as_is(field: models.Field) -> bool:
    """Values of these fields reach the driver as they are (str, int, bool, Decimal, None): the
    ORM's ``get_db_prep_save`` returns them unchanged. Others (dates, datetimes with time zones,
    JSON…) go through the field's ``get_db_prep_save``."""
    if isinstance(field, model_fields.DateField):  # also DateTimeField
        return False
    return isinstance(
        field,
        (
            model_fields.CharField,
            model_fields.TextField,
            model_fields.IntegerField,
            model_fields.BooleanField,
            model_fields.DecimalField,
            models.ForeignKey,
        ),
    )


def _prepared(field: models.Field, column: Sequence[Any]) -> Sequence[Any]:
    """A column as the driver should receive it (see the module's docstring)."""
    if isinstance(field, model_fields.DateField):  # dates repeat: each distinct value once
        prepared = {value: field.get_db_prep_save(value, connection) for value in set(column)}
        column = list(map(prepared.__getitem__, column))
    elif not _as_is(field):
        column = [field.get_db_prep_save(value, connection) for value in column]
    if connection.vendor == "sqlite":
        column = _sqlite_adapted(column)
    return column


def _sqlite_adapted(column: Sequence[Any]) -> Sequence[Any]:
    """Apply the sqlite3 module's registered adapters (exact type, as the module looks them up
    when binding) to a column in one pass; values without an adapter are left as they are."""
    registered: Mapping[Any, Any] = getattr(sqlite3, "adapters", {})
    types = set(map(type, column))
    adapters = {
        kind: adapt
        for kind in types
        if (adapt := registered.get((kind, sqlite3.PrepareProtocol))) is not None
    }
    if not adapters:
        return column
    if len(types) == 1:
        (adapt,) = adapters.values()
        return list(map(adapt, column))
    return [adapters[type(v)](v) if type(v) in adapters else v for v in column]


def _rows_per_statement(width: int) -> int:
    limit = connection.features.max_query_params or 65535
    return max(1, min(ROWS_PER_STATEMENT, limit // max(width, 1)))


def insert_columns(
    model: type[models.Model],
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """INSERT one row per position of ``columns`` (attname → values, all of one length; the auto
    primary key left out); ``constants`` are the values shared by every row. A field given in
    neither takes its model default. Returns the number of rows written. Use inside the import's
    transaction."""
    constants = dict(constants or {})
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    known = {f.attname for f in fields}
    unknown = sorted((set(columns) | set(constants)) - known)
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {unknown}")
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths for {model.__name__}: {sorted(lengths)}")
    count = lengths.pop() if lengths else 0
    if count == 0:
        return 0
    for f in fields:
        if f.attname not in columns and f.attname not in constants:
            constants[f.attname] = f.get_default()
    varying = [f for f in fields if f.attname in columns]
    fixed = [f for f in fields if f.attname not in columns]
    values = [_prepared(f, columns[f.attname]) for f in varying]
    tail = [_prepared(f, [constants[f.attname]])[0] for f in fixed]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in [*varying, *fixed])
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per = _rows_per_statement(len(fields))
    rows = zip(*values, *(itertools.repeat(value, count) for value in tail), strict=False)
    full, rest = divmod(count, per)
    with connection.cursor() as cursor:
        if full:
            sql = head + ", ".join([one] * per)
            batches = itertools.batched(rows, per)
            cursor.executemany(
                sql, [tuple(itertools.chain.from_iterable(next(batches))) for _ in range(full)]
            )
        if rest:
            cursor.execute(
                head + ", ".join([one] * rest), tuple(itertools.chain.from_iterable(rows))
            )
    return count


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """The same for rows given as dicts by attname (all with the same keys)."""
    rows = list(rows)
    if not rows:
        return 0
    return insert_columns(model, {name: [row[name] for row in rows] for name in rows[0]}, constants)


def _max_pk(model: type[models.Model]) -> Any:
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({pk}) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0]


def _new_pks(
    model: type[models.Model], keys: list[tuple[Any, ...]], key: tuple[str, ...], before: Any
) -> list[int]:
    """The primary keys of rows just inserted, in the order of ``keys``. Auto keys only grow
    (SQLite AUTOINCREMENT, PostgreSQL sequences), so the new rows are among those above the
    largest key seen before the INSERT; rows of others there cannot carry one of our unique keys.
    When a key is not found that way (keys set by hand above the sequence), the rows are looked up
    by their key instead."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in key)
    sql = f"SELECT {quote(meta.pk.column)}, {columns} FROM {quote(meta.db_table)}"
    params: list[Any] = []
    if before is not None:
        sql += f" WHERE {quote(meta.pk.column)} > %s"
        params.append(before)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {tuple(found_key): pk for pk, *found_key in cursor.fetchall()}
    try:
        return [found[k] for k in keys]
    except KeyError:
        pass
    first = key[0]
    wanted = set(keys)
    firsts = sorted({k[0] for k in keys})
    manager = model._default_manager
    for start in range(0, len(firsts), KEY_CHUNK):
        chunk = firsts[start : start + KEY_CHUNK]
        for pk, *values in manager.filter(**{f"{first}__in": chunk}).values_list("pk", *key):
            if tuple(values) in wanted:
                found[tuple(values)] = pk
    return [found[k] for k in keys]


def create_with_history(
    model: type[models.Model],
    columns: Mapping[str, Sequence[Any]],
    key: tuple[str, ...],
    *,
    actor: Any,
    reason: str,
    now: Any,
    constants: Mapping[str, Any] | None = None,
) -> list[int]:
    """INSERT new rows (given column by column) and their simple_history "+" records (author
    ``actor``, change reason ``reason``, date ``now``); returns the new primary keys in row order.
    ``key``: fields (text or integers) that identify a row uniquely (a unique constraint)."""
    constants = dict(constants or {})
    before = _max_pk(model)
    insert_columns(model, columns, constants)
    ids = _new_pks(model, list(zip(*(columns[k] for k in key), strict=True)), key, before)
    history = model.history.model  # type: ignore[attr-defined]
    insert_columns(
        history,
        {**columns, model._meta.pk.attname: ids},
        constants={
            **constants,
            "history_date": now,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": getattr(actor, "pk", None),
        },
    )
    return ids
