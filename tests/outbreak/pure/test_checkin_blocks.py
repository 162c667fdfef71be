"""Check-in blocks (outbreak/pure/checkin_blocks.py): packing round-trips every check-in, one
block per venue and UTC day, columns the blocks cannot hold refused, the venue days a trace
needs."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.checkin_blocks import (
    DAY,
    NO_CHECKOUT,
    PERSON_BUCKET,
    VENUE_BUCKET,
    CheckInColumns,
    check_columns,
    checkins_in_windows,
    pack_person_blocks,
    pack_venue_blocks,
    unpack,
    venue_days_needed,
)
from dieuhanh.outbreak.pure.stays import DEFAULT_STAY, MAX_STAY
from tests.outbreak.checkin_rows import BASE, checkin_rows


def test_blocks_round_trip_every_check_in() -> None:
    rows = checkin_rows(1)
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
    rows = checkin_rows(2) + [(7, 3, BASE + 600, None)] * 3 + [(8, 3, BASE + 600, BASE + 900)]
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


def test_venue_days_reach_back_one_longest_stay_and_forward_to_the_end() -> None:
    start = 100 * DAY + 3600
    venue, day, need, until = venue_days_needed(
        np.array([7], dtype=np.int64),
        np.array([start], dtype=np.int64),
        np.array([start + 2 * DAY], dtype=np.int64),
    )
    first = (start - MAX_STAY) // DAY
    assert day.tolist() == list(range(first, (start + 2 * DAY - 1) // DAY + 1))
    assert set(venue.tolist()) == {7} and set(need.tolist()) == {start}
    assert set(until.tolist()) == {start + 2 * DAY}


def test_venue_days_are_read_once_with_the_widest_span() -> None:
    _venue, day, need, until = venue_days_needed(
        np.array([7, 7], dtype=np.int64),
        np.array([100 * DAY + 10, 100 * DAY + 50], dtype=np.int64),
        np.array([100 * DAY + 20, 100 * DAY + 90], dtype=np.int64),
    )
    assert day.tolist() == [99, 100]
    assert (need.tolist(), until.tolist()) == ([100 * DAY + 10] * 2, [100 * DAY + 90] * 2)


def test_iter_rows_in_batches_is_rows() -> None:
    """The SQLite load streams the blocks' rows a batch at a time: the same rows."""
    from dieuhanh.outbreak.pure.checkin_blocks import CheckInColumns, pack_venue_blocks

    data = CheckInColumns.from_rows(
        [(p, v, 1_625_900_000 + 3_600 * (p + v), None) for p in range(1, 6) for v in range(1, 8)]
    )
    blocks = pack_venue_blocks(data)
    assert list(blocks.iter_rows(batch=3)) == blocks.rows()


def test_person_check_ins_in_windows_are_those_overlapping_their_window() -> None:
    rows = checkin_rows(1)
    blocks = [
        (k, b, blob)
        for k, b, _c, _e, blob in pack_person_blocks(CheckInColumns.from_rows(rows)).rows()
    ]
    rng = random.Random(3)
    persons = sorted({k for k, _b, _blob in blocks})
    starts = [BASE + rng.randint(-5, 40) * 3600 * 6 for _ in persons]
    ends = [s + rng.randint(-2, 30) * 3600 * 4 for s in starts]
    window = dict(zip(persons, zip(starts, ends, strict=True), strict=True))
    got = checkins_in_windows(
        blocks, PERSON_BUCKET, np.array(persons), np.array(starts), np.array(ends)
    )
    expected = []
    for p, v, s, checkout in rows:
        e = s + DEFAULT_STAY if checkout is None else checkout
        w_start, w_end = window[p]
        if e > w_start and s < w_end:
            expected.append((p, v, s, e))
    assert sorted(zip(*(c.tolist() for c in got), strict=True)) == sorted(expected)
    assert expected  # the windows keep some and drop some
    assert len(expected) < len(rows)


def test_person_check_ins_in_windows_refuses_a_block_without_window() -> None:
    blocks = [(7, 0, np.zeros(3, dtype="<i4").tobytes())]
    with pytest.raises(ValueError, match="without a window"):
        checkins_in_windows(blocks, PERSON_BUCKET, np.array([8]), np.array([0]), np.array([1]))


def test_flat_params_are_the_rows_flattened() -> None:
    """The SQLite load binds a slice of blocks as one flat list: the rows' values in order."""
    import itertools

    from dieuhanh.outbreak.pure.checkin_blocks import CheckInColumns, pack_venue_blocks

    data = CheckInColumns.from_rows(
        [(p, v, 1_625_900_000 + 3_600 * (p + v), None) for p in range(1, 6) for v in range(1, 8)]
    )
    blocks = pack_venue_blocks(data)
    rows = blocks.rows()
    assert blocks.flat_params(0, len(blocks)) == list(itertools.chain.from_iterable(rows))
    assert blocks.flat_params(2, 5) == list(itertools.chain.from_iterable(rows[2:5]))
    assert blocks.flat_params(5, 10**6) == list(itertools.chain.from_iterable(rows[5:]))
    assert blocks.flat_params(len(blocks), len(blocks) + 3) == []


@settings(max_examples=200, deadline=None)
@given(
    intervals=st.lists(
        st.tuples(
            st.one_of(st.integers(1, 5), st.integers(1, 2**40)),
            st.integers(0, 10 * DAY),
            st.integers(1, 3 * DAY),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_venue_days_needed_are_each_days_widest_span(
    intervals: list[tuple[int, int, int]],
) -> None:
    # venue ids close together (a slot per venue-day) or far apart (sorted instead)
    expected: dict[tuple[int, int], tuple[int, int]] = {}
    for v, start, length in intervals:
        for d in range((start - MAX_STAY) // DAY, (start + length - 1) // DAY + 1):
            lo, hi = expected.get((v, d), (start, start + length))
            expected[v, d] = (min(lo, start), max(hi, start + length))
    venue, day, need, until = venue_days_needed(
        np.array([v for v, _s, _n in intervals], dtype=np.int64),
        np.array([s for _v, s, _n in intervals], dtype=np.int64),
        np.array([s + n for _v, s, n in intervals], dtype=np.int64),
    )
    found = list(zip(venue.tolist(), day.tolist(), need.tolist(), until.tolist(), strict=True))
    assert found == [(v, d, *expected[v, d]) for v, d in sorted(expected)]
