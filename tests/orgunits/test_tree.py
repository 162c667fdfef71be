"""The unit tree cached per process at the units table's version (orgunits.tree, issue 21)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_init
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from dieuhanh.core.memo import read_memo
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit, Succession, SuccessionKind, UnitDataVersion
from dieuhanh.orgunits.selectors import (
    _valid_on_query,
    unit_children,
    unit_children_query,
    unit_descendants,
    unit_descendants_query,
)
from dieuhanh.orgunits.services import orgunits_load, unit_keys
from dieuhanh.orgunits.tree import forget, unit_data_version, unit_tree
from tests.conftest import BEFORE, unit_on
from tests.orgunits.datasets import old_dataset

pytestmark = pytest.mark.django_db
ALL = Scope.everything()


@pytest.fixture(autouse=True)
def _no_cached_tree() -> Iterator[None]:
    forget()
    yield
    forget()


def version() -> int | None:
    return unit_data_version("default")


def names_under(code: str, **kwargs: object) -> list[str]:
    return [u.name for u in unit_descendants(unit=unit_on(code), on=BEFORE, scope=ALL, **kwargs)]  # type: ignore[arg-type]  # level only


def test_the_second_read_asks_only_the_version(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    gia_lai = unit_on("64")
    first = unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL, level=3)
    with django_assert_num_queries(1):
        again = unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL, level=3)
    assert [u.pk for u in again] == [u.pk for u in first] and len(first) > 200


def test_within_a_read_memo_the_second_read_asks_nothing(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    gia_lai = unit_on("64")
    with read_memo():
        unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL)
        with django_assert_num_queries(0):
            unit_descendants(unit=gia_lai, on=BEFORE, scope=ALL, level=2)


def test_children_are_read_from_the_tree_too(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    chu_se = unit_on("633")
    expected = list(unit_children_query(unit=chu_se, on=BEFORE, scope=ALL))
    unit_children(unit=chu_se, on=BEFORE, scope=ALL)
    with django_assert_num_queries(1):
        assert unit_children(unit=chu_se, on=BEFORE, scope=ALL) == expected
    assert len(expected) == 15


def _facts(unit: OrgUnit | None) -> tuple[object, ...] | None:
    if unit is None:
        return None
    parent = unit.parent
    return (unit.pk, unit.name, unit.path, parent.pk if parent else None, parent and parent.name)


def test_a_version_by_code_is_the_one_the_query_finds() -> None:
    tree = unit_tree()
    assert tree is not None
    days = {BEFORE, datetime.date(2004, 1, 1), datetime.date(2025, 7, 1)}
    for unit in OrgUnit.objects.all():
        for day in days | {unit.valid_from, unit.valid_to or BEFORE}:
            assert _facts(tree.version_of(unit.code, day)) == _facts(
                _valid_on_query(unit.code, day)
            )
    assert tree.version_of("no-such-code", BEFORE) is None


def test_a_version_by_code_comes_with_its_parent_without_a_query(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    tree = unit_tree()
    assert tree is not None
    with django_assert_num_queries(0):
        unit = tree.version_of("23962", BEFORE)
        assert unit is not None and unit.parent is not None and unit.parent.code == "633"


def test_a_caller_changing_a_unit_does_not_change_the_cache() -> None:
    first = unit_descendants(unit=unit_on("633"), on=BEFORE, scope=ALL)
    name = first[0].name
    first[0].name = "Xã Đổi Tên"
    assert names_under("633")[0] == name


def test_the_units_are_models_read_from_the_database() -> None:
    unit = unit_descendants(unit=unit_on("633"), on=BEFORE, scope=ALL)[0]
    fresh = OrgUnit.objects.get(pk=unit.pk)
    assert {k: v for k, v in vars(unit).items() if k != "_state"} == {
        k: v for k, v in vars(fresh).items() if k != "_state"
    }
    assert (unit._state.adding, unit._state.db, unit.parent.code) == (False, "default", "633")  # type: ignore[union-attr]  # a commune has a parent


def test_units_are_made_the_django_way_when_their_init_is_listened_to() -> None:
    made: list[OrgUnit] = []

    def seen(sender: type[OrgUnit], instance: OrgUnit, **kwargs: object) -> None:
        made.append(instance)

    expected = list(unit_descendants_query(unit=unit_on("633"), on=BEFORE, scope=ALL))
    post_init.connect(seen, sender=OrgUnit)
    try:
        found = unit_descendants(unit=unit_on("633"), on=BEFORE, scope=ALL)
    finally:
        post_init.disconnect(seen, sender=OrgUnit)
    assert [vars(u) | {"_state": None} for u in found] == [
        vars(u) | {"_state": None} for u in expected
    ]
    assert {id(u) for u in found} <= {id(m) for m in made}  # through Model.__init__


def test_a_saved_unit_moves_the_version_and_is_read_back() -> None:
    names_under("633")
    before = version()
    commune = unit_on("23962")
    commune.name = "Xã Thử Lưu"
    commune.save()
    assert version() != before
    assert "Xã Thử Lưu" in names_under("633")


def test_a_queryset_update_moves_the_version() -> None:
    names_under("633")
    before = version()
    OrgUnit.objects.filter(code="23962").update(name="Xã Cập Nhật")
    assert version() != before
    assert "Xã Cập Nhật" in names_under("633")


def test_raw_sql_moves_the_version() -> None:
    names_under("633")
    before = version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgunits_orgunit SET name = %s WHERE code = %s", ["Xã Thô", "23962"])
    assert version() != before
    assert "Xã Thô" in names_under("633")


def test_a_succession_added_moves_the_version() -> None:
    before = version()
    Succession.objects.create(
        predecessor=unit_on("23962"),
        successor=unit_on("23965"),
        date=BEFORE,
        kind=SuccessionKind.MERGED,
    )
    assert version() != before


def test_a_succession_removed_moves_the_version() -> None:
    Succession.objects.create(
        predecessor=unit_on("23962"),
        successor=unit_on("23965"),
        date=BEFORE,
        kind=SuccessionKind.MERGED,
    )
    before = version()
    Succession.objects.all().delete()
    assert version() != before


@pytest.mark.parametrize("table", ["orgunits_orgunit", "orgunits_succession"])
def test_every_unit_data_table_has_its_triggers(table: str) -> None:
    # SQLite drops a table's triggers when Django rebuilds the table in a later migration.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
            assert cursor.fetchone()[0] == 3  # insert, update, delete
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
            assert cursor.fetchone()[0] == 2  # write (statement), truncate


def test_a_deleted_unit_leaves_the_tree() -> None:
    chu_se = unit_on("633")
    before = names_under("633")
    leaf = OrgUnit.objects.create(
        code="99991",
        name="Xã Tạm",
        kind="commune",
        level=3,
        valid_from=datetime.date(2020, 1, 1),
        parent=chu_se,
        path=chu_se.path + "99991:20200101/",
        **unit_keys("Xã Tạm"),
    )
    assert "Xã Tạm" in names_under("633")
    leaf.delete()
    assert names_under("633") == before


def test_a_bulk_load_moves_the_version(tmp_path: Path) -> None:
    assert unit_tree() is not None
    before = version()
    orgunits_load(path=old_dataset(tmp_path))
    assert version() != before
    province = OrgUnit.objects.get(code="P1", valid_from__lte=BEFORE, valid_to__gte=BEFORE)
    found = unit_descendants(unit=province, on=BEFORE, scope=ALL)
    assert sorted(u.code for u in found) == ["C1", "C2", "D1"]
    assert found == list(unit_descendants_query(unit=province, on=BEFORE, scope=ALL))


def test_a_rolled_back_write_is_not_read_after() -> None:
    names = names_under("633")
    before = version()
    with transaction.atomic():
        OrgUnit.objects.filter(code="23962").update(name="Xã Bỏ")
        assert "Xã Bỏ" in names_under("633")  # cached under the uncommitted version
        transaction.set_rollback(True)
    assert version() == before
    assert names_under("633") == names
    # The next write's version is not the rolled-back one (a counter would give it again).
    OrgUnit.objects.filter(code="23963").update(updated_at=datetime.datetime.now(datetime.UTC))
    assert "Xã Bỏ" not in names_under("633")


def test_no_version_row_reads_the_table() -> None:
    UnitDataVersion.objects.all().delete()
    assert unit_tree() is None
    expected = list(unit_descendants_query(unit=unit_on("633"), on=BEFORE, scope=ALL))
    assert unit_descendants(unit=unit_on("633"), on=BEFORE, scope=ALL) == expected


def test_the_scope_cuts_the_subtree() -> None:
    chu_se, commune = unit_on("633"), unit_on("23962")
    scope = Scope(view_paths=(commune.path,))
    found = unit_descendants(unit=unit_on("64"), on=BEFORE, scope=scope)
    assert [u.code for u in found] == ["23962"]
    assert unit_descendants(unit=chu_se, on=BEFORE, scope=Scope.nothing()) == []


def test_a_scope_elsewhere_sees_nothing_below() -> None:
    elsewhere = Scope(view_paths=(unit_on("01").path,))  # Hà Nội
    assert unit_descendants(unit=unit_on("633"), on=BEFORE, scope=elsewhere) == []


# Random trees: the cached slice equals the query, unit for unit and field for field.
DAYS = [datetime.date(2010, 1, 1), datetime.date(2015, 6, 30), datetime.date(2021, 7, 1)]
NAMES = ["Xã An", "Xã Ân", "Phường Bình", "Xã Ba", "Thị trấn An", "Xã Đông", "Xã Dông"]
node = st.tuples(
    st.integers(min_value=0, max_value=30),  # parent: an earlier node (modulo), or the root
    st.sampled_from(NAMES),
    st.sampled_from(DAYS[:2]),  # valid from
    st.sampled_from([None, *DAYS]),  # valid to (kept ≥ valid from)
)
query = st.tuples(
    st.integers(min_value=0, max_value=30),  # the unit asked about (modulo)
    st.sampled_from(DAYS),
    st.sampled_from([None, 1, 2, 3]),
    st.integers(min_value=-2, max_value=30),  # -2: everything, -1: nothing, else a node's path
)


def _build(nodes: list[tuple[int, str, datetime.date, datetime.date | None]]) -> list[OrgUnit]:
    root = OrgUnit.objects.create(
        code="T0",
        name="Tỉnh Thử",
        kind="province",
        level=1,
        valid_from=DAYS[0],
        path="/T0:20100101/",
        **unit_keys("Tỉnh Thử"),
    )
    made = [root]
    for i, (parent_at, name, start, end) in enumerate(nodes, start=1):
        parent = made[parent_at % len(made)]
        code = f"T{i}"
        made.append(
            OrgUnit.objects.create(
                code=code,
                name=name,
                kind="commune",
                level=min(parent.level + 1, 3),
                valid_from=start,
                valid_to=end if end is None or end >= start else start,
                parent=parent,
                path=f"{parent.path}{code}:{start:%Y%m%d}/",
                **unit_keys(name),
            )
        )
    return made


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    nodes=st.lists(node, min_size=1, max_size=12), queries=st.lists(query, min_size=1, max_size=6)
)
def test_the_cached_subtree_equals_the_query_on_random_trees(
    nodes: list[tuple[int, str, datetime.date, datetime.date | None]],
    queries: list[tuple[int, datetime.date, int | None, int]],
) -> None:
    with transaction.atomic():
        made = _build(nodes)
        for at, on, level, seen in queries:
            unit = made[at % len(made)]
            scope = (
                ALL
                if seen == -2
                else Scope.nothing()
                if seen == -1
                else Scope(view_paths=(made[seen % len(made)].path,))
            )
            cached = unit_descendants(unit=unit, on=on, scope=scope, level=level)
            queried = list(unit_descendants_query(unit=unit, on=on, scope=scope, level=level))
            assert [vars(u) | {"_state": None} for u in cached] == [
                vars(u) | {"_state": None} for u in queried
            ]
            children = unit_children(unit=unit, on=on, scope=scope)
            assert children == list(unit_children_query(unit=unit, on=on, scope=scope))
        transaction.set_rollback(True)  # the next example starts from the country alone
