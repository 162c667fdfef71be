"""`dieuhanh ntm summary|export|import`: the new-rural programme on the command line.

  dieuhanh ntm summary --unit CODE --on YYYY-MM-DD [--json]
  dieuhanh ntm export --unit CODE --year YYYY [--on YYYY-MM-DD] -o FILE.xlsx
  dieuhanh ntm import FILE.xlsx [--dry-run] [--user NAME]

Without --user the console acts as the system, over every unit. A refused file changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.commands import DomainCommand, parse_day, print_json
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.selectors.exchange import assessments_export_xlsx
from dieuhanh.ntm.selectors.recognitions import level_label
from dieuhanh.ntm.selectors.summary import summary
from dieuhanh.ntm.services.assessments import assessment_day
from dieuhanh.ntm.services.exchange import assessments_import_xlsx


class Command(DomainCommand):
    help = "New-rural development: summary of a unit on a date; assessments to/from Excel."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        s = sub.add_parser("summary", help="communes, recognised communes, criteria met")
        s.add_argument("--unit", required=True, help="unit code, resolved on --on")
        s.add_argument("--on", help="YYYY-MM-DD (default: today)")
        s.add_argument("--json", action="store_true")
        e = sub.add_parser("export", help="the assessment workbook of the communes under a unit")
        e.add_argument("--unit", required=True)
        e.add_argument("--year", required=True, type=int)
        e.add_argument("--on", help="YYYY-MM-DD the code is resolved on (default: the year's end)")
        e.add_argument("-o", "--output", required=True)
        i = sub.add_parser("import", help="read an assessment workbook back")
        i.add_argument("file")
        i.add_argument("--dry-run", action="store_true")
        i.add_argument("--user", help="act as this user (role and scope)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "summary":
            self._summary(options)
        elif action == "export":
            year = options["year"]
            on = parse_day(options["on"]) if options["on"] else assessment_day(year)
            data = assessments_export_xlsx(
                scope=Scope.everything(), unit_code=options["unit"], on=on, year=year
            )
            Path(options["output"]).write_bytes(data)
            self.stdout.write(f"{options['output']}: {len(data)} bytes")
        else:
            self._import(options)

    def _summary(self, options: dict[str, Any]) -> None:
        on = parse_day(options["on"])
        doc = summary(scope=Scope.everything(), unit_code=options["unit"], on=on)
        if options["json"]:
            print_json(doc)
            return
        self.stdout.write(
            f"{doc['name']} ({doc['unit']}) — {on.isoformat()}: {doc['recognised']}/"
            f"{doc['communes']} xã đạt chuẩn nông thôn mới "
            f"(đánh giá năm {doc['year']}, {doc['criteria_set'] or '—'})"
        )
        communes = doc["per_commune"]
        assert isinstance(communes, list)  # one dict per commune, see summary()
        for row in communes:
            met = (
                "—"
                if row["criteria_met"] is None
                else f"{row['criteria_met']}/{doc['criteria_total']}"
            )
            level = level_label(row["level"]) if row["level"] else ""
            self.stdout.write(f"  {row['code']:<6} {row['name']:<22} {met:>6}  {level}")
            for f in row["formed_from"]:
                held = level_label(f["level_at_merger"]) if f["level_at_merger"] else "—"
                self.stdout.write(f"      ← {f['name']} ({f['basis']}): {held}")

    def _import(self, options: dict[str, Any]) -> None:
        actor: User | None = None
        scope = Scope.everything()
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    f"Không có người dùng {options['user']!r} / No such user {options['user']!r}"
                )
            scope = user_scope(user=actor)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path} / File not found: {path}")
        with path.open("rb") as stream:
            written = assessments_import_xlsx(
                actor=actor,
                scope=scope,
                stream=stream,
                file_name=path.name,
                dry_run=options["dry_run"],
            )
        verb = "would write" if options["dry_run"] else "wrote"
        self.stdout.write(f"{path}: {verb} {written} assessment(s)")
