"""The tracing rule of docs/design.md §3 (outbreak/pure/tracing.py) over the memory store at
its boundaries, and against a brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.memory_store import MemoryStore, trace_brute_force
from dieuhanh.outbreak.pure.stays import Stay, TraceExposure, stay_end
from dieuhanh.outbreak.pure.tracing import (
    _by_start_then_person,
    _in_start_then_person_order,
    first_generation_columns,
    trace,
    trace_columns,
)

H = 3600


def _store(*rows: tuple[int, int, int, int | None]) -> MemoryStore:
    return MemoryStore(rows)


def test_check_in_ending_exactly_at_window_start_is_not_traced() -> None:
    store = _store((1, 9, 0, 100), (2, 9, 50, 200))
    assert trace(store, case=1, start=100) == []


def test_check_in_starting_exactly_at_isolation_is_not_traced() -> None:
    store = _store((1, 9, 100, 300), (2, 9, 100, 300))
    assert trace(store, case=1, start=0, end=100) == []


def test_f1_overlap_is_clipped_to_the_window() -> None:
    store = _store((1, 9, 0, 10 * H), (2, 9, 0, 10 * H))
    assert trace(store, case=1, start=2 * H, end=5 * H) == [TraceExposure(1, 2 * H, 2, 9, 5 * H, 1)]


def test_missing_check_out_counts_sixty_minutes_in_tracing() -> None:
    store = _store((1, 9, 0, None), (2, 9, H - 1, None), (3, 9, H, None))
    found = trace(store, case=1, start=0)
    assert [e.person_id for e in found] == [2]


def test_other_venue_is_not_an_exposure() -> None:
    store = _store((1, 9, 0, H), (2, 8, 0, H))
    assert trace(store, case=1, start=0) == []


def test_f2_window_starts_at_the_f1_earliest_exposure() -> None:
    store = _store(
        (1, 9, 5 * H, 6 * H),  # case meets 2 at venue 9
        (2, 9, 5 * H, 7 * H),
        (2, 8, 0, 2 * H),  # 2 met 3 before being exposed: not traced
        (3, 8, 0, 2 * H),
        (2, 7, 8 * H, 9 * H),  # after exposure: 4 is F2 via 2
        (4, 7, 8 * H, 9 * H),
    )
    found = trace(store, case=1, start=0, depth=2)
    assert [(e.person_id, e.generation, e.via) for e in found] == [(2, 1, 1), (4, 2, 2)]


def test_f2_stops_at_the_f1_isolation() -> None:
    store = _store((1, 9, 0, H), (2, 9, 0, H), (2, 7, 8 * H, 9 * H), (4, 7, 8 * H, 9 * H))
    found = trace(store, case=1, start=0, depth=2, isolation={2: 8 * H})
    assert [e.person_id for e in found] == [2]


def test_smallest_generation_wins_and_case_is_never_listed() -> None:
    store = _store(
        (1, 9, 0, H),
        (2, 9, 0, H),
        (3, 9, 0, H),
        (2, 7, 2 * H, 3 * H),
        (3, 7, 2 * H, 3 * H),
        (1, 7, 2 * H, 3 * H),
    )
    found = trace(store, case=1, start=0, depth=2)
    assert sorted((e.person_id, e.generation) for e in found) == [(2, 1), (2, 1), (3, 1), (3, 1)]


def test_one_entry_per_exposure_interval() -> None:
    store = _store((1, 9, 0, H), (1, 9, 2 * H, 3 * H), (2, 9, 0, 3 * H))
    found = trace(store, case=1, start=0)
    assert [(e.overlap_start, e.overlap_end) for e in found] == [(0, H), (2 * H, 3 * H)]


def test_f2_lists_each_person_once_at_their_earliest_exposure() -> None:
    store = _store(
        (1, 9, 0, H),
        (2, 9, 0, H),  # 2 is F1 from 0
        (2, 7, 2 * H, 3 * H),
        (4, 7, 2 * H, 3 * H),  # 4 meets 2 at venue 7 ...
        (2, 8, 5 * H, 6 * H),
        (4, 8, 5 * H, 6 * H),  # ... and again at venue 8
    )
    found = [e for e in trace(store, case=1, start=0, depth=2) if e.generation == 2]
    assert found == [TraceExposure(2, 2 * H, 4, 7, 3 * H, 2)]


def test_f2_row_keeps_the_end_of_the_latest_exposure() -> None:
    store = _store(
        (1, 9, 0, H),
        (2, 9, 0, H),
        (3, 9, 0, H),
        (2, 7, 2 * H, 3 * H),
        (4, 7, 2 * H, 3 * H),  # 4 meets 2 first ...
        (3, 8, 5 * H, 7 * H),
        (4, 8, 6 * H, 9 * H),  # ... and 3 last, until 7h
    )
    columns = trace_columns(store, case=1, start=0, depth=2)
    [row] = np.flatnonzero(columns.generation == 2).tolist()
    assert (columns.overlap_end[row], columns.last_end[row]) == (3 * H, 7 * H)


def test_f2_tie_goes_to_the_f1_who_stays_longest() -> None:
    store = _store(
        (1, 9, 0, H),
        (2, 9, 0, H),
        (3, 9, 0, H),  # 2 and 3 are F1
        (2, 7, 2 * H, 3 * H),  # 2 leaves venue 7 at 3h
        (3, 7, 2 * H, 4 * H),  # 3 stays to 4h
        (5, 7, 2 * H, 5 * H),
    )
    [f2] = [e for e in trace(store, case=1, start=0, depth=2) if e.generation == 2]
    assert (f2.via, f2.overlap_start, f2.overlap_end) == (3, 2 * H, 4 * H)


def test_f2_tie_between_equal_stays_goes_to_the_smaller_f1() -> None:
    store = _store(
        (1, 9, 0, H),
        (3, 9, 0, H),
        (2, 9, 0, H),
        (3, 7, 2 * H, 4 * H),
        (2, 7, 2 * H, 4 * H),
        (5, 7, 2 * H, 3 * H),
    )
    [f2] = [e for e in trace(store, case=1, start=0, depth=2) if e.generation == 2]
    assert f2.via == 2


def test_f2_window_ends_at_a_quarantine_begun_after_the_exposure() -> None:
    store = _store((1, 9, 0, H), (2, 9, 0, H), (2, 7, 8 * H, 9 * H), (4, 7, 8 * H, 9 * H))
    found = trace(store, case=1, start=0, depth=2, quarantines={2: [6 * H]})
    assert [e.person_id for e in found] == [2]


def test_a_quarantine_over_before_the_exposure_does_not_close_the_window() -> None:
    store = _store(
        (1, 9, 2 * H, 3 * H),
        (2, 9, 2 * H, 3 * H),
        (2, 7, 8 * H, 9 * H),
        (4, 7, 8 * H, 9 * H),
    )
    found = trace(store, case=1, start=0, depth=2, quarantines={2: [H]})
    assert [e.person_id for e in found] == [2, 4]


stays = st.lists(
    st.tuples(
        st.integers(1, 6),
        st.integers(1, 3),
        st.integers(0, 40),
        st.one_of(st.none(), st.integers(1, 30)),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(
    rows=stays,
    start=st.integers(-5, 40),
    length=st.one_of(st.none(), st.integers(0, 40)),
    depth=st.sampled_from([1, 2]),
    iso=st.dictionaries(st.integers(1, 6), st.integers(0, 60), max_size=3),
    quarantined=st.dictionaries(
        st.integers(1, 6), st.lists(st.integers(-5, 60), max_size=2), max_size=3
    ),
)
def test_trace_matches_brute_force(
    rows: list[tuple[int, int, int, int | None]],
    start: int,
    length: int | None,
    depth: int,
    iso: dict[int, int],
    quarantined: dict[int, list[int]],
) -> None:
    # scaled to minutes so the 60-minute default stay matters
    data = [(p, v, s * 600, None if d is None else (s + d) * 600) for p, v, s, d in rows]
    store = MemoryStore(data)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in data]
    end = 2**62 if length is None else (start + length) * 600
    iso_s = {k: v * 600 for k, v in iso.items()}
    q_s = {k: [v * 600 for v in vs] for k, vs in quarantined.items()}
    fast = trace(
        store, case=1, start=start * 600, end=end, depth=depth, isolation=iso_s, quarantines=q_s
    )
    slow = trace_brute_force(
        plain, case=1, start=start * 600, end=end, depth=depth, isolation=iso_s, quarantines=q_s
    )
    assert fast == slow


def test_memory_store_hands_f2_its_check_ins_packed() -> None:
    store = _store((1, 9, 0, H), (2, 9, 0, None), (3, 8, 5 * H, 6 * H))
    read = store.venues_read(np.array([9]), np.array([0]), np.array([H]))
    assert read is not None
    assert read.venue.tolist() == [9] and sorted(read.records[:, 2].tolist()) == [1, 2]


def test_f2_over_a_stay_longer_than_a_day_reads_columns() -> None:
    # a stay the packed blocks cannot hold (over 24 h): F2 runs on columns, same rule
    rows = [(1, 9, 0, H), (2, 9, 0, 2 * H), (2, 8, H, 2 * H), (3, 8, 0, 30 * H)]
    store = _store(*rows)
    assert store.venues_read(np.array([8]), np.array([H]), np.array([2 * H])) is None
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    found = trace(store, case=1, start=0, depth=2)
    assert found == trace_brute_force(plain, case=1, start=0, depth=2)
    assert [(e.person_id, e.generation) for e in found] == [(2, 1), (3, 2)]


@settings(max_examples=300, deadline=None)
@given(rows=stays, start=st.integers(-5, 40), length=st.one_of(st.none(), st.integers(0, 40)))
def test_f1_from_columns_matches_the_check_in_loop(
    rows: list[tuple[int, int, int, int | None]], start: int, length: int | None
) -> None:
    # the F2 trace's F1 (array joins over two column reads) against the F1 trace's loop
    data = [(p, v, s * 600, None if d is None else (s + d) * 600) for p, v, s, d in rows]
    store = MemoryStore(data)
    end = 2**62 if length is None else (start + length) * 600
    columns = first_generation_columns(store, 1, start * 600, end)
    assert columns.rows() == trace(store, case=1, start=start * 600, end=end, depth=1)
    assert columns.last_end.tolist() == columns.overlap_end.tolist()


def test_f1_from_columns_lists_two_equal_check_ins_twice() -> None:
    rows = [(1, 9, 0, H), (2, 9, 0, H), (2, 9, 0, H)]
    store = _store(*rows)
    assert first_generation_columns(store, 1, 0, 2 * H).person.tolist() == [2, 2]
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    assert trace(store, case=1, start=0, depth=2) == trace_brute_force(
        plain, case=1, start=0, depth=2
    )


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(-(2**40), 2**40), st.integers(0, 2**40)), max_size=40),
    by_person=st.booleans(),
)
def test_f2_rows_order_by_start_then_person(rows: list[tuple[int, int]], by_person: bool) -> None:
    # one row per person; rows handed by person (the compiled path) or in any order
    unique = list({p: s for s, p in rows}.items())
    if by_person:
        unique.sort()
    person = np.array([p for p, _ in unique], dtype=np.int64)
    start = np.array([s for _, s in unique], dtype=np.int64)
    order = _by_start_then_person(start, person)
    assert order.tolist() == np.lexsort((person, start)).tolist()


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=12),
    by_start=st.booleans(),
)
def test_f2_rows_already_by_start_then_person_are_recognised(
    rows: list[tuple[int, int]], by_start: bool
) -> None:
    # one row per person; rows as the compiled path hands them (sorted) or in any order
    unique = list({p: s for s, p in rows}.items())
    if by_start:
        unique.sort(key=lambda row: (row[1], row[0]))
    person = np.array([p for p, _ in unique], dtype=np.int64)
    start = np.array([s for _, s in unique], dtype=np.int64)
    expected = np.lexsort((person, start)).tolist() == list(range(len(unique)))
    assert _in_start_then_person_order(start, person) == expected
