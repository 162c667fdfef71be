"""The packed check-in store: blocks round-trip, merge, and tracing over the database gives what
the brute force gives."""

from __future__ import annotations

import random

import numpy as np
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.checkin_store import (
    DbCheckIns,
    checkins_bulk_load,
    checkins_compact,
    checkins_count,
    checkins_insert,
)
from dieuhanh.outbreak.models import CheckInPersonPart, CheckInVenuePart
from dieuhanh.outbreak.pure.checkin_blocks import (
    DAY,
    NO_CHECKOUT,
    PERSON_BUCKET,
    VENUE_BUCKET,
    CheckInColumns,
    check_columns,
    pack_person_blocks,
    pack_venue_blocks,
    unpack,
)
from dieuhanh.outbreak.pure.memory_store import trace_brute_force
from dieuhanh.outbreak.pure.stays import DEFAULT_STAY, Stay, stay_end
from dieuhanh.outbreak.pure.tracing import trace

BASE = 1_622_480_400  # 2021-06-01 00:00 +07:00
SPAN_EDGE = (BASE // PERSON_BUCKET + 1) * PERSON_BUCKET  # a person-block boundary (UTC)


def _rows(seed: int, n: int = 400) -> list[tuple[int, int, int, int | None]]:
    rng = random.Random(seed)
    rows: list[tuple[int, int, int, int | None]] = []
    for _ in range(n):
        start = BASE + rng.randrange(0, 5 * 86400, 300)
        end = None if rng.random() < 0.3 else start + rng.randrange(300, 4 * 3600, 300)
        rows.append((rng.randint(1, 40), rng.randint(1, 6), start, end))
    return rows


def _stored_blocks() -> dict[str, list[tuple[int, int, int, int, bytes]]]:
    out = {}
    with connection.cursor() as cursor:
        for table, key, bucket in (
            ("outbreak_checkinvenueblock", "venue_id", "day"),
            ("outbreak_checkinpersonblock", "person_id", "span"),
        ):
            cursor.execute(
                f"SELECT {key}, {bucket}, count, last_end, data FROM {table} "
                f"ORDER BY {key}, {bucket}"
            )
            out[table] = [(k, b, c, e, bytes(d)) for k, b, c, e, d in cursor.fetchall()]
    return out


# --- pure packing ----------------------------------------------------------------------------


def test_blocks_round_trip_every_check_in() -> None:
    rows = _rows(1)
    columns = CheckInColumns.from_rows(rows)
    for packer, seconds, venue_side in (
        (pack_venue_blocks, VENUE_BUCKET, True),
        (pack_person_blocks, PERSON_BUCKET, False),
    ):
        blocks = packer(columns)
        back = unpack(
            [(k, b, blob) for k, b, _c, _e, blob in blocks.rows()],
            bucket_seconds=seconds,
            venue_side=venue_side,
        )
        assert sorted(back.rows()) == sorted(rows)
        assert int(blocks.counts.sum()) == len(rows)


def test_missing_check_out_survives_packing() -> None:
    columns = CheckInColumns.from_rows([(1, 2, BASE, None), (3, 2, BASE, BASE + 60)])
    blocks = pack_venue_blocks(columns)
    back = unpack(
        [(k, b, blob) for k, b, _c, _e, blob in blocks.rows()],
        bucket_seconds=VENUE_BUCKET,
        venue_side=True,
    )
    assert sorted(back.rows()) == [(1, 2, BASE, None), (3, 2, BASE, BASE + 60)]
    assert blocks.last_ends.tolist() == [BASE + DEFAULT_STAY]


def test_one_block_per_venue_and_utc_day() -> None:
    day0 = (BASE // DAY + 1) * DAY  # a UTC midnight
    columns = CheckInColumns.from_rows(
        [(1, 5, day0 - 1, None), (2, 5, day0, None), (3, 6, day0, None), (4, 5, day0 + 10, None)]
    )
    blocks = pack_venue_blocks(columns)
    got = zip(blocks.keys.tolist(), blocks.buckets.tolist(), blocks.counts.tolist(), strict=True)
    assert list(got) == [
        (5, day0 // DAY - 1, 1),
        (5, day0 // DAY, 2),
        (6, day0 // DAY, 1),
    ]


def test_packing_does_not_depend_on_row_order() -> None:
    rows = _rows(2) + [(7, 3, BASE + 600, None)] * 3 + [(8, 3, BASE + 600, BASE + 900)]
    shuffled = rows[:]
    random.Random(9).shuffle(shuffled)
    a = CheckInColumns.from_rows(rows)
    b = CheckInColumns.from_rows(shuffled)
    assert pack_venue_blocks(a).payload == pack_venue_blocks(b).payload
    assert pack_person_blocks(a).payload == pack_person_blocks(b).payload


def test_columns_the_blocks_cannot_hold_are_refused() -> None:
    def cols(p: int, v: int, s: int, e: int) -> CheckInColumns:
        return CheckInColumns(*(np.array([x], dtype=np.int64) for x in (p, v, s, e)))

    assert check_columns(cols(1, 1, BASE, NO_CHECKOUT)) is None
    assert check_columns(cols(2**31, 1, BASE, NO_CHECKOUT)) is not None
    assert check_columns(cols(1, 0, BASE, NO_CHECKOUT)) is not None
    assert check_columns(cols(1, 1, BASE, BASE)) is not None
    assert check_columns(cols(1, 1, BASE, BASE + 86401)) is not None


# --- the database store ----------------------------------------------------------------------


@pytest.mark.django_db
def test_second_load_appends_parts_and_rewrites_no_block() -> None:
    rows = _rows(3)
    checkins_insert(rows[:150])
    first = _stored_blocks()
    checkins_insert(rows[150:])
    assert _stored_blocks() == first
    assert CheckInVenuePart.objects.exists() and CheckInPersonPart.objects.exists()
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_compacted_loads_equal_one_load() -> None:
    rows = _rows(3)
    checkins_insert(rows[:150])
    checkins_insert(rows[150:300])
    checkins_insert(rows[300:])
    done = checkins_compact(keys_per_batch=7)
    assert done.parts > 0 and not CheckInVenuePart.objects.exists()
    assert not CheckInPersonPart.objects.exists()
    twice = _stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert _stored_blocks() == twice
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_bulk_load_takes_column_chunks() -> None:
    rows = _rows(4)
    parts = [CheckInColumns.from_rows(rows[:100]), CheckInColumns.from_rows(rows[100:])]
    assert checkins_bulk_load(parts) == len(rows)
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_bulk_load_refuses_ids_beyond_the_block_width() -> None:
    with pytest.raises(ValidationFailed):
        checkins_insert([(2**40, 1, BASE, None)])
    assert checkins_count() == 0


@pytest.mark.django_db
def test_stay_begun_the_day_before_is_found_at_the_venue() -> None:
    midnight = (BASE // DAY + 1) * DAY
    checkins_insert([(1, 4, midnight - 600, midnight + 1800), (2, 4, midnight + 600, None)])
    found = trace(DbCheckIns(), case=2, start=midnight, end=midnight + DAY)
    assert [(e.person_id, e.overlap_start, e.overlap_end) for e in found] == [
        (1, midnight + 600, midnight + 1800)
    ]


@pytest.mark.django_db
def test_touching_stays_at_a_block_edge_are_not_exposures() -> None:
    midnight = (BASE // DAY + 1) * DAY
    checkins_insert([(1, 4, midnight - 3600, midnight), (2, 4, midnight, None)])
    assert trace(DbCheckIns(), case=2, start=midnight - DAY, end=midnight + DAY) == []


@pytest.mark.django_db
def test_person_blocks_across_a_span_edge_are_read() -> None:
    checkins_insert(
        [
            (1, 4, SPAN_EDGE - 7200, None),
            (1, 5, SPAN_EDGE + 7200, None),
            (2, 4, SPAN_EDGE - 7000, None),
            (3, 5, SPAN_EDGE + 7300, None),
        ]
    )
    found = trace(DbCheckIns(), case=1, start=SPAN_EDGE - DAY, end=SPAN_EDGE + DAY)
    assert sorted(e.person_id for e in found) == [2, 3]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.django_db
def test_database_trace_matches_brute_force(seed: int, depth: int) -> None:
    rows = _rows(seed)
    checkins_insert(rows)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    start, end = BASE + 86400, BASE + 3 * 86400
    isolation = {5: BASE + 2 * 86400, 9: BASE + 4 * 86400}
    fast = trace(DbCheckIns(), case=1, start=start, end=end, depth=depth, isolation=isolation)
    slow = trace_brute_force(plain, case=1, start=start, end=end, depth=depth, isolation=isolation)
    assert fast == slow and fast


@pytest.mark.django_db
def test_f2_reads_are_batched() -> None:
    checkins_insert(_rows(4))
    store = DbCheckIns()
    trace(store, case=1, start=BASE, end=BASE + 5 * 86400, depth=2)
    f1_only = DbCheckIns()
    trace(f1_only, case=1, start=BASE, end=BASE + 5 * 86400, depth=1)
    assert store.queries <= f1_only.queries + 4


stays = st.lists(
    st.tuples(
        st.integers(1, 6),
        st.integers(1, 3),
        st.integers(0, 40),
        st.one_of(st.none(), st.integers(1, 12)),
    ),
    max_size=30,
)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=stays,
    split=st.integers(0, 30),
    start=st.integers(-5, 40),
    length=st.one_of(st.none(), st.integers(0, 40)),
    depth=st.sampled_from([1, 2]),
    iso=st.dictionaries(st.integers(1, 6), st.integers(0, 60), max_size=3),
)
def test_database_trace_matches_brute_force_on_random_data(
    rows: list[tuple[int, int, int, int | None]],
    split: int,
    start: int,
    length: int | None,
    depth: int,
    iso: dict[int, int],
) -> None:
    # steps of 2 hours around a person-block edge (so day and span blocks are crossed); loaded
    # in two parts (so blocks are merged)
    step, origin = 7200, SPAN_EDGE - 20 * 7200
    data = [
        (p, v, origin + s * step, None if d is None else origin + s * step + d * 1800)
        for p, v, s, d in rows
    ]
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in data]
    end = 2**62 if length is None else origin + (start + length) * step
    iso_s = {k: origin + v * step for k, v in iso.items()}
    with transaction.atomic():
        checkins_insert(data[:split])
        checkins_insert(data[split:])
        fast = trace(
            DbCheckIns(), case=1, start=origin + start * step, end=end, depth=depth, isolation=iso_s
        )
        transaction.set_rollback(True)
    slow = trace_brute_force(
        plain, case=1, start=origin + start * step, end=end, depth=depth, isolation=iso_s
    )
    assert fast == slow


@pytest.mark.django_db
def test_migration_moves_row_table_check_ins_into_blocks() -> None:
    import importlib
    import types

    migration = importlib.import_module("dieuhanh.outbreak.migrations.0004_checkin_blocks")
    rows = _rows(6, n=50)
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
    moved = _stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert _stored_blocks() == moved


def _migration():  # type: ignore[no-untyped-def]
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
    rows = _rows(7, n=60) + [
        (p, v, s + later, None if e is None else e + later) for p, v, s, e in _rows(8, n=60)
    ]
    _row_table(rows)
    module._move_rows_into_blocks(None, editor)
    moved = _stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert _stored_blocks() == moved


@pytest.mark.django_db
def test_migration_refuses_rows_the_blocks_cannot_hold() -> None:
    module, editor = _migration()
    _row_table([(1, 1, BASE, BASE - 1)])  # a check-out before its check-in
    with pytest.raises(RuntimeError, match="cannot keep"):
        module._move_rows_into_blocks(None, editor)


@pytest.mark.django_db
def test_migrating_back_returns_every_check_in_to_the_row_table() -> None:
    module, editor = _migration()
    rows = _rows(9, n=80)
    checkins_insert(rows)
    module._move_blocks_back_into_rows(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id, venue_id, checked_in_at, checked_out_at FROM outbreak_checkin"
        )
        back = cursor.fetchall()
    assert sorted(back, key=repr) == sorted(rows, key=repr)
