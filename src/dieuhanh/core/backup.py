"""Backup and restore of the whole database (sao lưu / khôi phục), consistent while the site writes.

A backup file is a gzip'd tar holding `manifest.json` and the snapshot:
- SQLite: `database.sqlite3`, made with `VACUUM INTO` (a consistent copy of the live rows in
  one read transaction, readers and the writer go on; nothing deleted comes along);
- PostgreSQL: `database.pgdump`, made by `pg_dump --format=custom` (one repeatable-read
  snapshot, writers go on).

The manifest names the engine, the applied migrations, the row count of every table and the
SHA-256 of the snapshot. `backup_restore` validates all of it before touching the database and
refuses a database that already holds data unless `force` is given.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import Conflict, ValidationFailed

FORMAT = "dieuhanh-backup/1"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
# Tables whose rows are bookkeeping of Django itself, present in any migrated database.
_BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "django_session"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    engine: str
    tables: int
    rows: int
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "engine": self.engine,
            "tables": self.tables,
            "rows": self.rows,
            "bytes": self.size,
            "sha256": self.sha256,
        }


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise ValidationFailed(_("Backups support SQLite and PostgreSQL, not %(v)s."), v=vendor)
    return vendor


def _pg_bin(name: str) -> str:
    """`pg_dump`/`pg_restore` from DIEUHANH_PG_BIN, the PATH, or Debian's newest PostgreSQL."""
    configured = os.environ.get("DIEUHANH_PG_BIN")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    if versions:
        return str(versions[-1] / name)
    raise ValidationFailed(_("%(name)s was not found: install the PostgreSQL client."), name=name)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments of the default database for the PostgreSQL tools."""
    settings = connections["default"].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    return args, env


def _table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: int(db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names}  # noqa: S608
    finally:
        db.close()


def _migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[str(app), str(name)] for app, name in cursor.fetchall()]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_snapshot(database: Path, snapshot: Path) -> None:
    """Write the live rows of `database` to the new file `snapshot` with VACUUM INTO: one read
    transaction, so the copy is consistent while the site writes, and a database built afresh,
    so that nothing deleted or overwritten (an erased identity) comes along from the free space
    of the pages, as a page-by-page copy would bring it where SQLite was built without
    secure_delete."""
    source = sqlite3.connect(str(database))
    try:
        source.execute("VACUUM INTO ?", (str(snapshot),))
    finally:
        source.close()


def backup_create(*, output: Path) -> BackupInfo:
    """Write a consistent snapshot of the database to `output` (written whole or not at all)."""
    engine = _engine()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        if engine == "sqlite":
            member = SQLITE_MEMBER
            snapshot = work / member
            _sqlite_snapshot(Path(str(connections["default"].settings_dict["NAME"])), snapshot)
            counts = _sqlite_counts(snapshot)
        else:
            member = PG_MEMBER
            snapshot = work / member
            args, env = _pg_env()
            # The counts come from the same moment as the dump only approximately; the dump is
            # the authority, the counts are for the person restoring.
            counts = _table_counts()
            subprocess.run(
                [_pg_bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 "--file", str(snapshot), *args],
                env=env, check=True, capture_output=True, timeout=3600,
            )  # fmt: skip
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "member": member,
            "sha256": _sha256(snapshot),
            "size": snapshot.stat().st_size,
            "tables": counts,
            "migrations": _migrations(),
        }
        partial = work / "backup.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(snapshot, arcname=member)
        os.replace(partial, output)  # atomic: a reader never sees half a backup
    return BackupInfo(
        path=output,
        engine=engine,
        tables=len(counts),
        rows=sum(counts.values()),
        size=output.stat().st_size,
        sha256=str(manifest["sha256"]),
    )


def _invalid(file: Path, reason: Any) -> ValidationFailed:
    return ValidationFailed(_("%(file)s is not a usable backup: %(reason)s"), file=file.name,
                            reason=reason)  # fmt: skip


def backup_read(*, file: Path, into: Path) -> dict[str, Any]:
    """Check `file` (format, engine, checksum) and unpack its snapshot into the directory `into`.
    Returns the manifest; raises ValidationFailed naming what is wrong."""
    try:
        tar = tarfile.open(file, "r:gz")  # noqa: SIM115 (closed by the `with tar` below)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as e:
        raise _invalid(file, _("not a gzip'd tar archive (%(e)s)") % {"e": e}) from None
    with tar:
        try:
            raw = tar.extractfile("manifest.json")
            manifest = json.loads(raw.read()) if raw else None
        except (KeyError, ValueError, OSError, EOFError, zlib.error, tarfile.TarError):
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _invalid(file, _("no dieuhanh manifest"))
        member = manifest.get("member")
        if member not in {SQLITE_MEMBER, PG_MEMBER}:
            raise _invalid(file, _("unknown snapshot %(m)s") % {"m": member})
        try:
            tar.extract(member, into, filter="data")
        except (KeyError, OSError, EOFError, zlib.error, tarfile.TarError) as e:
            raise _invalid(file, _("the snapshot cannot be read (%(e)s)") % {"e": e}) from None
    snapshot = into / str(member)
    if _sha256(snapshot) != manifest.get("sha256"):
        raise _invalid(file, _("the snapshot's checksum does not match (damaged file)"))
    if manifest.get("engine") != _engine():
        raise _invalid(
            file,
            _("it is a %(b)s backup and this database is %(d)s")
            % {"b": manifest.get("engine"), "d": _engine()},
        )
    if member == SQLITE_MEMBER:
        db = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
        try:
            ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as e:
            ok = str(e)
        finally:
            db.close()
        if ok != "ok":
            raise _invalid(
                file, _("the SQLite snapshot fails its integrity check: %(e)s") % {"e": ok}
            )
    return manifest


def database_rows() -> int:
    """Rows of data in the current database (Django's own bookkeeping left out)."""
    return sum(n for t, n in _table_counts().items() if t not in _BOOKKEEPING)


def backup_restore(*, file: Path, force: bool = False) -> dict[str, Any]:
    """Replace the database with the backup `file`. Validates the file first; refuses a database
    that holds data unless `force`. Returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="dieuhanh-restore-") as tmp:
        manifest = backup_read(file=file, into=Path(tmp))
        existing = database_rows()
        if existing and not force:
            raise Conflict(
                _(
                    "The database is not empty (%(rows)s rows): restoring would replace them. "
                    "Use --force to do it anyway (make a backup first)."
                ),
                rows=existing,
            )
        snapshot = Path(tmp) / str(manifest["member"])
        if manifest["engine"] == "sqlite":
            connections["default"].close()
            source = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
            target = sqlite3.connect(str(connections["default"].settings_dict["NAME"]))
            try:
                source.backup(target)  # page by page, in one write transaction of the target
            finally:
                target.close()
                source.close()
        else:
            connections["default"].close()
            args, env = _pg_env()
            result = subprocess.run(
                [_pg_bin("pg_restore"), "--clean", "--if-exists", "--no-owner",
                 "--no-privileges", "--single-transaction", "--exit-on-error", *args,
                 str(snapshot)],
                env=env, capture_output=True, text=True, timeout=3600,
            )  # fmt: skip
            if result.returncode != 0:
                raise ValidationFailed(
                    _("pg_restore failed, nothing was changed: %(e)s"), e=result.stderr[-500:]
                )
    return manifest
