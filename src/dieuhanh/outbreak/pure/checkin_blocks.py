"""The packed check-in store (kho lượt quét mã dạng khối): pure numpy, no Django.

Check-ins are kept twice, in the two orderings the tracing engine reads
(`pure.tracing.CheckInSource`):

- venue blocks: one per (venue, UTC day of the check-in), the check-ins of that venue-day;
- person blocks: one per (person, span of `PERSON_SPAN_DAYS` UTC days), that person's check-ins.

A block holds `n` check-ins sorted by (start, other id, stay) as one blob of `n` packed records
of three little-endian int32: the start's offset from the block's first second, the stay in
seconds (`MISSING_STAY` = no check-out) and the other id (the person in a venue block, the venue
in a person block). The order is a total order over the check-in's content, so loading rows in two
parts, in any order, gives byte for byte the blocks of loading them at once.

Rows travel as `CheckInColumns`: four int64 numpy arrays, `NO_CHECKOUT` for a missing check-out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from dieuhanh.outbreak.pure.stays import DEFAULT_STAY, MAX_STAY

DAY = 86_400
VENUE_BUCKET = DAY
"""A venue block covers one UTC day (epoch seconds // 86,400)."""

PERSON_SPAN_DAYS = 64
PERSON_BUCKET = PERSON_SPAN_DAYS * DAY
"""A person block covers 64 UTC days (a tracing window is two or three weeks: a person's
reads stay one or two small rows; fewer, larger rows load faster)."""

NO_CHECKOUT = -1
"""The check-out column's value for a check-in without check-out (it lasts `DEFAULT_STAY`)."""

MISSING_STAY = -1
"""The stay stored in a block for a check-in without check-out."""

MAX_ID = 2**31 - 1
"""Person and venue ids are packed as int32."""

# Check-in times the store accepts: 1970 to 2100 (epoch seconds).
MIN_TIME = 0
MAX_TIME = 4_102_444_800

I64 = NDArray[np.int64]


@dataclass(frozen=True)
class CheckInColumns:
    """Check-ins as columns: person id, venue id, check-in and check-out (epoch seconds)."""

    person: I64
    venue: I64
    start: I64
    checkout: I64

    def __len__(self) -> int:
        return int(self.person.shape[0])

    @classmethod
    def empty(cls) -> CheckInColumns:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, z)

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[int, int, int, int | None]]) -> CheckInColumns:
        """From (person, venue, checked_in_at, checked_out_at or None) tuples."""
        if not rows:
            return cls.empty()
        table = np.array(
            [(p, v, s, NO_CHECKOUT if e is None else e) for p, v, s, e in rows], dtype=np.int64
        )
        return cls(
            np.ascontiguousarray(table[:, 0]),
            np.ascontiguousarray(table[:, 1]),
            np.ascontiguousarray(table[:, 2]),
            np.ascontiguousarray(table[:, 3]),
        )

    @classmethod
    def concat(cls, parts: Iterable[CheckInColumns]) -> CheckInColumns:
        items = [p for p in parts if len(p)]
        if not items:
            return cls.empty()
        if len(items) == 1:
            return items[0]
        return cls(
            np.concatenate([p.person for p in items]),
            np.concatenate([p.venue for p in items]),
            np.concatenate([p.start for p in items]),
            np.concatenate([p.checkout for p in items]),
        )

    def rows(self) -> list[tuple[int, int, int, int | None]]:
        """As (person, venue, checked_in_at, checked_out_at or None) tuples."""
        return [
            (p, v, s, None if e == NO_CHECKOUT else e)
            for p, v, s, e in zip(
                self.person.tolist(),
                self.venue.tolist(),
                self.start.tolist(),
                self.checkout.tolist(),
                strict=True,
            )
        ]


def check_columns(columns: CheckInColumns) -> str | None:
    """Why these columns cannot go into the store, or None. (Imports validate each row first
    with a message per row; this guards the fast path against anything the blocks cannot hold.)
    """
    if len(columns) == 0:
        return None
    for name, ids in (("person", columns.person), ("venue", columns.venue)):
        if int(ids.min()) < 1 or int(ids.max()) > MAX_ID:
            return f"{name} ids must be between 1 and {MAX_ID}"
    if int(columns.start.min()) < MIN_TIME or int(columns.start.max()) > MAX_TIME:
        return "check-in times must lie between 1970 and 2100"
    present = columns.checkout != NO_CHECKOUT
    stays = columns.checkout[present] - columns.start[present]
    if stays.size and (int(stays.min()) <= 0 or int(stays.max()) > MAX_STAY):
        return f"a check-out must follow its check-in by at most {MAX_STAY} seconds"
    return None


def effective_end(start: I64, stay: NDArray[np.int32] | I64) -> I64:
    """End of each stay: start + stay, or start + `DEFAULT_STAY` without check-out."""
    return start + np.where(stay == MISSING_STAY, DEFAULT_STAY, stay).astype(np.int64)


@dataclass(frozen=True)
class Blocks:
    """Packed blocks of one ordering, ready to write: per block its key (venue or person id),
    bucket (day or span number), count, last end (largest effective end) and blob."""

    keys: I64
    buckets: I64
    counts: I64
    last_ends: I64
    payload: bytes | memoryview  # chunked parts: a view of the array they were built in
    offsets: I64  # byte offset of each block in `payload`, plus the total at the end

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def blobs(self) -> list[bytes]:
        """Each block's bytes."""
        payload = self.payload
        bounds = self.offsets.tolist()
        return [bytes(payload[a:b]) for a, b in itertools.pairwise(bounds)]

    def rows(self) -> list[tuple[int, int, int, int, bytes]]:
        """(key, bucket, count, last_end, blob) per block, in key order."""
        return list(
            zip(
                self.keys.tolist(),
                self.buckets.tolist(),
                self.counts.tolist(),
                self.last_ends.tolist(),
                self.blobs(),
                strict=True,
            )
        )

    def iter_rows(self, batch: int = 65_536) -> Iterator[tuple[int, int, int, int, bytes]]:
        """`rows` a batch at a time: a load of a million sparse check-ins writes about as many
        blocks, whose tuples all at once would cost hundreds of MB."""
        payload = self.payload
        for start in range(0, len(self), batch):
            stop = min(start + batch, len(self))
            bounds = self.offsets[start : stop + 1].tolist()
            yield from zip(
                self.keys[start:stop].tolist(),
                self.buckets[start:stop].tolist(),
                self.counts[start:stop].tolist(),
                self.last_ends[start:stop].tolist(),
                (payload[a:b] for a, b in itertools.pairwise(bounds)),
                strict=True,
            )

    def flat_params(self, start: int, stop: int) -> list[object]:
        """The values (key, bucket, count, last_end, blob) of blocks `start..stop` as one flat
        list, in block order: the parameters of a multi-row INSERT. Built column by column with
        slice assignments and C-level maps (no Python loop or tuple per block: a million-row
        load writes 350,000 blocks, and a tuple and a loop step per block cost a fifth of it)."""
        stop = min(stop, len(self))
        n = max(stop - start, 0)
        flat: list[object] = [None] * (5 * n)
        if n == 0:
            return flat
        flat[0::5] = self.keys[start:stop].tolist()
        flat[1::5] = self.buckets[start:stop].tolist()
        flat[2::5] = self.counts[start:stop].tolist()
        flat[3::5] = self.last_ends[start:stop].tolist()
        bounds = self.offsets[start : stop + 1].tolist()
        flat[4::5] = list(map(self.payload.__getitem__, map(slice, bounds[:-1], bounds[1:])))
        return flat

    def pg_copy_binary(self) -> bytes:
        """The blocks as one PostgreSQL `COPY … (FORMAT BINARY)` stream of the columns
        (key int8, bucket int4, count int4, last_end int8, data bytea), built with numpy (no
        more Python per block than two slices)."""
        header = np.empty(len(self), dtype=_PG_ROW)
        header["fields"] = 5
        header["len_key"], header["key"] = 8, self.keys
        header["len_bucket"], header["bucket"] = 4, self.buckets
        header["len_count"], header["count"] = 4, self.counts
        header["len_last_end"], header["last_end"] = 8, self.last_ends
        header["len_data"] = np.diff(self.offsets)
        heads = header.tobytes()
        size = _PG_ROW.itemsize
        payload = self.payload
        bounds = self.offsets.tolist()
        parts: list[bytes | memoryview] = [_PG_SIGNATURE]
        for i, (a, b) in enumerate(itertools.pairwise(bounds)):
            parts.append(heads[i * size : (i + 1) * size])
            parts.append(payload[a:b])
        parts.append(b"\xff\xff")
        return b"".join(parts)


_PG_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, no header extension
_PG_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("len_key", ">i4"),
        ("key", ">i8"),
        ("len_bucket", ">i4"),
        ("bucket", ">i4"),
        ("len_count", ">i4"),
        ("count", ">i4"),
        ("len_last_end", ">i4"),
        ("last_end", ">i8"),
        ("len_data", ">i4"),
    ]
)


def _canonical_order(
    key: I64, start: I64, other: I64, stay: I64 | NDArray[np.int32]
) -> tuple[I64, I64]:
    """Row order by (key, start, other, stay), and `key` in that order: one sort of a
    composite int64 when the values allow it (they do at province scale), equal composites
    then ordered by the rest; the keys in order read back from the sorted composites (a
    division, not a gather of a million values at random)."""
    n = key.shape[0]
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z
    t0 = int(start.min())
    t_range = int(start.max()) - t0 + 1
    k0 = int(key.min())
    k_range = int(key.max()) - k0 + 1
    if k_range * t_range >= 2**62:
        order: I64 = np.lexsort((stay, other, start, key)).astype(np.int64)
        return order, key[order]
    composite = (key - k0) * t_range + (start - t0)
    # a merge brings stored rows (already in order) and a few new ones: a stable sort (timsort)
    # merges such runs in linear time; rows in no order sort faster with the default
    descents = int(np.count_nonzero(composite[1:] < composite[:-1]))
    index_bits = max(n - 1, 1).bit_length()
    if descents * 50 >= n and (k_range * t_range) << index_bits < 2**63:
        # rows in no order: each composite with its row number in the low bits, sorted as
        # values (numpy's vectorised sort: a third of an argsort's time), the order read back
        # from the low bits; equal composites come out by row number, as a stable sort's
        packed = composite << index_bits
        packed |= np.arange(n, dtype=np.int64)
        packed.sort()
        order = packed & ((1 << index_bits) - 1)
        packed >>= index_bits
        ranked = packed
        del packed
    else:
        kind: Literal["stable", "quicksort"] = "stable" if descents * 50 < n else "quicksort"
        order = np.argsort(composite, kind=kind).astype(np.int64, copy=False)
        ranked = composite[order]
    same = ranked[1:] == ranked[:-1]
    if same.any():
        tied = np.zeros(n, dtype=bool)
        tied[1:] |= same
        tied[:-1] |= same
        where = np.flatnonzero(tied)
        sub = order[where]
        order[where] = sub[np.lexsort((stay[sub], other[sub], composite[sub]))]
    del composite, same
    ranked //= t_range
    ranked += k0
    return order, ranked


def pack(
    key: I64,
    other: I64,
    start: I64,
    checkout: I64,
    *,
    bucket_seconds: int,
    group_shift: int | None = None,
) -> Blocks:
    """Sort check-ins by (key, start, other, stay) and pack them into blocks of
    (key, start // bucket_seconds). (Temporaries are dropped early: at province scale each
    column is 800 MB.) With `group_shift`, the blocks come out ordered by
    (key >> group_shift, bucket, key) instead, each block the same: the order chunked parts
    are written in (`checkin_chunks.chunk_blocks`), got by the one sort.

    The sort is by one int64 per row that holds the key and the bucket (`block`), then by the
    start within the bucket: the same order as (key, start); the records are built unsorted
    and moved into that order by one gather of rows, and each block's key and bucket
    are read back from its `block` value."""
    n = int(key.shape[0])
    if n == 0:
        z = np.zeros(0, dtype=np.int64)
        return Blocks(z, z, z, z, b"", np.zeros(1, dtype=np.int64))
    bucket = start // bucket_seconds
    b0, b_range = int(bucket.min()), int(np.ptp(bucket)) + 1
    k0, k_range = int(key.min()), int(np.ptp(key)) + 1
    grouped = False
    if group_shift is not None:
        # (chunk, bucket, key within the chunk)
        chunk = key >> group_shift
        c0, c_range = int(chunk.min()), int(np.ptp(chunk)) + 1
        grouped = (c_range * b_range) << group_shift < 2**62  # else key order: regrouped later
        if grouped:
            block = chunk - c0
            block *= b_range
            block += bucket - b0
            block <<= group_shift
            block |= key & ((1 << group_shift) - 1)
        del chunk
    if not grouped:
        if k_range * b_range >= 2**62:
            raise ValueError("keys or times out of the store's range")
        block = (key - k0) * b_range
        block += bucket - b0
    # one record of three int32 per check-in: offset from the bucket start, stay, other id
    rows = np.empty((n, 3), dtype="<i4")
    del bucket
    np.remainder(start, bucket_seconds, out=rows[:, 0], casting="unsafe")  # (int32: no copy)
    offset = rows[:, 0]
    rows[:, 1] = np.where(checkout == NO_CHECKOUT, MISSING_STAY, checkout - start)
    rows[:, 2] = other
    order, block_s = _canonical_order(block, offset, other, rows[:, 1])
    del block, offset
    records = np.take(rows, order, axis=0)  # (a third faster than a gather of 12-byte items)
    del rows, order
    change = block_s[1:] != block_s[:-1]
    firsts = np.concatenate(([0], np.flatnonzero(change) + 1)).astype(np.int64)
    del change
    counts = np.diff(np.concatenate((firsts, [n]))).astype(np.int64)
    first_block = block_s[firsts]
    del block_s
    if grouped:
        assert group_shift is not None
        keys = first_block & ((1 << group_shift) - 1)
        first_block >>= group_shift
        keys |= (first_block // b_range + c0) << group_shift
        buckets = first_block % b_range + b0
    else:
        keys = first_block // b_range + k0
        buckets = first_block % b_range + b0
    # the latest end in each block, from the bucket start (int32: at most 64 days + 24 hours)
    stays = records[:, 1]
    ends = records[:, 0] + np.where(stays == MISSING_STAY, np.int32(DEFAULT_STAY), stays)
    last_ends = np.maximum.reduceat(ends, firsts).astype(np.int64)
    del ends
    last_ends += buckets * bucket_seconds
    offsets = np.concatenate((firsts, [n])) * 12
    return Blocks(
        keys=keys.astype(np.int64, copy=False),
        buckets=buckets.astype(np.int64, copy=False),
        counts=counts,
        last_ends=last_ends,
        payload=records.data.cast("B"),  # the array's bytes, not a copy (12 MB a million)
        offsets=offsets.astype(np.int64),
    )


def pack_venue_blocks(columns: CheckInColumns, *, group_shift: int | None = None) -> Blocks:
    """One block per (venue, UTC day): person ids inside."""
    return pack(
        columns.venue,
        columns.person,
        columns.start,
        columns.checkout,
        bucket_seconds=VENUE_BUCKET,
        group_shift=group_shift,
    )


def pack_person_blocks(columns: CheckInColumns, *, group_shift: int | None = None) -> Blocks:
    """One block per (person, 64-day span): venue ids inside."""
    return pack(
        columns.person,
        columns.venue,
        columns.start,
        columns.checkout,
        bucket_seconds=PERSON_BUCKET,
        group_shift=group_shift,
    )


@dataclass(frozen=True)
class Decoded:
    """One block decoded: starts, effective ends and other ids, sorted by start."""

    starts: I64
    ends: I64
    others: I64
    stays: NDArray[np.int32]


def decode(blob: bytes | memoryview, bucket: int, bucket_seconds: int) -> Decoded:
    """The arrays of one block (zero-copy views where possible)."""
    records = np.frombuffer(blob, dtype="<i4").reshape(-1, 3)
    starts = records[:, 0].astype(np.int64) + bucket * bucket_seconds
    stays = records[:, 1]
    return Decoded(
        starts=starts,
        ends=effective_end(starts, stays),
        others=records[:, 2].astype(np.int64),
        stays=stays,
    )


def decode_many(
    blocks: Sequence[tuple[int, int, bytes | memoryview]], bucket_seconds: int
) -> tuple[I64, I64, I64, I64, I64]:
    """Blocks (key, bucket, blob) of one ordering decoded at once: key, start, effective end and
    other id of every check-in, and the position of its block in `blocks` (one `frombuffer`
    over the joined blobs)."""
    if not blocks:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z, z
    keys = np.fromiter((b[0] for b in blocks), dtype=np.int64, count=len(blocks))
    buckets = np.fromiter((b[1] for b in blocks), dtype=np.int64, count=len(blocks))
    counts = np.fromiter((len(b[2]) // 12 for b in blocks), dtype=np.int64, count=len(blocks))
    records = np.frombuffer(b"".join(b[2] for b in blocks), dtype="<i4").reshape(-1, 3)
    block = np.repeat(np.arange(len(blocks), dtype=np.int64), counts)
    starts = records[:, 0] + (buckets * bucket_seconds)[block]
    return (
        keys[block],
        starts,
        effective_end(starts, records[:, 1]),
        records[:, 2].astype(np.int64),
        block,
    )


def checkins_in_windows(
    blocks: Sequence[tuple[int, int, bytes | memoryview]],
    bucket_seconds: int,
    keys: I64,
    starts: I64,
    ends: I64,
) -> tuple[I64, I64, I64, I64]:
    """Key, other id, start and effective end of the check-ins of `blocks` (key, bucket, blob;
    each key one of `keys`, sorted and distinct) that overlap their key's window
    `[starts[i], ends[i])`. An F2 trace reads its 30,000 F1s' 64-day person blocks (millions
    of check-ins) for windows of days: the test runs on the int32 records against each block's
    window (found once per block), and only the kept check-ins are widened to int64."""
    n_blocks = len(blocks)
    if n_blocks == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, z
    block_key = np.fromiter((b[0] for b in blocks), dtype=np.int64, count=n_blocks)
    bucket = np.fromiter((b[1] for b in blocks), dtype=np.int64, count=n_blocks)
    counts = np.fromiter((len(b[2]) // 12 for b in blocks), dtype=np.int64, count=n_blocks)
    at = np.searchsorted(keys, block_key)
    at[at >= keys.shape[0]] = 0
    if not bool(np.all(keys[at] == block_key)):
        raise ValueError("a block of a key without a window")
    # per block: its bucket's start, and its key's window from there (clipped to int32)
    base = bucket * bucket_seconds
    low, high = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    after = np.clip(starts[at] - base, low, high).astype(np.int32)
    before = np.clip(ends[at] - base, low, high).astype(np.int32)
    records = np.frombuffer(b"".join(b[2] for b in blocks), dtype="<i4").reshape(-1, 3)
    block = np.repeat(np.arange(n_blocks, dtype=np.int32), counts)
    begin = records[:, 0]
    stays = records[:, 1]
    finish = begin + np.where(stays == MISSING_STAY, np.int32(DEFAULT_STAY), stays)
    keep = np.flatnonzero((finish > after[block]) & (begin < before[block]))
    kept_block = block[keep]
    kept_base = base[kept_block]
    return (
        block_key[kept_block],
        records[keep, 2].astype(np.int64),
        np.add(begin[keep], kept_base, dtype=np.int64),
        np.add(finish[keep], kept_base, dtype=np.int64),
    )


def venue_days_needed(venues: I64, starts: I64, ends: I64) -> tuple[I64, I64, I64, I64]:
    """The venue-day blocks (venue, day) that may hold a check-in overlapping one of the intervals
    `[starts[i], ends[i])` at `venues[i]`: the days from that of `start - MAX_STAY` to that of
    `end - 1`. Each block once, sorted by venue and day, with the earliest start and the latest
    end of the intervals that need it: a check-in of the block that ends by that start or begins
    at that end overlaps none of them (and a block whose latest stay ends by then is not read)."""
    first = (starts - MAX_STAY) // VENUE_BUCKET
    days = (ends - 1) // VENUE_BUCKET - first + 1
    total = int(days.sum())
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(days) - days, days)
    venue = np.repeat(venues, days)
    day = np.repeat(first, days) + offsets
    need = np.repeat(starts, days)
    until = np.repeat(ends, days)
    d0, d_range = int(day.min()), int(day.max()) - int(day.min()) + 1
    v0, v_range = int(venue.min()), int(venue.max()) - int(venue.min()) + 1
    if v_range * d_range <= 4 * total + (1 << 22):
        # a slot per (venue, day) in range: the earliest start and latest end folded into it
        # (no sort of the ~million pairs of a worst case: a tenth of the time), the slots in
        # use read back in (venue, day) order
        key = (venue - v0) * d_range + (day - d0)
        earliest = np.full(v_range * d_range, np.iinfo(np.int64).max, dtype=np.int64)
        latest = np.full(v_range * d_range, np.iinfo(np.int64).min, dtype=np.int64)
        np.minimum.at(earliest, key, need)
        np.maximum.at(latest, key, until)
        used = np.flatnonzero(latest != np.iinfo(np.int64).min)
        return used // d_range + v0, used % d_range + d0, earliest[used], latest[used]
    if v_range * d_range < 2**62:
        # one key per (venue, day): one sort of int64 instead of a sort by three columns
        order = np.argsort((venue - v0) * d_range + (day - d0))
    else:
        order = np.lexsort((day, venue))
    venue, day, need, until = venue[order], day[order], need[order], until[order]
    head = np.ones(venue.shape[0], dtype=bool)
    head[1:] = (venue[1:] != venue[:-1]) | (day[1:] != day[:-1])
    firsts = np.flatnonzero(head)
    return (
        venue[firsts],
        day[firsts],
        np.minimum.reduceat(need, firsts),
        np.maximum.reduceat(until, firsts),
    )


def venue_checkins_meeting(
    blocks: Sequence[tuple[int, int, bytes | memoryview]],
    venue: I64,
    day: I64,
    need: I64,
    until: I64,
) -> tuple[I64, I64, I64, I64]:
    """Person, venue, start and effective end of the check-ins of venue-day `blocks` (venue, day,
    blob; each one of the requested `venue_days_needed` pairs `venue, day`, and in that order
    when read in it) that end after `need` and begin before `until` of their pair.

    The F2 hot path (a province's worst case reads 15 M check-ins): times stay int32 seconds from
    the first day until the rows are kept, and each block's pair is found once per block, not
    per check-in; kept rows come out in block order, so in (venue, start) order when the blocks
    were read in (venue, day) order."""
    n_blocks = len(blocks)
    read_venue = np.fromiter((b[0] for b in blocks), dtype=np.int64, count=n_blocks)
    read_day = np.fromiter((b[1] for b in blocks), dtype=np.int64, count=n_blocks)
    counts = np.fromiter((len(b[2]) // 12 for b in blocks), dtype=np.int64, count=n_blocks)
    first_day = int(day.min())
    t0 = first_day * VENUE_BUCKET
    requested = (venue << 32) | (day - first_day)
    at = np.searchsorted(requested, (read_venue << 32) | (read_day - first_day))
    # per block: its day's start, and the times its check-ins must meet, from the first day
    base = ((read_day - first_day) * VENUE_BUCKET).astype(np.int32)
    low, high = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    after = np.clip(need[at] - t0, low, high).astype(np.int32)
    before = np.clip(until[at] - t0, low, high).astype(np.int32)
    records = np.frombuffer(b"".join(b[2] for b in blocks), dtype="<i4").reshape(-1, 3)
    block = np.repeat(np.arange(n_blocks, dtype=np.int32), counts)
    starts = records[:, 0] + base[block]
    stays = records[:, 1]
    ends = starts + np.where(stays == MISSING_STAY, np.int32(DEFAULT_STAY), stays)
    keep = np.flatnonzero((ends > after[block]) & (starts < before[block]))
    offset = np.int64(t0)
    return (
        records[keep, 2].astype(np.int64),
        read_venue[block[keep]],
        np.add(starts[keep], offset, dtype=np.int64),  # widened while adding: one pass
        np.add(ends[keep], offset, dtype=np.int64),
    )


@dataclass(frozen=True)
class VenueRead:
    """Venue-day blocks as F2 reads them (lượt quét tại các điểm F1 đã đến): per block its venue,
    day and count, in (venue, day) order, and the packed records of all of them joined in that
    order (`records`, one row of three int32 per check-in: offset in the day, stay, person), never
    decoded into Python objects or int64 columns."""

    venue: I64
    day: I64
    counts: I64
    records: NDArray[np.int32]

    def __len__(self) -> int:
        return int(self.records.shape[0])

    @classmethod
    def of(cls, blocks: Sequence[tuple[int, int, bytes | memoryview]]) -> VenueRead:
        """From (venue, day, blob) blocks in any order: ordered by (venue, day) (a block and the
        parts of the same venue-day stay together, not merged: their check-ins are then not in
        start order across them) and joined into one buffer."""
        if not blocks:
            z = np.zeros(0, dtype=np.int64)
            return cls(z, z, z, np.zeros((0, 3), dtype=np.int32))
        # columns by zip and map (C loops), not a generator per column: 80,000 blocks at scale
        venues, days, blobs = zip(*blocks, strict=True)
        venue = np.array(venues, dtype=np.int64)
        day = np.array(days, dtype=np.int64)
        order = np.lexsort((day, venue))
        if not bool(np.all(order[1:] > order[:-1])):
            blobs = tuple(map(blobs.__getitem__, order.tolist()))
        counts = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 12
        records = np.frombuffer(b"".join(blobs), dtype="<i4").reshape(-1, 3)
        return cls(venue[order], day[order], counts, records)

    def columns(self) -> tuple[I64, I64, I64, I64]:
        """Person, venue, start and effective end of every check-in (int64 columns)."""
        block = np.repeat(np.arange(self.venue.shape[0], dtype=np.int64), self.counts)
        starts = self.records[:, 0] + (self.day * VENUE_BUCKET)[block]
        return (
            self.records[:, 2].astype(np.int64),
            self.venue[block],
            starts,
            effective_end(starts, self.records[:, 1]),
        )


def unpack(
    blocks: Sequence[tuple[int, int, bytes | memoryview]], *, bucket_seconds: int, venue_side: bool
) -> CheckInColumns:
    """Blocks (key, bucket, blob) of one ordering back into columns (for merging), decoded at
    once; blocks given in (key, bucket) order give rows in canonical order."""
    if not blocks:
        return CheckInColumns.empty()
    keys = np.fromiter((b[0] for b in blocks), dtype=np.int64, count=len(blocks))
    buckets = np.fromiter((b[1] for b in blocks), dtype=np.int64, count=len(blocks))
    counts = np.fromiter((len(b[2]) // 12 for b in blocks), dtype=np.int64, count=len(blocks))
    records = np.frombuffer(b"".join(b[2] for b in blocks), dtype="<i4").reshape(-1, 3)
    block = np.repeat(np.arange(len(blocks), dtype=np.int64), counts)
    starts = records[:, 0] + (buckets * bucket_seconds)[block]
    stays = records[:, 1]
    checkouts = np.where(stays == MISSING_STAY, NO_CHECKOUT, starts + stays).astype(np.int64)
    key, other = keys[block], records[:, 2].astype(np.int64)
    if venue_side:
        return CheckInColumns(other, key, starts, checkouts)
    return CheckInColumns(key, other, starts, checkouts)


def bucket_range(start: int, end: int, bucket_seconds: int) -> tuple[int, int]:
    """The buckets holding check-ins that may overlap `[start, end)`: from the bucket of
    `start - MAX_STAY` (a stay begun earlier) to the bucket of `end - 1`."""
    return (start - MAX_STAY) // bucket_seconds, (end - 1) // bucket_seconds
