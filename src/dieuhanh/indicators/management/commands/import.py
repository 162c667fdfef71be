"""`dieuhanh import FILE [--format dhis2-json|dhis2-csv|xlsx] [--dry-run] [--user NAME]`.

Imports indicator values from a DHIS2 file or a filled Excel template, all or nothing. Without
--user the command acts as the system, over every unit. A refused file changes nothing: each
faulty row goes to stderr, then one bilingual line sums up, and the exit status is 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.commands import DomainCommand
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.pure.exchange.common import FORMATS
from dieuhanh.indicators.services.imports import values_import_file


class Command(DomainCommand):
    help = "Import indicator values from DHIS2 JSON or CSV, or a filled Excel template."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument(
            "--format", choices=FORMATS, help="guessed from the extension when left out"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--user", help="act as this user (role and scope); the system when left out"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"Không đọc được tệp {path}: {exc.strerror} / Cannot read {path}: {exc.strerror}"
            ) from None
        actor: User | None = None
        scope = Scope.everything()
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    f"Không có người dùng “{options['user']}” / No active user “{options['user']}”"
                )
            scope = user_scope(user=actor)
        try:
            result = values_import_file(
                actor=actor,
                scope=scope,
                content=content,
                file_name=path.name,
                fmt=options["format"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(f"{problem.render('vi')} / {problem.error.render('en')}")
            raise CommandError(
                f"{path.name}: {len(exc.problems)} lỗi, không nhập gì / "
                f"{len(exc.problems)} error(s), nothing was imported"
            ) from None
        counts_vi = (
            f"{result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi "
            f"({result.rows} dòng)"
        )
        counts_en = (
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged "
            f"({result.rows} rows)"
        )
        if result.dry_run:
            self.stdout.write(
                f"{path.name}: chạy thử, chưa ghi gì — sẽ có {counts_vi} / "
                f"dry run, nothing written — would be {counts_en}"
            )
        else:
            self.stdout.write(f"{path.name}: đã nhập {counts_vi} / imported {counts_en}")
