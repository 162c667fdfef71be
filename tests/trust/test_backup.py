"""Backup and restore: the demo round-trips table by table, a snapshot taken while a writer writes
is consistent, a damaged file is refused before anything changes, a non-empty database is refused
without --force. SQLite here; PostgreSQL as well when the tests run on it (with-postgres.sh)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def _sqlite_path(env: dict[str, str]) -> Path:
    return Path(env["DIEUHANH_VAR_DIR"]) / "dieuhanh.sqlite3"


def sqlite_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: two databases are equal when these are."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        db.close()


def _copy_demo(demo_env: dict[str, str], var: Path) -> dict[str, str]:
    """A private copy of the session's demo database (the browser tests share the original)."""
    var.mkdir(parents=True)
    src = sqlite3.connect(str(_sqlite_path(demo_env)))
    dst = sqlite3.connect(str(var / "dieuhanh.sqlite3"))
    src.backup(dst)
    dst.close()
    src.close()
    return {**demo_env, "DIEUHANH_VAR_DIR": str(var)}


@pytest.fixture(scope="module")
def made(demo_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A copy of the demo and its backup, made once for the module."""
    root = tmp_path_factory.mktemp("backup")
    env = _copy_demo(demo_env, root / "var")
    backup = root / "demo.tar.gz"
    _run(env, "backup", "-o", str(backup))
    return {"env": env, "backup": backup, "root": root}


@pytest.fixture
def demo_copy(demo_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return _copy_demo(demo_env, tmp_path / "copy")


def _fresh_env(base: dict[str, str], tmp_path: Path, name: str) -> dict[str, str]:
    var = tmp_path / name
    var.mkdir()
    return {**base, "DIEUHANH_VAR_DIR": str(var)}


def test_demo_round_trips_every_table(made: dict[str, object], tmp_path: Path) -> None:
    env = made["env"]
    assert isinstance(env, dict)
    target = _fresh_env(env, tmp_path, "restored")
    _run(target, "restore", str(made["backup"]))
    before, after = sqlite_tables(_sqlite_path(env)), sqlite_tables(_sqlite_path(target))
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    assert sum(len(rows) for rows in after.values()) > 40_000  # the demo, not an empty shell


def test_restore_refuses_a_database_with_data(made: dict[str, object]) -> None:
    env = made["env"]
    assert isinstance(env, dict)
    before = sqlite_tables(_sqlite_path(env))
    result = _run(env, "restore", str(made["backup"]), check=False)
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert sqlite_tables(_sqlite_path(env)) == before


def test_restore_with_force_replaces_the_data(
    made: dict[str, object], demo_copy: dict[str, str]
) -> None:
    db = sqlite3.connect(str(_sqlite_path(demo_copy)))
    with db:
        db.execute("UPDATE indicators_datavalue SET value = 0")
    db.close()
    _run(demo_copy, "restore", str(made["backup"]), "--force")
    env = made["env"]
    assert isinstance(env, dict)
    assert sqlite_tables(_sqlite_path(demo_copy)) == sqlite_tables(_sqlite_path(env))


def _damaged(backup: Path, tmp_path: Path, damage: str) -> Path:
    bad = tmp_path / "bad.tar.gz"
    if damage == "garbage":
        bad.write_bytes(b"PK\x03\x04 not a backup at all" * 100)
    elif damage == "truncated":
        bad.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    else:
        work = tmp_path / "unpacked"
        with tarfile.open(backup) as tar:
            tar.extractall(work, filter="data")
        snapshot = work / "database.sqlite3"
        if damage == "checksum":
            db = sqlite3.connect(str(snapshot))
            with db:
                db.execute("DELETE FROM indicators_datavalue WHERE id IN "
                           "(SELECT id FROM indicators_datavalue LIMIT 5)")  # fmt: skip
            db.close()
        with tarfile.open(bad, "w:gz") as tar:
            if damage == "checksum":
                tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(snapshot, arcname="database.sqlite3")
    return bad


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["garbage", "truncated", "checksum", "no-manifest"])
def test_a_damaged_backup_is_refused_before_anything_changes(
    made: dict[str, object], tmp_path: Path, damage: str
) -> None:
    from django.core.management import CommandError, call_command

    from tests.trust.endpoints import database_digest

    backup = made["backup"]
    assert isinstance(backup, Path)
    bad = _damaged(backup, tmp_path, damage)
    before = database_digest()
    with pytest.raises(CommandError, match="is not a usable backup"):
        call_command("restore", str(bad), "--force")
    assert database_digest() == before


WRITER = """
import os, sys, time, django
django.setup()
from django.db import transaction
from dieuhanh.core.services import audit_record
stop = sys.argv[1]
i = 0
while not os.path.exists(stop):
    with transaction.atomic():
        audit_record(actor=None, action="trust.pair", object_type="pair", object_id=str(i))
        audit_record(actor=None, action="trust.pair", object_type="pair", object_id=str(i))
    i += 1
print(i)
"""


@pytest.fixture
def writer(demo_copy: dict[str, str], tmp_path: Path) -> Iterator[Path]:
    stop = tmp_path / "stop"
    env = {**demo_copy, "DJANGO_SETTINGS_MODULE": "dieuhanh.config.settings"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    db = sqlite3.connect(str(_sqlite_path(demo_copy)))
    for _ in range(200):  # until the writer is writing
        if db.execute("SELECT COUNT(*) FROM core_auditevent WHERE action='trust.pair'").fetchone()[
            0
        ]:
            break
        time.sleep(0.05)
    db.close()
    yield stop
    stop.touch()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert int(out) > 0


def test_backup_is_consistent_while_the_site_writes(
    demo_copy: dict[str, str], tmp_path: Path, writer: Path
) -> None:
    backup = tmp_path / "live.tar.gz"
    _run(demo_copy, "backup", "-o", str(backup))
    with tarfile.open(backup) as tar:
        tar.extract("database.sqlite3", tmp_path / "snap", filter="data")
    snap = sqlite3.connect(str(tmp_path / "snap" / "database.sqlite3"))
    assert snap.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    pairs = snap.execute(
        "SELECT object_id, COUNT(*) FROM core_auditevent WHERE action='trust.pair' "
        "GROUP BY object_id"
    ).fetchall()
    snap.close()
    assert pairs, "the backup ran before the writer wrote anything"
    assert {n for _, n in pairs} == {2}  # every transaction whole, none half


# --- PostgreSQL (pg_dump / pg_restore), when the tests run on it -------------------------------


def _pg_url(name: str) -> str:
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL round trip: run under with-postgres.sh")
def test_postgres_round_trip_every_table(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    import psycopg

    from tests.trust.live import pg_copy, pg_drop

    template = request.getfixturevalue("pg_demo_template")
    src, src_name = pg_copy(template, tmp_path)
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        dst_name = f"{src_name}_restored"
        conn.execute(f'CREATE DATABASE "{dst_name}"')
    dst = {**src, "DATABASE_URL": src["DATABASE_URL"].rsplit("/", 1)[0] + "/" + dst_name}
    try:
        backup = tmp_path / "pg.tar.gz"
        _run(src, "backup", "-o", str(backup))
        _run(dst, "restore", str(backup))
        assert "--force" in _run(src, "restore", str(backup), check=False).stderr

        def tables(url: str) -> dict[str, list[tuple[object, ...]]]:
            with psycopg.connect(url) as conn:
                rows = conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
                return {
                    t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                    for (t,) in rows
                }

        before, after = tables(src["DATABASE_URL"]), tables(dst["DATABASE_URL"])
        assert before.keys() == after.keys()
        for table in before:
            assert before[table] == after[table], table
        assert sum(len(rows) for rows in after.values()) > 40_000
    finally:
        pg_drop(src_name)
        pg_drop(dst_name)
