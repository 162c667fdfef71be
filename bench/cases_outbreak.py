"""Outbreak cases: ingest of check-ins, F1 and F2 of a case, the chain graph of a 10,000-person
outbreak — each against the naive way over the same tables in the same run (ORM bulk_create for
ingest, a SQL self-join of the check-in table for tracing, a recursive CTE for chains)."""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from bench.generate_checkins import DAY, SCALES, START, Scale, checkin_chunks
from bench.harness import Case, Figure, measure
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.outbreak.models import Case as F0
from dieuhanh.outbreak.models import CheckIn, Exposure, ExposureSetting, Person, Venue
from dieuhanh.outbreak.pure.tracing import trace
from dieuhanh.outbreak.selectors import DbCheckIns, chains_data
from dieuhanh.outbreak.services import checkins_bulk_load

ON = datetime.date(2021, 7, 1)
MARK = "BENCH-OUTBREAK"


def _figure(name: str, seconds: float, rows: int) -> Figure:
    """One load, as milliseconds per million rows (so loads of different sizes compare)."""
    ms = round(seconds * 1000 * 1_000_000 / rows, 3)
    print(f"  {name}: {rows:,} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")
    return Figure(f"{name} [ms per 1 M rows]", ms, ms, ms, 0.0, 1)


def ensure_store(scale: Scale, case: Case) -> None:
    """Load the scale's check-ins unless there; time the load (system) and, on a sample, the
    ORM's bulk_create (naive) into the same table."""
    if Venue.objects.filter(code=MARK).exists() and CheckIn.objects.count() >= scale.checkins:
        case.what += " (store reused: ingest not re-measured)"
        return
    with connection.cursor() as cur:
        cur.execute("DELETE FROM outbreak_checkin")
    Venue.objects.filter(code=MARK).delete()
    generating = [0.0]

    def timed_chunks() -> Iterator[list[tuple[int, int, int, int | None]]]:
        """The generator's own time is kept apart: only the load into the store counts."""
        source = checkin_chunks(scale)
        while True:
            started = time.perf_counter()
            chunk = next(source, None)
            generating[0] += time.perf_counter() - started
            if chunk is None:
                return
            yield chunk

    started = time.perf_counter()
    loaded = checkins_bulk_load(timed_chunks())
    seconds = time.perf_counter() - started - generating[0]
    print(f"  (generating the rows took {generating[0]:.2f} s, not counted)")
    case.figures.append(
        _figure("system: bulk load (COPY/executemany, indexes rebuilt)", seconds, loaded)
    )
    sample = next(checkin_chunks(scale, seed=7, chunk=100_000, first_person=10_000_000))
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
    Venue.objects.create(code=MARK, name="bench marker")


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
        return cur.fetchall()


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

    f2 = Case(
        "outbreak.trace.f2",
        f"F1 and F2 of one case over {scale.checkins:,} check-ins (7-day window; each F1 "
        "followed from its exposure to the case's isolation, when contacts are quarantined)",
        database,
    )
    isolation_at = {p: we for p in range(1, scale.people + 1)}
    it3 = iter(persons * 100)
    f2.figures.append(
        _timed(
            "system: per-venue time-range sweep",
            lambda: trace(
                DbCheckIns(), case=next(it3), start=ws, end=we, depth=2, isolation=isolation_at
            ),
            7,
        )
    )
    it4 = iter(persons * 100)
    f2.figures.append(
        _timed("naive: SQL self-join per F1", lambda: _naive_f2(next(it4), ws, we), 1)
    )
    sizes = [
        len(
            {
                e.person_id
                for e in trace(
                    DbCheckIns(), case=p, start=ws, end=we, depth=2, isolation=isolation_at
                )
            }
        )
        for p in persons[:5]
    ]
    f2.what += f"; persons found for the first 5 cases: {sizes}"
    out.append(f2)
    return out


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
    return out + tracing_cases(scale) + [chain_case()]
