"""`checkins import` of a 1,000,000-row CSV end to end (read, parse, check, map, load; issue 18):
persons by phone number and venues by QR code (300,000 distinct venues, more than one SQL
statement may name on SQLite), and the same rows by internal ids. The floor of both is the load
alone (`checkins_bulk_load` of the same columns, nothing parsed or checked). Memory: the peak
Python allocation (tracemalloc) of one external-key import, against the file's size.

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
from dieuhanh.outbreak.models import PersonIdentifier
from dieuhanh.outbreak.pure.checkin_blocks import NO_CHECKOUT, CheckInColumns
from dieuhanh.outbreak.services.checkin_import import CheckinsImported, checkins_import

ROWS = 1_000_000
PERSONS = 200_000
VENUES = 300_000
RUNS = int(os.environ.get("DIEUHANH_BENCH_CSV_RUNS", "3"))
"""Timed runs of each figure (1 for a quick look on a busy machine)."""

RATE_FLOOR = {"external": 300_000, "internal": 1_000_000}
"""Issue 18's floors in rows per second (SQLite, a quiet machine); the case prints the ratio."""


def _iso(seconds: np.ndarray) -> np.ndarray:
    local = (seconds + 7 * 3600).astype("datetime64[s]")
    return np.char.add(np.datetime_as_string(local, unit="s"), "+07:00")


def _columns(seed: int = 18) -> CheckInColumns:
    rng = np.random.default_rng(seed)
    start = START + rng.integers(0, 30, ROWS) * DAY + rng.integers(6 * 3600, 21 * 3600, ROWS)
    stay = rng.integers(300, 3 * 3600, ROWS)
    checkout = np.where(rng.random(ROWS) < 0.2, NO_CHECKOUT, start + stay)
    return CheckInColumns(
        rng.integers(0, PERSONS, ROWS).astype(np.int64),
        rng.integers(0, VENUES, ROWS).astype(np.int64),
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
    data = _columns()
    external = work / "checkins-external-1m.csv"
    internal = work / "checkins-internal-1m.csv"
    phones = [f"09{n:08d}" for n in range(10_000_000, 10_000_000 + PERSONS)]
    codes = [f"QR-GL-{n:06d}" for n in range(VENUES)]
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
    if not PersonIdentifier.objects.filter(value="84" + phones[0][1:]).exists():
        started = time.process_time()
        done = _import(external, options, rollback=False)
        seconds = time.process_time() - started
        print(f"  first import: {seconds:.1f} s", flush=True)
        first = (
            f"; the first import registered {done.persons_registered:,} persons and "
            f"{done.venues_registered:,} venues in {seconds:.1f} s of CPU"
        )
    # the internal file names the persons and venues the external one registered
    from dieuhanh.outbreak.services.identifiers import persons_lookup, venues_lookup

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
    for label, path, kw in (("external", external, options), ("internal", internal, none)):
        case = Case(
            f"outbreak.checkins.import_{label}",
            f"checkins import of a {ROWS:,}-row CSV, "
            + (
                f"persons by phone ({PERSONS:,}), venues by QR code ({VENUES:,})"
                if label == "external"
                else "internal ids"
            )
            + " (read, parse, check, map, load; rolled back)",
            connection.vendor,
        )
        system = _timed("system: checkins_import", partial(_import, path, kw), RUNS)
        dry = _timed("part: --dry-run (no load)", partial(_import, path, kw, dry_run=True), RUNS)
        load = _timed("floor: checkins_bulk_load of the same columns", floor, RUNS)
        case.figures += [system, dry, load]
        rate = ROWS / system.median_ms * 1000
        case.what += (
            f"; {rate:,.0f} rows per CPU second end to end "
            f"(floor {RATE_FLOOR[label]:,}), "
            f"{ROWS / dry.median_ms * 1000:,.0f} rows/s without the load, the load alone "
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
