"""`dieuhanh restore FILE [--force] [--json]`: bring back a backup made by `dieuhanh backup`.

The file is checked first (format, checksum, engine, integrity); a database that holds data is
refused unless --force is given."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.backup import backup_restore
from dieuhanh.core.commands import DomainCommand, print_json


class Command(DomainCommand):
    help = "Restore the database from a backup FILE (refuses a non-empty database without --force)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp sao lưu {path} / No backup file {path}")
        manifest = backup_restore(file=path, force=options["force"])
        summary = {
            "file": str(path),
            "engine": manifest["engine"],
            "created_at": manifest["created_at"],
            "tables": len(manifest["tables"]),
            "rows": sum(manifest["tables"].values()),
        }
        if options["json"]:
            print_json(summary)
            return
        self.stdout.write(
            f"Đã khôi phục / Restored: {path} (made {summary['created_at']}, "
            f"{summary['tables']} tables, {summary['rows']} rows). "
            "Run `dieuhanh migrate` if the code is newer than the backup."
        )
