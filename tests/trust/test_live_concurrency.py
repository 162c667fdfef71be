"""No lost updates and crash safety, against a real server (`dieuhanh serve`: gunicorn) on
SQLite and PostgreSQL.

- N clients save the same field of the same form at once: every save lands or gets a conflict
  (409), the history (audit) holds one change per landed save, chained old -> new, and the
  final state is the one serial order of the landed saves.
- An import killed with SIGKILL half-way leaves the database exactly as before.
- The server killed (SIGKILL) under load and restarted has every save it acknowledged.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.trust.live import ENGINES, Site, cli

UNIT = "23962"  # Xã Ia Blang, captured by the demo account canbo.iablang
OFFICER = "canbo.iablang"
CLIENTS = int(os.environ.get("TRUST_CLIENTS", "8"))
ROUNDS = int(os.environ.get("TRUST_ROUNDS", "5"))


def _form(site: Site, token: str, period: str) -> dict[str, Any]:
    status, body = site.request("GET", f"/api/forms/KTXH_THANG/{UNIT}/{period}", token)
    assert status == 200, body
    form: dict[str, Any] = body
    return form


def _field(form: dict[str, Any], indicator: str) -> dict[str, Any]:
    return next(f for f in form["fields"] if f["indicator"] == indicator and f["option"] is None)


def _save(site: Site, token: str, period: str, indicator: str, value: str, version: Any) -> Any:
    return site.request(
        "POST",
        f"/api/forms/KTXH_THANG/{UNIT}/{period}",
        token,
        # The values are implausible for the commune (data-quality rule): confirmed by a comment.
        {"values": [{"indicator": indicator, "value": value, "version": version, "comment": "t"}]},
    )


def _changes(site: Site, indicator: str, period: str) -> list[tuple[Any, Any]]:
    return [
        (None if o is None else Decimal(str(o)), None if n is None else Decimal(str(n)))
        for o, n in site.query(
            "SELECT c.old_value, c.new_value FROM indicators_datavaluechange c "
            "JOIN indicators_indicator i ON i.id = c.indicator_id "
            "JOIN orgunits_orgunit u ON u.id = c.unit_id "
            "WHERE i.code = %s AND u.code = %s AND c.period = %s AND c.option_id IS NULL "
            "ORDER BY c.id",
            (indicator, UNIT, period),
        )
    ]


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_concurrent_saves_land_or_conflict_never_lost(site: Site) -> None:
    site.start(threads=8)
    token = site.token(OFFICER)
    period = "202106"
    field = next(f for f in _form(site, token, period)["fields"] if f["option"] is None)
    indicator, start_version = field["indicator"], field["version"]
    history_before = _changes(site, indicator, period)
    attempts: list[tuple[int, str, Any, int]] = []  # (client, value, version read, status)
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(n: int) -> None:
        barrier.wait()
        for r in range(ROUNDS):
            read = _field(_form(site, token, period), indicator)["version"]
            value = f"{n * 100 + r + 1}"
            status, _body = _save(site, token, period, indicator, value, read)
            with lock:
                attempts.append((n, value, read, status))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)

    assert len(attempts) == CLIENTS * ROUNDS
    assert {s for *_, s in attempts} <= {200, 409}, attempts
    landed = sorted((read, value) for _, value, read, status in attempts if status == 200)
    conflicts = sum(1 for *_, s in attempts if s == 409)
    assert landed and conflicts  # both happened: the test did race
    # One serial order: the landed saves read the versions start, start+1, ... in turn.
    assert [read for read, _ in landed] == list(range(start_version, start_version + len(landed)))
    final = _field(_form(site, token, period), indicator)
    assert final["version"] == start_version + len(landed)
    assert Decimal(str(final["value"])) == Decimal(landed[-1][1])
    # The history holds each landed save once, chained old -> new, in that order.
    new = _changes(site, indicator, period)[len(history_before) :]
    assert [n for _, n in new] == [Decimal(v) for _, v in landed]
    assert all(new[i][0] == new[i - 1][1] for i in range(1, len(new)))


# --- crash safety -------------------------------------------------------------------------------

TABLES = (
    "indicators_datavalue",
    "indicators_datavaluechange",
    "indicators_valuerollup",
    "core_auditevent",
)


def _writing(site: Site) -> bool:
    """Is a transaction holding the write lock (SQLite) / row locks on values (PostgreSQL)?"""
    if site.engine == "sqlite":
        import sqlite3

        db = sqlite3.connect(
            str(Path(site.env["DIEUHANH_VAR_DIR"]) / "dieuhanh.sqlite3"), timeout=0
        )
        try:
            db.execute("BEGIN IMMEDIATE")
            db.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            db.close()
    rows = site.query(
        "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = 'indicators_datavalue' AND l.mode = 'RowExclusiveLock'"
    )
    return bool(rows[0][0])


def _year_export_changed(site: Site, tmp_path: Path) -> Path:
    """District 633's values of 2021 as DHIS2 CSV, each value plus one (an import that changes
    every row)."""
    export = tmp_path / "values.csv"
    cli(site.env, "export", "--unit", "633", "--period", "2021", "--format", "dhis2-csv",
        "-o", str(export))  # fmt: skip
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    changed = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[5] = str(Decimal(cells[5]) + 1)
        changed.append(",".join(cells))
    export.write_text("\n".join(changed) + "\n", encoding="utf-8")
    return export


def _import_caught_writing(site: Site, export: Path) -> subprocess.Popen[str]:
    """`dieuhanh import` of `export` started, returned once it holds the write lock."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "dieuhanh.cli", "import", str(export)],
        env=site.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not _writing(site):
        assert proc.poll() is None, "the import ended before it was caught writing"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return proc


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_an_import_killed_half_way_changes_nothing(site: Site, tmp_path: Path) -> None:
    export = _year_export_changed(site, tmp_path)
    before = site.digest(TABLES)
    proc = _import_caught_writing(site, export)
    time.sleep(random.uniform(0.0, 0.05))  # inside the one transaction (it lasts ~1 s here)
    assert proc.poll() is None, "the import ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert site.digest(TABLES) == before
    # and the same import, not killed, does go through afterwards
    cli(site.env, "import", str(export))
    assert site.digest(TABLES) != before


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_another_users_save_during_an_import_succeeds(site: Site, tmp_path: Path) -> None:
    """An import holds the database only for its bounded write: a save made while it writes
    waits (SQLite's busy timeout, PostgreSQL's row locks) and lands, never "database is
    locked"."""
    export = _year_export_changed(site, tmp_path)
    site.start(threads=4)
    token = site.token(OFFICER)
    period = "202012"  # outside the imported year: the import's values never touch the save's
    field = next(f for f in _form(site, token, period)["fields"] if f["option"] is None)
    proc = _import_caught_writing(site, export)
    status, body = _save(site, token, period, field["indicator"], "4321", field["version"])
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert status == 200, body
    saved = _field(_form(site, token, period), field["indicator"])
    assert Decimal(str(saved["value"])) == Decimal("4321")


@pytest.mark.parametrize("site", ENGINES, indirect=True)
def test_server_killed_under_load_keeps_every_acknowledged_save(site: Site) -> None:
    site.start(threads=8)
    token = site.token(OFFICER)
    periods = [f"2021{m:02d}" for m in range(1, 7)]
    first = _form(site, token, periods[0])
    indicator = next(f for f in first["fields"] if f["option"] is None)["indicator"]
    acknowledged: dict[str, str] = {}
    acks = [0]
    stop = threading.Event()
    lock = threading.Lock()

    def writer(period: str) -> None:
        k = 0
        while not stop.is_set():
            try:
                version = _field(_form(site, token, period), indicator)["version"]
                k += 1
                status, _ = _save(site, token, period, indicator, str(1000 + k), version)
            except (OSError, http.client.HTTPException, AssertionError, ValueError):
                time.sleep(0.05)  # the server is down (or died mid-answer): retry until it is back
                continue
            if status == 200:
                with lock:
                    acknowledged[period] = str(1000 + k)
                    acks[0] += 1

    threads = [threading.Thread(target=writer, args=(p,)) for p in periods]
    for t in threads:
        t.start()
    time.sleep(2.0)
    site.kill()  # a crash under load
    with lock:
        before_restart = dict(acknowledged)
        acks_before = acks[0]
    site.start(threads=8)
    time.sleep(1.5)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert len(before_restart) == len(periods)  # every writer had saves acknowledged
    final = {p: _field(_form(site, token, p), indicator)["value"] for p in periods}
    assert acks[0] > acks_before  # the restarted server took saves again
    for period, value in acknowledged.items():
        # Every acknowledged save is there; a later one may have landed with its answer lost
        # in the crash (committed, never acknowledged), so the value is this one or later.
        assert Decimal(str(final[period])) >= Decimal(value), (period, value, final[period])
    for period, value in before_restart.items():
        assert Decimal(str(final[period])) >= Decimal(value), (period, value, final[period])


# --- a 100 MB upload through the real server ----------------------------------------------------


@pytest.mark.parametrize("site", ["sqlite"], indirect=True)
def test_a_100_mb_upload_to_the_served_site_is_refused(site: Site) -> None:
    """Through the served site, as a client would send it: 413 with the reason, nothing written."""
    import http.client
    import json
    import urllib.parse

    site.start(threads=4)
    token = site.token(OFFICER)
    before = site.digest(TABLES)
    url = urllib.parse.urlsplit(site.url)
    assert url.hostname is not None
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    size = 100 * 1024 * 1024
    conn.putrequest("POST", "/api/import")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Type", "multipart/form-data; boundary=ranh-gioi")
    conn.putheader("Content-Length", str(size))
    conn.endheaders()
    chunk = b"x" * (1 << 20)
    try:
        for _ in range(size // len(chunk)):
            conn.send(chunk)
    except OSError:
        pass  # the server may stop reading once it has answered
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 413
    assert body["code"] == "too_large"
    assert "MB" in body["messages"]["vi"] and "MB" in body["messages"]["en"]
    assert site.digest(TABLES) == before
