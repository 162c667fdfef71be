"""Migration 0004_checkin_blocks: check-ins of the row table moved into blocks (the blocks of
one load), rows the blocks cannot hold refused, and back again."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

import pytest
from django.db import connection

from dieuhanh.outbreak.checkin_store import checkins_insert
from tests.outbreak.checkin_rows import BASE, checkin_rows, stored_blocks


@pytest.mark.django_db
def test_migration_moves_row_table_check_ins_into_blocks() -> None:
    import importlib
    import types

    migration = importlib.import_module("dieuhanh.outbreak.migrations.0004_checkin_blocks")
    rows = checkin_rows(6, n=50)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO outbreak_checkin (person_id, venue_id, checked_in_at, checked_out_at) "
            "VALUES (%s, %s, %s, %s)",
            rows,
        )
    migration._move_rows_into_blocks(None, types.SimpleNamespace(connection=connection))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM outbreak_checkin")
        assert cursor.fetchone()[0] == 0
    moved = stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert stored_blocks() == moved


def _migration() -> tuple[ModuleType, SimpleNamespace]:
    import importlib
    import types

    module = importlib.import_module("dieuhanh.outbreak.migrations.0004_checkin_blocks")
    return module, types.SimpleNamespace(connection=connection)


def _row_table(rows: list[tuple[int, int, int, int | None]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO outbreak_checkin (person_id, venue_id, checked_in_at, checked_out_at) "
            "VALUES (%s, %s, %s, %s)",
            rows,
        )


@pytest.mark.django_db
def test_migration_moves_rows_of_several_spans_a_span_at_a_time() -> None:
    """Rows 200 days apart fall in different 64-day spans: the blocks are those of one load."""
    module, editor = _migration()
    later = 200 * 86400
    rows = checkin_rows(7, n=60) + [
        (p, v, s + later, None if e is None else e + later) for p, v, s, e in checkin_rows(8, n=60)
    ]
    _row_table(rows)
    module._move_rows_into_blocks(None, editor)
    moved = stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert stored_blocks() == moved


@pytest.mark.django_db
def test_migration_refuses_rows_the_blocks_cannot_hold() -> None:
    module, editor = _migration()
    _row_table([(1, 1, BASE, BASE - 1)])  # a check-out before its check-in
    with pytest.raises(RuntimeError, match="cannot keep"):
        module._move_rows_into_blocks(None, editor)


@pytest.mark.django_db
def test_migrating_back_returns_every_check_in_to_the_row_table() -> None:
    module, editor = _migration()
    rows = checkin_rows(9, n=80)
    checkins_insert(rows)
    module._move_blocks_back_into_rows(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id, venue_id, checked_in_at, checked_out_at FROM outbreak_checkin"
        )
        back = cursor.fetchall()
    assert sorted(back, key=repr) == sorted(rows, key=repr)
