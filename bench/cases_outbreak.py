"""Outbreak cases: ingest of check-ins, F1 and F2 of a case, the chain graph of a 10,000-person
outbreak — each against the naive way over the same tables in the same run (ORM bulk_create for
ingest, a SQL self-join of the check-in table for tracing, a recursive CTE for chains)."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
from django.db import connection, transaction

from bench.generate_checkins import DAY, SCALES, START, Scale, checkin_columns
from bench.harness import Case, Figure, measure
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.outbreak.checkin_store import (
    VENUE,
    DbCheckIns,
    checkins_bulk_load,
    checkins_compact,
    checkins_count,
)
from dieuhanh.outbreak.models import Case as F0
from dieuhanh.outbreak.models import (
    CheckIn,
    Exposure,
    ExposureSetting,
    Person,
    Venue,
)
from dieuhanh.outbreak.pure.checkin_blocks import (
    PERSON_SPAN_DAYS,
    CheckInColumns,
    venue_days_needed,
)
from dieuhanh.outbreak.pure.second_generation import f1_intervals
from dieuhanh.outbreak.pure.tracing import trace, trace_columns
from dieuhanh.outbreak.selectors.chains import chains_data
from dieuhanh.outbreak.selectors.tracing import (
    TraceResult,
    case_window,
    trace_case,
    trace_keep,
    trace_page,
)
from dieuhanh.outbreak.services.imports import checkins_import

ON = datetime.date(2021, 7, 1)
MARK = "BENCH-OUTBREAK"
LAYOUT = f"bench marker: check-in blocks, person spans of {PERSON_SPAN_DAYS} days"


def _figure(name: str, seconds: float, rows: int) -> Figure:
    """One load, as milliseconds per million rows (so loads of different sizes compare)."""
    ms = round(seconds * 1000 * 1_000_000 / rows, 3)
    print(f"  {name}: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s", flush=True)
    return Figure(f"{name} [ms per 1 M rows]", ms, ms, ms, 0.0, 1)


_NULL = "\\N"  # NULL in PostgreSQL's COPY text format
_ROW_INDEXES = (
    ("checkin_venue_time", "venue_id, checked_in_at"),
    ("checkin_person_time", "person_id, checked_in_at"),
)


def rows_table_load(chunks: list[CheckInColumns]) -> int:
    """The same check-ins into the plain row table `outbreak_checkin` (the store before the
    packed blocks: COPY text / executemany, the two indexes dropped and rebuilt), for the
    self-join baselines."""
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for name, _columns in _ROW_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        if connection.vendor == "postgresql":
            copy_sql = (
                "COPY outbreak_checkin (person_id, venue_id, checked_in_at, checked_out_at) "
                "FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for chunk in chunks:
                    for i in range(0, len(chunk), 500_000):
                        part = CheckInColumns(
                            chunk.person[i : i + 500_000],
                            chunk.venue[i : i + 500_000],
                            chunk.start[i : i + 500_000],
                            chunk.checkout[i : i + 500_000],
                        )
                        copy.write(
                            "".join(
                                f"{p}\t{v}\t{s}\t{_NULL if o is None else o}\n"
                                for p, v, s, o in part.rows()
                            )
                        )
                    total += len(chunk)
        else:
            raw = connection.connection
            previous = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute("PRAGMA cache_size=-262144")
            try:
                sql = (
                    "INSERT INTO outbreak_checkin (person_id, venue_id, checked_in_at, "
                    "checked_out_at) VALUES (?, ?, ?, ?)"
                )
                for chunk in chunks:
                    for i in range(0, len(chunk), 500_000):
                        part = CheckInColumns(
                            chunk.person[i : i + 500_000],
                            chunk.venue[i : i + 500_000],
                            chunk.start[i : i + 500_000],
                            chunk.checkout[i : i + 500_000],
                        )
                        raw.executemany(sql, part.rows())
                    total += len(chunk)
                for name, columns in _ROW_INDEXES:
                    cursor.execute(f"CREATE INDEX {name} ON outbreak_checkin ({columns})")
            finally:
                raw.execute(f"PRAGMA cache_size={int(previous)}")
            return total
        for name, columns in _ROW_INDEXES:
            cursor.execute(f"CREATE INDEX {name} ON outbreak_checkin ({columns})")
    return total


def ensure_store(scale: Scale, case: Case) -> None:
    """Load the scale's check-ins unless there: into the packed store, timed (system), and the
    same rows into the row table for the baselines (timed too: the store before the blocks);
    the ORM's bulk_create (naive) on a 100,000-row sample."""
    if (
        scale.checkins > 10_000_000  # small scales are always loaded (and measured) again
        and Venue.objects.filter(code=MARK, name=LAYOUT).exists()
        and checkins_count() >= scale.checkins
        and CheckIn.objects.count() >= scale.checkins
    ):
        case.what += " (store reused: ingest not re-measured)"
        return
    with connection.cursor() as cur:
        cur.execute("DELETE FROM outbreak_checkin")
        cur.execute("DELETE FROM outbreak_checkinvenueblock")
        cur.execute("DELETE FROM outbreak_checkinpersonblock")
    Venue.objects.filter(code=MARK).delete()
    started = time.perf_counter()
    data = CheckInColumns.concat(checkin_columns(scale))
    print(
        f"  (generating the rows as numpy columns took {time.perf_counter() - started:.2f} s,"
        " not counted)",
        flush=True,
    )
    # small scales: two loads rolled back, then the one kept (median of three); full: one
    times = []
    for _ in range(2 if scale.checkins <= 10_000_000 else 0):
        with transaction.atomic():
            started = time.perf_counter()
            checkins_bulk_load(data)
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    started = time.perf_counter()
    loaded = checkins_bulk_load(data)
    times.append(time.perf_counter() - started)
    figure = _figure(
        "system: packed blocks (sort, pack, merge check, write; one transaction)",
        statistics.median(times),
        loaded,
    )
    per_million = [round(t * 1e9 / loaded, 3) for t in times]
    figure.min_ms, figure.max_ms, figure.runs = min(per_million), max(per_million), len(times)
    case.figures.append(figure)
    started = time.perf_counter()
    rows = rows_table_load([data])
    case.figures.append(
        _figure(
            "before: row table (COPY/executemany, indexes rebuilt)",
            time.perf_counter() - started,
            rows,
        )
    )
    del data
    sample = next(
        checkin_columns(scale, seed=7, chunk=100_000, first_person=10_000_000, total=100_000)
    ).rows()
    started = time.perf_counter()
    with transaction.atomic():
        CheckIn.objects.bulk_create(
            [
                CheckIn(person_id=p, venue_id=v, checked_in_at=s, checked_out_at=e)
                for p, v, s, e in sample
            ],
            batch_size=5_000,
        )
        transaction.set_rollback(True)
    naive = time.perf_counter() - started
    case.figures.append(_figure("naive: ORM bulk_create, indexes kept", naive, len(sample)))
    Venue.objects.create(code=MARK, name=LAYOUT)


NAIVE_F1 = """
SELECT b.person_id, a.venue_id,
       MAX(a.checked_in_at, b.checked_in_at, %(ws)s),
       MIN(COALESCE(a.checked_out_at, a.checked_in_at + 3600),
           COALESCE(b.checked_out_at, b.checked_in_at + 3600), %(we)s)
FROM outbreak_checkin a JOIN outbreak_checkin b
  ON b.venue_id = a.venue_id AND b.person_id <> a.person_id
 AND b.checked_in_at < MIN(COALESCE(a.checked_out_at, a.checked_in_at + 3600), %(we)s)
 AND COALESCE(b.checked_out_at, b.checked_in_at + 3600) > MAX(a.checked_in_at, %(ws)s)
WHERE a.person_id = %(p)s AND a.checked_in_at < %(we)s
  AND COALESCE(a.checked_out_at, a.checked_in_at + 3600) > %(ws)s
"""


def _naive_f1(person: int, ws: int, we: int) -> list[tuple[int, int, int, int]]:
    sql = NAIVE_F1
    if connection.vendor == "postgresql":
        sql = sql.replace("MAX(", "GREATEST(").replace("MIN(", "LEAST(")
    with connection.cursor() as cur:
        cur.execute(sql, {"p": person, "ws": ws, "we": we})
        found: list[tuple[int, int, int, int]] = cur.fetchall()
        return found


def _naive_f2(person: int, ws: int, we: int) -> int:
    """F1 by the self-join, then the self-join again for each F1 from its earliest exposure
    to `we` (the contacts are quarantined when the case is isolated)."""
    first = _naive_f1(person, ws, we)
    earliest: dict[int, int] = {}
    for p, _v, s, _e in first:
        earliest[p] = min(s, earliest.get(p, s))
    found = len(first)
    for p, s in earliest.items():
        found += len(_naive_f1(p, s, we))
    return found


def _timed(name: str, fn: Callable[[], object], runs: int) -> Figure:
    """Like `measure` without the tracemalloc run (too slow for the naive F2)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return Figure(
        name,
        round(statistics.median(times), 3),
        round(min(times), 3),
        round(max(times), 3),
        0.0,
        runs,
    )


def _cases_sample(scale: Scale, n: int) -> list[int]:
    rng = random.Random(5)  # noqa: S311 (deterministic data)
    return [rng.randint(1, min(scale.people, scale.checkins)) for _ in range(n)]


def _window() -> tuple[int, int]:
    return START + 10 * DAY, START + 17 * DAY


def tracing_cases(scale: Scale) -> list[Case]:
    database = connection.vendor
    ws, we = _window()
    persons = _cases_sample(scale, 21)
    out = []
    f1 = Case(
        "outbreak.trace.f1",
        f"F1 of one case (7-day window) over {scale.checkins:,} check-ins, median of 21 cases",
        database,
    )
    it = iter(persons * 100)
    f1.figures.append(
        measure(
            "system: per-venue time-range sweep",
            lambda: trace(DbCheckIns(), case=next(it), start=ws, end=we),
            21,
        )
    )
    it2 = iter(persons * 100)
    f1.figures.append(_timed("naive: SQL self-join", lambda: _naive_f1(next(it2), ws, we), 21))
    found = [
        len({e.person_id for e in trace(DbCheckIns(), case=p, start=ws, end=we)}) for p in persons
    ]
    f1.what += f"; F1 persons per case: median {statistics.median(found)}, max {max(found)}"
    print(f1.what, flush=True)
    out.append(f1)

    # F2: every F1 quarantined when the case is isolated (the window's end), as in the workflow
    # trace → contacts → quarantine; each F2 person listed once (docs/design.md §3)
    isolation_at = {p: we for p in range(1, scale.people + 1)}
    f2 = Case(
        "outbreak.trace.f2",
        f"F1 and F2 of one case over {scale.checkins:,} check-ins (7-day window; each F1 "
        "followed from its exposure to the case's isolation, when contacts are quarantined; "
        "one F2 entry per person), median of 21 cases, to columns",
        database,
    )
    it3 = iter(persons * 100)
    sizes: list[int] = []
    each: list[float] = []

    def f2_run() -> None:
        started = time.perf_counter()
        found = trace_columns(
            DbCheckIns(), case=next(it3), start=ws, end=we, depth=2, isolation=isolation_at
        )
        each.append(time.perf_counter() - started)
        sizes.append(int(np.count_nonzero(found.generation == 2)))

    f2.figures.append(_timed("system: numpy columns, per-venue sweep", f2_run, 21))
    # the floor: only reading the venue-day blocks the 21 traces need (no decoding, no rule)
    it4 = iter(persons * 100)
    f2.figures.append(
        _timed("floor: SQL read of the venue blocks", lambda: _blocks_read(next(it4)), 21)
    )
    f2.what += (
        f"; F2 persons per case: median {statistics.median(sizes):,.0f}, max {max(sizes):,} "
        f"(of {scale.people:,} people); max over the cases is the figure's max (target: "
        "median <= 0.5 s, max <= 2 s at 100 M)"
    )
    slowest = persons[max(range(len(each)), key=each.__getitem__)]
    worst = Case(
        "outbreak.trace.f2.worst",
        f"F1 and F2 of the sample's slowest case over {scale.checkins:,} check-ins (as "
        "outbreak.trace.f2), against only reading its venue-day blocks",
        database,
    )
    worst.figures.append(
        _timed(
            "system: numpy columns, per-venue sweep",
            lambda: trace_columns(
                DbCheckIns(), case=slowest, start=ws, end=we, depth=2, isolation=isolation_at
            ),
            3,
        )
    )
    worst.figures.append(
        _timed("floor: SQL read of the venue blocks", lambda: _blocks_read(slowest), 3)
    )
    out.append(worst)
    out.append(cache_case(scale, slowest, isolation_at))
    # the naive way takes minutes per case at full scale: one case, the sample's case whose F1
    # is closest to 100 persons
    f1_size, smallest = min(zip(found, persons, strict=True), key=lambda x: (abs(x[0] - 100), x))
    against = Case(
        "outbreak.trace.f2.naive",
        f"F1 and F2 of the sample case whose F1 is closest to 100 persons ({f1_size}) over "
        f"{scale.checkins:,} check-ins, against the SQL self-join run again for each F1",
        database,
    )
    against.figures.append(
        _timed(
            "system: numpy columns, per-venue sweep",
            lambda: trace_columns(
                DbCheckIns(), case=smallest, start=ws, end=we, depth=2, isolation=isolation_at
            ),
            5,
        )
    )
    against.figures.append(
        _timed("naive: SQL self-join per F1", lambda: _naive_f2(smallest, ws, we), 1)
    )
    print(f2.what, flush=True)
    out += [f2, against]
    return out


def _blocks_read(person: int) -> int:
    """The SQL floor of a case's F2: its F1s' intervals found as the trace finds them, then
    only the venue-day blocks they need read (rows fetched, nothing decoded)."""
    ws, we = _window()
    first = trace(DbCheckIns(), case=person, start=ws, end=we)
    earliest: dict[int, int] = {}
    for e in sorted(first):
        earliest.setdefault(e.person_id, e.overlap_start)
    f1 = np.array(sorted(earliest), dtype=np.int64)
    f1_start = np.array([earliest[p] for p in f1.tolist()], dtype=np.int64)
    f1_end = np.full(f1.shape[0], we, dtype=np.int64)
    source = DbCheckIns()
    intervals = f1_intervals(source.persons_columns(f1, f1_start, f1_end), f1, f1_start, f1_end)
    venue, day, need, _until = venue_days_needed(intervals.venue, intervals.start, intervals.end)
    return sum(len(source._venue_blocks(t, venue, day, need)) for t in VENUE.tables)


def cache_case(scale: Scale, person: int, isolation_at: dict[int, int]) -> Case:
    """The next page of a traced case read back from the trace cache (docs/design.md §3):
    the slowest sample case's F1 + F2, traced once and kept; then `trace_case` and a page of
    200 F2 rows, against the page sliced from columns already in memory (the floor) and
    tracing again (before: no cache)."""
    ws, we = _window()
    tz = datetime.timezone(datetime.timedelta(hours=7))
    f0 = F0(
        pk=-person,  # never saved: the trace reads its window and ids only
        person_id=person,
        onset_date=datetime.datetime.fromtimestamp(ws, tz=tz).date() + datetime.timedelta(days=2),
        confirmed_at=datetime.datetime.fromtimestamp(ws + 3 * DAY, tz=tz),
        isolated_at=datetime.datetime.fromtimestamp(we, tz=tz),
    )
    window = case_window(f0)
    columns = trace_columns(
        DbCheckIns(),
        case=person,
        start=window[0],
        end=window[1],
        depth=2,
        isolation=isolation_at,
    )
    result = TraceResult(f0, 2, window, columns)
    trace_keep(result)
    f2_rows = result.count(2)
    case = Case(
        "outbreak.trace.cache",
        f"the next page (200 F2 rows) of a kept trace of {columns.size:,} entries "
        f"({f2_rows:,} F2) over {scale.checkins:,} check-ins: cache key, read back, page "
        "(target <= 50 ms at 100 M)",
        connection.vendor,
    )
    case.figures.append(
        measure(
            "system: trace_case from the cache + page",
            lambda: trace_page(trace_case(case=f0, depth=2), offset=200, limit=200, generation=2),
            21,
        )
    )
    case.figures.append(
        measure(
            "floor: page of columns in memory",
            lambda: trace_page(result, offset=200, limit=200, generation=2),
            21,
        )
    )
    case.figures.append(
        _timed(
            "before: trace again",
            lambda: trace_columns(
                DbCheckIns(),
                case=person,
                start=window[0],
                end=window[1],
                depth=2,
                isolation=isolation_at,
            ),
            1,
        )
    )
    return case


def ensure_outbreak(persons: int = 10_000, cases: int = 500) -> int:
    """A synthetic 10,000-person outbreak: cases, F1 and F2 exposures (FK-valid rows)."""
    existing = Person.objects.filter(village=MARK).count()
    if existing >= persons:
        return existing
    unit = OrgUnit.objects.get(valid_on_q(ON), code="23941")
    rng = random.Random(11)  # noqa: S311 (deterministic data)
    with transaction.atomic():
        Person.objects.bulk_create(
            [
                Person(full_name=f"Người {i}", unit=unit, unit_path=unit.path, village=MARK)
                for i in range(persons)
            ],
            batch_size=2_000,
        )
        ids = list(Person.objects.filter(village=MARK).order_by("pk").values_list("pk", flat=True))
        t0 = datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC)
        case_rows = F0.objects.bulk_create(
            [
                F0(
                    person_id=ids[i],
                    confirmed_at=t0 + datetime.timedelta(hours=i),
                    unit_path=unit.path,
                )
                for i in range(cases)
            ]
        )
        case_rows = list(F0.objects.filter(person_id__in=ids[:cases]).order_by("person_id"))
        exposures = []
        pool = ids[cases:]
        rng.shuffle(pool)
        per = len(pool) // cases
        for k, c in enumerate(case_rows):
            mine = pool[k * per : (k + 1) * per]
            f1s, f2s = mine[: per // 2], mine[per // 2 :]
            for j, p in enumerate(f1s):
                start = t0 + datetime.timedelta(hours=k + j)
                exposures.append(
                    Exposure(
                        case=c,
                        source_id=c.person_id,
                        exposed_id=p,
                        generation=1,
                        start=start,
                        end=start + datetime.timedelta(minutes=30),
                        setting=ExposureSetting.HOUSEHOLD,
                    )
                )
            for j, p in enumerate(f2s):
                src = f1s[j % len(f1s)] if f1s else c.person_id
                start = t0 + datetime.timedelta(hours=k + j + 24)
                exposures.append(
                    Exposure(
                        case=c,
                        source_id=src,
                        exposed_id=p,
                        generation=2,
                        start=start,
                        end=start + datetime.timedelta(minutes=30),
                        setting=ExposureSetting.WORK,
                    )
                )
            if k % 10 == 9:  # link every tenth case to the previous one: clusters
                prev = case_rows[k - 1]
                start = t0 + datetime.timedelta(hours=k)
                exposures.append(
                    Exposure(
                        case=prev,
                        source_id=prev.person_id,
                        exposed_id=c.person_id,
                        generation=1,
                        start=start,
                        end=start + datetime.timedelta(minutes=30),
                        setting=ExposureSetting.GATHERING,
                    )
                )
        Exposure.objects.bulk_create(exposures, batch_size=2_000)
    return persons


NAIVE_CHAINS = """
WITH RECURSIVE reach(root, person) AS (
  SELECT c.person_id, c.person_id FROM outbreak_case c
  UNION
  SELECT r.root, e.exposed_id FROM reach r JOIN outbreak_exposure e ON e.source_id = r.person
)
SELECT root, COUNT(*) FROM reach GROUP BY root
"""


def _naive_chains() -> int:
    with connection.cursor() as cur:
        cur.execute(NAIVE_CHAINS)
        return len(cur.fetchall())


def chain_case() -> Case:
    n = ensure_outbreak()
    case = Case(
        "outbreak.chains",
        f"chain graph (chains, clusters, generations, renderer data) of a {n:,}-person outbreak",
        connection.vendor,
    )
    case.figures.append(
        measure("system: chains_data", lambda: chains_data(user=None, scope=Scope.everything()), 5)
    )
    case.figures.append(measure("naive: recursive CTE reach per case", _naive_chains, 3))
    return case


def import_case(rows: int = 100_000) -> Case:
    """`dieuhanh checkins import` of a CSV (docs/design.md §3)
    with `rows` check-ins of the outbreak's
    persons at 50 venues: parsing and checking every row, then the load (rolled back)."""
    ensure_outbreak()
    persons = list(Person.objects.filter(village=MARK).values_list("pk", flat=True))
    venues = list(Venue.objects.filter(code=MARK + "-CSV").values_list("pk", flat=True))
    if len(venues) < 50:
        Venue.objects.bulk_create(
            [Venue(code=MARK + "-CSV", name=f"Địa điểm {i}") for i in range(50 - len(venues))]
        )
        venues = list(Venue.objects.filter(code=MARK + "-CSV").values_list("pk", flat=True))
    rng = random.Random(13)  # noqa: S311 (deterministic data)
    tz = datetime.timezone(datetime.timedelta(hours=7))
    lines = ["person_id,venue_id,checked_in_at,checked_out_at"]
    for _ in range(rows):
        start = START + rng.randrange(30) * DAY + rng.randrange(6 * 3600, 21 * 3600)
        end = None if rng.random() < 0.2 else start + rng.randrange(300, 3 * 3600)
        lines.append(
            f"{rng.choice(persons)},{rng.choice(venues)},"
            f"{datetime.datetime.fromtimestamp(start, tz).isoformat()},"
            + ("" if end is None else datetime.datetime.fromtimestamp(end, tz).isoformat())
        )
    content = ("\n".join(lines) + "\n").encode()
    scope = Scope.everything()

    def run(dry_run: bool) -> None:
        with transaction.atomic():
            done = checkins_import(
                actor=None, scope=scope, content=content, file_name="bench.csv", dry_run=dry_run
            )
            assert done.rows == rows
            transaction.set_rollback(True)

    case = Case(
        "outbreak.checkins.import_csv",
        f"checkins import of a {rows:,}-row CSV (parse and check every row, then load; rolled "
        "back)",
        connection.vendor,
    )
    full = _timed("system: checkins_import (check + load)", lambda: run(False), 3)
    dry = _timed("part: --dry-run (parse and check only)", lambda: run(True), 3)
    case.figures += [full, dry]
    case.what += (
        f"; {rows / full.median_ms * 1000:,.0f} rows/s in all, "
        f"{rows / dry.median_ms * 1000:,.0f} rows/s checking"
    )
    print(case.what, flush=True)
    return case


def append_case(scale: Scale) -> Case:
    """One more day of check-ins (day 31, a day's share of the scale) into the loaded store:
    appended as parts (the system), against merging them into the blocks they touch (what
    `checkins compact` does later, and what every load did before parts). Rolled back."""
    per_day = scale.checkins // scale.days
    day = next(
        checkin_columns(
            Scale(scale.people, scale.venues, 1, per_day), seed=31, chunk=per_day, total=per_day
        )
    )
    shift = scale.days * DAY
    day = CheckInColumns(
        day.person,
        day.venue,
        day.start + shift,
        np.where(day.checkout < 0, day.checkout, day.checkout + shift),
    )
    case = Case(
        "outbreak.checkins.append",
        f"load one more day ({per_day:,} check-ins) into the store of {scale.checkins:,}; "
        "rolled back",
        connection.vendor,
    )
    times: dict[str, list[float]] = {"append": [], "compact": []}
    runs = 3 if scale.checkins <= 10_000_000 else 1
    for _ in range(runs):
        with transaction.atomic():
            started = time.perf_counter()
            checkins_bulk_load(day)
            times["append"].append(time.perf_counter() - started)
            started = time.perf_counter()
            checkins_compact()
            times["compact"].append(time.perf_counter() - started)
            transaction.set_rollback(True)
    for name, key in (
        ("system: append as parts", "append"),
        ("before: merge into the blocks touched (compaction)", "compact"),
    ):
        ms = [t * 1000 for t in times[key]]
        case.figures.append(
            Figure(
                name,
                round(statistics.median(ms), 3),
                round(min(ms), 3),
                round(max(ms), 3),
                0.0,
                runs,
            )
        )
    rate = per_day / statistics.median(times["append"])
    case.what += f"; append {rate:,.0f} check-ins/s"
    print(case.what, flush=True)
    return case


LAYOUT_DAYS = 7
"""Days appended by `layout_case` (and its trace window); one at full scale (a day is 3.3 M
check-ins there)."""


def layout_case(scale: Scale, n_cases: int = 7) -> Case:
    """The read cost of where check-ins sit (issue 18 point 2): `LAYOUT_DAYS` more days (a
    day's share of the scale each, after the generated 30) appended to the loaded store as
    parts, `n_cases` cases (persons who checked in then) traced over those days (F1, and F1 + F2
    with every F1 quarantined at the window's end); then `checkins_compact` merges the parts
    into blocks and the same traces run again. CPU time of the process, the total over the
    cases, median of 3. Rolled back. The same case run by a version that stores a part row per
    key (before 2026-12-07) gives the per-key parts' figure."""
    per_day = scale.checkins // scale.days
    n_days = LAYOUT_DAYS if scale.checkins <= 10_000_000 else 1
    total = per_day * n_days
    days = next(
        checkin_columns(
            Scale(scale.people, scale.venues, n_days, total), seed=37, chunk=total, total=total
        )
    )
    shift = scale.days * DAY
    days = CheckInColumns(
        days.person,
        days.venue,
        days.start + shift,
        np.where(days.checkout < 0, days.checkout, days.checkout + shift),
    )
    ws, we = START + shift + (DAY if n_days > 1 else 0), START + shift + n_days * DAY
    rng = random.Random(7)  # noqa: S311 (deterministic data)
    persons = rng.sample(sorted(set(days.person.tolist())), n_cases)
    isolation_at = {p: we for p in range(1, scale.people + 1)}
    case = Case(
        "outbreak.trace.layout",
        f"F1 and F1 + F2 of {n_cases} cases over {n_days} days ({total:,} check-ins) "
        f"appended to the store of {scale.checkins:,}: read from parts, then from blocks after "
        "`checkins compact`; CPU, total over the cases; rolled back",
        connection.vendor,
    )

    def run(depth: int) -> float:
        started = time.process_time()
        for p in persons:
            if depth == 1:
                trace(DbCheckIns(), case=p, start=ws, end=we)
            else:
                trace_columns(
                    DbCheckIns(), case=p, start=ws, end=we, depth=2, isolation=isolation_at
                )
        return (time.process_time() - started) * 1000

    def figure(name: str, ms: list[float]) -> Figure:
        return Figure(
            name,
            round(statistics.median(ms), 3),
            round(min(ms), 3),
            round(max(ms), 3),
            0.0,
            len(ms),
        )

    with transaction.atomic():
        checkins_bulk_load(days)
        with connection.cursor() as cursor:
            parts = []
            for table in ("outbreak_checkinvenuepart", "outbreak_checkinpersonpart"):
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                parts.append(int(cursor.fetchone()[0]))
        found: dict[str, list[int]] = {}
        for label in ("parts", "blocks"):
            if label == "blocks":
                checkins_compact()
            f1 = [run(1) for _ in range(3)]
            f2 = [run(2) for _ in range(3)]
            case.figures += [figure(f"{label}: F1", f1), figure(f"{label}: F1 + F2", f2)]
            found[label] = [
                len(
                    trace_columns(
                        DbCheckIns(), case=p, start=ws, end=we, depth=2, isolation=isolation_at
                    ).person
                )
                for p in persons
            ]
        transaction.set_rollback(True)
    assert found["parts"] == found["blocks"], "parts and blocks traced differently"
    case.what += (
        f"; {parts[0]:,} venue part rows and {parts[1]:,} person part rows; "
        f"F1 + F2 entries per case {found['parts']}"
    )
    print(case.what, flush=True)
    return case


def cases(scale_name: str) -> list[Case]:
    scale = SCALES[scale_name]
    ingest = Case(
        "outbreak.checkins.ingest",
        f"load {scale.checkins:,} check-ins ({scale.people:,} people, {scale.venues:,} venues, "
        f"{scale.days} days) into the store; naive on a 100,000-row sample",
        connection.vendor,
    )
    ensure_store(scale, ingest)
    out = [ingest] if ingest.figures else []
    return [
        *out,
        append_case(scale),
        *tracing_cases(scale),
        layout_case(scale),
        chain_case(),
        import_case(),
    ]
