"""Chunked parts of the packed check-in store (phần nạp thêm theo nhóm khoá): pure numpy.

The first load into an empty store and compaction write one block per key and bucket
(`outbreak.pure.checkin_blocks`). A later load appends *parts*; a part row holds the check-ins of
a CHUNK of keys for one bucket, so a load writes about a hundredth of the rows it would write
with a row per key (SQLite pays 3 µs per row whatever its size):

- the chunk of a key is `key >> shift` (`VENUE_CHUNK_SHIFT`: 64 venues × one day;
  `PERSON_CHUNK_SHIFT`: 256 persons × one 64-day span), so a reader of keys asks for exactly
  the chunks `{key >> shift}`;
- the blob starts with a header, then the keys' records:

      (n, 0, 0)                           int32 each: n keys in the chunk row
      n × (key, end, last_end)            int32 each, keys ascending: `end` = records of
                                          this key and the keys before it, `last_end` = the
                                          latest effective end of a stay of the key, in
                                          seconds from the bucket's first second
      records                             the keys' records one after another, each key's
                                          exactly as in a per-key block (sorted by start)

Every part of it is 12 bytes (a record's size), so a whole load's rows are one (units, 3) int32
array built with one gather. A reader slices the records of the keys it needs out of the blob
(`explode`) without decoding the others, and hands on (key, bucket, slice) triples exactly like
per-key blocks: every decoder downstream is the per-key one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dieuhanh.outbreak.pure.checkin_blocks import I64, Blocks

VENUE_CHUNK_SHIFT = 6
"""A venue part row holds venues `64 c .. 64 c + 63` for one UTC day."""

PERSON_CHUNK_SHIFT = 8
"""A person part row holds persons `256 c .. 256 c + 255` for one 64-day span."""

RECORD = 12
"""Bytes of one packed check-in record (three int32)."""

Row = tuple[int, int, bytes | memoryview]
"""(key or chunk, bucket, blob) as read from a table."""


def chunk_blocks(blocks: Blocks, *, shift: int, bucket_seconds: int) -> Blocks:
    """Per-key `blocks` (sorted by key, bucket, as `checkin_blocks.pack` makes them) regrouped
    into chunk rows: one per (key >> shift, bucket), keyed by the chunk, with the header above.
    `counts` and `last_ends` are the chunk row's totals (what purge and the F2 probe read).

    Pass `blocks` as a temporary (`chunk_blocks(pack(…), …)`): each of its arrays is dropped
    as soon as it has been used (the headers are made first, then the records moved in) — a
    sparse load's million per-key blocks are 52 MB next to the 25 MB of chunk rows."""
    n = len(blocks)
    if n == 0:
        return blocks
    key, bucket, count, last = blocks.keys, blocks.buckets, blocks.counts, blocks.last_ends
    payload, src_offsets = blocks.payload, blocks.offsets
    del blocks
    # int32 from here (ids, counts, days and spans, seconds in a bucket all fit): half the
    # memory of the load's per-key columns (the int64 ones dropped as they are replaced)
    in_day = (last - bucket * bucket_seconds).astype(np.int32)
    del last
    key, bucket, count = key.astype(np.int32), bucket.astype(np.int32), count.astype(np.int32)
    chunk = key >> shift
    # (chunk, bucket, key): the per-key blocks of one chunk row next to each other
    b0, b_range = int(bucket.min()), int(np.ptp(bucket)) + 1
    c0, c_range = int(chunk.min()), int(np.ptp(chunk)) + 1
    order: I64 | None = None  # None: in that order already (`pack(group_shift=…)`)
    if (c_range * b_range) << shift < 2**62:
        # one int64 sort key (half the time of a sort by three columns)
        composite = (chunk.astype(np.int64) - c0) * b_range + (bucket - b0)
        composite <<= shift
        composite |= key & ((1 << shift) - 1)
        if not bool(np.all(composite[1:] > composite[:-1])):
            order = np.argsort(composite, kind="stable")
        del composite
    else:
        order = np.lexsort((key, bucket, chunk))
    src_first: I64 | None = None
    if order is not None:
        key, bucket, count, in_day = key[order], bucket[order], count[order], in_day[order]
        chunk = chunk[order]
        src_first = src_offsets[:-1][order] // RECORD
        del order
    del src_offsets
    head = np.ones(n, dtype=bool)
    head[1:] = (chunk[1:] != chunk[:-1]) | (bucket[1:] != bucket[:-1])
    firsts = np.flatnonzero(head)
    del head
    members = np.diff(np.append(firsts, n))
    records = np.add.reduceat(count, firsts, dtype=np.int64)
    row_chunk, row_bucket = chunk[firsts].astype(np.int64), bucket[firsts].astype(np.int64)
    row_last = row_bucket * bucket_seconds
    row_last += np.maximum.reduceat(in_day, firsts)
    del bucket
    del chunk
    # a row's 12-byte units: the count, one per key, one per record
    row_at = np.concatenate(([0], np.cumsum(1 + members + records)))
    total = int(row_at[-1])
    if total >= 2**31:
        raise ValueError("too large a load for one chunked write")
    out = np.zeros((total, 3), dtype="<i4")
    out[row_at[:-1], 0] = members
    # each block's header entry: after its row's count, at its place among the row's keys
    # int32 positions (a sparse load has a million blocks: 4 MB a column, not 8); 2**31 units
    # would be a 25 GB payload, more than the machine holds
    row_of = np.repeat(np.arange(firsts.shape[0], dtype=np.int32), members)
    entry: NDArray[np.int32] = np.arange(n, dtype=np.int32)
    entry -= firsts.astype(np.int32)[row_of]
    entry += row_at[:-1].astype(np.int32)[row_of]
    entry += 1
    # the header entries first (each per-key array dropped once used): key, its end (the
    # records of its row's blocks up to it), its latest end from the bucket's start
    out[entry, 0] = key
    del key
    cum: NDArray[np.int32] = np.cumsum(count, dtype=np.int32)
    in_row = cum - (cum[firsts] - count[firsts])[row_of]
    del row_of
    out[entry, 1] = in_row
    del in_row
    out[entry, 2] = in_day
    del in_day
    # then the records: every unit that is not a header, in order, is the next record of the
    # blocks taken in the new order (each block's records stay as they are)
    is_record = np.ones(total, dtype=bool)
    is_record[row_at[:-1]] = False
    is_record[entry] = False
    del entry
    # as one 12-byte item per unit: a 1-D masked assignment (no index array of the mask)
    units = out.view("V12").reshape(total)
    source = np.frombuffer(payload, dtype="V12")
    if src_first is None:
        units[is_record] = source
    else:
        within = np.arange(int(cum[-1])) - np.repeat(cum - count, count)
        within += np.repeat(src_first, count)
        del src_first
        units[is_record] = source[within]
        del within
    del source, units, is_record, payload, cum, count
    return Blocks(
        keys=row_chunk,
        buckets=row_bucket,
        counts=records,
        last_ends=row_last,
        payload=out.data.cast("B"),  # the array's bytes, not a copy
        offsets=(row_at * RECORD).astype(np.int64),
    )


def header(blob: bytes | memoryview) -> tuple[I64, I64, I64, int]:
    """A chunk row's keys, each key's first and last record (`ends` has one more entry: the
    record bounds) and latest end from the bucket start, and the byte where records begin."""
    n = int(np.frombuffer(blob, dtype="<i4", count=1)[0])
    table = np.frombuffer(blob, dtype="<i4", count=3 * n, offset=RECORD).reshape(n, 3)
    ends = np.zeros(n + 1, dtype=np.int64)
    ends[1:] = table[:, 1]
    return table[:, 0].astype(np.int64), ends, table[:, 2].astype(np.int64), RECORD * (n + 1)


@dataclass(frozen=True)
class _Entries:
    """The header entries of some chunk rows, joined: per entry its row, key, bucket, latest
    end (from the bucket's start) and the byte range of its records in its row's blob."""

    views: list[memoryview]
    row: I64
    key: I64
    bucket: I64
    last: I64
    begin: I64
    end: I64

    @classmethod
    def of(cls, rows: Sequence[Row]) -> _Entries:
        views = [memoryview(blob) for _c, _b, blob in rows]
        sizes = [int.from_bytes(v[:4], "little") for v in views]
        tables = np.concatenate(
            [
                np.frombuffer(v, dtype="<i4", count=3 * n, offset=RECORD).reshape(n, 3)
                for v, n in zip(views, sizes, strict=True)
            ]
        )
        counts = np.asarray(sizes, dtype=np.int64)
        row = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
        buckets = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        ends = tables[:, 1].astype(np.int64)
        # an entry's records start where the previous entry's end, or at 0 for a row's first
        starts = np.empty_like(ends)
        if ends.shape[0]:
            starts[1:] = ends[:-1]
            starts[(np.cumsum(counts) - counts)[counts > 0]] = 0
        header = RECORD * (1 + counts[row])
        return cls(
            views,
            row,
            tables[:, 0].astype(np.int64),
            buckets[row],
            tables[:, 2].astype(np.int64),
            header + RECORD * starts,
            header + RECORD * ends,
        )

    def slices(self, keep: I64) -> list[Row]:
        """(key, bucket, records) of the entries `keep`, each a zero-copy slice."""
        views = self.views
        return [
            (k, b, views[r][lo:hi])
            for r, k, b, lo, hi in zip(
                self.row[keep].tolist(),
                self.key[keep].tolist(),
                self.bucket[keep].tolist(),
                self.begin[keep].tolist(),
                self.end[keep].tolist(),
                strict=True,
            )
        ]


def explode(rows: Sequence[Row], wanted: Sequence[int] | I64 | None = None) -> list[Row]:
    """Chunk rows (chunk, bucket, blob) as per-key rows (key, bucket, records of the key): only
    the keys in `wanted` (all when None), each a zero-copy slice of its row's blob. The
    headers are tested at once; only the keys kept are sliced."""
    if not rows:
        return []
    if wanted is not None and len(wanted) <= FEW_KEYS:
        return _explode_few(rows, sorted({int(k) for k in wanted}))
    entries = _Entries.of(rows)
    if wanted is None:
        keep = np.arange(entries.key.shape[0])
    else:
        keys = np.unique(np.asarray(wanted, dtype=np.int64))  # sorted: a binary search each
        at = np.searchsorted(keys, entries.key)
        at[at >= keys.shape[0]] = 0
        keep = np.flatnonzero(keys[at] == entries.key) if keys.shape[0] else at[:0]
    return entries.slices(keep)


FEW_KEYS = 8
"""Up to this many keys wanted (a trace's per-venue or per-person read: one), `explode` looks
each up in each row's header by binary search instead of joining the headers."""


def _explode_few(rows: Sequence[Row], wanted: list[int]) -> list[Row]:
    out: list[Row] = []
    for _chunk, bucket, blob in rows:
        view = memoryview(blob)
        n = int.from_bytes(view[:4], "little")
        table = np.frombuffer(view, dtype="<i4", count=3 * n, offset=RECORD).reshape(n, 3)
        keys = table[:, 0]
        begin = RECORD * (n + 1)
        for key, at in zip(wanted, np.searchsorted(keys, wanted).tolist(), strict=True):
            if at < n and int(keys[at]) == key:
                first = int(table[at - 1, 1]) if at else 0
                out.append(
                    (key, bucket, view[begin + RECORD * first : begin + RECORD * int(table[at, 1])])
                )
    return out


def explode_meeting(
    rows: Sequence[Row],
    bucket_seconds: int,
    venue: I64,
    day: I64,
    need: I64,
) -> list[Row]:
    """Venue chunk rows as per-venue rows for F2's probes: only the (venue, day) pairs asked
    for (`venue`, `day`, each with its `need`) whose venue's latest stay in the row ends after
    `need`, as the per-key probe `last_end > need` reads them. The headers are tested at
    once; only the venues kept are sliced."""
    if not rows or venue.shape[0] == 0:
        return []
    entries = _Entries.of(rows)
    d0 = int(day.min())
    asked = (venue << 32) | (day - d0)
    if asked.shape[0] > 1 and not bool(np.all(asked[1:] > asked[:-1])):
        order = np.argsort(asked, kind="stable")  # callers give them sorted; any order works
        asked, need = asked[order], need[order]
    probe = (entries.key << 32) | (entries.bucket - d0)
    at = np.searchsorted(asked, probe)
    at[at >= asked.shape[0]] = 0
    last = entries.bucket * bucket_seconds + entries.last
    keep = np.flatnonzero((asked[at] == probe) & (last > need[at]))
    return entries.slices(keep)


def chunks_of(keys: Sequence[int] | I64, shift: int) -> list[int]:
    """The distinct chunks holding `keys`, ascending."""
    arr = np.asarray(keys, dtype=np.int64)
    return [int(c) for c in np.unique(arr >> shift)]
