"""`dieuhanh tasks list|table|remind`: tasks of a unit, the leaders' table, and the day's
reminders and escalations (e-mail through Django's mail backend: SMTP when DIEUHANH_EMAIL_HOST
is set, the console otherwise). Run `tasks remind` once a day (cron/systemd timer): it sends
each task at most one message of each kind per day."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.core.commands import DomainCommand, parse_day, print_json
from dieuhanh.core.scope import Scope
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors.tasks import task_dict, task_rows, tasks_table, unit_row_dict
from dieuhanh.direction.services.reminders import tasks_remind
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


class Command(DomainCommand):
    help = "Tasks of a unit, the leaders' table, and reminders/escalations."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="tasks led within a unit")
        listing.add_argument("--unit", required=True, metavar="CODE")
        listing.add_argument("--on", help="status as of YYYY-MM-DD (default: today)")
        listing.add_argument("--status", choices=[s.value for s in TaskStatus], default="")
        listing.add_argument("--json", action="store_true")
        table = sub.add_parser("table", help="the leaders' table: on time / late / overdue")
        table.add_argument("--unit", required=True, metavar="CODE")
        table.add_argument("--on", help="status as of YYYY-MM-DD (default: today)")
        table.add_argument("--json", action="store_true")
        remind = sub.add_parser("remind", help="send today's reminders and escalations")
        remind.add_argument("--today", help="YYYY-MM-DD (default: today, Asia/Ho_Chi_Minh)")
        remind.add_argument(
            "--days", type=int, default=3, help="remind this many working days ahead (default 3)"
        )
        remind.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "remind":
            if not 0 <= options["days"] <= 60:
                raise CommandError("--days phải từ 0 đến 60 / --days must be 0 to 60")
            sent = tasks_remind(today=parse_day(options["today"]), remind_days=options["days"])
            if options["json"]:
                print_json(
                    [
                        {
                            "task": s.task_id,
                            "title": s.task,
                            "kind": s.kind,
                            "deadline": s.deadline.isoformat(),
                            "recipients": list(s.recipients),
                        }
                        for s in sent
                    ]
                )
            else:
                for s in sent:
                    self.stdout.write(
                        f"{s.kind}\t#{s.task_id}\t{s.deadline:%d/%m/%Y}\t{s.task}\t"
                        f"→ {', '.join(s.recipients) or '—'}"
                    )
                self.stdout.write(f"{len(sent)} thông báo / messages")
            return
        day = parse_day(options["on"])
        scope = Scope.everything()
        unit = unit_resolve(
            code=options["unit"], on=day, scope=scope, policy=UnitPolicy.LATEST_BEFORE
        )
        if action == "list":
            rows = task_rows(scope=scope, unit=unit, today=day, status=options["status"])
            if options["json"]:
                print_json([task_dict(r) for r in rows])
                return
            for r in rows:
                self.stdout.write(
                    f"#{r.id}\t{r.deadline:%d/%m/%Y}\t{r.percent:>3}%\t{r.status}\t"
                    f"{r.assignee}\t{r.title}"
                )
            return
        table = tasks_table(scope=scope, unit=unit, today=day)
        if options["json"]:
            print_json(
                {
                    "unit": unit.code,
                    "on": day.isoformat(),
                    "rows": [unit_row_dict(r) for r in table.rows],
                    "total": unit_row_dict(table.total),
                }
            )
            return
        self.stdout.write("Đơn vị chủ trì\tTổng\tĐúng hạn\tTrễ hạn\tQuá hạn\tĐang thực hiện")
        for line in (*table.rows, table.total):
            self.stdout.write(
                f"{line.assignee or 'Tổng cộng'}\t{line.total}\t{line.on_time}\t{line.late}\t"
                f"{line.overdue}\t{line.in_progress}"
            )
