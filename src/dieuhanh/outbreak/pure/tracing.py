"""The tracing rule of docs/design.md §3 (truy vết). No Django.

The engine reads check-ins through a `CheckInSource`, so the same rule runs over the database
(`outbreak.checkin_store.DbCheckIns`) and over in-memory arrays (`memory_store.MemoryStore`, used by
tests). F1 reads one person's check-ins and, per check-in, the venue's (an interval each: the F1
list is the evidence). F2 (`second_generation`) reads every F1's check-ins and every venue they
visited as numpy columns and keeps one entry per person: at province scale an F2 reaches hundreds of
thousands of persons through millions of exposure intervals, and what a tracer follows up is the
person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from dieuhanh.outbreak.pure.checkin_blocks import VenueRead
from dieuhanh.outbreak.pure.second_generation import (
    f1_intervals,
    isolation_end,
    second_generation,
    second_generation_parts,
    second_generation_read,
)
from dieuhanh.outbreak.pure.stays import (
    I64,
    OPEN_END,
    CheckInSource,
    TraceColumns,
    TraceExposure,
)


@runtime_checkable
class VenueBlockSource(Protocol):
    """A `CheckInSource` that can also hand F2 the venue-day blocks still packed."""

    def venues_read(self, venues: I64, starts: I64, ends: I64) -> VenueRead | None:
        """The venue-day blocks holding every check-in at `venues[i]` overlapping
        `[starts[i], ends[i])` for some `i` (may hold more, never fewer), or None to have
        `venues_columns` read instead."""
        ...


@runtime_checkable
class VenuePartsSource(Protocol):
    """A `CheckInSource` that hands F2 the venue-day blocks in parts as it reads them."""

    def venues_read_parts(self, venues: I64, starts: I64, ends: I64) -> Iterable[VenueRead]:
        """The blocks `VenueBlockSource.venues_read` would give, every one once, in parts (each
        in (venue, day) order), for `second_generation_parts`; the source may be read from
        until every part is taken."""
        ...

    def person_bounds(self) -> tuple[int, int] | None:
        """The smallest and largest person id the parts may hold (None: unknown)."""
        ...


def _exposures_from(
    source: CheckInSource, person: int, start: int, end: int, generation: int
) -> list[TraceExposure]:
    found: list[TraceExposure] = []
    if start >= end:
        return found
    append = found.append
    venue_stays = source.venue_stays
    for own in source.person_stays(person, start, end):
        # the own check-in clipped to the window (inlined `overlap`: this is the hot loop)
        c_start = own.start if own.start > start else start
        c_end = own.end if own.end < end else end
        if c_start >= c_end:
            continue
        venue = own.venue
        for other in venue_stays(venue, c_start, c_end):
            if other.person == person:
                continue
            o_start = other.start if other.start > c_start else c_start
            o_end = other.end if other.end < c_end else c_end
            if o_start < o_end:
                append(TraceExposure(generation, o_start, other.person, venue, o_end, person))
    return found


def first_generation_columns(
    source: CheckInSource, person: int, start: int, end: int
) -> TraceColumns:
    """`person`'s F1 exposures in `[start, end)` as sorted columns: the rows `_exposures_from`
    gives (one per pair of the person's check-in clipped to the window and another person's
    check-in at its venue overlapping it), from two column reads (`persons_columns`,
    `venues_columns`) and array joins instead of a Python object per check-in: an F2 trace's
    case may meet 30,000 persons. Needs `venues_columns` to hand each check-in once."""
    z = np.zeros(0, dtype=np.int64)
    empty = TraceColumns(z, z, z, z, z, z, z)
    if start >= end:
        return empty
    own = source.persons_columns(
        np.array([person], dtype=np.int64),
        np.array([start], dtype=np.int64),
        np.array([min(end, OPEN_END)], dtype=np.int64),
    )
    c_start = np.maximum(own.start, start)
    c_end = np.minimum(own.end, end)
    mine = np.flatnonzero((own.person == person) & (c_start < c_end))
    if mine.shape[0] == 0:
        return empty
    venue, c_start, c_end = own.venue[mine], c_start[mine], c_end[mine]
    others = source.venues_columns(venue, c_start, c_end)
    by_venue = np.argsort(others.venue, kind="stable")
    o_venue = others.venue[by_venue]
    lo = np.searchsorted(o_venue, venue, side="left")
    counts = np.searchsorted(o_venue, venue, side="right") - lo
    total = int(counts.sum())
    # every (own check-in, check-in at its venue) pair: the own index repeated, the other's
    # position running from its venue's first row
    pair_own = np.repeat(np.arange(venue.shape[0], dtype=np.int64), counts)
    pair_other = by_venue[
        np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(total, dtype=np.int64)
    ]
    o_start = np.maximum(others.start[pair_other], c_start[pair_own])
    o_end = np.minimum(others.end[pair_other], c_end[pair_own])
    o_person = others.person[pair_other]
    keep = np.flatnonzero((o_start < o_end) & (o_person != person))
    o_start, o_end, o_person = o_start[keep], o_end[keep], o_person[keep]
    o_venue = venue[pair_own[keep]]
    order = np.lexsort((o_end, o_venue, o_person, o_start))
    n = order.shape[0]
    o_end = o_end[order]
    return TraceColumns(
        np.ones(n, dtype=np.int64),
        o_start[order],
        o_person[order],
        o_venue[order],
        o_end,
        np.full(n, person, dtype=np.int64),
        o_end,
    )


def _in_start_then_person_order(start: I64, person: I64) -> bool:
    """Whether the rows are already by start, then person (the compiled F2 path gives them so):
    a few passes over the columns, in place of a sort and a gather of every column."""
    if start.shape[0] < 2:
        return True
    step = np.diff(start)
    if bool(np.any(step < 0)):
        return False
    tie = np.flatnonzero(step == 0)
    return bool(np.all(person[tie + 1] > person[tie]))


def _by_start_then_person(start: I64, person: I64) -> I64:
    """The order of F2 rows (one per person) by overlap start, then person. Rows already by
    person (the compiled path's): the key `(start << bits) | row` is unique and orders alike, and
    sorting the keys themselves costs a third of an argsort; else an argsort or a lexsort."""
    n = person.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    t0 = int(start.min())
    span = int(start.max()) - t0
    bits = n.bit_length()
    if span.bit_length() + bits <= 62 and bool(np.all(person[1:] > person[:-1])):
        keys: I64 = np.sort(((start - t0) << bits) | np.arange(n, dtype=np.int64))
        rows: I64 = keys & ((1 << bits) - 1)
        return rows
    if int(person.min()) >= 0 and int(person.max()) < 2**31 and span < 2**32:
        # unique keys: no stable sort needed
        return np.argsort(((start - t0) << 31) | person)
    return np.lexsort((person, start))


def trace(
    source: CheckInSource,
    *,
    case: int,
    start: int,
    end: int = OPEN_END,
    depth: int = 1,
    isolation: Mapping[int, int] | None = None,
    quarantines: Mapping[int, Sequence[int]] | None = None,
) -> list[TraceExposure]:
    """`trace_columns` as a list of `TraceExposure` (small traces, tests)."""
    return trace_columns(
        source,
        case=case,
        start=start,
        end=end,
        depth=depth,
        isolation=isolation,
        quarantines=quarantines,
    ).rows()


def trace_columns(
    source: CheckInSource,
    *,
    case: int,
    start: int,
    end: int = OPEN_END,
    depth: int = 1,
    isolation: Mapping[int, int] | None = None,
    quarantines: Mapping[int, Sequence[int]] | None = None,
) -> TraceColumns:
    """F1 (and with `depth=2`, F2) exposures of `case` whose window is `[start, end)`.

    F1: one entry per exposure interval. F2 applies the rule to each F1 with the window from the
    start of that F1's earliest exposure to its isolation: its time in `isolation`, or the first
    of its `quarantines` (start times) after that earliest exposure, whichever comes first
    (open-ended when neither). F2 lists each person once (`second_generation`). A person keeps
    the smallest generation at which they are found; the case itself is never listed. Sorted by
    generation, overlap start, person, venue, overlap end, via.
    """
    if depth not in (1, 2):
        raise ValueError("depth must be 1 or 2")
    isolation = isolation or {}
    if depth == 1:
        # a few dozen rows: one cached block read per venue beats the column reads
        first = _exposures_from(source, case, start, end, 1)
        first.sort()
        return TraceColumns.of(first)
    f1_columns = first_generation_columns(source, case, start, end)
    if f1_columns.size == 0:
        return f1_columns
    # sorted by overlap start: a person's first row holds their earliest exposure
    f1, first_row = np.unique(f1_columns.person, return_index=True)
    f1_start = f1_columns.overlap_start[first_row]
    if quarantines:
        f1_end = np.array(
            [
                isolation_end(p, s, isolation, quarantines)
                for p, s in zip(f1.tolist(), f1_start.tolist(), strict=True)
            ],
            dtype=np.int64,
        )
    else:
        get = isolation.get
        f1_end = np.array([get(p, OPEN_END) for p in f1.tolist()], dtype=np.int64)
    intervals = f1_intervals(source.persons_columns(f1, f1_start, f1_end), f1, f1_start, f1_end)
    excluded = np.union1d(f1, np.array([case], dtype=np.int64))
    read = (
        source.venues_read(intervals.venue, intervals.start, intervals.end)
        if isinstance(source, VenueBlockSource) and not isinstance(source, VenuePartsSource)
        else None
    )
    if isinstance(source, VenuePartsSource):
        # the bounds first: the parts' reader may use the source's connection until it is done
        persons = source.person_bounds()
        parts = source.venues_read_parts(intervals.venue, intervals.start, intervals.end)
        try:
            f2 = second_generation_parts(intervals, parts, excluded, persons=persons)
        finally:
            # a reader still running (an error before every part was taken) is stopped
            close = getattr(parts, "close", None)
            if close is not None:
                close()
    elif read is not None:
        f2 = second_generation_read(intervals, read, excluded)
    else:
        others = source.venues_columns(intervals.venue, intervals.start, intervals.end)
        f2 = second_generation(intervals, others, excluded)
    # rows by start, then person: the compiled path's come so (copied), others are sorted
    order = (
        None
        if _in_start_then_person_order(f2.start, f2.person)
        else _by_start_then_person(f2.start, f2.person)
    )
    n1, n2 = f1_columns.size, f2.person.shape[0]
    generation = np.full(n1 + n2, 2, dtype=np.int64)
    generation[:n1] = f1_columns.generation
    columns = [generation]
    for f1_column, f2_column in (
        (f1_columns.overlap_start, f2.start),
        (f1_columns.person, f2.person),
        (f1_columns.venue, f2.venue),
        (f1_columns.overlap_end, f2.end),
        (f1_columns.via, f2.via),
        (f1_columns.last_end, f2.last_end),
    ):
        column = np.empty(n1 + n2, dtype=np.int64)
        column[:n1] = f1_column
        if order is None:
            column[n1:] = f2_column
        else:
            np.take(f2_column, order, out=column[n1:])
        columns.append(column)
    return TraceColumns(*columns)
