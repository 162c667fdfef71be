"""`dieuhanh backup -o FILE [--json]`: a consistent snapshot of the database, taken while the
site goes on writing (SQLite online backup API; pg_dump on PostgreSQL)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dieuhanh.core.backup import backup_create
from dieuhanh.core.commands import DomainCommand, print_json


class Command(DomainCommand):
    help = "Back up the whole database to FILE (a .tar.gz with a manifest and the snapshot)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        info = backup_create(output=Path(options["output"]))
        if options["json"]:
            print_json(info.as_dict())
            return
        self.stdout.write(
            f"Đã sao lưu / Backed up: {info.path} ({info.engine}, {info.tables} tables, "
            f"{info.rows} rows, {info.size} bytes, sha256 {info.sha256[:12]}…)"
        )
