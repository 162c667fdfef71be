"""The packed check-in store (kho lượt quét QR): its two tables of blocks and the parts later loads
append, locking, bulk load, compaction and the reader the tracing engine runs on.

The codec (how a block is packed) is `outbreak.pure.checkin_blocks`; the overlap rule is
`outbreak.pure.tracing`. Rows reach this module already validated:
`services.imports.checkins_import` checks every row and writes the audit record, then calls
`checkins_insert`.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import numpy as np
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.models import (
    CheckIn,
    CheckInPersonBlock,
    CheckInPersonPart,
    CheckInStoreState,
    CheckInVenueBlock,
    CheckInVenuePart,
)
from dieuhanh.outbreak.pure.checkin_blocks import (
    NO_CHECKOUT,
    PERSON_BUCKET,
    VENUE_BUCKET,
    Blocks,
    CheckInColumns,
    Decoded,
    VenueRead,
    bucket_range,
    check_columns,
    checkins_in_windows,
    decode,
    decode_many,
    pack_person_blocks,
    pack_venue_blocks,
    unpack,
    venue_checkins_meeting,
    venue_days_needed,
)
from dieuhanh.outbreak.pure.checkin_chunks import (
    PERSON_CHUNK_SHIFT,
    VENUE_CHUNK_SHIFT,
    chunk_blocks,
    chunks_of,
    explode,
    explode_meeting,
)
from dieuhanh.outbreak.pure.checkin_chunks import header as chunk_header
from dieuhanh.outbreak.pure.stays import I64, OPEN_END, Stay, StayColumns, local_midnight


class Packer(Protocol):
    """`pack_venue_blocks` or `pack_person_blocks`."""

    def __call__(self, columns: CheckInColumns, *, group_shift: int | None = None) -> Blocks: ...


class Side(NamedTuple):
    """One ordering of the store: its blocks table, the parts table later loads append to (read
    together with the blocks), the key and bucket columns, the bucket length in seconds, the
    packer, whether it is the venue side, and the shift from a key to its chunk (a part row
    holds a chunk of keys, column `chunk`: `outbreak.pure.checkin_chunks`)."""

    blocks: str
    parts: str
    key: str
    bucket: str
    seconds: int
    packer: Packer
    venue_side: bool
    shift: int

    def key_col(self, table: str) -> str:
        """The column a row of `table` is keyed by: the key in blocks, the chunk in parts."""
        return "chunk" if table == self.parts else self.key

    def pack(self, table: str, columns: CheckInColumns) -> Blocks:
        """`columns` packed as `table`'s rows: per-key blocks, or chunk rows for the parts."""
        if table == self.parts:
            # packed in chunk order (one sort), then regrouped into chunk rows; the per-key
            # blocks passed as a temporary: the regrouping drops each array once used
            return chunk_blocks(
                self.packer(columns, group_shift=self.shift),
                shift=self.shift,
                bucket_seconds=self.seconds,
            )
        return self.packer(columns)

    def per_key(
        self, table: str, rows: Sequence[tuple[int, int, bytes | memoryview]]
    ) -> list[tuple[int, int, bytes | memoryview]]:
        """Rows (key or chunk, bucket, blob) of `table` as per-key rows (every key)."""
        return explode(rows) if table == self.parts else list(rows)

    @property
    def tables(self) -> tuple[str, str]:
        return (self.blocks, self.parts)


VENUE = Side(
    CheckInVenueBlock._meta.db_table,
    CheckInVenuePart._meta.db_table,
    "venue_id",
    "day",
    VENUE_BUCKET,
    pack_venue_blocks,
    True,
    VENUE_CHUNK_SHIFT,
)
"""Venue-day blocks: who was at a venue on a day (F1 and F2 read them)."""

PERSON = Side(
    CheckInPersonBlock._meta.db_table,
    CheckInPersonPart._meta.db_table,
    "person_id",
    "span",
    PERSON_BUCKET,
    pack_person_blocks,
    False,
    PERSON_CHUNK_SHIFT,
)
"""Person-span blocks: where a person was over 64 days (a case's and an F1's visits)."""

SIDES = (VENUE, PERSON)
"""Both orderings, in the order every load and compaction writes them."""


@dataclass
class _Cover:
    """The blocks of one key read for buckets `lo..hi` (only the blocks that exist)."""

    lo: int
    hi: int
    buckets: list[int] = field(default_factory=list)
    blocks: list[Decoded | bytes] = field(default_factory=list)  # decoded on first use


SQLITE_MAP_BYTES = 2**31
"""How much of the database file an F2 read has SQLite map into memory (`PRAGMA mmap_size`;
SQLite's own build caps it near 2 GB): blocks are read from the mapped pages instead of a
system call and a copy per page, a fifth less time for the worst case's 216 MB of venue blocks."""


@contextlib.contextmanager
def _mapped(raw: Any) -> Iterator[None]:
    """SQLite connection `raw` reading the file through a memory map for the time of a block
    read, its previous setting restored after (the rest of the connection's work unchanged).
    An in-memory database has no such setting (no row): nothing to map."""
    row = raw.execute("PRAGMA mmap_size").fetchone()
    if row is None:
        yield
        return
    (before,) = row
    raw.execute(f"PRAGMA mmap_size={SQLITE_MAP_BYTES}").fetchall()
    try:
        yield
    finally:
        raw.execute(f"PRAGMA mmap_size={int(before)}").fetchall()


def _chunk_probes(venue: I64, day: I64, need: I64) -> tuple[I64, I64, I64]:
    """F2's venue-day probes (venue, day, need) as probes of venue part rows: each
    (chunk, day) once, with the earliest need of its venues (a row whose latest stay ends by
    then holds nothing any of them needs; the venues are then tested one by one)."""
    chunk = venue >> VENUE_CHUNK_SHIFT
    if chunk.shape[0] == 0:
        return chunk, day, need
    d0 = int(day.min())
    pair = (chunk << 32) | (day - d0)
    order = np.argsort(pair, kind="stable")
    pair_s = pair[order]
    head = np.ones(pair_s.shape[0], dtype=bool)
    head[1:] = pair_s[1:] != pair_s[:-1]
    firsts = np.flatnonzero(head)
    return (
        chunk[order][firsts],
        day[order][firsts],
        np.minimum.reduceat(need[order], firsts),
    )


class _Parts:
    """The parts `DbCheckIns._venue_batches`' reader hands over, until it is done (its error
    raised here). `close` (also at the end, or on an error) stops the reader after its current
    batch and waits for it: the connection is the caller's again."""

    def __init__(
        self,
        ready: queue.SimpleQueue[VenueRead | BaseException | None],
        stop: threading.Event,
        reader: threading.Thread,
    ) -> None:
        self._ready, self._stop, self._reader = ready, stop, reader
        self._closed = False

    def __iter__(self) -> _Parts:
        return self

    def __next__(self) -> VenueRead:
        item = None if self._closed else self._ready.get()  # the reader ends with None
        if item is None:
            self.close()
            raise StopIteration
        if isinstance(item, BaseException):
            self.close()
            raise item
        return item

    def close(self) -> None:
        self._closed = True
        self._stop.set()
        self._reader.join()


class DbCheckIns:
    """The packed check-in store (`CheckInVenueBlock`, `CheckInPersonBlock`) as the tracing
    engine's `CheckInSource`.

    A person query reads that person's 64-day blocks, a venue query the venue's day blocks
    (from the day of `start - MAX_STAY`), one indexed query each; decoded blocks are kept for
    the life of the object. F2 reads columns: every F1's blocks, then every venue-day block an
    F1 interval may touch, in a few batched queries. The overlap rule itself stays in
    `pure.tracing`.
    """

    _SIDES = {"person": PERSON, "venue": VENUE}

    venue_batch = 5_000
    """Venue-day blocks asked for per SQLite query (3 parameters each, under SQLite's limit)."""

    def __init__(self) -> None:
        self.queries = 0
        self._cache: dict[str, dict[int, _Cover]] = {"person": {}, "venue": {}}

    def _load(self, side: str, keys: list[int], lo: int, hi: int) -> None:
        """Read the blocks (and parts) of `keys` with buckets `lo..hi` into the cache."""
        layout = self._SIDES[side]
        key_col, bucket_col = layout.key, layout.bucket
        cache = self._cache[side]
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            chunks = chunks_of(chunk, layout.shift)
            self.queries += 1
            # blocks by key, parts by the chunks of the keys (sliced to the keys below)
            sql = (
                f"SELECT {key_col}, {bucket_col}, data FROM {layout.blocks} "  # noqa: S608
                f"WHERE {key_col} IN ({', '.join(['%s'] * len(chunk))}) "
                f"AND {bucket_col} BETWEEN %s AND %s UNION ALL "
                f"SELECT -chunk - 1, {bucket_col}, data FROM {layout.parts} "
                f"WHERE chunk IN ({', '.join(['%s'] * len(chunks))}) "
                f"AND {bucket_col} BETWEEN %s AND %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*chunk, lo, hi, *chunks, lo, hi])
                found = cursor.fetchall()
            # part rows come keyed by -chunk - 1 (keys and chunks are >= 0)
            rows = [(k, b, bytes(d)) for k, b, d in found if k >= 0]
            rows += [(k, b, bytes(d)) for k, b, d in explode([r for r in found if r[0] < 0], chunk)]
            for key in chunk:
                cache[key] = _Cover(lo, hi)
            rows.sort(key=lambda r: (r[0], r[1]))
            for key, bucket, data in rows:
                cover = cache[key]
                cover.buckets.append(bucket)
                cover.blocks.append(data)

    def _scan(self, side: str, key: int, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        end = min(end, OPEN_END)
        lo, hi = bucket_range(start, end, self._SIDES[side].seconds)
        cover = self._cache[side].get(key)
        if cover is None or not (cover.lo <= lo and hi <= cover.hi):
            self._load(side, [key], lo, hi)
            cover = self._cache[side][key]
        first = bisect.bisect_left(cover.buckets, lo)
        last = bisect.bisect_right(cover.buckets, hi)
        for i in range(first, last):
            block = self._decoded(side, cover, i)
            starts = block.starts
            cut = int(np.searchsorted(starts, end, side="left"))
            if cut == 0:
                continue
            hit = np.flatnonzero(block.ends[:cut] > start)
            if hit.size == 0:
                continue
            yield from zip(
                block.others[hit].tolist(),
                starts[hit].tolist(),
                block.ends[hit].tolist(),
                strict=True,
            )

    def _decoded(self, side: str, cover: _Cover, i: int) -> Decoded:
        block = cover.blocks[i]
        if isinstance(block, bytes):
            block = decode(block, cover.buckets[i], self._SIDES[side].seconds)
            cover.blocks[i] = block
        return block

    def _venue_blocks(
        self, table: str, venue: I64, day: I64, need: I64
    ) -> list[tuple[int, int, bytes | memoryview]]:
        """The blocks of `table` at the (venue, day) pairs whose latest stay ends after `need`
        (of the parts table: the slices of those venues out of their chunk rows)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                self.queries += 1
                probe_v, probe_d, probe_n = venue, day, need
                if table == VENUE.parts:
                    probe_v, probe_d, probe_n = _chunk_probes(venue, day, need)
                col = VENUE.key_col(table)
                cursor.execute(
                    f"SELECT b.{col}, b.day, b.data "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::int[], %s::bigint[]) AS k(v, d, n) "
                    f"JOIN {table} b ON b.{col} = k.v AND b.day = k.d WHERE b.last_end > k.n",
                    [probe_v.tolist(), probe_d.tolist(), probe_n.tolist()],
                )
                rows = list(cursor.fetchall())
                if table == VENUE.parts:
                    return explode_meeting(rows, VENUE_BUCKET, venue, day, need)
                return rows
            # the sqlite3 connection itself: Django's wrapper rewrites every "%s" of a query of
            # 15,000 parameters with a regular expression (a tenth of the read at scale)
            return self._sqlite_venue_blocks(connection.connection, table, venue, day, need)

    def _sqlite_venue_blocks(
        self, raw: Any, table: str, venue: I64, day: I64, need: I64
    ) -> list[tuple[int, int, bytes | memoryview]]:
        """`_venue_blocks` on SQLite's own connection `raw` (any thread may call it)."""
        if table == VENUE.parts:
            probes = _chunk_probes(venue, day, need)
            found = self._sqlite_probe(raw, table, "chunk", *probes)
            return explode_meeting(found, VENUE_BUCKET, venue, day, need)
        return self._sqlite_probe(raw, table, "venue_id", venue, day, need)

    def _sqlite_probe(
        self, raw: Any, table: str, col: str, venue: I64, day: I64, need: I64
    ) -> list[tuple[int, int, bytes | memoryview]]:
        """The rows of `table` whose (`col`, day) is one of the pairs and last_end > need."""
        rows: list[tuple[int, int, bytes | memoryview]] = []
        triples = np.column_stack((venue, day, need)).ravel().tolist()
        step = 3 * self.venue_batch
        for i in range(0, len(triples), step):
            part = triples[i : i + step]
            self.queries += 1
            # CROSS JOIN keeps the key list outside: one index probe per block
            keys = ", ".join(["(?, ?, ?)"] * (len(part) // 3))
            sql = (
                f"WITH k(v, d, n) AS (VALUES {keys}) "  # noqa: S608
                f"SELECT b.{col}, b.day, b.data FROM k CROSS JOIN {table} b "
                f"ON b.{col} = k.v AND b.day = k.d WHERE b.last_end > k.n"
            )
            rows += raw.execute(sql, part).fetchall()
        return rows

    def _venue_batches(self, venue: I64, day: I64, need: I64) -> Iterator[VenueRead]:
        """`_venue_blocks` of both tables, a batch of `venue_batch` pairs at a time, each batch
        read and joined into a `VenueRead` on a second thread, started at once: the caller
        prepares its sweep, then sweeps each part while the next is read (SQLite: sqlite3
        releases the GIL while it steps through a query, the compiled sweep holds none). The
        caller must not query until it has taken every part. PostgreSQL: one query, one part."""
        if connection.vendor != "sqlite":
            rows: list[tuple[int, int, bytes | memoryview]] = []
            for table in VENUE.tables:
                rows += self._venue_blocks(table, venue, day, need)
            return iter([VenueRead.of(rows)])
        connection.ensure_connection()
        raw = connection.connection  # Django's `connection` is per thread: this one is shared
        step = self.venue_batch
        batches = [(table, i) for table in VENUE.tables for i in range(0, venue.shape[0], step)]
        ready: queue.SimpleQueue[VenueRead | BaseException | None] = queue.SimpleQueue()
        stop = threading.Event()

        def read() -> None:
            # the same connection (Django opens SQLite with check_same_thread off): the caller
            # does not query while it takes the parts, and a test's transaction stays visible
            try:
                with _mapped(raw):
                    for table, i in batches:
                        if stop.is_set():
                            break
                        part = slice(i, i + step)
                        blocks = self._sqlite_venue_blocks(
                            raw, table, venue[part], day[part], need[part]
                        )
                        # joined here too: the caller's thread only sweeps (compiled, no GIL)
                        ready.put(VenueRead.of(blocks))
                        del blocks
            except BaseException as error:  # handed to the caller, raised there
                ready.put(error)
            ready.put(None)

        reader = threading.Thread(target=read, name="venue-blocks", daemon=True)
        reader.start()
        return _Parts(ready, stop, reader)

    def person_bounds(self) -> tuple[int, int] | None:
        """The smallest and largest person id of the store (None when it is empty): four index
        lookups (a min or a max each, both tables: SQLite reads an index end only for a lone
        min or max); the parts give their first and last chunk, whose rows' headers are then
        read for the persons (one more query, only while parts exist)."""
        lookups = ", ".join(
            f"(SELECT {f}({col}) FROM {table})"  # noqa: S608  # this module's table names
            for table, col in ((PERSON.blocks, PERSON.key), (PERSON.parts, "chunk"))
            for f in ("min", "max")
        )
        sql = f"SELECT {lookups}"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            low, high, first_chunk, last_chunk = cursor.fetchone()
            lows = [] if low is None else [int(low)]
            highs = [] if high is None else [int(high)]
            if first_chunk is not None:
                cursor.execute(
                    f"SELECT chunk, data FROM {PERSON.parts} WHERE chunk IN (%s, %s)",  # noqa: S608
                    [first_chunk, last_chunk],
                )
                for chunk, data in cursor.fetchall():
                    keys = chunk_header(bytes(data))[0]
                    if chunk == first_chunk:
                        lows.append(int(keys[0]))
                    if chunk == last_chunk:
                        highs.append(int(keys[-1]))
        if not lows:
            return None
        return min(lows), max(highs)

    def venues_read_parts(self, venues: I64, starts: I64, ends: I64) -> Iterator[VenueRead]:
        """The blocks `venues_read` reads, in parts as they are read (`_venue_batches`), for
        `second_generation_parts`: the sweep of one part overlaps the read of the next."""
        if venues.shape[0] == 0:
            return iter(())
        venue, day, need, _until = venue_days_needed(venues, starts, ends)
        return self._venue_batches(venue, day, need)

    def person_stays(self, person: int, start: int, end: int) -> Iterator[Stay]:
        for venue, s, e in self._scan("person", person, start, end):
            yield Stay(person, venue, s, e)

    def venue_stays(self, venue: int, start: int, end: int) -> Iterator[Stay]:
        for person, s, e in self._scan("venue", venue, start, end):
            yield Stay(person, venue, s, e)

    def persons_columns(self, persons: I64, starts: I64, ends: I64) -> StayColumns:
        """The check-ins of `persons` in their windows, from their person blocks over the spans
        of all the windows (one query per 5,000 persons on SQLite, 500 elsewhere), tested and
        decoded at once."""
        if persons.shape[0] == 0:
            return StayColumns.empty()
        lo, hi = bucket_range(int(starts.min()), min(int(ends.max()), OPEN_END), PERSON_BUCKET)
        rows: list[tuple[int, int, bytes | memoryview]] = []
        parts: list[tuple[int, int, bytes | memoryview]] = []
        keys = persons.tolist()
        connection.ensure_connection()
        sqlite = connection.vendor == "sqlite"
        # SQLite: its own connection and "?" (as `_venue_blocks`), `venue_batch` persons a query
        # (a tenth of the queries); else Django's cursor, 500 persons a query
        step = self.venue_batch if sqlite else 500
        mark = "?" if sqlite else "%s"
        with _mapped(connection.connection) if sqlite else contextlib.nullcontext():
            for i in range(0, len(keys), step):
                chunk = keys[i : i + step]
                self.queries += 1
                chunks = chunks_of(chunk, PERSON.shift)
                # blocks by person, parts by the persons' chunks (keyed -chunk - 1: sliced below)
                sql = (
                    f"SELECT person_id, span, data FROM {PERSON.blocks} "  # noqa: S608
                    f"WHERE person_id IN ({', '.join([mark] * len(chunk))}) "
                    f"AND span BETWEEN {mark} AND {mark} UNION ALL "
                    f"SELECT -chunk - 1, span, data FROM {PERSON.parts} "
                    f"WHERE chunk IN ({', '.join([mark] * len(chunks))}) "
                    f"AND span BETWEEN {mark} AND {mark}"
                )
                params = [*chunk, lo, hi, *chunks, lo, hi]
                if sqlite:
                    found = connection.connection.execute(sql, params).fetchall()
                else:
                    with connection.cursor() as cursor:
                        cursor.execute(sql, params)
                        found = cursor.fetchall()
                if chunks and any(r[0] < 0 for r in found):
                    rows += [r for r in found if r[0] >= 0]
                    parts += explode([r for r in found if r[0] < 0], chunk)
                else:
                    rows += found
        rows += parts
        # only the check-ins in their person's window: the 64-day blocks hold many more
        order = np.argsort(persons)
        key, venue, start, end = checkins_in_windows(
            rows, PERSON_BUCKET, persons[order], starts[order], ends[order]
        )
        return StayColumns(key, venue, start, end)

    def venues_columns(self, venues: I64, starts: I64, ends: I64) -> StayColumns:
        """The venue blocks that may hold a check-in overlapping one of the intervals: for each
        interval the days from `start - MAX_STAY` to `end`, and of those only the blocks whose
        latest stay ends after the interval starts (`last_end`). Each block is read once, and
        only its check-ins that meet the time span of the intervals needing it are kept."""
        if venues.shape[0] == 0:
            return StayColumns.empty()
        venue, day, need, until = venue_days_needed(venues, starts, ends)
        rows: list[tuple[int, int, bytes | memoryview]] = []
        for table in VENUE.tables:
            rows += self._venue_blocks(table, venue, day, need)
        if not rows:
            return StayColumns.empty()
        return StayColumns(*venue_checkins_meeting(rows, venue, day, need, until))

    def venues_read(self, venues: I64, starts: I64, ends: I64) -> VenueRead:
        """The same venue-day blocks as `venues_columns`, kept packed (`VenueRead`) for
        `second_generation_read`: the F2 hot path, which tests each check-in against the F1
        intervals itself."""
        if venues.shape[0] == 0:
            return VenueRead.of([])
        venue, day, need, _until = venue_days_needed(venues, starts, ends)
        rows: list[tuple[int, int, bytes | memoryview]] = []
        for table in VENUE.tables:
            rows += self._venue_blocks(table, venue, day, need)
        return VenueRead.of(rows)


def _bump_version(**changes: object) -> None:
    """One more version of the store (in the writer's transaction: a reader sees the new version
    with the new check-ins), and any other change to the state row."""
    if not CheckInStoreState.objects.filter(pk=1).update(version=F("version") + 1, **changes):
        CheckInStoreState.objects.create(pk=1, version=1, **changes)


@dataclass(frozen=True)
class StoreState:
    """The store's version (it changes with every write) and its retention horizon: the local
    date before which check-ins have been deleted, if any were."""

    version: int
    purged_before: datetime.date | None


def store_state() -> StoreState:
    """The store's version and purge horizon (one indexed row)."""
    row = CheckInStoreState.objects.filter(pk=1).values_list("version", "purged_before").first()
    return StoreState(0, None) if row is None else StoreState(int(row[0]), row[1])


def checkins_count() -> int:
    """How many check-ins the store holds."""
    total = 0
    with connection.cursor() as cursor:
        for table in VENUE.tables:
            cursor.execute(f"SELECT COALESCE(SUM(count), 0) FROM {table}")  # noqa: S608
            total += int(cursor.fetchone()[0])
    return total


def checkins_insert(rows: Sequence[tuple[int, int, int, int | None]]) -> int:
    """Add validated check-ins (person, venue, checked_in_at, checked_out_at or None) to the
    packed store (small loads: the demo, tests, imports)."""
    return checkins_bulk_load(CheckInColumns.from_rows(rows))


def checkins_close(*, person: int, venue: int, checked_in_at: int, checked_out_at: int) -> bool:
    """Give an open check-in (no check-out) its check-out (the check-in page's "leave" button).

    The stored record (person, venue, checked_in_at, no check-out) is taken out of the block or
    part that holds it on both sides (that row is rewritten without it), and the closed record
    is appended like any load. One transaction under the store's write lock. False, and nothing
    written, when no such open record is stored (already closed, or purged)."""
    closed = CheckInColumns.from_rows([(person, venue, checked_in_at, checked_out_at)])
    problem = check_columns(closed)
    if problem is not None:
        raise ValidationFailed(_("Check-ins refused: %(problem)s."), problem=problem)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_store(cursor)
        rewrites: list[tuple[Side, str, int, CheckInColumns]] = []
        for side in SIDES:
            key = venue if side.venue_side else person
            bucket = checked_in_at // side.seconds
            found = _open_record(cursor, side, key, bucket, person, venue, checked_in_at)
            if found is None:
                return False
            rewrites.append((side, *found))
        for side, table, pk, rest in rewrites:
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608
            if len(rest):
                _write(cursor, side, table, rest)
        checkins_bulk_load(closed)
    return True


def _open_record(
    cursor: Any, side: Side, key: int, bucket: int, person: int, venue: int, start: int
) -> tuple[str, int, CheckInColumns] | None:
    """The block or part row of `side` holding the open check-in: (table, row id, the row's
    other check-ins), or None."""
    for table in side.tables:
        col = side.key_col(table)
        row_key = key >> side.shift if table == side.parts else key
        cursor.execute(
            f"SELECT id, data FROM {table} WHERE {col} = %s AND {side.bucket} = %s",  # noqa: S608
            [row_key, bucket],
        )
        for pk, blob in cursor.fetchall():
            # a part row: every key of its chunk (the row is written again without the one)
            rows = unpack(
                side.per_key(table, [(row_key, bucket, bytes(blob))]),
                bucket_seconds=side.seconds,
                venue_side=side.venue_side,
            )
            hit = np.flatnonzero(
                (rows.person == person)
                & (rows.venue == venue)
                & (rows.start == start)
                & (rows.checkout == NO_CHECKOUT)
            )
            if hit.size:
                keep = np.ones(len(rows), dtype=bool)
                keep[int(hit[0])] = False
                rest = CheckInColumns(
                    rows.person[keep], rows.venue[keep], rows.start[keep], rows.checkout[keep]
                )
                return table, int(pk), rest
    return None


def _lock_store(cursor: Any) -> None:
    """PostgreSQL: one writer of the store at a time (readers go on); SQLite serialises writers."""
    if connection.vendor == "postgresql":
        tables = ", ".join(t for side in SIDES for t in side.tables)
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _existing_blocks(
    cursor: Any, table: str, key_col: str, bucket_col: str, keys: Any, buckets: Any
) -> tuple[list[int], list[tuple[int, int, bytes]]]:
    """Stored blocks with the same (key, bucket) as the new rows: ids and (key, bucket, blob)."""
    wanted = set(zip(keys.tolist(), buckets.tolist(), strict=True))
    unique_keys = sorted({k for k, _b in wanted})
    lo, hi = int(buckets.min()), int(buckets.max())
    ids: list[int] = []
    found: list[tuple[int, int, bytes]] = []
    for i in range(0, len(unique_keys), 900):
        chunk = unique_keys[i : i + 900]
        cursor.execute(
            f"SELECT id, {key_col}, {bucket_col}, data FROM {table} "  # noqa: S608
            f"WHERE {bucket_col} BETWEEN %s AND %s AND {key_col} IN "
            f"({', '.join(['%s'] * len(chunk))})",
            [lo, hi, *chunk],
        )
        for pk, key, bucket, data in cursor.fetchall():
            if (key, bucket) in wanted:
                ids.append(pk)
                found.append((key, bucket, bytes(data)))
    return ids, found


def _write(cursor: Any, side: Side, table: str, columns: CheckInColumns) -> None:
    """Write `columns` into `table` of `side`: per-key blocks, or chunk rows for the parts."""
    _write_blocks(cursor, table, side.key_col(table), side.bucket, side.pack(table, columns))


SQLITE_ROWS_PER_INSERT = 150
"""Blocks per SQLite INSERT statement (5 values each: 750, below the oldest variable limit)."""

SQLITE_BATCH_BLOCKS = 30_000
"""Blocks whose parameters are made at once (a multiple of SQLITE_ROWS_PER_INSERT: only the
load's last statement is shorter)."""


def _write_blocks(cursor: Any, table: str, key_col: str, bucket_col: str, blocks: Blocks) -> None:
    columns = f"{key_col}, {bucket_col}, count, last_end, data"
    if connection.vendor == "postgresql":
        stream = memoryview(blocks.pg_copy_binary())
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            for i in range(0, len(stream), 1 << 24):
                copy.write(stream[i : i + (1 << 24)])
    else:
        # the sqlite3 connection itself, in the same transaction (no per-row Django wrapping),
        # with a page cache large enough that the load does not spill pages mid-transaction
        raw = connection.connection
        previous = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute("PRAGMA cache_size=-262144")
        per = SQLITE_ROWS_PER_INSERT
        many = ", ".join(["(?, ?, ?, ?, ?)"] * per)
        try:
            # SQLITE_ROWS_PER_INSERT rows per statement (one statement per row paid the
            # statement's own work, the AUTOINCREMENT counter, per block); the parameters made
            # SQLITE_BATCH_BLOCKS blocks at a time (memory stays bounded for a sparse load)
            for lo in range(0, len(blocks), SQLITE_BATCH_BLOCKS):
                flat = blocks.flat_params(lo, lo + SQLITE_BATCH_BLOCKS)
                full = len(flat) // (5 * per) * (5 * per)
                raw.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES {many}",  # noqa: S608
                    (flat[i : i + 5 * per] for i in range(0, full, 5 * per)),
                )
                if full < len(flat):
                    tail = ", ".join(["(?, ?, ?, ?, ?)"] * ((len(flat) - full) // 5))
                    raw.execute(
                        f"INSERT INTO {table} ({columns}) VALUES {tail}",  # noqa: S608
                        flat[full:],
                    )
        finally:
            raw.execute(f"PRAGMA cache_size={int(previous)}")


def _merge_stored(
    cursor: Any,
    table: str,
    key_col: str,
    bucket_col: str,
    seconds: int,
    venue_side: bool,
    data: CheckInColumns,
) -> CheckInColumns:
    """`data` plus the check-ins of the stored blocks it falls into; those blocks are deleted
    (they are written again, merged)."""
    cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608
    if cursor.fetchone() is None:
        return data
    keys = data.venue if venue_side else data.person
    ids, found = _existing_blocks(cursor, table, key_col, bucket_col, keys, data.start // seconds)
    if not ids:
        return data
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
            chunk,
        )
    found.sort(key=lambda block: (block[0], block[1]))
    old = unpack(found, bucket_seconds=seconds, venue_side=venue_side)
    return CheckInColumns.concat([old, data])


def checkins_bulk_load(columns: CheckInColumns | Iterable[CheckInColumns]) -> int:
    """Add validated check-ins, as numpy columns, to the packed store in one transaction.

    Both orderings are written (see `outbreak.pure.checkin_blocks`): venue-day and person-span
    blocks. The first load writes the blocks themselves; a later load appends parts
    (`CheckInVenuePart`, `CheckInPersonPart`) and reads nothing back, so a day's check-ins load
    at the speed of the first load instead of rewriting every person block they touch.
    `checkins_compact` merges parts into the blocks (the order inside a block is canonical: a
    compacted store holds the blocks of one load). PostgreSQL: COPY binary, the store locked
    against a concurrent load; SQLite: executemany (writers are serialised). Rows are checked
    only for what the blocks can hold: the import services validate each row with a message
    per row before calling this fast path.
    """
    data = columns if isinstance(columns, CheckInColumns) else CheckInColumns.concat(columns)
    if len(data) == 0:
        return 0
    problem = check_columns(data)
    if problem is not None:
        raise ValidationFailed(_("Check-ins refused: %(problem)s."), problem=problem)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_store(cursor)
        cursor.execute(f"SELECT 1 FROM {VENUE.blocks} LIMIT 1")  # noqa: S608
        first = cursor.fetchone() is None
        for side in SIDES:
            _write(cursor, side, side.blocks if first else side.parts, data)
        _bump_version()
    return len(data)


@dataclass(frozen=True)
class Compacted:
    """What `checkins_compact` did: parts merged, blocks written (both orderings), check-ins in
    the venue blocks written."""

    parts: int
    blocks: int
    checkins: int


def checkins_compact(*, keys_per_batch: int = 20_000) -> Compacted:
    """Merge the parts later loads appended into the blocks (gộp phần nạp thêm), so each
    (venue, day) and (person, span) is one block again: reads then touch one row per block.

    `keys_per_batch` venues or persons at a time (whole chunks of parts: at least one), each
    batch one transaction (a reader sees a batch before or after, never half). Safe to run
    while the system serves; run it after loads, e.g. nightly (`dieuhanh checkins compact`)."""
    parts_done = blocks_done = checkins_done = 0
    for side in SIDES:
        blocks, parts, key_col, bucket_col = side.blocks, side.parts, side.key, side.bucket
        seconds, packer, venue_side = side.seconds, side.packer, side.venue_side
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT chunk FROM {parts} ORDER BY 1")  # noqa: S608
            chunks = [int(r[0]) for r in cursor.fetchall()]
        per_batch = max(1, keys_per_batch >> side.shift)
        for i in range(0, len(chunks), per_batch):
            batch = chunks[i : i + per_batch]
            with transaction.atomic(), connection.cursor() as cursor:
                _lock_store(cursor)
                ids: list[int] = []
                found: list[tuple[int, int, bytes]] = []
                for j in range(0, len(batch), 900):
                    chunk = batch[j : j + 900]
                    cursor.execute(
                        f"SELECT id, chunk, {bucket_col}, data FROM {parts} "  # noqa: S608
                        f"WHERE chunk IN ({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
                    for pk, key, bucket, blob in cursor.fetchall():
                        ids.append(int(pk))
                        found.append((int(key), int(bucket), bytes(blob)))
                if not found:
                    continue
                added = unpack(explode(found), bucket_seconds=seconds, venue_side=venue_side)
                merged = _merge_stored(
                    cursor, blocks, key_col, bucket_col, seconds, venue_side, added
                )
                for j in range(0, len(ids), 900):
                    chunk = ids[j : j + 900]
                    cursor.execute(
                        f"DELETE FROM {parts} WHERE id IN "  # noqa: S608
                        f"({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
                packed = packer(merged)
                _write_blocks(cursor, blocks, key_col, bucket_col, packed)
                _bump_version()
                parts_done += len(ids)
                blocks_done += int(packed.keys.shape[0])
                checkins_done += len(merged) if venue_side else 0
    return Compacted(parts=parts_done, blocks=blocks_done, checkins=checkins_done)


@dataclass(frozen=True)
class Purged:
    """What `checkins_purge_before` deleted (or, dry run, would delete): check-ins (counted once,
    on the venue side), blocks and parts deleted whole, blocks rewritten without their older
    check-ins (the day or 64-day span the cut-off falls in), rows of the plain row table."""

    checkins: int
    blocks_deleted: int
    blocks_rewritten: int
    rows_deleted: int


def _older_in_bucket(cursor: Any, side: Side, table: str, bucket: int, cutoff: int) -> int:
    """Check-ins of `table`'s blocks in `bucket` that start before `cutoff`."""
    cursor.execute(
        f"SELECT {side.key_col(table)}, {side.bucket}, data FROM {table} "  # noqa: S608
        f"WHERE {side.bucket} = %s",
        [bucket],
    )
    rows = [(int(k), int(b), bytes(d)) for k, b, d in cursor.fetchall()]
    _key, start, _end, _other, _block = decode_many(side.per_key(table, rows), side.seconds)
    return int(np.count_nonzero(start < cutoff))


def _rewrite_bucket(cursor: Any, side: Side, table: str, bucket: int, cutoff: int) -> int:
    """Rewrite `table`'s blocks of `bucket` without their check-ins that start before `cutoff`
    (`batch` rows at a time, by id range: a 64-day person span holds every person's block);
    blocks left empty are dropped. How many blocks were rewritten or dropped."""
    cursor.execute(
        f"SELECT id FROM {table} WHERE {side.bucket} = %s ORDER BY id",  # noqa: S608
        [bucket],
    )
    ids = [int(r[0]) for r in cursor.fetchall()]
    batch = 20_000
    for i in range(0, len(ids), batch):
        lo, hi = ids[i], ids[min(i + batch, len(ids)) - 1]
        # rows written below get ids above every id listed: never read again
        col = side.key_col(table)
        cursor.execute(
            f"SELECT {col}, {side.bucket}, data FROM {table} "  # noqa: S608
            f"WHERE {side.bucket} = %s AND id BETWEEN %s AND %s ORDER BY {col}",
            [bucket, lo, hi],
        )
        found = [(int(k), int(b), bytes(d)) for k, b, d in cursor.fetchall()]
        cursor.execute(
            f"DELETE FROM {table} WHERE {side.bucket} = %s AND id BETWEEN %s AND %s",  # noqa: S608
            [bucket, lo, hi],
        )
        columns = unpack(
            side.per_key(table, found), bucket_seconds=side.seconds, venue_side=side.venue_side
        )
        keep = np.flatnonzero(columns.start >= cutoff)
        if keep.shape[0]:
            kept = CheckInColumns(
                columns.person[keep],
                columns.venue[keep],
                columns.start[keep],
                columns.checkout[keep],
            )
            _write(cursor, side, table, kept)
    return len(ids)


def checkins_purge_before(before: datetime.date, *, dry_run: bool = False) -> Purged:
    """Delete every check-in that starts before 00:00 Asia/Ho_Chi_Minh of `before` from both
    orderings, blocks and parts, and from the plain row table, in one transaction; record
    `before` as the purge horizon (it only moves forward) and bump the version. Blocks wholly
    before the cut-off are deleted by their bucket; the one day (venue side) and the one 64-day
    span (person side) the cut-off falls in are rewritten. A dry run counts, changes nothing."""
    cutoff = local_midnight(before)
    deleted = rewritten = checkins = 0
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_store(cursor)
        day = cutoff // VENUE.seconds
        for table in VENUE.tables:
            cursor.execute(
                f"SELECT COALESCE(SUM(count), 0) FROM {table} WHERE day < %s",  # noqa: S608
                [day],
            )
            checkins += int(cursor.fetchone()[0])
            if cutoff % VENUE.seconds:
                checkins += _older_in_bucket(cursor, VENUE, table, day, cutoff)
        if dry_run:
            rows = CheckIn.objects.filter(checked_in_at__lt=cutoff).count()
            return Purged(checkins, 0, 0, rows)
        for side in SIDES:
            bucket = cutoff // side.seconds
            for table in side.tables:
                cursor.execute(
                    f"DELETE FROM {table} WHERE {side.bucket} < %s",  # noqa: S608
                    [bucket],
                )
                deleted += max(cursor.rowcount, 0)
                if cutoff % side.seconds:
                    rewritten += _rewrite_bucket(cursor, side, table, bucket, cutoff)
        rows, _by_model = CheckIn.objects.filter(checked_in_at__lt=cutoff).delete()
        horizon = store_state().purged_before
        _bump_version(
            purged_before=before if horizon is None or before > horizon else horizon,
            purged_at=timezone.now(),
        )
    return Purged(checkins, deleted, rewritten, rows)
