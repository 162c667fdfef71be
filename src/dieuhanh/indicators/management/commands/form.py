"""`dieuhanh form show|submit|approve|return|unlock DATA_SET --unit CODE --period PERIOD
[--user NAME] [--reason TEXT] [--json]`.

A data-entry form's state and its steps, the same as the page and the API: submit (the unit's
officer; the form is read-only from then), approve (a leader of the unit above), return with a
reason (trả lại: open again), unlock an approved form with a reason. The steps act as `--user`
(they are a person's decision, never the system's); `show` without it reads every unit.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.selectors.forms import DataEntryForm, data_entry_form, data_set_get
from dieuhanh.indicators.services.forms import form_approve, form_return, form_submit, form_unlock
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.vn import format_number

ACTIONS = ("show", "submit", "approve", "return", "unlock")


class Command(DomainCommand):
    help = "A data-entry form's state; submit, approve, return or unlock it."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("data_set", help="the data set's code, e.g. KTXH_THANG")
        parser.add_argument("--unit", required=True, help="unit code (resolved on the period)")
        parser.add_argument("--period", required=True, help="the form's period, e.g. 202106")
        parser.add_argument("--user", help="act as this user (required for every step)")
        parser.add_argument("--reason", default="", help="why (return and unlock)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        actor: User | None = None
        scope = Scope.everything()
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    f"Không có người dùng “{options['user']}” / No active user “{options['user']}”"
                )
            scope = user_scope(user=actor)
        elif action != "show":
            raise CommandError(
                "Cần --user: bước này là quyết định của một người / "
                "--user is required: this step is a person's decision"
            )
        period = period_parse(options["period"])
        data_set = data_set_get(code=options["data_set"])
        unit = unit_resolve(
            code=options["unit"], on=period, scope=scope, policy=UnitPolicy.IN_PERIOD
        )
        if actor is not None and action != "show":
            reason = options["reason"]
            if action == "submit":
                form_submit(actor=actor, scope=scope, data_set=data_set, unit=unit, period=period)
            elif action == "approve":
                form_approve(actor=actor, scope=scope, data_set=data_set, unit=unit, period=period)
            elif action == "return":
                form_return(
                    actor=actor,
                    scope=scope,
                    data_set=data_set,
                    unit=unit,
                    period=period,
                    reason=reason,
                )
            else:
                form_unlock(
                    actor=actor,
                    scope=scope,
                    data_set=data_set,
                    unit=unit,
                    period=period,
                    reason=reason,
                )
        form = data_entry_form(
            data_set=data_set,
            unit=unit,
            period=period,
            scope=scope,
            role=actor.role if actor is not None else "admin",
        )
        self._print(form, options["json"])

    def _print(self, form: DataEntryForm, as_json: bool) -> None:
        if as_json:
            print_json(
                {
                    "data_set": form.data_set.code,
                    "unit": form.unit.code,
                    "period": form.period.code,
                    "state": form.state,
                    "read_only": form.read_only,
                    "return_reason": form.return_reason,
                    "values": [
                        {
                            "indicator": f.indicator.code,
                            "option": f.option.code if f.option else None,
                            "value": float(f.value.value) if f.value else None,
                            "flags": [
                                c for c in (f.value.flags if f.value else "").split(",") if c
                            ],
                            "comment": f.value.comment if f.value else "",
                        }
                        for f in form.fields
                    ],
                }
            )
            return
        self.stdout.write(
            f"{form.data_set.code} {form.unit.name} ({form.unit.code}) {form.period.label_vi()}: "
            f"{form.state_label}"
        )
        if form.return_reason:
            self.stdout.write(f"  trả lại / returned: {form.return_reason}")
        for f in form.fields:
            if f.value is None:
                continue
            label = f.indicator.code + (f"[{f.option.code}]" if f.option else "")
            flags = f"  ⚑ {f.value.flags}: {f.value.comment}" if f.value.flags else ""
            self.stdout.write(f"  {label:<26} {format_number(f.value.value):>14}{flags}")
