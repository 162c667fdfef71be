"""`dieuhanh checkins import FILE [--dry-run] [--user NAME]` (CSV per docs/design.md §3) and
`dieuhanh checkins compact`.

The whole file is checked first; a refused file changes nothing: each faulty row (row, field,
message in Vietnamese and English) goes to stderr and the exit status is 1. An import into a
store that holds check-ins appends parts; `compact` merges them into the blocks (run it after
loads, e.g. nightly).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand
from dieuhanh.core.imports import ImportRefused
from dieuhanh.outbreak.checkin_store import checkins_compact
from dieuhanh.outbreak.management.commands._common import acting_user, read_file
from dieuhanh.outbreak.services.imports import checkins_import


class Command(DomainCommand):
    help = "Import checkins from CSV (times ISO 8601 with offset), all or nothing."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV file")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.add_argument("--user", help="act as this user (role and scope); the system if left out")
        sub.add_parser("compact", help="merge the parts later loads appended into the blocks")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compact":
            compacted = checkins_compact()
            self.stdout.write(
                f"đã gộp {compacted.parts} phần vào {compacted.blocks} khối / "
                f"merged {compacted.parts} part(s) into {compacted.blocks} block(s)"
            )
            return
        path = Path(options["file"])
        content = read_file(path)
        actor, scope = acting_user(options["user"])
        try:
            done = checkins_import(
                actor=actor,
                scope=scope,
                content=content,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.render('vi')} / {problem.render('en')}")
            raise CommandError(
                f"{path.name}: {len(exc.problems)} lỗi, không nhập gì / "
                f"{len(exc.problems)} error(s), nothing was imported"
            ) from None
        if done.dry_run:
            self.stdout.write(
                f"{path.name}: chạy thử, chưa ghi gì — {done.rows} dòng hợp lệ / "
                f"dry run, nothing written — {done.rows} valid rows"
            )
        else:
            self.stdout.write(
                f"{path.name}: đã nhập {done.created} dòng / imported {done.created} rows"
            )
