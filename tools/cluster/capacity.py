"""Bytes per stored thing on PostgreSQL, the measured inputs of the capacity model.

    bash scripts/with-postgres.sh sh -c \\
        '.venv/bin/dieuhanh demo --no-serve && .venv/bin/python tools/cluster/capacity.py'

On the demo database: bytes per data value (its row, its share of the indexes, its history row
and its running totals), per case (the case, its person, visits, exposures, contacts), and — after
loading 1,000,000 generated check-ins (bench/generate_checkins.py, default scale) and compacting
them — per check-in in the packed store (both orderings, indexes, TOAST). Sizes are
`pg_total_relation_size` after `VACUUM FULL` (at rest; a live table carries some free space
more). Prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dieuhanh.config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

CHECKIN_TABLES = [
    "outbreak_checkinvenueblock",
    "outbreak_checkinpersonblock",
    "outbreak_checkinvenuepart",
    "outbreak_checkinpersonpart",
]
VALUE_TABLES = ["indicators_datavalue", "indicators_datavaluechange"]
CASE_TABLES = [
    "outbreak_case",
    "outbreak_visit",
    "outbreak_exposure",
    "outbreak_contact",
]


def _sizes(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM FULL {table}")
        cursor.execute(
            "SELECT relname::text, pg_total_relation_size(oid) FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [tables],
        )
        return {name: int(size) for name, size in cursor.fetchall()}


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our table names)
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _rollup_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname::text FROM pg_class WHERE relkind = 'r' AND "
            "relname LIKE 'indicators_%%rollup%%'"
        )
        return [r[0] for r in cursor.fetchall()]


def _row_estimate(table: str) -> dict[str, float]:
    """Bytes per row from the rows' own width (for tables the demo fills with a handful of
    rows, where the table's pages say nothing): the row (`pg_column_size`) plus 28 bytes of
    tuple header and line pointer, 10 % page slack, and 32 bytes per index entry."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT avg(pg_column_size(t.*)) FROM {table} t")  # noqa: S608
        row = cursor.fetchone()
        width = float(row[0] or 0) if row else 0.0
        cursor.execute(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "WHERE c.relname = %s",
            [table],
        )
        found = cursor.fetchone()
    indexes = int(found[0]) if found else 0
    return {"row_bytes": round(width, 1), "indexes": indexes,
            "bytes_per_row": round((width + 28) * 1.1 + 32 * indexes)}  # fmt: skip


def _changes_per_value() -> None:
    """One history row per demo value (the demo inserts values without history): the shape
    of a save's DataValueChange."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO indicators_datavaluechange (indicator_id, option_id, unit_id, period, "
            "at, user_id, action, old_value, new_value, old_status, new_status, data_value_id) "
            "SELECT indicator_id, option_id, unit_id, period, now(), NULL, 'update', value, "
            "value + 1, 'actual', 'actual', id FROM indicators_datavalue"
        )


def main() -> None:
    from bench.generate_checkins import SCALES, checkin_columns

    from dieuhanh.outbreak.checkin_store import checkins_bulk_load, checkins_compact

    connection.ensure_connection()
    result: dict[str, object] = {}
    values = _count("indicators_datavalue")
    rollups = _rollup_tables()
    _changes_per_value()
    value_sizes = _sizes(VALUE_TABLES + rollups)
    changes = _count("indicators_datavaluechange")
    result["values"] = values
    result["value_changes"] = changes
    result["bytes_per_value_row"] = round(value_sizes["indicators_datavalue"] / max(values, 1))
    result["bytes_per_change_row"] = round(
        value_sizes["indicators_datavaluechange"] / max(changes, 1)
    )
    result["bytes_of_running_totals_per_value"] = round(
        sum(value_sizes[t] for t in rollups) / max(values, 1)
    )
    cases = _count("outbreak_case")
    persons = _count("outbreak_person")
    result["cases"] = cases
    result["persons"] = persons
    for table in [*CASE_TABLES, "outbreak_person"]:
        result[f"estimate_{table}"] = {"rows": _count(table), **_row_estimate(table)}

    before = sum(_sizes(CHECKIN_TABLES).values())
    scale = SCALES["default"]
    loaded = checkins_bulk_load(checkin_columns(scale, seed=11, first_person=5_000_000))
    checkins_compact()
    after = sum(_sizes(CHECKIN_TABLES).values())
    result["checkins_loaded"] = loaded
    result["bytes_per_checkin"] = round((after - before) / loaded, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        row = cursor.fetchone()
    result["database_bytes_after"] = int(row[0]) if row else 0
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
