"""F2 of the tracing rule (outbreak/pure/second_generation.py): the same in chunks and over
sparse ids, and from packed venue blocks as pair by pair."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.checkin_blocks import (
    CheckInColumns,
    VenueRead,
    pack_venue_blocks,
    venue_days_needed,
)
from dieuhanh.outbreak.pure.f2_sweep import person_range, person_range_python
from dieuhanh.outbreak.pure.second_generation import (
    SecondGeneration,
    _count_at_most,
    _joined,
    _search_from,
    second_generation,
    second_generation_parts,
    second_generation_read,
)
from dieuhanh.outbreak.pure.stays import DEFAULT_STAY, StayColumns


def _columns(rows: list[tuple[int, int, int, int]]) -> StayColumns:
    if not rows:
        return StayColumns.empty()
    return StayColumns(*(np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)))


intervals_st = st.lists(
    st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(0, 30), st.integers(1, 10)),
    max_size=12,
)
others_st = st.lists(
    st.tuples(st.integers(5, 20), st.integers(1, 3), st.integers(0, 40), st.integers(1, 10)),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(intervals=intervals_st, others=others_st)
def test_second_generation_is_the_same_in_chunks_and_over_sparse_ids(
    intervals: list[tuple[int, int, int, int]], others: list[tuple[int, int, int, int]]
) -> None:
    f1 = _columns([(p, v, s, s + d) for p, v, s, d in intervals])
    seen = _columns([(p, v, s, s + d) for p, v, s, d in others])
    excluded = np.array([5, 6], dtype=np.int64)
    whole = second_generation(f1, seen, excluded)
    chunked = second_generation(f1, seen, excluded, chunk=3)
    # ids spread far apart: the per-person and per-venue tables fall back to ranks
    spread = 10**9 // 21
    sparse = second_generation(
        StayColumns(f1.person * spread, f1.venue * spread, f1.start, f1.end),
        StayColumns(seen.person * spread, seen.venue * spread, seen.start, seen.end),
        excluded * spread,
    )

    def rows(g: SecondGeneration, scale: int = 1) -> list[tuple[int, ...]]:
        person, venue, start, end, via, _, last = g
        return sorted(
            zip(
                (person // scale).tolist(),
                (venue // scale).tolist(),
                start.tolist(),
                end.tolist(),
                (via // scale).tolist(),
                last.tolist(),
                strict=True,
            )
        )

    # a check-in decades later (another person, another venue): times go by rank
    far = StayColumns(
        *(
            np.concatenate((a, np.array([b], dtype=np.int64)))
            for a, b in zip(seen, (99, 99, 4_000_000_000, 4_000_000_100), strict=True)
        )
    )
    wide = second_generation(f1, far, excluded)
    assert rows(whole) == rows(chunked) == rows(sparse, spread) == rows(wide)
    assert len({r[0] for r in rows(whole)}) == len(rows(whole))


@settings(max_examples=200, deadline=None)
@given(intervals=intervals_st, others=others_st, seed=st.integers(0, 2**16))
def test_second_generation_is_the_same_for_others_in_venue_order(
    intervals: list[tuple[int, int, int, int]],
    others: list[tuple[int, int, int, int]],
    seed: int,
) -> None:
    # the store reads a venue's check-ins in (venue, start) order: the merged searches then
    # replace the binary searches, and must give what the rows in any order give
    f1 = _columns([(p, v, s, s + d) for p, v, s, d in intervals])
    rows = [(p, v, s, s + d) for p, v, s, d in others]
    in_order = _columns(sorted(rows, key=lambda r: (r[1], r[2])))
    shuffled = sorted(rows, key=lambda r: hash((r, seed)))
    excluded = np.array([5, 6], dtype=np.int64)
    ordered = second_generation(f1, in_order, excluded)
    anyhow = second_generation(f1, _columns(shuffled), excluded)
    chunked = second_generation(f1, in_order, excluded, chunk=4)

    def rows_of(g: SecondGeneration) -> list[tuple[int, ...]]:
        return sorted(zip(*(c.tolist() for c in g), strict=True))

    assert rows_of(ordered) == rows_of(anyhow) == rows_of(chunked)


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 50), max_size=30),
    needles=st.lists(st.integers(-5, 55), max_size=30),
)
def test_merged_searches_equal_binary_searches(keys: list[int], needles: list[int]) -> None:
    k = np.array(sorted(keys), dtype=np.int64)
    n = np.array(sorted(needles), dtype=np.int64)
    assert _count_at_most(k, n).tolist() == np.searchsorted(k, n, side="right").tolist()
    # from any start whose keys before it are all below the needle
    begin = np.searchsorted(k, n, side="left") // 2
    ahead = _search_from(np.append(k, np.iinfo(np.int64).max), n, begin, steps=2)
    assert ahead.tolist() == np.searchsorted(k, n, side="left").tolist()


def _brute_f2(
    intervals: list[tuple[int, int, int, int]],
    others: list[tuple[int, int, int, int]],
    excluded: set[int],
) -> list[tuple[int, ...]]:
    """The F2 rule pair by pair: each person's exposure with the smallest (start, -F1 end, F1,
    venue, -end), and the end of their latest exposure."""
    best: dict[int, tuple[int, ...]] = {}
    last: dict[int, int] = {}
    for p, v, s, e in others:
        if p in excluded:
            continue
        for f, fv, fs, fe in intervals:
            start, end = max(s, fs), min(e, fe)
            if fv != v or start >= end:
                continue
            key = (start, -fe, f, v, -end)
            if p not in best or key < best[p]:
                best[p] = key
            last[p] = max(last.get(p, end), end)
    return sorted((p, k[3], k[0], -k[4], k[2], -k[1], last[p]) for p, k in best.items())


def _read(rows: list[tuple[int, int, int, int | None]], parts: int, seed: int) -> VenueRead:
    """The venue-day blocks of `rows` loaded in `parts` loads (a venue-day then has a block and
    parts), handed over in an order shuffled by `seed`."""
    return VenueRead.of(_blocks(rows, parts, seed))


def _blocks(
    rows: list[tuple[int, int, int, int | None]], parts: int, seed: int
) -> list[tuple[int, int, bytes]]:
    """`_read`'s blocks, in their shuffled order."""
    loads = [rows[i::parts] for i in range(parts)]
    blocks: list[tuple[int, int, bytes]] = []
    for load in loads:
        if load:
            blocks += [
                (k, b, bytes(d))
                for k, b, _c, _e, d in pack_venue_blocks(CheckInColumns.from_rows(load)).rows()
            ]
    blocks.sort(key=lambda b: hash((b, seed)))
    return blocks


# F1 intervals (person, venue, start step, length in steps) and the other check-ins (person,
# venue, step, stay in steps or None; a step is half an hour there): what the block sweeps'
# property tests draw.
F1_INTERVALS = st.lists(
    st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(0, 60), st.integers(1, 30)),
    min_size=1,
    max_size=12,
)
OTHER_CHECKINS = st.lists(
    st.tuples(
        st.integers(1, 20),
        st.integers(1, 3),
        st.integers(0, 70),
        st.one_of(st.none(), st.integers(1, 24)),
    ),
    max_size=50,
)


@settings(max_examples=300, deadline=None)
@given(
    intervals=F1_INTERVALS,
    others=OTHER_CHECKINS,
    parts=st.integers(1, 3),
    compiled=st.booleans(),
    halves=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_second_generation_of_packed_blocks_matches_the_rule_pair_by_pair(
    intervals: list[tuple[int, int, int, int]],
    others: list[tuple[int, int, int, int | None]],
    parts: int,
    compiled: bool,
    halves: bool,
    seed: int,
) -> None:
    # `halves`: the blocks swept in two threads into two tables, merged
    # half-hour steps across day boundaries (a venue's check-ins span several day blocks);
    # persons 1..4 are also the F1s, 5 and 6 excluded too
    step, origin = 1800, 20_000 * 86_400 - 20 * 1800
    f1 = [(f, v, origin + s * step, origin + (s + d) * step) for f, v, s, d in intervals]
    f1_venues = {v for _f, v, _s, _e in f1}
    rows = [
        (p, v, origin + s * step, None if d is None else origin + (s + d) * step)
        for p, v, s, d in others
        if v in f1_venues
    ]
    plain = [(p, v, s, s + DEFAULT_STAY if e is None else e) for p, v, s, e in rows]
    excluded = np.array([1, 2, 3, 4, 5, 6], dtype=np.int64)
    found = second_generation_read(
        _columns(f1), _read(rows, parts, seed), excluded, compiled=compiled, halves=halves
    )
    expected = _brute_f2(f1, plain, set(excluded.tolist()))
    assert sorted(zip(*(c.tolist() for c in found), strict=True)) == expected
    # rows come by start, then person (the order a trace lists them in)
    by_start = list(zip(found.start.tolist(), found.person.tolist(), strict=True))
    assert by_start == sorted(by_start)
    # the same as the columns path it replaces
    assert expected == sorted(
        zip(
            *(c.tolist() for c in second_generation(_columns(f1), _columns(plain), excluded)),
            strict=True,
        )
    )


def test_second_generation_of_packed_blocks_refuses_a_venue_without_interval() -> None:
    f1 = _columns([(1, 1, 0, 3600)])
    read = _read([(9, 2, 0, None)], 1, 0)
    with pytest.raises(ValueError, match="without an F1 interval"):
        second_generation_read(f1, read, np.array([1], dtype=np.int64))


def test_second_generation_of_packed_blocks_falls_back_over_sparse_persons() -> None:
    # person ids too far apart for a table per id: the columns path gives the answer
    f1 = _columns([(1, 1, 0, 7200)])
    rows: list[tuple[int, int, int, int | None]] = [(7, 1, 600, None), (2**31 - 1, 1, 3600, 9000)]
    found = second_generation_read(f1, _read(rows, 1, 0), np.array([1], dtype=np.int64))
    assert found.person.tolist() == [7, 2**31 - 1]
    assert found.start.tolist() == [600, 3600]


@settings(max_examples=50, deadline=None)
@given(persons=st.lists(st.integers(1, 2**31 - 1), min_size=1, max_size=30), compiled=st.booleans())
def test_person_range_of_packed_records(persons: list[int], compiled: bool) -> None:
    records = np.zeros((len(persons), 3), dtype=np.int32)
    records[:, 2] = persons
    found = person_range()(records) if compiled else person_range_python(records)
    assert tuple(found) == (min(persons), max(persons))


@settings(max_examples=300, deadline=None)
@given(
    intervals=F1_INTERVALS,
    others=OTHER_CHECKINS,
    loads=st.integers(1, 3),
    cuts=st.lists(st.integers(0, 40), max_size=4),
    needed_only=st.booleans(),
    far_person=st.booleans(),
    hint=st.sampled_from(["none", "exact", "narrow"]),
    compiled=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_second_generation_of_blocks_in_parts_matches_the_rule_pair_by_pair(
    intervals: list[tuple[int, int, int, int]],
    others: list[tuple[int, int, int, int | None]],
    loads: int,
    cuts: list[int],
    needed_only: bool,
    far_person: bool,
    hint: str,
    compiled: bool,
    seed: int,
) -> None:
    # `hint`: the persons' range given (exactly, or narrower than the parts': the table then
    # grows) or not
    # the blocks handed over in parts cut anywhere, in any order; only the venue-days the
    # intervals need (as the database reads them: swept part by part) or every day of their
    # venues (days outside the keys' span: joined and read whole); a person far above the
    # others in a later part (the table grows, or is too sparse: read whole)
    step, origin = 1800, 20_000 * 86_400 - 20 * 1800
    f1 = [(f, v, origin + s * step, origin + (s + d) * step) for f, v, s, d in intervals]
    f1_venues = {v for _f, v, _s, _e in f1}
    rows = [
        (p, v, origin + s * step, None if d is None else origin + (s + d) * step)
        for p, v, s, d in others
        if v in f1_venues
    ]
    if far_person and rows:
        rows.append((2**31 - 1, rows[-1][1], rows[-1][2], rows[-1][3]))
    plain = [(p, v, s, s + DEFAULT_STAY if e is None else e) for p, v, s, e in rows]
    excluded = np.array([1, 2, 3, 4, 5, 6], dtype=np.int64)
    blocks = _blocks(rows, loads, seed)
    if needed_only:
        columns = _columns(f1)
        venue, day, _need, _until = venue_days_needed(columns.venue, columns.start, columns.end)
        wanted = set(zip(venue.tolist(), day.tolist(), strict=True))
        blocks = [b for b in blocks if (b[0], b[1]) in wanted]
    edges = sorted({min(c, len(blocks)) for c in cuts} | {0, len(blocks)})
    parts = [VenueRead.of(blocks[a:b]) for a, b in itertools.pairwise(edges)]
    ids = [p for p, _v, _s, _e in rows] or [1]
    persons = {
        "none": None,
        "exact": (min(ids), max(ids)),
        "narrow": (min(ids) + 1, max(min(ids) + 1, max(ids) - 1)),
    }[hint]
    found = second_generation_parts(
        _columns(f1), iter(parts), excluded, persons=persons, compiled=compiled
    )
    expected = _brute_f2(f1, plain, set(excluded.tolist()))
    assert sorted(zip(*(c.tolist() for c in found), strict=True)) == expected


def test_parts_joined_are_the_blocks_read_at_once() -> None:
    rows: list[tuple[int, int, int, int | None]] = [
        (p, v, 86_400 * d + 60 * p, None) for p in (7, 8) for v in (1, 2) for d in (3, 4)
    ]
    blocks = _blocks(rows, 2, 5)
    whole = VenueRead.of(blocks)
    joined = _joined([VenueRead.of(blocks[:3]), VenueRead.of([]), VenueRead.of(blocks[3:])])
    assert whole.venue.tolist() == joined.venue.tolist()
    assert whole.day.tolist() == joined.day.tolist()
    assert whole.counts.tolist() == joined.counts.tolist()
    assert whole.records.tolist() == joined.records.tolist()
