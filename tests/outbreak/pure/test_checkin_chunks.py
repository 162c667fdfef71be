"""Chunked parts (outbreak/pure/checkin_chunks.py): a chunk row's header and slices give back the
per-key blocks byte for byte."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.checkin_blocks import (
    PERSON_BUCKET,
    VENUE_BUCKET,
    CheckInColumns,
    pack_person_blocks,
    pack_venue_blocks,
)
from dieuhanh.outbreak.pure.checkin_chunks import (
    PERSON_CHUNK_SHIFT,
    VENUE_CHUNK_SHIFT,
    chunk_blocks,
    chunks_of,
    explode,
    explode_meeting,
    header,
)
from tests.outbreak.checkin_rows import BASE, EDGE_IDS, checkin_rows, stays


def _chunk_rows(columns: CheckInColumns, venue_side: bool) -> list[tuple[int, int, bytes]]:
    packer = pack_venue_blocks if venue_side else pack_person_blocks
    shift = VENUE_CHUNK_SHIFT if venue_side else PERSON_CHUNK_SHIFT
    seconds = VENUE_BUCKET if venue_side else PERSON_BUCKET
    rows = chunk_blocks(packer(columns), shift=shift, bucket_seconds=seconds).rows()
    return [(k, b, blob) for k, b, _c, _e, blob in rows]


def _per_key(columns: CheckInColumns, venue_side: bool) -> list[tuple[int, int, bytes]]:
    packer = pack_venue_blocks if venue_side else pack_person_blocks
    return [(k, b, blob) for k, b, _c, _e, blob in packer(columns).rows()]


@settings(max_examples=80, deadline=None)
@given(rows=stays, venue_side=st.booleans())
def test_exploded_chunk_rows_are_the_per_key_blocks(
    rows: list[tuple[int, int, int, int | None]], venue_side: bool
) -> None:
    data = CheckInColumns.from_rows(
        [
            (
                EDGE_IDS[p],
                EDGE_IDS[v],
                BASE + s * 7200,
                None if d is None else BASE + s * 7200 + d * 1800,
            )
            for p, v, s, d in rows
        ]
    )
    got = sorted((k, b, bytes(x)) for k, b, x in explode(_chunk_rows(data, venue_side)))
    assert got == _per_key(data, venue_side)


def test_a_chunk_row_holds_its_keys_in_order_with_their_bounds_and_latest_end() -> None:
    data = CheckInColumns.from_rows(
        [(1, 63, BASE, BASE + 600), (2, 63, BASE + 60, None), (3, 62, BASE + 30, BASE + 90)]
    )
    ((chunk, day, blob),) = _chunk_rows(data, venue_side=True)
    keys, ends, last, begin = header(blob)
    assert (chunk, day) == (0, BASE // VENUE_BUCKET)
    assert keys.tolist() == [62, 63] and ends.tolist() == [0, 1, 3]
    base = day * VENUE_BUCKET
    assert last.tolist() == [BASE + 90 - base, BASE + 60 + 3600 - base]
    assert begin == 12 + 2 * 12 and len(blob) == begin + 3 * 12
    assert blob[:12] == (2).to_bytes(4, "little") + bytes(8)


def test_keys_either_side_of_a_chunk_edge_go_to_two_rows() -> None:
    data = CheckInColumns.from_rows([(255, 63, BASE, None), (256, 64, BASE, None)])
    assert [r[0] for r in _chunk_rows(data, venue_side=True)] == [0, 1]
    assert [r[0] for r in _chunk_rows(data, venue_side=False)] == [0, 1]
    assert chunks_of([255, 256, 3, 511], PERSON_CHUNK_SHIFT) == [0, 1]


def test_explode_slices_only_the_keys_wanted() -> None:
    data = CheckInColumns.from_rows(checkin_rows(2))
    rows = _chunk_rows(data, venue_side=True)
    got = explode(rows, [2, 5])
    assert {k for k, _b, _x in got} == {2, 5}
    assert sorted((k, b, bytes(x)) for k, b, x in got) == [
        r for r in _per_key(data, venue_side=True) if r[0] in (2, 5)
    ]


def test_explode_meeting_keeps_the_asked_venue_days_whose_latest_stay_ends_after_need() -> None:
    day = BASE // VENUE_BUCKET
    data = CheckInColumns.from_rows(
        [
            (1, 3, day * VENUE_BUCKET + 600, day * VENUE_BUCKET + 1200),
            (2, 4, day * VENUE_BUCKET, None),
        ]
    )
    rows = _chunk_rows(data, venue_side=True)
    ends_3 = day * VENUE_BUCKET + 1200
    asked = (np.array([3, 4]), np.array([day, day]), np.array([ends_3, 0]))
    assert [k for k, _b, _x in explode_meeting(rows, VENUE_BUCKET, *asked)] == [4]
    asked_all = (np.array([3, 4]), np.array([day, day]), np.array([ends_3 - 1, 0]))
    assert [k for k, _b, _x in explode_meeting(rows, VENUE_BUCKET, *asked_all)] == [3, 4]
    only_3 = (np.array([3]), np.array([day]), np.array([0]))
    assert [k for k, _b, _x in explode_meeting(rows, VENUE_BUCKET, *only_3)] == [3]


@settings(max_examples=60, deadline=None)
@given(rows=stays, venue_side=st.booleans())
def test_blocks_packed_in_chunk_order_are_the_same_blocks(
    rows: list[tuple[int, int, int, int | None]], venue_side: bool
) -> None:
    data = CheckInColumns.from_rows(
        [
            (EDGE_IDS[p], EDGE_IDS[v], BASE + s * 7200, None if d is None else BASE + s * 7200 + d)
            for p, v, s, d in rows
        ]
    )
    packer = pack_venue_blocks if venue_side else pack_person_blocks
    shift = VENUE_CHUNK_SHIFT if venue_side else PERSON_CHUNK_SHIFT
    seconds = VENUE_BUCKET if venue_side else PERSON_BUCKET
    grouped = packer(data, group_shift=shift)
    assert sorted(grouped.rows()) == packer(data).rows()
    chunked = chunk_blocks(grouped, shift=shift, bucket_seconds=seconds).rows()
    assert chunked == chunk_blocks(packer(data), shift=shift, bucket_seconds=seconds).rows()


def test_a_load_too_wide_to_order_by_chunk_is_regrouped() -> None:
    data = CheckInColumns.from_rows([(2**31 - 1, 2**31 - 1, 0, None), (1, 1, 4_102_444_800, None)])
    grouped = pack_person_blocks(data, group_shift=PERSON_CHUNK_SHIFT)
    rows = chunk_blocks(grouped, shift=PERSON_CHUNK_SHIFT, bucket_seconds=PERSON_BUCKET).rows()
    assert [(k, b) for k, b, *_ in rows] == [
        (0, 4_102_444_800 // PERSON_BUCKET),
        ((2**31 - 1) >> PERSON_CHUNK_SHIFT, 0),
    ]


@settings(max_examples=60, deadline=None)
@given(
    rows=stays,
    venue_side=st.booleans(),
    wanted=st.lists(st.sampled_from([*sorted(EDGE_IDS.values()), 2, 65, 257]), max_size=12),
)
def test_explode_of_a_few_keys_is_explode_of_many(
    rows: list[tuple[int, int, int, int | None]], venue_side: bool, wanted: list[int]
) -> None:
    data = CheckInColumns.from_rows(
        [(EDGE_IDS[p], EDGE_IDS[v], BASE + s * 7200, None) for p, v, s, _d in rows]
    )
    chunk_rows = _chunk_rows(data, venue_side)
    every = [(k, b, bytes(x)) for k, b, x in explode(chunk_rows) if k in set(wanted)]
    got = [(k, b, bytes(x)) for k, b, x in explode(chunk_rows, wanted)]
    assert sorted(got) == sorted(every)
