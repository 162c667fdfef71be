"""The packed check-in store (outbreak/checkin_store.py): loads append parts and compact to what
one load gives, bulk loads, and tracing over the database gives what the brute force gives."""

from __future__ import annotations

import io
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.checkin_store import (
    SQLITE_ROWS_PER_INSERT,
    DbCheckIns,
    _mapped,
    checkins_bulk_load,
    checkins_compact,
    checkins_count,
    checkins_insert,
)
from dieuhanh.outbreak.models import CheckInPersonPart, CheckInVenuePart
from dieuhanh.outbreak.pure.checkin_blocks import DAY, CheckInColumns
from dieuhanh.outbreak.pure.memory_store import trace_brute_force
from dieuhanh.outbreak.pure.stays import Stay, stay_end
from dieuhanh.outbreak.pure.tracing import trace
from dieuhanh.outbreak.selectors.tracing import trace_case
from tests.outbreak.checkin_rows import BASE, SPAN_EDGE, checkin_rows, stays, stored_blocks
from tests.outbreak.factories import at, two_f2s

pytestmark = pytest.mark.django_db


@pytest.mark.django_db
def test_second_load_appends_parts_and_rewrites_no_block() -> None:
    rows = checkin_rows(3)
    checkins_insert(rows[:150])
    first = stored_blocks()
    checkins_insert(rows[150:])
    assert stored_blocks() == first
    assert CheckInVenuePart.objects.exists() and CheckInPersonPart.objects.exists()
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_compacted_loads_equal_one_load() -> None:
    rows = checkin_rows(3)
    checkins_insert(rows[:150])
    checkins_insert(rows[150:300])
    checkins_insert(rows[300:])
    done = checkins_compact(keys_per_batch=7)
    assert done.parts > 0 and not CheckInVenuePart.objects.exists()
    assert not CheckInPersonPart.objects.exists()
    twice = stored_blocks()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM outbreak_checkinvenueblock")
        cursor.execute("DELETE FROM outbreak_checkinpersonblock")
    checkins_insert(rows)
    assert stored_blocks() == twice
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_bulk_load_takes_column_chunks() -> None:
    rows = checkin_rows(4)
    parts = [CheckInColumns.from_rows(rows[:100]), CheckInColumns.from_rows(rows[100:])]
    assert checkins_bulk_load(parts) == len(rows)
    assert checkins_count() == len(rows)


@pytest.mark.django_db
def test_a_load_of_more_blocks_than_one_statement_writes_every_block() -> None:
    """SQLite writes SQLITE_ROWS_PER_INSERT blocks per statement and the rest in one shorter one."""
    n = 2 * SQLITE_ROWS_PER_INSERT + 17
    rows = [(p, p, BASE + p * 60, BASE + p * 60 + 600) for p in range(1, n + 1)]
    checkins_insert(rows)  # the first load: blocks
    checkins_insert([(p, v, start + DAY, end + DAY) for p, v, start, end in rows])  # parts
    blocks = stored_blocks()
    assert [b[0] for b in blocks["outbreak_checkinvenueblock"]] == list(range(1, n + 1))
    assert CheckInVenuePart.objects.count() == len({v >> 6 for v in range(1, n + 1)})  # chunks
    assert checkins_count() == 2 * n
    store = DbCheckIns()
    for v in (1, SQLITE_ROWS_PER_INSERT, SQLITE_ROWS_PER_INSERT + 1, n):
        got = list(store.venue_stays(v, BASE, BASE + 3 * DAY))
        assert [(s.person, s.start) for s in got] == [
            (v, BASE + v * 60),
            (v, BASE + v * 60 + DAY),
        ]


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
    rows = checkin_rows(seed)
    checkins_insert(rows)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    start, end = BASE + 86400, BASE + 3 * 86400
    isolation = {5: BASE + 2 * 86400, 9: BASE + 4 * 86400}
    fast = trace(DbCheckIns(), case=1, start=start, end=end, depth=depth, isolation=isolation)
    slow = trace_brute_force(plain, case=1, start=start, end=end, depth=depth, isolation=isolation)
    assert fast == slow and fast


@pytest.mark.django_db
def test_f2_reads_are_batched() -> None:
    checkins_insert(checkin_rows(4))
    store = DbCheckIns()
    trace(store, case=1, start=BASE, end=BASE + 5 * 86400, depth=2)
    f1_only = DbCheckIns()
    trace(f1_only, case=1, start=BASE, end=BASE + 5 * 86400, depth=1)
    assert store.queries <= f1_only.queries + 4


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


@pytest.mark.parametrize("depth", [1, 2])
def test_venue_blocks_read_in_many_small_batches_give_the_same_trace(depth: int) -> None:
    rows = []
    rng = random.Random(8)
    base = int(at(9).timestamp())
    for _ in range(300):
        start = base + rng.randrange(0, 3 * DAY, 600)
        rows.append(
            (
                rng.randint(1, 30),
                rng.randint(1, 5),
                start,
                start + rng.randrange(600, 4 * 3600, 600),
            )
        )
    checkins_insert(rows)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    small = DbCheckIns()
    small.venue_batch = 2
    found = trace(small, case=1, start=base, end=base + 2 * DAY, depth=depth)
    assert found == trace_brute_force(plain, case=1, start=base, end=base + 2 * DAY, depth=depth)
    assert found


def test_trace_is_the_same_before_and_after_compaction() -> None:
    c, _f1, _f2s = two_f2s()  # check-ins loaded one by one: the later ones are parts
    assert CheckInPersonPart.objects.exists()
    before = trace_case(case=c, depth=2).exposures
    call_command("checkins", "compact", stdout=io.StringIO())
    assert not CheckInPersonPart.objects.exists()
    assert trace_case(case=c, depth=2).exposures == before


def test_person_bounds_are_the_smallest_and_largest_person_of_blocks_and_parts() -> None:
    assert DbCheckIns().person_bounds() is None
    checkins_insert([(5, 1, BASE, None), (9, 2, BASE, None)])
    checkins_insert([(3, 1, BASE + 600, None)])  # a later load: parts
    assert CheckInPersonPart.objects.exists()
    assert DbCheckIns().person_bounds() == (3, 9)


def test_venue_blocks_in_parts_are_the_blocks_read_at_once() -> None:
    rows = checkin_rows(5)
    checkins_insert(rows[: len(rows) // 2])
    checkins_insert(rows[len(rows) // 2 :])
    venues = np.array(sorted({v for _p, v, _s, _e in rows}), dtype=np.int64)
    starts = np.full(venues.shape[0], BASE, dtype=np.int64)
    ends = starts + 3 * DAY
    store = DbCheckIns()
    store.venue_batch = 3
    parts = list(store.venues_read_parts(venues, starts, ends))
    whole = DbCheckIns().venues_read(venues, starts, ends)
    # SQLite: a query per 3 venue-days, read ahead on a second thread; PostgreSQL: one query
    assert len(parts) > 2 if connection.vendor == "sqlite" else len(parts) == 1
    blocks = sorted(
        (int(v), int(d), r.tobytes())
        for part in parts
        for v, d, r in zip(
            part.venue,
            part.day,
            np.split(part.records, np.cumsum(part.counts)[:-1]),
            strict=True,
        )
    )
    expected = sorted(
        (int(v), int(d), r.tobytes())
        for v, d, r in zip(
            whole.venue,
            whole.day,
            np.split(whole.records, np.cumsum(whole.counts)[:-1]),
            strict=True,
        )
    )
    assert blocks == expected and blocks


def test_block_reads_map_the_file_then_restore_the_connections_setting(tmp_path: Path) -> None:
    raw = sqlite3.connect(tmp_path / "store.sqlite3")
    raw.execute("CREATE TABLE t (x)")
    (before,) = raw.execute("PRAGMA mmap_size").fetchone()
    with _mapped(raw):
        (during,) = raw.execute("PRAGMA mmap_size").fetchone()
    assert during > 0
    assert raw.execute("PRAGMA mmap_size").fetchone() == (before,)
    memory = sqlite3.connect(":memory:")
    with _mapped(memory):  # nothing to map: no setting, no error
        assert memory.execute("SELECT 1").fetchone() == (1,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads at once, no thread")
def test_venue_parts_closed_early_stop_their_reader() -> None:
    # a trace that fails before taking every part: the reader stops, the connection is free
    checkins_insert(checkin_rows(5))
    store = DbCheckIns()
    store.venue_batch = 1
    venues = np.arange(1, 6, dtype=np.int64)
    starts = np.full(5, BASE, dtype=np.int64)
    parts = store.venues_read_parts(venues, starts, starts + 3 * DAY)
    getattr(parts, "close")()  # noqa: B009  # the reader's parts, not a plain iterator's
    assert not getattr(parts, "_reader").is_alive()  # noqa: B009  # stopped and joined
    assert list(parts) == []
    assert DbCheckIns().person_bounds() is not None
