"""Traces (truy vết) over the check-in store: a case's infectious window, F1 and F2 as columns, the
`trace --json` documents, and pages of a trace (a trace can hold a million entries, so pages read
slices)."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.outbreak.checkin_store import DbCheckIns, StoreState
from dieuhanh.outbreak.models import (
    Case,
    CheckInStoreState,
    Contact,
    Quarantine,
    QuarantinePlace,
    Venue,
)
from dieuhanh.outbreak.pure.stays import (
    LOCAL_TZ,
    OPEN_END,
    TraceColumns,
    TraceExposure,
    local_midnight,
    window_start,
)
from dieuhanh.outbreak.pure.tracing import trace_columns


def _epoch(value: datetime.datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def case_window(case: Case) -> tuple[int, int]:
    """The case's infectious window `[start, end)` in epoch seconds (docs/design.md §3)."""
    start = window_start(
        onset=case.onset_date,
        sampled_on=timezone.localdate(case.sampled_at) if case.sampled_at else None,
        confirmed_on=timezone.localdate(case.confirmed_at),
    )
    end = _epoch(case.isolated_at)
    return start, OPEN_END if end is None else end


@dataclass
class TraceResult:
    """A traced case: its window and the entries as columns (`TraceColumns`); `exposures`
    builds the tuples once, `page` only a slice (an F2 can hold a million entries).

    `purged_before` is the store's retention horizon when the window starts before it: check-ins
    of those days were deleted (`services.retention`), and the trace says so (`purge_notice`)."""

    case: Case
    depth: int
    window: tuple[int, int]
    columns: TraceColumns
    purged_before: datetime.date | None = None
    persons: dict[int, int] | None = None
    """Distinct persons per generation, counted once (kept with the cached trace)."""

    @cached_property
    def exposures(self) -> list[TraceExposure]:
        return self.columns.rows()

    def _rows_of(self, generation: int | None) -> tuple[int, int]:
        """The rows of one generation (all when None): the columns are sorted by generation."""
        if generation is None:
            return 0, self.columns.size
        generations = self.columns.generation
        first = int(np.searchsorted(generations, generation, side="left"))
        return first, int(np.searchsorted(generations, generation, side="right"))

    def page(self, offset: int, limit: int, generation: int | None = None) -> list[TraceExposure]:
        """Entries `offset … offset + limit` (of one generation when given)."""
        first, last = self._rows_of(generation)
        start = min(first + max(offset, 0), last)
        return self.columns.rows(start, min(start + limit, last))

    def count(self, generation: int | None = None) -> int:
        """Entries (of one generation when given)."""
        first, last = self._rows_of(generation)
        return last - first

    def person_count(self, generation: int) -> int:
        """Distinct persons of a generation (F1 has an entry per exposure interval)."""
        if self.persons is None:
            self.persons = _person_counts(self.columns)
        return self.persons.get(generation, 0)


def _person_counts(columns: TraceColumns) -> dict[int, int]:
    out: dict[int, int] = {}
    for generation in (1, 2):
        first = int(np.searchsorted(columns.generation, generation, side="left"))
        last = int(np.searchsorted(columns.generation, generation, side="right"))
        # F2 lists each person once; F1 once per interval
        persons = columns.person[first:last]
        out[generation] = last - first if generation == 2 else int(np.unique(persons).shape[0])
    return out


def purge_notice(day: datetime.date) -> str:
    """The notice a trace reaching before the retention horizon carries (active language)."""
    return _(
        "Check-in data before %(day)s has been deleted under the retention period: contacts "
        "from those days cannot be traced."
    ) % {"day": day.strftime("%d/%m/%Y")}


def purge_line(day: datetime.date) -> str:
    """The same notice in both languages, for the console."""
    shown = day.strftime("%d/%m/%Y")
    return (
        f"Dữ liệu check-in trước {shown} đã bị xoá theo thời hạn lưu trữ / "
        f"check-in data before {shown} has been deleted under the retention period"
    )


TRACE_CACHE = "traces"
"""The cache (settings.CACHES) computed traces are kept in."""


def _trace_key(case: Case, depth: int, window: tuple[int, int]) -> tuple[str, StoreState]:
    """The cache key of a trace, and the store's state, in one query: the case and its window,
    the depth, the store's version and, for F2, the state of the isolations (cases) and
    quarantines that close the F1s' windows (count, largest id and latest change of each: an
    added, changed or deleted row changes it)."""
    tables = (Case._meta.db_table, Quarantine._meta.db_table) if depth == 2 else ()
    stamps = "".join(
        f", (SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t}), "  # noqa: S608
        f"(SELECT MAX(updated_at) FROM {t})"
        for t in tables
    )
    state_table = CheckInStoreState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT version FROM {state_table} WHERE id = 1), "  # noqa: S608
            f"(SELECT purged_before FROM {state_table} WHERE id = 1){stamps}"
        )
        version, horizon, *rest = cursor.fetchone()
    if isinstance(horizon, str):  # SQLite returns the text
        horizon = datetime.date.fromisoformat(horizon)
    state = StoreState(int(version or 0), horizon)
    key = f"trace:{case.pk}:{case.person_id}:{depth}:{window[0]}:{window[1]}:v{state.version}"
    key = ":".join([key, *(str(v) for v in rest)])
    # a digest: the stamps hold spaces and colons (a cache key is plain ASCII, no spaces)
    return "trace:" + hashlib.sha256(key.encode()).hexdigest(), state


def trace_case(*, case: Case, depth: int = 1, source: DbCheckIns | None = None) -> TraceResult:
    """F1 (and F2) exposures of `case` from the check-in store. The caller checked access.

    For F2 an F1's window ends at its own isolation as a case, or at the first quarantine
    (cách ly) that starts after its exposure; a quarantine recorded by day is taken to start at
    the end of that day (a contact may have been out before being taken in).

    Kept in the "traces" cache under `_trace_key`: the next page of the same trace reads the
    columns back instead of tracing again; any write to the store, isolation or quarantine
    changes the key. (An explicit `source` is traced afresh, uncached.)"""
    window = case_window(case)
    key, state = _trace_key(case, depth, window)
    horizon = state.purged_before
    purged = horizon if horizon is not None and window[0] < local_midnight(horizon) else None
    if source is not None:
        return _trace(case, depth, window, source, purged)
    cache = caches[TRACE_CACHE]
    kept = cache.get(key)
    if kept is not None:
        columns, persons = kept
        return TraceResult(case, depth, window, columns, purged, persons)
    result = _trace(case, depth, window, DbCheckIns(), purged)
    cache.set(key, (result.columns, _person_counts(result.columns)))
    return result


def trace_keep(result: TraceResult) -> None:
    """Keep `result` in the cache under its key, as `trace_case` does after tracing (for a
    trace computed elsewhere: the benchmark's, with its own isolations)."""
    key, _state = _trace_key(result.case, result.depth, result.window)
    caches[TRACE_CACHE].set(key, (result.columns, _person_counts(result.columns)))


def _trace(
    case: Case,
    depth: int,
    window: tuple[int, int],
    source: DbCheckIns,
    purged: datetime.date | None,
) -> TraceResult:
    start, end = window
    isolation: dict[int, int] = {}
    quarantines: dict[int, list[int]] = defaultdict(list)
    if depth == 2:
        for pid, iso in (
            Case.objects.filter(isolated_at__isnull=False)
            .exclude(person_id=case.person_id)
            .values_list("person_id", "isolated_at")
        ):
            if iso is not None:
                isolation[pid] = int(iso.timestamp())
        first_day = datetime.datetime.fromtimestamp(start, tz=LOCAL_TZ).date()
        # health monitoring at home leaves the person free to go out: it closes nothing
        for pid, day in (
            Quarantine.objects.filter(start__gte=first_day)
            .exclude(place=QuarantinePlace.MONITORING)
            .values_list("person_id", "start")
        ):
            quarantines[pid].append(local_midnight(day + datetime.timedelta(days=1)))
    found = trace_columns(
        source,
        case=case.person_id,
        start=start,
        end=end,
        depth=depth,
        isolation=isolation,
        quarantines=quarantines,
    )
    return TraceResult(
        case=case, depth=depth, window=(start, end), columns=found, purged_before=purged
    )


def iso_local(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=LOCAL_TZ).isoformat()


def exposure_documents(exposures: Iterable[TraceExposure]) -> list[dict[str, object]]:
    """Entries of a trace in the `trace --json` shape of docs/design.md §3."""
    return [
        {
            "person_id": e.person_id,
            "generation": e.generation,
            "via": e.via,
            "venue_id": e.venue_id,
            "overlap_start": iso_local(e.overlap_start),
            "overlap_end": iso_local(e.overlap_end),
        }
        for e in exposures
    ]


def trace_document(result: TraceResult) -> dict[str, object]:
    """The `trace --json` shape of docs/design.md §3 (the whole trace; pages:
    `exposure_documents`)."""
    return {"case": result.case.person_id, "exposures": exposure_documents(result.exposures)}


@dataclass(frozen=True)
class TracePage:
    """One page of a trace: `exposures` are the entries `offset…offset+limit` of the chosen
    generation (all when None), in the engine's order.

    `total` counts the entries of that generation, `entries` all entries; `f1` and `f2` count
    persons (a person traced in both generations counts as F1)."""

    exposures: list[TraceExposure]
    offset: int
    limit: int
    total: int
    entries: int
    f1: int
    f2: int
    generation: int | None = None


def trace_page(
    result: TraceResult, *, offset: int = 0, limit: int = 1000, generation: int | None = None
) -> TracePage:
    """The page `offset…offset+limit` of `result`, of one generation or all, with the counts.

    Read from the trace's columns: only the page's entries become tuples (an F2 can hold a
    million entries); no query."""
    offset = max(offset, 0)
    return TracePage(
        exposures=result.page(offset, limit, generation),
        offset=offset,
        limit=limit,
        total=result.count(generation),
        entries=result.count(),
        f1=result.person_count(1),
        f2=result.person_count(2),
        generation=generation,
    )


def venue_names(*, ids: Iterable[int]) -> dict[int, str]:
    """venue id → name of the given venues (a page's worth, not the whole register)."""
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    for start in range(0, len(wanted), 900):
        out.update(
            Venue.objects.filter(pk__in=wanted[start : start + 900]).values_list("pk", "name")
        )
    return out


def contacts_of_persons(*, case: Case, person_ids: Iterable[int]) -> list[Contact]:
    """The contacts of `case` for the given persons (a page of them), by person id. The caller
    checked access to the case."""
    wanted = sorted(set(person_ids))
    out: list[Contact] = []
    for start in range(0, len(wanted), 900):
        out.extend(case.contacts.filter(person_id__in=wanted[start : start + 900]))
    out.sort(key=lambda c: c.person_id)
    return out
