"""Bulk writes for imports: one prepared statement run over many parameter rows.

Django's `bulk_create` builds a model instance and prepares every field of every row in
Python, which caps an import at a few thousand values a second. An import already holds
validated, plain values, so these helpers send them straight to the driver's `executemany`
(SQLite and PostgreSQL alike), naming tables and columns from the models' metadata. Callers
pass values already in their database form (`db_value`), inside their own transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import connection, models


def db_value(model: type[models.Model], field: str, value: Any) -> Any:
    """`value` as the database driver takes it for `model.field` (dates, times, decimals)."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)  # type: ignore[union-attr]


_BATCH = 5000


def _execute(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """`executemany` per batch of rows (a list: the debug cursor counts them)."""
    source = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(source, _BATCH)):
            cursor.executemany(sql, batch)


def _column(model: type[models.Model], field: str) -> str:
    column = model._meta.get_field(field).column  # type: ignore[union-attr]
    assert isinstance(column, str)
    return connection.ops.quote_name(column)


def insert_many(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """INSERT one row per parameter sequence, in the order of `fields`."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, f) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    _execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def update_many(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    increment: str | None = None,
) -> None:
    """UPDATE `fields` by primary key: each parameter sequence is the fields' values then the
    key. `increment` names an integer field raised by one (a version)."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = [f"{_column(model, f)} = %s" for f in fields]
    if increment is not None:
        column = _column(model, increment)
        assignments.append(f"{column} = {column} + 1")
    pk = connection.ops.quote_name(model._meta.pk.column)
    _execute(f"UPDATE {table} SET {', '.join(assignments)} WHERE {pk} = %s", rows)  # noqa: S608


def max_params() -> int:
    """How many parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 65535)


def insert_listing_ids(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> range | list[int] | None:
    """INSERT `rows`; the new rows' ids, as a range when they are consecutive.

    SQLite: one prepared statement over all rows; the ids are the new rows above the largest
    id before, which are all ours when there are exactly as many as `rows` (the transaction
    holds the only write lock from its first insert on). None when that cannot be shown.
    Elsewhere: many rows per statement with RETURNING.
    """
    if not rows:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    columns = ", ".join(_column(model, f) for f in fields)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
            before = int(cursor.fetchone()[0])
            insert_many(model, fields, rows)
            cursor.execute(
                f"SELECT MIN({pk}), MAX({pk}), COUNT(*) FROM {table} WHERE {pk} > %s",  # noqa: S608
                [before],
            )
            low, high, count = cursor.fetchone()
        if count != len(rows) or high - low + 1 != count:
            return None
        return range(int(low), int(high) + 1)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), max(1, max_params() // len(fields))):
            batch = rows[start : start + max_params() // len(fields)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(batch))} "  # noqa: S608
                f"RETURNING {pk}",
                [value for row in batch for value in row],
            )
            ids.extend(int(r[0]) for r in cursor.fetchall())
    return ids


_SAFE_TEXT = re.compile(r"[0-9A-Za-z :.+_-]*")


def _literal(value: object) -> str:
    """A constant written into the statement: only integers, None and plain text (dates,
    times, status words) — anything else is refused rather than quoted."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and _SAFE_TEXT.fullmatch(value):
        return f"'{value}'"
    raise ValueError(f"not a plain constant: {value!r}")


def insert_new(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: Mapping[str, object] | None = None,
) -> range | list[int] | None:
    """INSERT `rows` (values of `fields`; each field of `constants` takes the same value in
    every row) and return the new rows' ids, in the order of `rows`.

    SQLite: one prepared statement over all rows, the constants written into it; the new
    rows' ids are those above the largest id before, all ours when they are exactly as
    many as `rows` (the transaction holds the only write lock from its first insert on): None
    when that cannot be shown. PostgreSQL: the ids are drawn from the table's sequence
    first, then the rows go through COPY with their ids (no per-row statement).
    """
    if not rows:
        return []
    constants = dict(constants or {})
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    if connection.vendor == "postgresql":
        return _copy_new(model, fields, rows, constants)
    names = ", ".join(_column(model, f) for f in (*fields, *constants))
    marks = ", ".join(["%s"] * len(fields) + [_literal(v) for v in constants.values()])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
        before = int(cursor.fetchone()[0])
        _execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        cursor.execute(
            f"SELECT MIN({pk}), MAX({pk}), COUNT(*) FROM {table} WHERE {pk} > %s",  # noqa: S608
            [before],
        )
        low, high, count = cursor.fetchone()
    if count != len(rows) or high - low + 1 != count:
        return None
    return range(int(low), int(high) + 1)


def _copy_new(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: Mapping[str, object],
) -> list[int]:
    """PostgreSQL: ids from the sequence, then one COPY of the rows with them."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    columns = [pk] + [
        str(model._meta.get_field(f).column)  # type: ignore[union-attr]
        for f in (*fields, *constants)
    ]
    tail = tuple(constants.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [int(r[0]) for r in cursor.fetchall()]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        copy_sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            write = copy.write_row
            for pk_value, row in zip(ids, rows, strict=True):
                write((pk_value, *row, *tail))
    return ids


@dataclass(frozen=True)
class Column:
    """A column of the source row in `insert_select_by_ids`."""

    field: str


def insert_select_by_ids(
    target: type[models.Model],
    values: Mapping[str, Column | object],
    source: type[models.Model],
    ids: Sequence[int],
) -> None:
    """INSERT into `target` one row per `source` row of `ids` (a range: one statement): each
    target field takes a source `Column` or a constant (a parameter)."""
    if not ids:
        return
    table = connection.ops.quote_name(target._meta.db_table)
    columns = ", ".join(_column(target, f) for f in values)
    params: list[Any] = []
    exprs = []
    for value in values.values():
        if isinstance(value, Column):
            exprs.append(_column(source, value.field))
        else:
            exprs.append("%s")
            params.append(value)
    source_table = connection.ops.quote_name(source._meta.db_table)
    pk = connection.ops.quote_name(source._meta.pk.column)
    sql = f"INSERT INTO {table} ({columns}) SELECT {', '.join(exprs)} FROM {source_table} "  # noqa: S608
    with connection.cursor() as cursor:
        if isinstance(ids, range) and ids.step == 1:
            cursor.execute(f"{sql} WHERE {pk} BETWEEN %s AND %s", [*params, ids[0], ids[-1]])
            return
        size = max(1, max_params() - len(params))
        for start in range(0, len(ids), size):
            batch = list(ids[start : start + size])
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"{sql} WHERE {pk} IN ({marks})", [*params, *batch])
