"""`dieuhanh checkins import FILE [--dry-run] [--user NAME]` (CSV per docs/design.md §3) and
`dieuhanh checkins compact` and `dieuhanh checkins purge [--before DATE] [--dry-run]`.

The whole file is checked first; a refused file changes nothing: each faulty row (row, field,
message in Vietnamese and English) goes to stderr and the exit status is 1. An import into a
store that holds check-ins appends parts; `compact` merges them into the blocks (run it after
loads, e.g. nightly). `purge` deletes check-ins older than the retention period
(DIEUHANH_CHECKIN_RETENTION_DAYS, 30) or than 00:00 of `--before` (YYYY-MM-DD, local).
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand
from dieuhanh.core.imports import ImportRefused
from dieuhanh.outbreak.checkin_store import checkins_compact
from dieuhanh.outbreak.management.commands._common import acting_user, read_file
from dieuhanh.outbreak.services.imports import checkins_import
from dieuhanh.outbreak.services.retention import checkins_purge


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: ngày phải có dạng YYYY-MM-DD / the date must be YYYY-MM-DD"
        ) from None


class Command(DomainCommand):
    help = "Import checkins from CSV (times ISO 8601 with offset), all or nothing."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV file")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.add_argument("--user", help="act as this user (role and scope); the system if left out")
        sub.add_parser("compact", help="merge the parts later loads appended into the blocks")
        purge = sub.add_parser("purge", help="delete check-ins older than the retention period")
        purge.add_argument(
            "--before",
            type=_date,
            help="delete check-ins before 00:00 of this day (YYYY-MM-DD); default: today minus "
            "DIEUHANH_CHECKIN_RETENTION_DAYS",
        )
        purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compact":
            compacted = checkins_compact()
            self.stdout.write(
                f"đã gộp {compacted.parts} phần vào {compacted.blocks} khối / "
                f"merged {compacted.parts} part(s) into {compacted.blocks} block(s)"
            )
            return
        if options["action"] == "purge":
            purged = checkins_purge(before=options["before"], dry_run=options["dry_run"])
            day = purged.before.strftime("%d/%m/%Y")
            if purged.dry_run:
                self.stdout.write(
                    f"chạy thử: sẽ xoá {purged.checkins} lượt check-in và "
                    f"{purged.declarations} tờ khai y tế trước {day} / dry run: would delete "
                    f"{purged.checkins} check-in(s) and {purged.declarations} health "
                    f"declaration(s) before {day}"
                )
            else:
                self.stdout.write(
                    f"đã xoá {purged.checkins} lượt check-in trước {day} ({purged.blocks_deleted} "
                    f"khối xoá, {purged.blocks_rewritten} khối ghi lại) và {purged.declarations} "
                    f"tờ khai y tế / deleted {purged.checkins} check-in(s) before {day} "
                    f"({purged.blocks_deleted} block(s) deleted, {purged.blocks_rewritten} "
                    f"rewritten) and {purged.declarations} health declaration(s)"
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
