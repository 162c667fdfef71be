"""Stays (lượt có mặt) as the tracing engine sees them, over plain integers: UTC epoch seconds,
half-open intervals `[start, end)`, a check-in without a check-out lasting `DEFAULT_STAY`; one stay
as a tuple or many as numpy columns, the source the engine reads them from, and a trace's entries as
columns. No Django."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
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
        # one (n, 6) array from the tuples (a C loop), then its columns
        table = np.array(exposures, dtype=np.int64)
        g, start, person, venue, end, via = (np.ascontiguousarray(table[:, i]) for i in range(6))
        return cls(g, start, person, venue, end, via, end)
