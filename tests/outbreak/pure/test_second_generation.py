"""F2 of the tracing rule (outbreak/pure/second_generation.py): the same in chunks and over
sparse ids."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.second_generation import (
    SecondGeneration,
    _count_at_most,
    _search_from,
    second_generation,
)
from dieuhanh.outbreak.pure.stays import StayColumns


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
