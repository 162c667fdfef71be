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

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from dieuhanh.outbreak.pure.checkin_blocks import VenueRead
from dieuhanh.outbreak.pure.second_generation import (
    f1_intervals,
    isolation_end,
    second_generation,
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
    first = _exposures_from(source, case, start, end, 1)
    first.sort()
    f1_columns = TraceColumns.of(first)
    if depth == 1 or not first:
        return f1_columns
    earliest: dict[int, int] = {}
    for e in first:
        if e.person_id not in earliest:  # sorted by overlap start: the first seen is the earliest
            earliest[e.person_id] = e.overlap_start
    f1 = np.array(sorted(earliest), dtype=np.int64)
    f1_start = np.array([earliest[p] for p in f1.tolist()], dtype=np.int64)
    f1_end = np.array(
        [isolation_end(p, earliest[p], isolation, quarantines or {}) for p in f1.tolist()],
        dtype=np.int64,
    )
    intervals = f1_intervals(source.persons_columns(f1, f1_start, f1_end), f1, f1_start, f1_end)
    excluded = np.union1d(f1, np.array([case], dtype=np.int64))
    read = (
        source.venues_read(intervals.venue, intervals.start, intervals.end)
        if isinstance(source, VenueBlockSource)
        else None
    )
    if read is not None:
        f2 = second_generation_read(intervals, read, excluded)
    else:
        others = source.venues_columns(intervals.venue, intervals.start, intervals.end)
        f2 = second_generation(intervals, others, excluded)
    # one row per person: (overlap start, person) orders the F2 rows completely (unique keys:
    # no stable sort needed)
    if f2.person.shape[0] and int(f2.person.min()) >= 0 and int(f2.person.max()) < 2**31:
        t0 = int(f2.start.min())
        order = np.argsort(((f2.start - t0) << 31) | f2.person)
    else:
        order = np.lexsort((f2.person, f2.start))
    n1, n2 = f1_columns.size, order.shape[0]
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
        np.take(f2_column, order, out=column[n1:])
        columns.append(column)
    return TraceColumns(*columns)
