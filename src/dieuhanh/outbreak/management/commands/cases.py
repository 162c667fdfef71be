"""`dieuhanh cases import FILE [--columns person=NAME] [--person-kind K] [--dry-run] [--user NAME]`
(CSV per docs/design.md §3). The person column holds internal ids or external identifiers of
registered persons (phone, CCCD, CMND, passport, source id; `--person-kind auto` tells each value).

The whole file is checked first; a refused file changes nothing: each faulty row (row, field,
message in Vietnamese and English) goes to stderr and the exit status is 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand
from dieuhanh.core.imports import ImportRefused
from dieuhanh.outbreak.management.commands._common import acting_user, read_file
from dieuhanh.outbreak.pure.identifiers import PERSON_KINDS
from dieuhanh.outbreak.services.imports import cases_import


class Command(DomainCommand):
    help = "Import cases from CSV (times ISO 8601 with offset), all or nothing."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a CSV file")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        imp.add_argument("--user", help="act as this user (role and scope); the system if left out")
        imp.add_argument(
            "--columns",
            default="",
            help="the file's column of each field: person=…,confirmed_at=…,onset_date=…,"
            "sampled_at=…,isolated_at=… (default: the names themselves)",
        )
        imp.add_argument(
            "--person-kind",
            default="auto",
            choices=("auto", "id", *PERSON_KINDS),
            help="what the person column holds (auto: told from each value)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        content = read_file(path)
        actor, scope = acting_user(options["user"])
        try:
            done = cases_import(
                actor=actor,
                scope=scope,
                content=content,
                file_name=path.name,
                dry_run=options["dry_run"],
                columns=options["columns"],
                person_kind=options["person_kind"],
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
