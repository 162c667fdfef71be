"""A worker killed with SIGKILL in the middle of a job that writes in one transaction: nothing
of the job is in the database, and the next worker runs it again to the end.

Child processes on a SQLite file of their own (the worker is a separate process, as in
production); the parent reads the file with sqlite3."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEASE = 3


def _env(var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DIEUHANH_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DIEUHANH_JOBS_LEASE_SECONDS": str(LEASE),
        "DIEUHANH_JOBS_TICK_SECONDS": "0.5",
    }
    env.pop("DATABASE_URL", None)
    return env


def _cli(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return done.stdout


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql).fetchall())


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database file, made once and copied by each test."""
    var = tmp_path_factory.mktemp("jobs-worker-template")
    _cli(_env(var), "migrate", "--run-syncdb", "--verbosity", "0")
    return var


@pytest.fixture
def started(migrated: Path, tmp_path: Path) -> tuple[dict[str, str], Path, str, Path]:
    for name in ("dieuhanh.sqlite3", "secret_key"):
        shutil.copy(migrated / name, tmp_path / name)
    env = _env(tmp_path)
    marker = tmp_path / "first-row-written"
    code = (
        "from dieuhanh.jobs.services import job_start;"
        "j = job_start(actor=None, kind='probe.write', "
        f"params={{'rows': 20, 'pause': 0.05, 'marker': {str(marker)!r}}});"
        "print(j.pk)"
    )
    job_id = _cli(env, "shell", "-c", code).strip().splitlines()[-1].replace("-", "")
    return env, tmp_path / "dieuhanh.sqlite3", job_id, marker


def _kill_during_the_job(env: dict[str, str], marker: Path) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "dieuhanh.cli", "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert worker.poll() is None, "the worker ended before the job started"
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.02)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)


def test_a_job_killed_mid_transaction_leaves_no_row(
    started: tuple[dict[str, str], Path, str, Path],
) -> None:
    env, db, job_id, marker = started
    _kill_during_the_job(env, marker)
    assert _query(db, "SELECT count(*) FROM probe_proberow") == [(0,)]
    assert _query(db, f"SELECT state, attempts FROM jobs_job WHERE id = '{job_id}'") == [
        ("running", 1)
    ]


def test_the_next_worker_runs_the_killed_job_again_to_the_end(
    started: tuple[dict[str, str], Path, str, Path],
) -> None:
    env, db, job_id, marker = started
    _kill_during_the_job(env, marker)
    time.sleep(LEASE + 0.5)  # the dead worker's lease runs out
    _cli(env, "worker", "--batch")
    state, attempts, result = _query(
        db, f"SELECT state, attempts, result FROM jobs_job WHERE id = '{job_id}'"
    )[0]
    assert (state, attempts, json.loads(str(result))) == ("succeeded", 2, {"rows": 20})
    assert _query(db, "SELECT count(*), count(DISTINCT n) FROM probe_proberow") == [(20, 20)]
