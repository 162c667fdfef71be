"""The tracing rule of DESIGN §3 (truy vết) over plain integers. No Django.

Times are UTC epoch seconds. Intervals are half-open `[start, end)`: two intervals overlap when
each starts before the other ends, so touching ends do not overlap. A check-in without a
check-out lasts `DEFAULT_STAY` seconds (60 minutes).

The engine reads check-ins through a `CheckInSource`, so the same rule runs over the database
(selectors) and over in-memory arrays (`MemoryStore`, used by tests). F1 reads one person's
check-ins and, per check-in, the venue's (an interval each: the F1 list is the evidence). F2 reads
every F1's check-ins and every venue they visited as numpy columns, and `second_generation` keeps
one entry per person: at province scale an F2 reaches hundreds of thousands of persons through
millions of exposure intervals, and what a tracer follows up is the person.
"""

from __future__ import annotations

import bisect
import datetime
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

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


I64 = NDArray[np.int64]


class StayColumns(NamedTuple):
    """Check-ins as four int64 columns: person, venue, start, effective end."""

    person: I64
    venue: I64
    start: I64
    end: I64

    @classmethod
    def empty(cls) -> StayColumns:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, z)

    @classmethod
    def concat(cls, parts: Sequence[StayColumns]) -> StayColumns:
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([p[i] for p in parts]) for i in range(4)))

    def take(self, index: NDArray[np.bool_] | I64) -> StayColumns:
        return StayColumns(
            self.person[index], self.venue[index], self.start[index], self.end[index]
        )


class CheckInSource(Protocol):
    def person_stays(self, person: int, start: int, end: int) -> Iterable[Stay]:
        """`person`'s check-ins overlapping `[start, end)`."""
        ...

    def venue_stays(self, venue: int, start: int, end: int) -> Iterable[Stay]:
        """Every check-in at `venue` overlapping `[start, end)`."""
        ...

    def persons_columns(self, persons: I64, starts: I64, ends: I64) -> StayColumns:
        """The check-ins of each `persons[i]` overlapping `[starts[i], ends[i])` (persons
        distinct); may hold more, never fewer."""
        ...

    def venues_columns(self, venues: I64, starts: I64, ends: I64) -> StayColumns:
        """Every check-in at `venues[i]` overlapping `[starts[i], ends[i])` for some `i`; may
        hold more, never fewer."""
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


@dataclass(frozen=True)
class TraceColumns:
    """A trace as columns (one row per entry), sorted by generation, overlap start, person,
    venue, overlap end, via: F1 one row per exposure interval, F2 one row per person. At
    province scale an F2 holds a million rows: pages and exports read slices (`rows`) instead of
    building a Python tuple per entry."""

    generation: I64
    overlap_start: I64
    person: I64
    venue: I64
    overlap_end: I64
    via: I64
    last_end: I64
    """Per row, the end of that person's latest exposure of its generation (for F1 rows the
    row's own end: each interval is listed; for F2 over all the person's exposures)."""

    @property
    def size(self) -> int:
        return int(self.person.shape[0])

    def rows(self, start: int = 0, stop: int | None = None) -> list[TraceExposure]:
        """Entries `start:stop` as `TraceExposure` tuples."""
        part = slice(start, stop)
        return list(
            map(
                TraceExposure,
                self.generation[part].tolist(),
                self.overlap_start[part].tolist(),
                self.person[part].tolist(),
                self.venue[part].tolist(),
                self.overlap_end[part].tolist(),
                self.via[part].tolist(),
            )
        )

    def select(self, index: NDArray[np.bool_] | I64) -> TraceColumns:
        return TraceColumns(
            self.generation[index],
            self.overlap_start[index],
            self.person[index],
            self.venue[index],
            self.overlap_end[index],
            self.via[index],
            self.last_end[index],
        )

    @classmethod
    def of(cls, exposures: Sequence[TraceExposure]) -> TraceColumns:
        """F1-style columns: each row's latest end is its own end."""
        if not exposures:
            z = np.zeros(0, dtype=np.int64)
            return cls(z, z, z, z, z, z, z)
        g, start, person, venue, end, via = (
            np.array(c, dtype=np.int64) for c in zip(*exposures, strict=True)
        )
        return cls(g, start, person, venue, end, via, end)


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
    others = source.venues_columns(intervals.venue, intervals.start, intervals.end)
    excluded = np.union1d(f1, np.array([case], dtype=np.int64))
    f2 = second_generation(intervals, others, excluded)
    # one row per person: (overlap start, person) orders the F2 rows completely
    if f2.person.shape[0] and int(f2.person.min()) >= 0 and int(f2.person.max()) < 2**31:
        t0 = int(f2.start.min())
        order = np.argsort(((f2.start - t0) << 31) | f2.person, kind="stable")
    else:
        order = np.lexsort((f2.person, f2.start))
    f2_columns = TraceColumns(
        np.full(order.shape[0], 2, dtype=np.int64),
        f2.start[order],
        f2.person[order],
        f2.venue[order],
        f2.end[order],
        f2.via[order],
        f2.last_end[order],
    )
    return TraceColumns(
        *(
            np.concatenate((getattr(f1_columns, name), getattr(f2_columns, name)))
            for name in (
                "generation",
                "overlap_start",
                "person",
                "venue",
                "overlap_end",
                "via",
                "last_end",
            )
        )
    )


def isolation_end(
    person: int,
    exposed_at: int,
    isolation: Mapping[int, int],
    quarantines: Mapping[int, Sequence[int]],
) -> int:
    """End of an F1's window: its isolation time, or the first quarantine that starts after
    `exposed_at` (an earlier one was over before the exposure), whichever comes first."""
    end = isolation.get(person, OPEN_END)
    for begins in quarantines.get(person, ()):
        if exposed_at < begins < end:
            end = begins
    return end


def f1_intervals(own: StayColumns, f1: I64, f1_start: I64, f1_end: I64) -> StayColumns:
    """The F1s' check-ins (`own`) clipped to each F1's window `[f1_start, f1_end)` (`f1` sorted),
    those that keep some time; `person` is the F1."""
    if own.person.shape[0] == 0:
        return own
    at = np.searchsorted(f1, own.person)
    at[at >= f1.shape[0]] = 0
    known = f1[at] == own.person
    starts = np.maximum(own.start, f1_start[at])
    ends = np.minimum(own.end, f1_end[at])
    keep = known & (starts < ends)
    return StayColumns(own.person[keep], own.venue[keep], starts[keep], ends[keep])


class SecondGeneration(NamedTuple):
    """F2 persons, one row each: their chosen exposure, the end of the F1's clipped check-in it
    came from (`via_end`, which breaks ties) and the end of their latest exposure."""

    person: I64
    venue: I64
    start: I64
    end: I64
    via: I64
    via_end: I64
    last_end: I64
    """The end of the person's latest exposure through any F1 (how long to follow them up)."""


class _Index:
    """Positions of values among distinct sorted `keys` (-1 when absent): a dense table when the
    keys' range is small (a gather), else a binary search."""

    def __init__(self, keys: I64) -> None:
        self.keys = keys
        self.lo = int(keys[0])
        self.hi = int(keys[-1])
        self.table: I64 | None = None
        if self.hi - self.lo < 4 * keys.shape[0] + (1 << 22):
            self.table = np.full(self.hi - self.lo + 1, -1, dtype=np.int64)
            self.table[keys - self.lo] = np.arange(keys.shape[0], dtype=np.int64)

    def positions(self, values: I64) -> I64:
        inside = (values >= self.lo) & (values <= self.hi)
        if self.table is not None:
            found = self.table[np.clip(values - self.lo, 0, self.hi - self.lo)]
            return np.where(inside, found, -1)
        at = np.searchsorted(self.keys, values)
        at[at >= self.keys.shape[0]] = 0
        return np.where(self.keys[at] == values, at, -1)


def _person_slots(persons: I64) -> tuple[I64, int, I64 | None]:
    """A slot per person (equal ids, equal slots), the slot count, and the sorted distinct ids
    when slots are ranks (ids too sparse for `id - smallest id`)."""
    lo, hi = int(persons.min()), int(persons.max())
    if hi - lo < 4 * persons.shape[0] + (1 << 22):
        return persons - lo, hi - lo + 1, None
    distinct, slots = np.unique(persons, return_inverse=True)
    return slots.astype(np.int64), int(distinct.shape[0]), distinct


def _on_time_ranks(
    intervals: StayColumns, others: StayColumns, excluded: I64, *, chunk: int
) -> SecondGeneration:
    """`second_generation` with every time replaced by its rank among the times present: the
    rule only compares times, so ranks give the same choice in fewer bits (check-ins decades
    apart)."""
    parts = (intervals.start, intervals.end, others.start, others.end)
    times, ranks = np.unique(np.concatenate(parts), return_inverse=True)
    cuts = np.cumsum([p.shape[0] for p in parts])[:-1]
    i_start, i_end, o_start, o_end = np.split(ranks.astype(np.int64), cuts)
    if int(times.shape[0]).bit_length() * 2 > 63:
        raise ValueError("too many distinct check-in times for the packed keys")
    found = second_generation(
        StayColumns(intervals.person, intervals.venue, i_start, i_end),
        StayColumns(others.person, others.venue, o_start, o_end),
        excluded,
        chunk=chunk,
    )
    return found._replace(
        start=times[found.start],
        end=times[found.end],
        via_end=times[found.via_end],
        last_end=times[found.last_end],
    )


def second_generation(
    intervals: StayColumns,
    others: StayColumns,
    excluded: I64,
    *,
    chunk: int = 2_000_000,
) -> SecondGeneration:
    """Each person of `others` (not in `excluded`, sorted) whose check-in overlaps an F1
    interval at the same venue, once, with their exposure: the one that starts first; of those,
    the one through the F1 whose interval there ends last, then the smallest F1 id, then the
    smallest venue, then the longest (DESIGN §3, F2 one line per person).

    `intervals` are the F1s' clipped check-ins (`person` is the F1). Vectorised: per venue, the
    intervals sorted by start and a running maximum of their ends tell at once, for any moment,
    whether some F1 is present and which one stays longest; a check-in not covered at its start
    meets the next interval to begin, if it begins before the check-in ends. Each person's best
    (start, latest F1 end) is kept in a table indexed by person; `others` go `chunk` rows at a
    time (bounded memory).
    """
    z = np.zeros(0, dtype=np.int64)
    if intervals.person.shape[0] == 0 or others.person.shape[0] == 0:
        return SecondGeneration(z, z, z, z, z, z, z)
    venues = np.unique(intervals.venue)
    f1s = np.unique(intervals.person)
    t0 = int(min(intervals.start.min(), others.start.min()))
    span = int(max(intervals.end.max(), others.end.max())) - t0 + 1
    t_bits = span.bit_length()
    f_bits = f1s.shape[0].bit_length()
    v_bits = venues.shape[0].bit_length()
    if v_bits + t_bits + f_bits > 63 or 2 * t_bits > 63:
        return _on_time_ranks(intervals, others, excluded, chunk=chunk)
    f_mask, t_mask = (1 << f_bits) - 1, (1 << t_bits) - 1
    # the F1 intervals per venue by start (then longest, smallest F1)
    v_rank = np.searchsorted(venues, intervals.venue)
    f_rank = np.searchsorted(f1s, intervals.person)
    c_start, c_end = intervals.start - t0, intervals.end - t0
    order = np.lexsort((f_rank, -c_end, c_start, v_rank))
    v_rank, f_rank, c_start, c_end = v_rank[order], f_rank[order], c_start[order], c_end[order]
    start_key = (v_rank << t_bits) | c_start
    # running maximum per venue of (end, smallest F1): venues in the high bits keep it per venue
    longest = np.maximum.accumulate(
        (v_rank << (t_bits + f_bits)) | (c_end << f_bits) | (f_mask - f_rank)
    )
    n = start_key.shape[0]
    venue_index = _Index(venues)
    slots, n_slots, distinct = _person_slots(others.person)
    barred = np.zeros(n_slots, dtype=bool)
    if distinct is None:
        inside = excluded[(excluded >= others.person.min()) & (excluded <= others.person.max())]
        barred[inside - int(others.person.min())] = True
    else:
        where = _Index(distinct).positions(excluded)
        barred[where[where >= 0]] = True
    best = np.full(n_slots, np.iinfo(np.int64).max, dtype=np.int64)
    latest = np.full(n_slots, -1, dtype=np.int64)
    kept: list[tuple[I64, ...]] = []
    for lo in range(0, others.person.shape[0], chunk):
        part = slice(lo, lo + chunk)
        o_rank = venue_index.positions(others.venue[part])
        o_slot = slots[part]
        keep = np.flatnonzero((o_rank >= 0) & ~barred[o_slot])
        o_rank, o_slot = o_rank[keep], o_slot[keep]
        o_start = others.start[part][keep] - t0
        o_end = others.end[part][keep] - t0
        j = np.searchsorted(start_key, (o_rank << t_bits) | o_start, side="right")
        # covered at its own start: some interval began at or before it and ends after it
        prev = np.maximum(j - 1, 0)
        top = longest[prev]
        top_end = (top >> f_bits) & t_mask
        covered = (j > 0) & (v_rank[prev] == o_rank) & (top_end > o_start)
        # else the next interval to begin at the venue, if it begins before the check-in ends
        nxt = np.minimum(j, n - 1)
        later = ~covered & (j < n) & (v_rank[nxt] == o_rank) & (c_start[nxt] < o_end)
        hit = np.flatnonzero(covered | later)
        covered = covered[hit]
        nxt = nxt[hit]
        exposure_start = np.where(covered, o_start[hit], c_start[nxt])
        via_end = np.where(covered, top_end[hit], c_end[nxt])
        key = (exposure_start << t_bits) | (t_mask - via_end)
        slot = o_slot[hit]
        np.minimum.at(best, slot, key)
        # the latest exposure of this check-in: the longest-staying F1 among those who came
        # before it ended (one did overlap it: that one reaches past its start)
        last = np.searchsorted(start_key, (o_rank[hit] << t_bits) | o_end[hit], side="left") - 1
        reach = (longest[last] >> f_bits) & t_mask
        np.maximum.at(latest, slot, np.minimum(o_end[hit], reach))
        leading = np.flatnonzero(key == best[slot])
        via_rank = np.where(covered, f_mask - (top[hit] & f_mask), f_rank[nxt])
        kept.append(
            (
                slot[leading],
                key[leading],
                (lo + keep[hit[leading]]),
                exposure_start[leading],
                np.minimum(o_end[hit][leading], via_end[leading]),
                via_rank[leading],
                via_end[leading],
            )
        )
    slot, key, row, exposure_start, exposure_end, via_rank, via_end = (
        np.concatenate([k[i] for k in kept]) for i in range(7)
    )
    final = np.flatnonzero(key == best[slot])
    slot, row = slot[final], row[final]
    person, venue = others.person[row], others.venue[row]
    via = f1s[via_rank[final]]
    chosen = SecondGeneration(
        person,
        venue,
        exposure_start[final] + t0,
        exposure_end[final] + t0,
        via,
        via_end[final] + t0,
        latest[slot] + t0,
    )
    # ties on (start, F1 end): smallest via, smallest venue, longest; one row per person
    counts = np.bincount(slot, minlength=n_slots)
    if int(counts.max()) > 1:
        tied = counts[slot] > 1
        order = np.lexsort((-chosen.end[tied], chosen.venue[tied], chosen.via[tied], slot[tied]))
        tied_rows = np.flatnonzero(tied)[order]
        first = np.ones(tied_rows.shape[0], dtype=bool)
        first[1:] = slot[tied_rows[1:]] != slot[tied_rows[:-1]]
        pick = np.concatenate((np.flatnonzero(~tied), tied_rows[first]))
        chosen = SecondGeneration(*(column[pick] for column in chosen))
    return chosen


def trace_brute_force(
    stays: Sequence[Stay],
    *,
    case: int,
    start: int,
    end: int = OPEN_END,
    depth: int = 1,
    isolation: Mapping[int, int] | None = None,
    quarantines: Mapping[int, Sequence[int]] | None = None,
) -> list[TraceExposure]:
    """The same rule by comparing every pair of check-ins (for tests only: quadratic): F1 every
    exposure interval, F2 each person's first by the key of `second_generation`."""
    isolation = isolation or {}
    quarantines = quarantines or {}

    def from_person(
        person: int, w_start: int, w_end: int, generation: int
    ) -> list[tuple[TraceExposure, int]]:
        """Every exposure interval through `person`, with the end of `person`'s clipped stay."""
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
                    exposure = TraceExposure(
                        generation, common[0], other.person, own.venue, common[1], person
                    )
                    out.append((exposure, clip[1]))
        return out

    result = [e for e, _ in from_person(case, start, end, 1)]
    if depth == 2:
        f1s = {e.person_id for e in result}
        chosen: dict[int, tuple[tuple[int, int, int, int, int], TraceExposure]] = {}
        for f1 in f1s:
            begin = min(e.overlap_start for e in result if e.person_id == f1)
            f1_end = isolation.get(f1, OPEN_END)
            later = [q for q in quarantines.get(f1, ()) if begin < q < f1_end]
            for e, via_end in from_person(f1, begin, min([f1_end, *later]), 2):
                if e.person_id in f1s or e.person_id == case:
                    continue
                key = (e.overlap_start, -via_end, e.via, e.venue_id, -e.overlap_end)
                if e.person_id not in chosen or key < chosen[e.person_id][0]:
                    chosen[e.person_id] = (key, e)
        result += [e for _, e in chosen.values()]
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

    def persons_columns(self, persons: I64, starts: I64, ends: I64) -> StayColumns:
        rows = [
            stay
            for p, s, e in zip(persons.tolist(), starts.tolist(), ends.tolist(), strict=True)
            for stay in self.person_stays(p, s, e)
        ]
        return _columns(rows)

    def venues_columns(self, venues: I64, starts: I64, ends: I64) -> StayColumns:
        rows = {
            stay
            for v, s, e in zip(venues.tolist(), starts.tolist(), ends.tolist(), strict=True)
            for stay in self.venue_stays(v, s, e)
        }
        return _columns(sorted(rows))


def _columns(rows: Sequence[Stay]) -> StayColumns:
    if not rows:
        return StayColumns.empty()
    return StayColumns(*(np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)))
