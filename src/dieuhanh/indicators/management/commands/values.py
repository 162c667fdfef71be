"""`dieuhanh values --unit CODE --period PERIOD [--json]`: the review table of a unit."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.selectors.review import review_row_dict, review_table
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.vn import change_phrase, format_number


def _fmt(value: object, suffix: str = "") -> str:
    """A figure of a review row (a float or None, see review_row_dict) the Vietnamese way."""
    if value is None:
        return ""
    assert isinstance(value, (Decimal, int, float))
    return format_number(value, 2) + suffix


def _growth(value: object) -> str:
    return "" if value is None else change_phrase(Decimal(str(value)))


class Command(DomainCommand):
    help = "Value, same period last year, growth, plan and shares of every indicator of a unit."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--unit", required=True, help="unit code (resolved at the period's end)"
        )
        parser.add_argument("--period", required=True, help="2021S1, 2021, 2021Q2, 202106")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_parse(options["period"])
        scope = Scope.everything()
        unit = unit_resolve(
            code=options["unit"], on=period, scope=scope, policy=UnitPolicy.IN_PERIOD
        )
        table = review_table(unit=unit, period=period, scope=scope)
        rows = [review_row_dict(table, r) for r in table.rows]
        if options["json"]:
            print_json(rows)
            return
        self.stdout.write(f"{unit.name} ({unit.code}) — {period.label_vi()}")
        if table.previous_from_predecessors:
            names = ", ".join(s.unit.name for s in table.previous_sources)
            self.stdout.write(f"  cùng kỳ {table.previous_period.code} tính từ: {names}")
        for r in rows:
            label = f"{r['indicator']}{'[' + str(r['option']) + ']' if r['option'] else ''}"
            self.stdout.write(
                f"  {label:<26} {_fmt(r['value']):>14} {r['unit']:<8} "
                f"cùng kỳ {_fmt(r['previous']):>12}  {_growth(r['growth_pct']):>14}  "
                f"KH {_fmt(r['plan_pct'], '%'):>9}  {r['status'] or ''}"
            )
