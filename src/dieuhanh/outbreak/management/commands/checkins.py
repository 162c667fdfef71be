"""`dieuhanh checkins import FILE [--columns ROLE=NAME,…] [--person-kind K] [--venue-kind K]
[--unit CODE] [--dry-run] [--user NAME]` (CSV per docs/design.md §3), `dieuhanh checkins
compact` and `dieuhanh checkins purge [--before DATE] [--dry-run]`.

Persons and venues may be internal ids or external identifiers (phone, CCCD, CMND, passport,
source id; QR code, venue code): `--person-kind` / `--venue-kind` name the kind, `auto` (the
default) tells it from each value. Unknown persons are registered pseudonymously in `--unit`
(default: the user's one unit, the top unit for the system), unknown venues from the file.

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
from dieuhanh.outbreak.management.commands._common import acting_user, unit_option
from dieuhanh.outbreak.pure.identifiers import PERSON_KINDS, VENUE_KINDS
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
        imp.add_argument(
            "--columns",
            default="",
            help="the file's column of each role: person=…,venue=…,checked_in_at=…,"
            "checked_out_at=…,venue_name=… (default: person_id,venue_id,checked_in_at,"
            "checked_out_at,venue_name)",
        )
        imp.add_argument(
            "--person-kind",
            default="auto",
            choices=("auto", "id", *PERSON_KINDS),
            help="what the person column holds (auto: told from each value)",
        )
        imp.add_argument(
            "--venue-kind",
            default="auto",
            choices=("auto", "id", *VENUE_KINDS),
            help="what the venue column holds (auto: a whole number is an id, else a QR code)",
        )
        imp.add_argument("--unit", help="unit code where unknown persons are registered")
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
        if not path.is_file():
            raise CommandError(f"Không đọc được tệp {path} / Cannot read {path}")
        actor, scope = acting_user(options["user"])
        unit = unit_option(options["unit"]) if options["unit"] else None
        try:
            done = checkins_import(
                actor=actor,
                scope=scope,
                content=path,
                file_name=path.name,
                dry_run=options["dry_run"],
                columns=options["columns"],
                person_kind=options["person_kind"],
                venue_kind=options["venue_kind"],
                unit=unit,
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.render('vi')} / {problem.render('en')}")
            raise CommandError(
                f"{path.name}: {len(exc.problems)} lỗi, không nhập gì / "
                f"{len(exc.problems)} error(s), nothing was imported"
            ) from None
        new = done.persons_registered, done.venues_registered
        if done.dry_run:
            self.stdout.write(
                f"{path.name}: chạy thử, chưa ghi gì — {done.rows} dòng hợp lệ, sẽ đăng ký "
                f"{new[0]} người và {new[1]} địa điểm mới / dry run, nothing written — "
                f"{done.rows} valid rows, {new[0]} new person(s) and {new[1]} new venue(s) "
                "to register"
            )
        else:
            self.stdout.write(
                f"{path.name}: đã nhập {done.created} dòng, đăng ký {new[0]} người và {new[1]} "
                f"địa điểm mới / imported {done.created} rows, registered {new[0]} new "
                f"person(s) and {new[1]} new venue(s)"
            )
