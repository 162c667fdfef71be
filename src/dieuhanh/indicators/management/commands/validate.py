"""`dieuhanh validate --unit CODE --period PERIOD [--json]`: the rules a unit's figures break."""

from __future__ import annotations

import argparse
from typing import Any

from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.selectors.rules import rule_violations, violation_dict
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


class Command(DomainCommand):
    help = "Run the validation rules on a unit's live figures for a period."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_parse(options["period"])
        scope = Scope.everything()
        unit = unit_resolve(
            code=options["unit"], on=period, scope=scope, policy=UnitPolicy.IN_PERIOD
        )
        violations = [
            violation_dict(v) for v in rule_violations(unit=unit, period=period, scope=scope)
        ]
        if options["json"]:
            print_json(violations)
            return
        if not violations:
            self.stdout.write(
                f"{unit.name} {period.code}: không vi phạm quy tắc nào / no violations"
            )
        for v in violations:
            self.stdout.write(
                f"[{v['severity']}] {v['rule']}: {v['expression']} — {v['left']} vs {v['right']}"
            )
