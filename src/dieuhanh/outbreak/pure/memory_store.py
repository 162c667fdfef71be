"""The tracing rule checked the slow way: an in-memory check-in store and a brute-force trace over
every pair of stays, against which tests and benchmarks hold the engine. No Django."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from dieuhanh.outbreak.pure.checkin_blocks import (
    MAX_ID,
    MAX_TIME,
    MIN_TIME,
    CheckInColumns,
    VenueRead,
    pack_venue_blocks,
)
from dieuhanh.outbreak.pure.stays import (
    I64,
    MAX_STAY,
    OPEN_END,
    Stay,
    StayColumns,
    TraceExposure,
    overlap,
    stay_end,
)


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
        for i in self._positions(entry, start, end):
            yield others[i], starts[i], ends[i]

    def _positions(
        self, entry: tuple[array[int], array[int], array[int]], start: int, end: int
    ) -> Iterable[int]:
        starts, ends, _others = entry
        lo = bisect.bisect_left(starts, start - self.max_stay)
        hi = bisect.bisect_left(starts, end)
        for i in range(lo, hi):
            if ends[i] > start:
                yield i

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
        """Each check-in once, even when several intervals of its venue meet it (and two equal
        check-ins twice, as `venue_stays` gives them: F1 from columns lists both)."""
        found: dict[tuple[int, int], Stay] = {}
        for v, s, e in zip(venues.tolist(), starts.tolist(), ends.tolist(), strict=True):
            entry = self._venue_index.get(v)
            if entry is None:
                continue
            for i in self._positions(entry, s, e):
                found[v, i] = Stay(entry[2][i], v, entry[0][i], entry[1][i])
        return _columns(sorted(found.values()))

    def venues_read(self, venues: I64, starts: I64, ends: I64) -> VenueRead | None:
        """Every check-in of `venues` packed into venue-day blocks (`VenueRead`), or None when
        some stay cannot be packed (longer than `MAX_STAY`, or times outside the store's range):
        then the engine reads `venues_columns`."""
        del starts, ends  # every check-in of the venues: a superset, as the rule allows
        rows = [
            (person, venue, start, end)
            for venue in np.unique(venues).tolist()
            for person, start, end in self._scan(self._venue_index.get(venue), -OPEN_END, OPEN_END)
        ]
        if any(not (0 < e - s <= MAX_STAY and MIN_TIME <= s <= MAX_TIME) for _p, _v, s, e in rows):
            return None
        if any(not (1 <= p <= MAX_ID) for p, _v, _s, _e in rows):
            return None
        blocks = pack_venue_blocks(CheckInColumns.from_rows(rows))
        return VenueRead(
            blocks.keys,
            blocks.buckets,
            blocks.counts,
            np.frombuffer(blocks.payload, dtype="<i4").reshape(-1, 3),
        )


def _columns(rows: Sequence[Stay]) -> StayColumns:
    if not rows:
        return StayColumns.empty()
    return StayColumns(*(np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)))
