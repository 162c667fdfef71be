"""The tracing rule of DESIGN §3 (truy vết) over plain integers. No Django.

Times are UTC epoch seconds. Intervals are half-open `[start, end)`: two intervals overlap when
each starts before the other ends, so touching ends do not overlap. A check-in without a
check-out lasts `DEFAULT_STAY` seconds (60 minutes).

The engine reads check-ins through a `CheckInSource` (two queries: one person's check-ins in a
time range, and the check-ins at one venue overlapping a time range), so the same rule runs over
the database (selectors) and over in-memory arrays (`MemoryStore`, used by tests and the bench).
"""

from __future__ import annotations

import bisect
import datetime
from array import array
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

DEFAULT_STAY = 60 * 60
"""A check-in without a check-out lasts 60 minutes."""

MAX_STAY = 24 * 60 * 60
"""The longest check-in the store accepts; venue queries look back this far."""

OPEN_END = 2**62
"""Stands for "not isolated": an infectious window without an end."""

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAYS_BEFORE = 2


def stay_end(start: int, end: int | None) -> int:
    """The end of a check-in: its check-out, or `DEFAULT_STAY` after its start."""
    return start + DEFAULT_STAY if end is None else end


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> tuple[int, int] | None:
    """The common part of two half-open intervals, or None (touching ends do not overlap)."""
    start = max(a_start, b_start)
    end = min(a_end, b_end)
    return (start, end) if start < end else None


def local_midnight(day: datetime.date) -> int:
    """00:00 of `day` in Asia/Ho_Chi_Minh, as UTC epoch seconds."""
    return int(datetime.datetime.combine(day, datetime.time(0), tzinfo=LOCAL_TZ).timestamp())


def window_start(
    *,
    onset: datetime.date | None,
    sampled_on: datetime.date | None,
    confirmed_on: datetime.date | None = None,
    days_before: int = DAYS_BEFORE,
) -> int:
    """Start of a case's infectious window (thời kỳ lây nhiễm).

    00:00 Asia/Ho_Chi_Minh `days_before` days before the onset date, else before the sampling
    date; a case with neither falls back to its confirmation date.
    """
    anchor = onset or sampled_on or confirmed_on
    if anchor is None:
        raise ValueError("a case needs an onset, sampling or confirmation date")
    return local_midnight(anchor - datetime.timedelta(days=days_before))


class Stay(NamedTuple):
    """One check-in as the engine sees it: who, where, `[start, end)`."""

    person: int
    venue: int
    start: int
    end: int


class CheckInSource(Protocol):
    def person_stays(self, person: int, start: int, end: int) -> Iterable[Stay]:
        """`person`'s check-ins overlapping `[start, end)`."""
        ...

    def venue_stays(self, venue: int, start: int, end: int) -> Iterable[Stay]:
        """Every check-in at `venue` overlapping `[start, end)`."""
        ...


class TraceExposure(NamedTuple):
    """One exposure interval found by tracing (one entry per interval). Orders by generation,
    overlap start, person, venue (a plain tuple: fast to build and sort by the hundred thousand).
    """

    generation: int
    overlap_start: int
    person_id: int
    venue_id: int
    overlap_end: int
    via: int


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
) -> list[TraceExposure]:
    """F1 (and with `depth=2`, F2) exposures of `case` whose window is `[start, end)`.

    F2 applies the rule to each F1 with the window from the start of that F1's earliest exposure
    to its isolation time in `isolation` (open-ended when absent). A person keeps the smallest
    generation at which they are found; the case itself is never listed. Sorted by generation,
    overlap start, person, venue.
    """
    if depth not in (1, 2):
        raise ValueError("depth must be 1 or 2")
    isolation = isolation or {}
    first = _exposures_from(source, case, start, end, 1)
    result = list(first)
    if depth == 2:
        earliest: dict[int, int] = {}
        for e in first:
            if e.person_id not in earliest or e.overlap_start < earliest[e.person_id]:
                earliest[e.person_id] = e.overlap_start
        excluded = set(earliest) | {case}
        prefetch = getattr(source, "prefetch", None)
        if prefetch is not None and earliest:
            # one batched read of every F1's check-ins and their venues (a store may ignore it)
            prefetch(
                sorted(earliest),
                min(earliest.values()),
                max(isolation.get(f1, OPEN_END) for f1 in earliest),
            )
        for f1 in sorted(earliest):
            f1_end = isolation.get(f1, OPEN_END)
            for e in _exposures_from(source, f1, earliest[f1], f1_end, 2):
                if e.person_id not in excluded:
                    result.append(e)
    result.sort()
    return result


def trace_brute_force(
    stays: Sequence[Stay],
    *,
    case: int,
    start: int,
    end: int = OPEN_END,
    depth: int = 1,
    isolation: Mapping[int, int] | None = None,
) -> list[TraceExposure]:
    """The same rule by comparing every pair of check-ins (for tests only: quadratic)."""
    isolation = isolation or {}

    def from_person(person: int, w_start: int, w_end: int, generation: int) -> list[TraceExposure]:
        out = []
        for own in stays:
            if own.person != person:
                continue
            clip = overlap(own.start, own.end, w_start, w_end)
            if clip is None:
                continue
            for other in stays:
                if other.person == person or other.venue != own.venue:
                    continue
                common = overlap(clip[0], clip[1], other.start, other.end)
                if common is not None:
                    out.append(
                        TraceExposure(
                            generation, common[0], other.person, own.venue, common[1], person
                        )
                    )
        return out

    first = from_person(case, start, end, 1)
    result = list(first)
    if depth == 2:
        f1s = {e.person_id for e in first}
        for f1 in f1s:
            begin = min(e.overlap_start for e in first if e.person_id == f1)
            for e in from_person(f1, begin, isolation.get(f1, OPEN_END), 2):
                if e.person_id not in f1s and e.person_id != case:
                    result.append(e)
    result.sort()
    return result


class MemoryStore:
    """Check-ins in compact arrays, sorted per venue by start and per person by start.

    Venue queries look back `max_stay` seconds from the range start (the longest stay held),
    then scan forward to the range end: a per-venue time-sorted sweep.
    """

    def __init__(self, stays: Iterable[tuple[int, int, int, int | None]]) -> None:
        rows = [(p, v, s, stay_end(s, e)) for p, v, s, e in stays]
        self.max_stay = max((e - s for _, _, s, e in rows), default=0)
        self._venue_index = self._build(rows, key=1)
        self._person_index = self._build(rows, key=0)

    @staticmethod
    def _build(
        rows: list[tuple[int, int, int, int]], *, key: int
    ) -> dict[int, tuple[array[int], array[int], array[int]]]:
        """key → (starts, ends, others) arrays sorted by start."""
        rows_sorted = sorted(rows, key=lambda r: (r[key], r[2]))
        index: dict[int, tuple[array[int], array[int], array[int]]] = {}
        other = 1 - key
        for row in rows_sorted:
            entry = index.get(row[key])
            if entry is None:
                entry = (array("q"), array("q"), array("q"))
                index[row[key]] = entry
            entry[0].append(row[2])
            entry[1].append(row[3])
            entry[2].append(row[other])
        return index

    def _scan(
        self, entry: tuple[array[int], array[int], array[int]] | None, start: int, end: int
    ) -> Iterable[tuple[int, int, int]]:
        if entry is None:
            return
        starts, ends, others = entry
        lo = bisect.bisect_left(starts, start - self.max_stay)
        hi = bisect.bisect_left(starts, end)
        for i in range(lo, hi):
            if ends[i] > start:
                yield others[i], starts[i], ends[i]

    def person_stays(self, person: int, start: int, end: int) -> Iterable[Stay]:
        for venue, s, e in self._scan(self._person_index.get(person), start, end):
            yield Stay(person, venue, s, e)

    def venue_stays(self, venue: int, start: int, end: int) -> Iterable[Stay]:
        for person, s, e in self._scan(self._venue_index.get(venue), start, end):
            yield Stay(person, venue, s, e)
