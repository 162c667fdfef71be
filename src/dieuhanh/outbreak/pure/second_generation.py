"""F2 (tiếp xúc của F1) as numpy columns, one entry per person: every F1's stays and the venue-days
they touch read at once, a per-venue running maximum of F1 presence, each person's earliest exposure
kept (ties by the F1 who stays longest, then the smaller F1, venue, the longer overlap;
docs/design.md §3). No Django."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np

from dieuhanh.outbreak.pure.checkin_blocks import VENUE_BUCKET, VenueRead
from dieuhanh.outbreak.pure.f2_sweep import (
    EMPTY,
    collect,
    collect_python,
    merge,
    merge_python,
    person_range,
    person_range_python,
    sweep,
    sweep_python,
)
from dieuhanh.outbreak.pure.stays import I64, MAX_STAY, OPEN_END, StayColumns


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


SPLIT_AT = 10_000_000
"""Check-ins read from which the compiled F2 sweep runs in two threads: the second table and
the merge cost ~50-90 ms of CPU at 100 M check-ins (a table per person id), worth it only where
the sweep itself is long (the worst cases read 18 M check-ins, ~0.6 s of sweep)."""


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


def _run_positions(index: _Index, values: I64) -> I64:
    """`index.positions(values)`, looked up once per run of equal values (a venue's check-ins
    come together: tens of thousands of runs for ten million rows)."""
    if values.shape[0] == 0:
        return values
    heads = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    lengths = np.diff(np.append(heads, values.shape[0]))
    return np.repeat(index.positions(values[heads]), lengths)


def _count_at_most(keys: I64, needles: I64) -> I64:
    """`np.searchsorted(keys, needles, side="right")` (`keys` sorted): how many keys are at most
    each needle. Sorted needles (a venue's check-ins read in order) are merged instead: each
    key's place among the needles, and the count stepping up there: a pass over the needles in
    place of a binary search for each."""
    m = needles.shape[0]
    if m < 2 or not bool(np.all(needles[1:] >= needles[:-1])):
        return np.searchsorted(keys, needles, side="right").astype(np.int64, copy=False)
    # key e is at most needle i exactly when its place among the needles is at most i: the
    # count steps up by one at each place (places are sorted, as the keys are)
    places = np.searchsorted(needles, keys, side="left")
    steps = np.diff(places, prepend=0, append=m)
    return np.repeat(np.arange(keys.shape[0] + 1, dtype=np.int64), steps)


def _search_from(keys: I64, needles: I64, begin: I64, steps: int = 4) -> I64:
    """`np.searchsorted(keys[:-1], needles, side="left")` knowing that every key before `begin`
    is below its needle (`keys` sorted, ending with a sentinel above every needle): a few steps
    forward (most needles are at most a few keys ahead), then a binary search for the rest."""
    at = begin.copy()
    todo = np.arange(at.shape[0])
    for _ in range(steps):
        todo = todo[keys[at[todo]] < needles[todo]]
        if todo.shape[0] == 0:
            return at
        at[todo] += 1
    at[todo] = np.searchsorted(keys, needles[todo], side="left")
    return at


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
    smallest venue, then the longest (docs/design.md §3, F2 one line per person).

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
    # past the last interval: a sentinel above every key (`_search_from` reads one past the end)
    start_keys = np.append(start_key, np.iinfo(np.int64).max)
    for lo in range(0, others.person.shape[0], chunk):
        part = slice(lo, lo + chunk)
        o_rank = _run_positions(venue_index, others.venue[part])
        o_slot = slots[part]
        keep = np.flatnonzero((o_rank >= 0) & ~barred[o_slot])
        o_rank, o_slot = o_rank[keep], o_slot[keep]
        o_start = others.start[part][keep] - t0
        o_end = others.end[part][keep] - t0
        j = _count_at_most(start_key, (o_rank << t_bits) | o_start)
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
        # before it ended (one did overlap it: that one reaches past its start). When the F1
        # present at its start, or the one it meets, stays past its end, that is its end;
        # else the last F1 to begin before its end (searched from the one after its start)
        hit_end = o_end[hit]
        reach = np.where(covered, top_end[hit], (longest[nxt] >> f_bits) & t_mask)
        short = np.flatnonzero(reach < hit_end)
        if short.shape[0]:
            ahead = hit[short]
            last = _search_from(start_keys, (o_rank[ahead] << t_bits) | o_end[ahead], j[ahead]) - 1
            reach[short] = (longest[last] >> f_bits) & t_mask
        np.maximum.at(latest, slot, np.minimum(hit_end, reach))
        leading = np.flatnonzero(key == best[slot])
        via_rank = np.where(covered, f_mask - (top[hit] & f_mask), f_rank[nxt])
        kept.append(
            (
                slot[leading],
                key[leading],
                (lo + keep[hit[leading]]),
                exposure_start[leading],
                np.minimum(hit_end[leading], via_end[leading]),
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


def second_generation_read(
    intervals: StayColumns,
    read: VenueRead,
    excluded: I64,
    *,
    compiled: bool = True,
    halves: bool | None = None,
) -> SecondGeneration:
    """`second_generation` of the check-ins of venue-day blocks as read (`read`: the blocks of
    the F1 intervals' venues only): the same rows, without decoding the check-ins into columns:
    the F2 hot path (a province's worst case reads 18 M check-ins for 1.4 M F2 persons).

    Each check-in's venue and time become one int64 key, `(venue rank << t_bits) | seconds
    from t0`: blocks read in (venue, day) order give sorted keys, so one compiled pass
    (`f2_sweep`) walks the check-ins and the F1 intervals' start keys together, and folds each
    exposure into its person's slot (a table indexed by person id). Excluded persons (the
    case, the F1s) are dropped at the end (a person's entry depends on their own check-ins
    only); the rows come out ordered by start, then person (`f2_sweep.collect_python`: the
    order a trace lists them in). Falls back to `second_generation` on decoded columns (rows
    by person then) when the keys do not fit 63 bits or person ids are too sparse for a table.
    `compiled=False` runs the same passes uncompiled (tests).

    With `halves` (by default: compiled, two or more cores, at least `SPLIT_AT` check-ins) the
    blocks are cut in two at a block boundary and each half swept into its own table, one in a
    second thread (the compiled loop holds no GIL), the tables then merged by the same rule: the
    elapsed time of the sweep nearly halves on an idle machine, its CPU time grows by the second
    table and the merge."""
    z = np.zeros(0, dtype=np.int64)
    empty = SecondGeneration(z, z, z, z, z, z, z)
    n = len(read)
    if intervals.person.shape[0] == 0 or n == 0:
        return empty
    venues = np.unique(intervals.venue)
    f1s = np.unique(intervals.person)
    b_rank = np.searchsorted(venues, read.venue)
    b_rank[b_rank >= venues.shape[0]] = 0
    if not bool(np.all(venues[b_rank] == read.venue)):
        raise ValueError("venue blocks read for a venue without an F1 interval")
    p_lo, p_hi = (person_range_python if not compiled else person_range())(read.records)
    t0 = min(int(read.day.min()) * VENUE_BUCKET, int(intervals.start.min()))
    base = read.day * VENUE_BUCKET - t0
    span = max(int(base.max()) + VENUE_BUCKET + MAX_STAY, int(intervals.end.max()) - t0) + 1
    t_bits = span.bit_length()
    f_bits = f1s.shape[0].bit_length()
    v_bits = venues.shape[0].bit_length()
    if (
        v_bits + t_bits + f_bits > 62
        or v_bits + 2 * t_bits > 62
        or p_hi - p_lo >= 4 * n + (1 << 22)
    ):
        return second_generation(intervals, StayColumns(*read.columns()), excluded)
    i_key, i_end, i_f1, present = _interval_keys(intervals, venues, f1s, t0, t_bits, f_bits)
    state = _new_state(p_hi - p_lo + 1)
    run = sweep_python if not compiled else sweep()
    block_key = (b_rank << t_bits) + base
    if halves is None:
        halves = compiled and n >= SPLIT_AT and (os.cpu_count() or 1) >= 2
    n_blocks = read.counts.shape[0]
    cut = int(np.searchsorted(np.cumsum(read.counts), n // 2)) if halves else n_blocks
    if 0 < cut < n_blocks:
        other = state.copy()
        row_cut = int(read.counts[:cut].sum())
        args = (read.records, block_key, b_rank, read.counts, i_key, i_end, i_f1, present)
        with ThreadPoolExecutor(max_workers=1) as pool:
            first = pool.submit(run, *args, f_bits, t_bits, p_lo, other, 0, cut, 0)
            run(*args, f_bits, t_bits, p_lo, state, cut, n_blocks, row_cut)
            first.result()
        (merge_python if not compiled else merge())(state, other)
        del other
    else:
        run(
            read.records,
            block_key,
            b_rank,
            read.counts,
            i_key,
            i_end,
            i_f1,
            present,
            f_bits,
            t_bits,
            p_lo,
            state,
            0,
            n_blocks,
            0,
        )
    return _collected(state, excluded, p_lo, t_bits, t0, venues, f1s, compiled)


def _interval_keys(
    intervals: StayColumns, venues: I64, f1s: I64, t0: int, t_bits: int, f_bits: int
) -> tuple[I64, I64, I64, I64]:
    """The F1 intervals as the sweep reads them, by (venue, start, longest, smallest F1): start
    and end keys `(venue rank << t_bits) | time from t0`, F1 rank, and `present` (see
    `f2_sweep.sweep_python`)."""
    f_mask, t_mask = (1 << f_bits) - 1, (1 << t_bits) - 1
    # ranks by a table per id where ids are dense (a gather, not a binary search per interval)
    i_rank = _Index(venues).positions(intervals.venue)
    i_f1 = _Index(f1s).positions(intervals.person)
    i_key = (i_rank << t_bits) | (intervals.start - t0)
    i_end = (i_rank << t_bits) | (intervals.end - t0)
    # F1 columns come by person (a no-op sort then: skipped)
    if bool(np.all(i_f1[1:] >= i_f1[:-1])):
        order = np.arange(i_f1.shape[0])
    else:
        order = np.argsort(i_f1, kind="stable")
    order = order[
        np.argsort((i_key[order] << t_bits) | (t_mask - (i_end[order] & t_mask)), kind="stable")
    ]
    i_key, i_end, i_f1 = i_key[order], i_end[order], i_f1[order]
    # per interval the running maximum of (end key, smallest F1); `present[j]` is that of the
    # first j intervals (0: none). End keys of an earlier venue are below every key of a later
    # one: the maximum need not be reset per venue
    longest = np.maximum.accumulate((i_end << f_bits) | (f_mask - i_f1))
    present = np.concatenate((np.zeros(1, dtype=np.int64), longest))
    return i_key, i_end, i_f1, present


def _new_state(slots: int) -> I64:
    """A sweep's table: per person best key, latest end, (F1 rank << 32) | venue rank, exposure
    end; nothing reached yet."""
    state = np.zeros((slots, 4), dtype=np.int64)
    state[:, 0] = EMPTY
    state[:, 1] = -1
    return state


def _collected(
    state: I64,
    excluded: I64,
    p_lo: int,
    t_bits: int,
    t0: int,
    venues: I64,
    f1s: I64,
    compiled: bool,
) -> SecondGeneration:
    """The table's reached persons but `excluded` as rows, by start then person."""
    # the excluded persons' slots emptied (a person's entry depends on their own check-ins only)
    p_hi = p_lo + state.shape[0] - 1
    inside = excluded[(excluded >= p_lo) & (excluded <= p_hi)]
    state[inside - p_lo, 0] = EMPTY
    return SecondGeneration(
        *(collect_python if not compiled else collect())(state, t_bits, p_lo, t0, venues, f1s)
    )


def _joined(parts: Sequence[VenueRead]) -> VenueRead:
    """Parts read one after another as one read (blocks in (venue, day) order)."""
    parts = [part for part in parts if len(part)]
    if not parts:
        return VenueRead.of([])
    venue = np.concatenate([part.venue for part in parts])
    day = np.concatenate([part.day for part in parts])
    order = np.lexsort((day, venue))
    counts = np.concatenate([part.counts for part in parts])
    records = np.concatenate([part.records for part in parts])
    if bool(np.all(order[1:] > order[:-1])):
        return VenueRead(venue, day, counts, records)
    begins = np.cumsum(counts) - counts
    rows = np.repeat(begins[order] - (np.cumsum(counts[order]) - counts[order]), counts[order])
    rows += np.arange(records.shape[0], dtype=np.int64)
    return VenueRead(venue[order], day[order], counts[order], records[rows])


def second_generation_parts(
    intervals: StayColumns,
    parts: Iterable[VenueRead],
    excluded: I64,
    *,
    persons: tuple[int, int] | None = None,
    compiled: bool = True,
) -> SecondGeneration:
    """`second_generation_read` of venue-day blocks read in parts (`parts`: each a `VenueRead`
    of some of the blocks, every block once, in any order), each part swept as it comes: a
    source reading in batches hands a part over while it reads the next (the database's reads
    and the sweep overlap), and no second copy of every block is joined (216 MB at scale; the parts
    themselves are kept until the end, for the fallback).

    The keys' origin and width come from the days the intervals need (those
    `venue_days_needed` names); the person table spans `persons` (the smallest and largest
    person id the source holds, when given and under 2²² apart: one table, no pass over the
    records to find their range), else the persons of the first part, and grows when a part
    brings persons outside it (the sweep skips and counts them; the part is swept again). A
    part with a day outside those, or persons too sparse for a table, has the parts joined and
    handed to `second_generation_read`."""
    z = np.zeros(0, dtype=np.int64)
    if intervals.person.shape[0] == 0:
        return SecondGeneration(z, z, z, z, z, z, z)
    venues = np.unique(intervals.venue)
    f1s = np.unique(intervals.person)
    d_lo = int(((intervals.start - MAX_STAY) // VENUE_BUCKET).min())
    d_hi = int(((intervals.end - 1) // VENUE_BUCKET).max())
    t0 = min(d_lo * VENUE_BUCKET, int(intervals.start.min()))
    span = max((d_hi + 1) * VENUE_BUCKET + MAX_STAY, int(intervals.end.max())) - t0 + 1
    t_bits = span.bit_length()
    f_bits = f1s.shape[0].bit_length()
    v_bits = venues.shape[0].bit_length()
    seen: list[VenueRead] = []
    if v_bits + t_bits + f_bits > 62 or v_bits + 2 * t_bits > 62:
        seen = list(parts)
    else:
        i_key, i_end, i_f1, present = _interval_keys(intervals, venues, f1s, t0, t_bits, f_bits)
        run = sweep_python if not compiled else sweep()
        bounds = person_range_python if not compiled else person_range()
        state = np.zeros((0, 4), dtype=np.int64)
        p_lo = n = 0
        if persons is not None and persons[1] - persons[0] < 1 << 22:
            state, p_lo = _new_state(persons[1] - persons[0] + 1), persons[0]
        rest = iter(parts)
        for part in rest:
            seen.append(part)
            if len(part) == 0:
                continue
            b_rank = np.searchsorted(venues, part.venue)
            b_rank[b_rank >= venues.shape[0]] = 0
            if not bool(np.all(venues[b_rank] == part.venue)):
                raise ValueError("venue blocks read for a venue without an F1 interval")
            if int(part.day.min()) < d_lo or int(part.day.max()) > d_hi:
                seen += rest  # outside the keys' span: the whole read decides
                break
            n += len(part)
            block_key = (b_rank << t_bits) + (part.day * VENUE_BUCKET - t0)
            args = (part.records, block_key, b_rank, part.counts, i_key, i_end, i_f1, present)
            last = part.counts.shape[0]
            if state.shape[0] and run(*args, f_bits, t_bits, p_lo, state, 0, last, 0) == 0:
                continue
            # persons without a slot (or no table yet): the table grown to them, the part
            # swept again (its check-ins already folded fold the same)
            lo, hi = bounds(part.records)
            if state.shape[0]:
                lo, hi = min(lo, p_lo), max(hi, p_lo + state.shape[0] - 1)
            if hi - lo >= 4 * n + (1 << 22):
                seen += rest  # too sparse for a table (so far)
                break
            grown = _new_state(hi - lo + 1)
            grown[p_lo - lo : p_lo - lo + state.shape[0]] = state
            state, p_lo = grown, lo
            run(*args, f_bits, t_bits, p_lo, state, 0, last, 0)
        else:
            if n == 0:
                return SecondGeneration(z, z, z, z, z, z, z)
            return _collected(state, excluded, p_lo, t_bits, t0, venues, f1s, compiled)
    return second_generation_read(intervals, _joined(seen), excluded, compiled=compiled)
