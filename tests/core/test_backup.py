"""The SQLite snapshot of a backup (core/backup.py): the live rows, and nothing deleted from the
free space of the pages (an erased identity), whatever the SQLite build's secure_delete. The whole
backup and restore: tests/trust/test_backup.py; after an anonymisation: tests/trust/test_erasure.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dieuhanh.core.backup import _sqlite_snapshot


def _database_with_a_deleted_name(path: Path) -> None:
    """Rows kept and one deleted, left in the file's free space (secure_delete off, as in
    SQLite's default build)."""
    db = sqlite3.connect(str(path))
    db.execute("PRAGMA secure_delete = OFF")
    db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO person (name) VALUES (?)", [(f"#{i}",) for i in range(40)])
    db.execute("INSERT INTO person (name) VALUES ('Ksor H''Xeraphin Quỳnh')")
    db.commit()
    db.execute("DELETE FROM person WHERE name LIKE 'Ksor%'")
    db.commit()
    db.close()


def test_the_file_itself_keeps_the_deleted_name(tmp_path: Path) -> None:
    _database_with_a_deleted_name(tmp_path / "live.sqlite3")
    assert b"Xeraphin" in (tmp_path / "live.sqlite3").read_bytes()


def test_the_snapshot_holds_the_live_rows_and_not_the_deleted_name(tmp_path: Path) -> None:
    _database_with_a_deleted_name(tmp_path / "live.sqlite3")
    _sqlite_snapshot(tmp_path / "live.sqlite3", tmp_path / "snapshot.sqlite3")
    assert b"Xeraphin" not in (tmp_path / "snapshot.sqlite3").read_bytes()
    snap = sqlite3.connect(str(tmp_path / "snapshot.sqlite3"))
    assert snap.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 40
    snap.close()
