"""The tracing rule of DESIGN §3 at its boundaries, and against a brute force."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.tracing import (
    DEFAULT_STAY,
    MemoryStore,
    Stay,
    TraceExposure,
    local_midnight,
    overlap,
    stay_end,
    trace,
    trace_brute_force,
    window_start,
)

H = 3600


def test_touching_intervals_do_not_overlap() -> None:
    assert overlap(0, 10, 10, 20) is None


def test_overlap_is_from_the_later_start_to_the_earlier_end() -> None:
    assert overlap(0, 10, 5, 20) == (5, 10)


def test_one_second_of_common_time_is_an_overlap() -> None:
    assert overlap(0, 10, 9, 20) == (9, 10)


def test_missing_check_out_lasts_sixty_minutes() -> None:
    assert stay_end(1000, None) == 1000 + 60 * 60 == 1000 + DEFAULT_STAY


def test_window_starts_at_local_midnight_two_days_before_onset() -> None:
    start = window_start(onset=datetime.date(2021, 7, 10), sampled_on=datetime.date(2021, 7, 12))
    # 2021-07-08 00:00 +07:00 is 2021-07-07 17:00 UTC
    expected = datetime.datetime(2021, 7, 7, 17, 0, tzinfo=datetime.UTC)
    assert start == int(expected.timestamp())


def test_window_uses_sampling_date_without_onset() -> None:
    start = window_start(onset=None, sampled_on=datetime.date(2021, 7, 12))
    assert start == local_midnight(datetime.date(2021, 7, 10))


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
)
def test_trace_matches_brute_force(
    rows: list[tuple[int, int, int, int | None]],
    start: int,
    length: int | None,
    depth: int,
    iso: dict[int, int],
) -> None:
    # scaled to minutes so the 60-minute default stay matters
    data = [(p, v, s * 600, None if d is None else (s + d) * 600) for p, v, s, d in rows]
    store = MemoryStore(data)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in data]
    end = 2**62 if length is None else (start + length) * 600
    iso_s = {k: v * 600 for k, v in iso.items()}
    fast = trace(store, case=1, start=start * 600, end=end, depth=depth, isolation=iso_s)
    slow = trace_brute_force(
        plain, case=1, start=start * 600, end=end, depth=depth, isolation=iso_s
    )
    assert fast == slow
