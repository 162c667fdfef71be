"""Bulk writes for imports: one prepared statement run over many parameter rows.

Django's `bulk_create` builds a model instance and prepares every field of every row in
Python, which caps an import at a few thousand values a second. An import already holds
validated, plain values, so these helpers send them straight to the driver: `executemany` of
one prepared statement, or on PostgreSQL COPY for new rows (`insert_rows`), naming tables and
columns from the models' metadata. Callers pass values already in their database form
(`db_value`), inside their own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field `name` of `model` (callers never name a reverse relation)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def db_value(model: type[models.Model], field: str, value: Any) -> Any:
    """`value` as the database driver takes it for `model.field` (dates, times, decimals)."""
    return _field(model, field).get_db_prep_save(value, connection)


_BATCH = 5000


def _execute(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    """`executemany` per batch of rows (a list: the debug cursor counts them)."""
    source = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(source, _BATCH)):
            cursor.executemany(sql, batch)


def _column(model: type[models.Model], field: str) -> str:
    column = _field(model, field).column
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


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: Mapping[str, object] | None = None,
) -> None:
    """INSERT `rows` (values of `fields`); each field of `constants` takes the same value in
    every row. SQLite: one prepared statement over all rows, the constants written into it.
    PostgreSQL: one COPY (no statement per row)."""
    if not rows:
        return
    constants = dict(constants or {})
    if connection.vendor == "postgresql":
        _copy(model, fields, rows, tuple(constants.values()), [*fields, *constants])
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(_column(model, f) for f in (*fields, *constants))
    marks = ", ".join(["%s"] * len(fields) + [_literal(v) for v in constants.values()])
    _execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _copy(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    tail: tuple[object, ...],
    names: Sequence[str],
) -> None:
    """PostgreSQL: COPY the rows, each followed by `tail`, into the columns of `names`."""
    quoted = ", ".join(_column(model, f) for f in names)
    copy_sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        write = copy.write_row
        if tail:
            for row in rows:
                write((*row, *tail))
        else:
            for row in rows:
                write(row)
