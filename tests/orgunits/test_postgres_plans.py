"""PostgreSQL only: the materialised-path prefix ("every unit under X") is served by the path's
pattern-operator index (varchar_pattern_ops, which Django adds beside the unique index of a
CharField): the database's collation (C.UTF-8, vi_VN…) is not the C collation, so the plain
btree index cannot serve LIKE 'prefix%'. Issue 21 asked whether a missing operator class was
why the subtree read is slower than its floor on PostgreSQL: it is not (the plan is an index
scan; the difference is in reading rows into models)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.selectors import unit_descendants_query
from dieuhanh.orgunits.tree import unit_data_version
from tests.conftest import unit_on

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans"),
]
ON = datetime.date(2021, 7, 1)


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'orgunits_orgunit'"
        )
        return dict(cursor.fetchall())


def test_the_path_has_a_pattern_operator_index(db: None) -> None:
    assert any("(path varchar_pattern_ops)" in d for d in _indexes().values())


def test_the_subtree_read_uses_the_path_index(db: None) -> None:
    qs = unit_descendants_query(unit=unit_on("633", ON), on=ON, scope=Scope.everything())
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test database is tiny
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    pattern_index = next(n for n, d in _indexes().items() if "(path varchar_pattern_ops)" in d)
    assert pattern_index in plan
    assert "~>=~" in plan  # the prefix became an index range, not a filter


def test_the_unit_data_triggers_fire_once_per_statement(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgtype & 1 FROM pg_trigger "
            "WHERE tgrelid = 'orgunits_orgunit'::regclass AND NOT tgisinternal ORDER BY tgname"
        )
        found = cursor.fetchall()
    # tgtype bit 0: FOR EACH ROW (1) or FOR EACH STATEMENT (0).
    assert found == [("orgunits_unit_data_truncate", 0), ("orgunits_unit_data_write", 0)]


def test_a_truncate_moves_the_unit_data_version(db: None) -> None:
    before = unit_data_version("default")
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("TRUNCATE orgunits_orgunit CASCADE")
    assert unit_data_version("default") not in (before, None)
