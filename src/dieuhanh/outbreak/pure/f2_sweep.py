"""The F2 sweep over packed venue-day blocks, compiled (numba): one pass over the check-ins
(lượt quét) of the F1 venues, each tested against the F1 intervals of its venue and folded into
its person's entry, in place of some thirty numpy passes over ten million rows (docs/decisions/
0011-numba-f2-sweep.md). No Django.

The rule is `second_generation`'s; `second_generation_read` prepares the keys and reads the
result back. The function below is plain Python over numpy arrays (it runs, slowly, without
compiling); `sweep` is it compiled once per process (cached on disk by numba)."""

from __future__ import annotations

import functools
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from dieuhanh.outbreak.pure.checkin_blocks import MISSING_STAY
from dieuhanh.outbreak.pure.jit import cache_dir_keyed
from dieuhanh.outbreak.pure.stays import DEFAULT_STAY

I32 = NDArray[np.int32]
I64 = NDArray[np.int64]

EMPTY = 2**63 - 1
"""The key of a person slot no exposure reached."""

AHEAD = 16
"""Check-ins ahead of the current one whose person's slot the sweep asks the cache for: the
slots are reached in no order (1.5 M persons' rows, 48 MB, against a few MB of cache), and
waiting for each in turn was most of the sweep's time; a few in flight at once hide most of
it (measured at 8 to 64 ahead alike)."""


def prefetch(array: I64, index: int) -> None:
    """A hint that `array.flat[index]` is about to be written: compiled, the processor's
    prefetch (`f2_compiled`; never a fault); uncompiled, nothing."""


def sweep_python(
    records: I32,
    block_key: I64,
    block_rank: I64,
    counts: I64,
    i_key: I64,
    i_end: I64,
    i_f1: I64,
    present: I64,
    f_bits: int,
    t_bits: int,
    p_lo: int,
    state: I64,
    b_begin: int,
    b_end: int,
    row_begin: int,
) -> int:
    """Fold every check-in of blocks `b_begin..b_end` of `records` (blocks of `counts` rows, the
    first at row `row_begin`, keyed `block_key` + offset, venue rank `block_rank`) into its
    person's slot (`person - p_lo`). The fold is the same in any order of check-ins: two calls
    over two block ranges into two tables, merged by `merge_python`, give one call's table; and
    folding a check-in twice changes nothing. Check-ins of persons without a slot in `state`
    are skipped and counted (the count is returned): the caller grows the table and sweeps
    them again.

    Intervals are sorted by (venue, start, longest, smallest F1): `i_key` and `i_end` are
    `(venue rank << t_bits) | time`, `i_f1` the F1's rank, `present[j]` the running maximum of
    `(end key << f_bits) | (f_mask - F1 rank)` over the first `j` intervals. A check-in covered at
    its start by an interval meets the longest-staying F1 present then; else the next interval
    to begin at the venue, if it begins before the check-in ends. Per slot, one row of `state`
    (one cache line: persons come in no order, and reaching their rows is most of the time):
    the smallest key `(start << t_bits) | (t_mask - F1 end)`, the end of the latest exposure,
    `(F1 rank << 32) | venue rank` and the exposure's end, ties on the key going to the smaller
    F1 rank, then venue rank, then the longer exposure. Check-ins come in key order but for a
    block and the parts of the same venue-day: a key below the previous one is searched anew."""
    m = i_key.shape[0]
    f_mask = (1 << f_bits) - 1
    t_mask = (1 << t_bits) - 1
    width = state.shape[1]
    slots = state.shape[0]
    last_ahead = records.shape[0] - AHEAD
    skipped = 0
    row = row_begin
    j = 0
    previous = EMPTY  # the first check-in's place searched for (a part, a half: not from 0)
    for b in range(b_begin, b_end):
        base = block_key[b]
        rank = block_rank[b]
        for _ in range(counts[b]):
            s = base + records[row, 0]
            stay = records[row, 1]
            e = s + (DEFAULT_STAY if stay == MISSING_STAY else stay)
            slot = records[row, 2] - p_lo
            if row < last_ahead:
                prefetch(state, (records[row + AHEAD, 2] - p_lo) * width)
            row += 1
            if slot < 0 or slot >= slots:
                skipped += 1
                continue
            if s < previous:
                lo, hi = 0, m
                while lo < hi:
                    mid = (lo + hi) >> 1
                    if i_key[mid] <= s:
                        lo = mid + 1
                    else:
                        hi = mid
                j = lo
            else:
                while j < m and i_key[j] <= s:
                    j += 1
            previous = s
            top = present[j]
            top_end = top >> f_bits
            if top_end > s:
                start = s
                via_end = top_end
                via = f_mask - (top & f_mask)
                reach = top_end
            elif j < m and i_key[j] < e:
                start = i_key[j]
                via_end = i_end[j]
                via = i_f1[j]
                reach = present[j + 1] >> f_bits
            else:
                continue
            if reach < e:
                # the longest-staying F1 among those begun before the check-in ends
                k = j
                while k < m and i_key[k] < e:
                    k += 1
                reach = present[k] >> f_bits
            last = (e if e < reach else reach) & t_mask
            if last > state[slot, 1]:
                state[slot, 1] = last
            key = ((start & t_mask) << t_bits) | (t_mask - (via_end & t_mask))
            held = state[slot, 0]
            if key > held:
                continue
            end = (e if e < via_end else via_end) & t_mask
            tag = (via << 32) | rank
            if key == held and (
                tag > state[slot, 2] or (tag == state[slot, 2] and end <= state[slot, 3])
            ):
                continue
            state[slot, 0] = key
            state[slot, 2] = tag
            state[slot, 3] = end
    return skipped


def merge_python(state: I64, other: I64) -> None:
    """Fold the slots of `other` (a sweep's table over other blocks) into `state`, by the
    sweep's rule: the smaller key, ties to the smaller tag, then the longer exposure; the latest
    end."""
    for slot in range(state.shape[0]):
        if other[slot, 1] > state[slot, 1]:
            state[slot, 1] = other[slot, 1]
        key = other[slot, 0]
        held = state[slot, 0]
        if key > held:
            continue
        tag = other[slot, 2]
        if key == held and (
            tag > state[slot, 2] or (tag == state[slot, 2] and other[slot, 3] <= state[slot, 3])
        ):
            continue
        state[slot, 0] = key
        state[slot, 2] = tag
        state[slot, 3] = other[slot, 3]


RADIX_BITS = 11
"""Bits of the start sorted per pass of `collect_python` (2,048 counters: a pass writes into
that many places, each in order)."""


def collect_python(
    state: I64, t_bits: int, p_lo: int, t0: int, venues: I64, f1s: I64
) -> tuple[I64, I64, I64, I64, I64, I64, I64]:
    """The reached slots of `state` (a sweep's table) as F2 columns (person, venue, start, end,
    via, via end, latest end), ordered by start, then person: in place of selecting the slots,
    decoding them column by column and sorting the rows after (six passes over 1.5 M rows read
    in no order). The slots' starts are sorted by a stable radix sort (least significant
    digits first, slots taken in person order: persons stay in order within a start), then each
    row is read once, its slot asked for ahead of use."""
    n = state.shape[0]
    t_mask = (1 << t_bits) - 1
    hits = 0
    lo = EMPTY
    hi = -1
    for slot in range(n):
        key = state[slot, 0]
        if key != EMPTY:
            hits += 1
            start = key >> t_bits
            if start < lo:
                lo = start
            if start > hi:
                hi = start
    starts = np.empty(hits, dtype=np.int64)
    slots = np.empty(hits, dtype=np.int64)
    at = 0
    for slot in range(n):
        key = state[slot, 0]
        if key != EMPTY:
            starts[at] = (key >> t_bits) - lo
            slots[at] = slot
            at += 1
    radix = 1 << RADIX_BITS
    shift = 0
    while hits > 0 and (hi - lo) >> shift > 0:
        counts = np.zeros(radix + 1, dtype=np.int64)
        for i in range(hits):
            counts[((starts[i] >> shift) & (radix - 1)) + 1] += 1
        for d in range(radix):
            counts[d + 1] += counts[d]
        next_starts = np.empty(hits, dtype=np.int64)
        next_slots = np.empty(hits, dtype=np.int64)
        for i in range(hits):
            d = (starts[i] >> shift) & (radix - 1)
            to = counts[d]
            counts[d] = to + 1
            next_starts[to] = starts[i]
            next_slots[to] = slots[i]
        starts = next_starts
        slots = next_slots
        shift += RADIX_BITS
    width = state.shape[1]
    person = np.empty(hits, dtype=np.int64)
    venue = np.empty(hits, dtype=np.int64)
    start_at = np.empty(hits, dtype=np.int64)
    end = np.empty(hits, dtype=np.int64)
    via = np.empty(hits, dtype=np.int64)
    via_end = np.empty(hits, dtype=np.int64)
    last_end = np.empty(hits, dtype=np.int64)
    for i in range(hits):
        if i + AHEAD < hits:
            prefetch(state, slots[i + AHEAD] * width)
        slot = slots[i]
        key = state[slot, 0]
        tag = state[slot, 2]
        person[i] = slot + p_lo
        venue[i] = venues[tag & 0xFFFFFFFF]
        start_at[i] = (key >> t_bits) + t0
        end[i] = state[slot, 3] + t0
        via[i] = f1s[tag >> 32]
        via_end[i] = (t_mask - (key & t_mask)) + t0
        last_end[i] = state[slot, 1] + t0
    return person, venue, start_at, end, via, via_end, last_end


def person_range_python(records: I32) -> tuple[int, int]:
    """The smallest and largest person of `records` (one pass over the strided column, not
    two; `records` not empty)."""
    lo = records[0, 2]
    hi = lo
    for row in range(1, records.shape[0]):
        person = records[row, 2]
        if person < lo:
            lo = person
        elif person > hi:
            hi = person
    return int(lo), int(hi)


class PersonRange(Protocol):
    def __call__(self, records: I32) -> tuple[int, int]: ...


class Collect(Protocol):
    def __call__(
        self, state: I64, t_bits: int, p_lo: int, t0: int, venues: I64, f1s: I64
    ) -> tuple[I64, I64, I64, I64, I64, I64, I64]: ...


class Merge(Protocol):
    def __call__(self, state: I64, other: I64) -> None: ...


class Sweep(Protocol):
    def __call__(
        self,
        records: I32,
        block_key: I64,
        block_rank: I64,
        counts: I64,
        i_key: I64,
        i_end: I64,
        i_f1: I64,
        present: I64,
        f_bits: int,
        t_bits: int,
        p_lo: int,
        state: I64,
        b_begin: int,
        b_end: int,
        row_begin: int,
    ) -> int: ...


def _compiled(loop: Any, *, prefetches: bool = False) -> Any:
    """`loop` compiled (numba imported and the loop compiled on first use: a web worker that
    never traces F2 pays nothing; the machine code is cached on disk for the next process,
    under a digest of these sources, `jit.py`)."""
    import numba  # heavy: imported only when F2 runs

    cache_dir_keyed()
    if prefetches:
        from dieuhanh.outbreak.pure import f2_compiled  # noqa: F401  # `prefetch` compiled
    return numba.njit(cache=True, nogil=True)(loop)


@functools.cache
def sweep() -> Sweep:
    """`sweep_python` compiled."""
    result: Sweep = _compiled(sweep_python, prefetches=True)
    return result


@functools.cache
def merge() -> Merge:
    """`merge_python` compiled."""
    result: Merge = _compiled(merge_python)
    return result


@functools.cache
def person_range() -> PersonRange:
    """`person_range_python` compiled."""
    result: PersonRange = _compiled(person_range_python)
    return result


@functools.cache
def collect() -> Collect:
    """`collect_python` compiled."""
    result: Collect = _compiled(collect_python, prefetches=True)
    return result
