"""Fast multi-row INSERT for imports of 100,000 rows, where Django's ``bulk_create`` spends most of
its time building model instances and SQL per row. Values are converted by each field's own
``get_db_prep_save`` (cached per distinct value), so the database sees what the ORM would send;
constraints (unique keys, non-negative amounts) are enforced by the database as usual."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.models import fields as model_fields

CHUNK = 5000


def _as_is(field: models.Field) -> bool:
    """Values of these fields reach the driver as they are (str, int, bool, Decimal, date, None):
    sqlite3 (with Django's adapters) and psycopg take them as the ORM would send them. Others
    (datetimes with time zones, JSON…) go through the field's ``get_db_prep_save``."""
    if isinstance(field, model_fields.DateTimeField):
        return False
    return isinstance(
        field,
        (
            model_fields.CharField,
            model_fields.TextField,
            model_fields.IntegerField,
            model_fields.BooleanField,
            model_fields.DecimalField,
            model_fields.DateField,
            models.ForeignKey,
        ),
    )


def _converter(field: models.Field) -> Any:
    if _as_is(field):
        return None
    cache: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            prepared = field.get_db_prep_save(value, connection)
            if len(cache) < 100_000:
                cache[value] = prepared
            return prepared
        except TypeError:  # unhashable
            return field.get_db_prep_save(value, connection)

    return convert


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """INSERT ``rows`` (dicts by attname; the auto primary key left out) in chunks; ``constants``
    are the values shared by every row (converted once). Returns the number of rows written.
    Use inside the import's transaction."""
    constants = dict(constants or {})
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    for f in fields:  # a field the import does not fill takes its model default
        if f.attname not in first and f.attname not in constants:
            constants[f.attname] = f.get_default()
    varying = [f for f in fields if f.attname not in constants]
    fixed = [f for f in fields if f.attname in constants]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*varying, *fixed])
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    tail = tuple(
        constants[f.attname] if _as_is(f) else f.get_db_prep_save(constants[f.attname], connection)
        for f in fixed
    )
    names = [f.attname for f in varying]
    getter = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    converters = [(i, c) for i, f in enumerate(varying) if (c := _converter(f)) is not None]
    written = 0
    batch: list[Any] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = getter(row)
            if converters:
                values = list(values)
                for i, convert in converters:
                    values[i] = convert(values[i])
                values = tuple(values)
            batch.append(values + tail)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def create_with_history(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    key: tuple[str, ...],
    *,
    actor: Any,
    reason: str,
    now: Any,
    constants: dict[str, Any] | None = None,
) -> dict[tuple[Any, ...], int]:
    """INSERT new rows and their simple_history "+" records (author ``actor``, change reason
    ``reason``); returns key values → new primary key. ``key`` must identify a row uniquely.
    ``constants``: values shared by every row. Each row dict gets its new "id"."""
    constants = constants or {}
    insert_rows(model, rows, constants)
    first, *_rest = key
    wanted = {tuple(row[k] for k in key) for row in rows}
    firsts = sorted({row[first] for row in rows})
    ids: dict[tuple[Any, ...], int] = {}
    manager = model._default_manager
    for start in range(0, len(firsts), CHUNK):
        chunk = firsts[start : start + CHUNK]
        for pk, *values in manager.filter(**{f"{first}__in": chunk}).values_list("pk", *key):
            if tuple(values) in wanted:
                ids[tuple(values)] = pk
    history = model.history.model  # type: ignore[attr-defined]
    for row in rows:
        row["id"] = ids[tuple(row[k] for k in key)]
    insert_rows(
        history,
        rows,
        constants={
            **constants,
            "history_date": now,
            "history_change_reason": reason,
            "history_type": "+",
            "history_user_id": getattr(actor, "pk", None),
        },
    )
    return ids
