"""Chunked parts of the packed check-in store (a part row per 64 venues × day, 256 persons ×
span): reads, traces, compaction, purge and check-out give what a plain row table gives, whether
the check-ins sit in blocks, in chunked parts or in both."""

from __future__ import annotations

import datetime
import importlib
import types

import numpy as np
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.checkin_store import (
    DbCheckIns,
    checkins_close,
    checkins_compact,
    checkins_count,
    checkins_insert,
    checkins_purge_before,
)
from dieuhanh.outbreak.models import CheckInPersonPart, CheckInVenuePart
from dieuhanh.outbreak.pure.checkin_blocks import (
    DAY,
    VENUE_BUCKET,
    CheckInColumns,
    pack_person_blocks,
    pack_venue_blocks,
)
from dieuhanh.outbreak.pure.memory_store import trace_brute_force
from dieuhanh.outbreak.pure.stays import Stay, local_midnight, stay_end
from dieuhanh.outbreak.pure.tracing import trace
from tests.outbreak.checkin_rows import BASE, EDGE_IDS, SPAN_EDGE, stays, stored_blocks

pytestmark = pytest.mark.django_db

Row = tuple[int, int, int, int | None]


def _naive_person(rows: list[Row], person: int, start: int, end: int) -> list[tuple[int, int, int]]:
    return sorted(
        (v, s, stay_end(s, e))
        for p, v, s, e in rows
        if p == person and stay_end(s, e) > start and s < end
    )


def _naive_venue(rows: list[Row], venue: int, start: int, end: int) -> list[tuple[int, int, int]]:
    return sorted(
        (p, s, stay_end(s, e))
        for p, v, s, e in rows
        if v == venue and stay_end(s, e) > start and s < end
    )


def _reads_equal_the_rows(rows: list[Row], start: int, end: int) -> None:
    """Every person's and venue's reads, one by one and in columns, equal the row table's."""
    persons = sorted({p for p, *_ in rows} | {EDGE_IDS[2], EDGE_IDS[5]})
    venues = sorted({v for _p, v, *_ in rows} | {EDGE_IDS[3]})
    store = DbCheckIns()
    for p in persons:
        got = sorted((s.venue, s.start, s.end) for s in store.person_stays(p, start, end))
        assert got == _naive_person(rows, p, start, end)
    for v in venues:
        got = sorted((s.person, s.start, s.end) for s in store.venue_stays(v, start, end))
        assert got == _naive_venue(rows, v, start, end)
    keys = np.array(persons, dtype=np.int64)
    starts, ends = np.full(len(persons), start), np.full(len(persons), end)
    cols = store.persons_columns(keys, starts, ends)
    got_p = sorted(
        zip(
            cols.person.tolist(),
            cols.venue.tolist(),
            cols.start.tolist(),
            cols.end.tolist(),
            strict=True,
        )
    )
    want_p = sorted(
        (p, v, s, stay_end(s, e)) for p, v, s, e in rows if stay_end(s, e) > start and s < end
    )
    assert got_p == want_p
    vkeys = np.array(venues, dtype=np.int64)
    vcols = DbCheckIns().venues_columns(
        vkeys, np.full(len(venues), start), np.full(len(venues), end)
    )
    got_v = sorted(
        zip(
            vcols.person.tolist(),
            vcols.venue.tolist(),
            vcols.start.tolist(),
            vcols.end.tolist(),
            strict=True,
        )
    )
    assert got_v == want_p


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=stays,
    cuts=st.tuples(st.integers(0, 30), st.integers(0, 30)),
    start=st.integers(-5, 40),
    length=st.integers(0, 40),
)
def test_store_reads_equal_a_row_table_in_blocks_chunked_parts_and_after_compaction(
    rows: list[tuple[int, int, int, int | None]],
    cuts: tuple[int, int],
    start: int,
    length: int,
) -> None:
    # ids either side of chunk edges, times in 2-hour steps around a person-span edge; three
    # loads (the first makes blocks, the others chunked parts), then compacted
    step, origin = 7200, SPAN_EDGE - 20 * 7200
    data: list[Row] = [
        (
            EDGE_IDS[p],
            EDGE_IDS[v],
            origin + s * step,
            None if d is None else origin + s * step + d * 1800,
        )
        for p, v, s, d in rows
    ]
    a, b = sorted(cuts)
    lo, hi = origin + start * step, origin + (start + length) * step
    with transaction.atomic():
        for load in (data[:a], data[a:b], data[b:]):
            checkins_insert(load)
        _reads_equal_the_rows(data, lo, hi)
        checkins_compact(keys_per_batch=1)
        assert not CheckInVenuePart.objects.exists() and not CheckInPersonPart.objects.exists()
        _reads_equal_the_rows(data, lo, hi)
        transaction.set_rollback(True)


def _edge_rows() -> list[Row]:
    """Check-ins at venues 63 and 64 (two venue chunks) by persons 255 and 256 (two person
    chunks) and 1 (the case), on two days."""
    t = BASE + 9 * 3600
    return [
        (1, 63, t, t + 3600),
        (255, 63, t + 600, t + 1800),
        (256, 64, t + 600, t + 1800),
        (1, 64, t + DAY, t + DAY + 3600),
        (256, 64, t + DAY + 900, None),
        (255, 63, t + DAY + 900, None),  # at 63 when the case was at 64: no contact
    ]


def test_keys_at_a_chunk_edge_are_read_only_by_their_own_key() -> None:
    checkins_insert([(9, 9, BASE, None)])  # the first load: blocks
    rows = _edge_rows()
    checkins_insert(rows)  # parts
    assert CheckInVenuePart.objects.filter(chunk=0).exists()
    assert CheckInVenuePart.objects.filter(chunk=1).exists()
    assert set(CheckInPersonPart.objects.values_list("chunk", flat=True)) == {0, 1}
    store = DbCheckIns()
    assert [s.person for s in store.venue_stays(63, BASE, BASE + 3 * DAY)] == [1, 255, 255]
    assert [s.person for s in store.venue_stays(64, BASE, BASE + 3 * DAY)] == [256, 1, 256]
    assert [s.venue for s in store.person_stays(255, BASE, BASE + 3 * DAY)] == [63, 63]
    assert [s.venue for s in store.person_stays(256, BASE, BASE + 3 * DAY)] == [64, 64]
    found = trace(DbCheckIns(), case=1, start=BASE, end=BASE + 3 * DAY)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in [(9, 9, BASE, None), *rows]]
    assert found == trace_brute_force(plain, case=1, start=BASE, end=BASE + 3 * DAY)
    assert sorted({e.person_id for e in found}) == [255, 256]


def test_a_chunk_holding_keys_from_two_loads_is_read_whole_and_compacts_to_one_load() -> None:
    t = BASE + 8 * 3600
    first = [(1, 1, t, t + 3600)]
    second = [(2, 1, t + 600, None), (3, 2, t + 700, None)]
    third = [(4, 2, t + 800, t + 1400), (5, 1, t + 900, None)]
    checkins_insert(first)
    checkins_insert(second)
    checkins_insert(third)
    day = t // VENUE_BUCKET
    assert CheckInVenuePart.objects.filter(chunk=0, day=day).count() == 2
    rows = first + second + third
    _reads_equal_the_rows(rows, BASE, BASE + 2 * DAY)
    found = trace(DbCheckIns(), case=1, start=BASE, end=BASE + 2 * DAY, depth=2)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    assert found == trace_brute_force(plain, case=1, start=BASE, end=BASE + 2 * DAY, depth=2)
    assert found
    checkins_compact()
    compacted = stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert stored_blocks() == compacted
    assert trace(DbCheckIns(), case=1, start=BASE, end=BASE + 2 * DAY, depth=2) == found


def test_f2_over_chunked_parts_equals_f2_over_blocks() -> None:
    rows = _edge_rows()
    t = BASE + 9 * 3600
    rows += [(300, 63, t + DAY + 1000, None), (2000, 63, t + 700, t + 800), (2001, 65, t, None)]
    checkins_insert([(9, 9, BASE, None)])
    for row in rows:  # one load per check-in: many part rows per chunk
        checkins_insert([row])
    in_parts = trace(DbCheckIns(), case=1, start=BASE, end=BASE + 3 * DAY, depth=2)
    checkins_compact()
    in_blocks = trace(DbCheckIns(), case=1, start=BASE, end=BASE + 3 * DAY, depth=2)
    assert in_parts == in_blocks
    assert 300 in {e.person_id for e in in_parts if e.generation == 2}  # via 255, at 63


def test_purge_deletes_and_cuts_chunked_parts() -> None:
    day0 = local_midnight(datetime.date(2021, 6, 1))
    checkins_insert([(1, 1, day0 + 3600, None)])  # blocks
    rows: list[Row] = [
        (p, v, day0 + d * DAY + h * 3600, None)
        for d in range(4)
        for h in (1, 20)  # 20:00 local is the next UTC day
        for p, v in ((2, 63), (300, 64))
    ]
    checkins_insert(rows)  # chunked parts
    before = datetime.date(2021, 6, 3)
    cutoff = local_midnight(before)
    assert checkins_purge_before(before, dry_run=True).checkins == 1 + sum(
        1 for r in rows if r[2] < cutoff
    )
    checkins_purge_before(before)
    kept = [r for r in rows if r[2] >= cutoff]
    assert checkins_count() == len(kept)
    _reads_equal_the_rows(kept, day0 - DAY, day0 + 6 * DAY)
    assert not CheckInVenuePart.objects.filter(day__lt=cutoff // DAY).exists()
    checkins_compact()
    _reads_equal_the_rows(kept, day0 - DAY, day0 + 6 * DAY)


def test_closing_a_check_in_held_in_a_chunk_keeps_its_neighbours() -> None:
    checkins_insert([(9, 9, BASE, None)])
    t = BASE + 3600
    checkins_insert([(1, 1, t, None), (2, 2, t, None), (3, 1, t + 60, None)])
    assert checkins_close(person=1, venue=1, checked_in_at=t, checked_out_at=t + 600)
    rows: list[Row] = [
        (9, 9, BASE, None),
        (1, 1, t, t + 600),
        (2, 2, t, None),
        (3, 1, t + 60, None),
    ]
    _reads_equal_the_rows(rows, BASE - DAY, BASE + 2 * DAY)
    assert not checkins_close(person=1, venue=1, checked_in_at=t, checked_out_at=t + 900)


def test_person_bounds_read_the_chunk_headers() -> None:
    checkins_insert([(300, 1, BASE, None)])
    checkins_insert([(257, 1, BASE + 60, None), (700, 2, BASE + 60, None)])  # parts
    assert DbCheckIns().person_bounds() == (257, 700)


def test_migration_chunks_the_per_key_parts_of_an_existing_store() -> None:
    migration = importlib.import_module("dieuhanh.outbreak.migrations.0010_checkin_parts_chunked")
    editor = types.SimpleNamespace(connection=connection)
    checkins_insert([(9, 9, BASE, None)])
    t = BASE + 3600
    rows: list[Row] = [
        (1, 1, t, None),
        (2, 63, t, t + 60),
        (3, 64, t + DAY, None),
        (1, 1, t + 5, None),
    ]
    with connection.cursor() as cursor:
        for old, key in (
            ("outbreak_checkinvenuepartbykey", "venue_id"),
            ("outbreak_checkinpersonpartbykey", "person_id"),
        ):
            bucket = "day" if key == "venue_id" else "span"
            cursor.execute(
                f"CREATE TABLE {old} (id integer, {key} bigint, {bucket} integer, "
                "count integer, last_end bigint, data bytea)"
            )
        # as the old loads wrote them: a row per key and bucket, two for venue 1's day
        for n, part in enumerate((rows[:3], rows[3:])):
            columns = CheckInColumns.from_rows(part)
            for key_col, table, packer in (
                ("venue_id", "outbreak_checkinvenuepartbykey", pack_venue_blocks),
                ("person_id", "outbreak_checkinpersonpartbykey", pack_person_blocks),
            ):
                blocks = packer(columns)
                bucket = "day" if key_col == "venue_id" else "span"
                for i, (k, b, c, e, blob) in enumerate(blocks.rows()):
                    cursor.execute(
                        f"INSERT INTO {table} (id, {key_col}, {bucket}, count, last_end, data) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        [100 * n + i, k, b, c, e, blob],
                    )
    migration._chunk_old_parts(None, editor)
    # venue 1's two parts and venue 63's in one row (chunk 0), venue 64's next day in another
    assert CheckInVenuePart.objects.count() == 2
    _reads_equal_the_rows([(9, 9, BASE, None), *rows], BASE - DAY, BASE + 3 * DAY)
    with pytest.raises(RuntimeError, match="checkins compact"):
        migration._refuse_chunked_parts(None, editor)
    checkins_compact()
    migration._refuse_chunked_parts(None, editor)
