"""`checkins import` of a 1,000,000-row CSV end to end (read, parse, check, map, load; issue 18):
persons by phone number and venues by QR code, and the same rows by internal ids, in two shapes.

- realistic (`import_external`, `import_internal`; the figures issue 18's floors are compared
  with): 200,000 persons and 5,000 venues over 30 days, about 200 check-ins a venue (6–7 a day,
  uniform: a 2021 venue QR saw many check-ins a day);
- sparse (`import_external_sparse`, `import_internal_sparse`; a stress figure, reported, not
  compared with the floor): the same 200,000 persons and 300,000 venues, about 3 check-ins a
  venue — more venues than one SQL statement may name on SQLite, and about one stored part row
  per check-in (one per venue-day), so the load itself dominates.

Every figure has beside it the run without the load (`--dry-run`) and the load alone
(`checkins_bulk_load` of the same columns, nothing parsed or checked). Memory: the peak Python
allocation (tracemalloc, a separate run: tracing slows the import) of one external-key import,
against the file's size. `DIEUHANH_BENCH_CSV_SHAPES=realistic` (or `sparse`) runs one shape.

The identifiers are registered once (the first import, timed once and reported) and kept in the
cached bench database; the timed runs map known identifiers and are rolled back.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from django.db import connection, transaction

from bench.generate_checkins import DAY, START
from bench.harness import Case, Figure
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.checkin_store import checkins_bulk_load
from dieuhanh.outbreak.pure.checkin_blocks import NO_CHECKOUT, CheckInColumns
from dieuhanh.outbreak.services.checkin_import import CheckinsImported, checkins_import

ROWS = 1_000_000
PERSONS = 200_000
SHAPES = {"realistic": 5_000, "sparse": 300_000}
"""Distinct venues of each shape (see the module)."""
RUNS = int(os.environ.get("DIEUHANH_BENCH_CSV_RUNS", "3"))
"""Timed runs of each figure (1 for a quick look on a busy machine)."""

RATE_FLOOR = {"external": 300_000, "internal": 1_000_000}
"""Issue 18's floors in rows per second (SQLite, a quiet machine); the case prints the ratio."""


def _iso(seconds: np.ndarray) -> np.ndarray:
    local = (seconds + 7 * 3600).astype("datetime64[s]")
    return np.char.add(np.datetime_as_string(local, unit="s"), "+07:00")


def _columns(venues: int, seed: int = 18) -> CheckInColumns:
    rng = np.random.default_rng(seed)
    start = START + rng.integers(0, 30, ROWS) * DAY + rng.integers(6 * 3600, 21 * 3600, ROWS)
    stay = rng.integers(300, 3 * 3600, ROWS)
    checkout = np.where(rng.random(ROWS) < 0.2, NO_CHECKOUT, start + stay)
    return CheckInColumns(
        rng.integers(0, PERSONS, ROWS).astype(np.int64),
        rng.integers(0, venues, ROWS).astype(np.int64),
        start.astype(np.int64),
        checkout.astype(np.int64),
    )


def _csv(path: Path, person: list[str], venue: list[str], data: CheckInColumns, head: str) -> None:
    cin = _iso(data.start).tolist()
    cout = _iso(np.maximum(data.checkout, 0)).tolist()
    outs = [
        "" if c == NO_CHECKOUT else s for c, s in zip(data.checkout.tolist(), cout, strict=True)
    ]
    with path.open("w", encoding="utf-8") as f:
        f.write(head + "\n")
        f.writelines(
            f"{p},{v},{a},{b}\n" for p, v, a, b in zip(person, venue, cin, outs, strict=True)
        )


def _import(
    path: Path, kw: dict[str, str], *, dry_run: bool = False, rollback: bool = True
) -> CheckinsImported:
    unit = OrgUnit.objects.filter(code="633").order_by("-valid_from").first()
    with transaction.atomic():
        done = checkins_import(
            actor=None,
            scope=Scope.everything(),
            content=path,
            file_name=path.name,
            dry_run=dry_run,
            unit=unit,
            columns=kw.get("columns"),
            person_kind=kw.get("person_kind", "auto"),
            venue_kind=kw.get("venue_kind", "auto"),
        )
        transaction.set_rollback(rollback)
    return done


def _timed(name: str, fn: Callable[[], object], runs: int) -> Figure:
    """Median CPU time of `runs` calls (user + system of this process, SQLite included: on a
    shared machine wall time measures the neighbours; the CLI cases do the same)."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    times.sort()
    return Figure(
        name + " [CPU]",
        round(times[len(times) // 2], 3),
        round(times[0], 3),
        round(times[-1], 3),
        0.0,
        runs,
    )


def cases(work: Path) -> list[Case]:
    work.mkdir(parents=True, exist_ok=True)
    wanted = os.environ.get("DIEUHANH_BENCH_CSV_SHAPES", ",".join(SHAPES)).split(",")
    out: list[Case] = []
    for shape in SHAPES:
        if shape in wanted:
            out += _shape_cases(work, shape, SHAPES[shape])
    return out


def _shape_cases(work: Path, shape: str, venues: int) -> list[Case]:
    data = _columns(venues)
    suffix = "" if shape == "realistic" else "_sparse"
    external = work / f"checkins-external-1m-{shape}.csv"
    internal = work / f"checkins-internal-1m-{shape}.csv"
    phones = [f"09{n:08d}" for n in range(10_000_000, 10_000_000 + PERSONS)]
    prefix = "QR-GL" if shape == "sparse" else "QR-CS"
    codes = [f"{prefix}-{n:06d}" for n in range(venues)]
    if not external.exists():
        _csv(
            external,
            [phones[i] for i in data.person.tolist()],
            [codes[i] for i in data.venue.tolist()],
            data,
            "so_dien_thoai,ma_qr,gio_vao,gio_ra",
        )
    options: dict[str, str] = {
        "columns": "person=so_dien_thoai,venue=ma_qr,checked_in_at=gio_vao,checked_out_at=gio_ra",
        "person_kind": "phone",
        "venue_kind": "qr",
    }
    out: list[Case] = []
    first = ""
    from dieuhanh.outbreak.services.identifiers import persons_lookup, venues_lookup

    if not venues_lookup([("qr", codes[-1])]):
        started = time.process_time()
        done = _import(external, options, rollback=False)
        seconds = time.process_time() - started
        print(f"  first import ({shape}): {seconds:.1f} s", flush=True)
        first = (
            f"; the first import registered {done.persons_registered:,} persons and "
            f"{done.venues_registered:,} venues in {seconds:.1f} s of CPU"
        )
    # the internal file names the persons and venues the external one registered
    pmap = persons_lookup([("phone", "84" + p[1:]) for p in phones])
    vmap = venues_lookup([("qr", c) for c in codes])
    # (a phone or code the random draw never used is not registered: 0, never indexed)
    pid = np.array([pmap.get(("phone", "84" + p[1:]), 0) for p in phones], dtype=np.int64)
    vid = np.array([vmap.get(("qr", c), 0) for c in codes], dtype=np.int64)
    ids = CheckInColumns(pid[data.person], vid[data.venue], data.start, data.checkout)
    if not internal.exists():
        _csv(
            internal,
            [str(i) for i in ids.person.tolist()],
            [str(i) for i in ids.venue.tolist()],
            data,
            "person_id,venue_id,checked_in_at,checked_out_at",
        )

    def floor() -> None:
        with transaction.atomic():
            checkins_bulk_load(ids)
            transaction.set_rollback(True)

    size_mb = external.stat().st_size / 1e6
    none: dict[str, str] = {}
    if shape == "realistic":
        about = f"{shape} shape, the floor's figure: about {ROWS // venues:,} check-ins a venue"
    else:
        about = f"{shape} shape, a stress figure: about {ROWS / venues:.1f} check-ins a venue"
    for label, path, kw in (("external", external, options), ("internal", internal, none)):
        case = Case(
            f"outbreak.checkins.import_{label}{suffix}",
            f"checkins import of a {ROWS:,}-row CSV, "
            + (
                f"persons by phone ({PERSONS:,}), venues by QR code ({venues:,})"
                if label == "external"
                else f"internal ids ({PERSONS:,} persons, {venues:,} venues)"
            )
            + f" over 30 days ({about}; read, parse, check, map, load; rolled back)",
            connection.vendor,
        )
        system = _timed("system: checkins_import", partial(_import, path, kw), RUNS)
        dry = _timed("part: --dry-run (no load)", partial(_import, path, kw, dry_run=True), RUNS)
        load = _timed("floor: checkins_bulk_load of the same columns", floor, RUNS)
        case.figures += [system, dry, load]
        rate = ROWS / system.median_ms * 1000
        case.what += (
            f"; {rate:,.0f} rows per CPU second end to end"
            + (f" (floor {RATE_FLOOR[label]:,})" if shape == "realistic" else "")
            + f", {ROWS / dry.median_ms * 1000:,.0f} rows/s without the load, the load alone "
            f"{ROWS / load.median_ms * 1000:,.0f} rows/s"
        )
        if label == "external":
            case.what += first
            tracemalloc.start()
            _import(path, kw)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            case.what += (
                f"; peak Python memory of an import {peak / 1e6:,.0f} MB "
                f"for a {size_mb:,.0f} MB file"
            )
        print(case.what, flush=True)
        out.append(case)
    return out
