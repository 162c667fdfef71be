"""`dieuhanh rates --data-set CODE --unit CODE --period PERIOD [--json]`: the reporting-rate
summary of a data set (units × periods: expected, reported, on time, rate)."""

from __future__ import annotations

import argparse
from typing import Any

from dieuhanh.core.commands import DomainCommand, print_json
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.selectors.completeness import rates_document, reporting_rates
from dieuhanh.indicators.selectors.forms import data_set_get
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.vn import format_number


def _pct(value: object) -> str:
    return "" if value is None else format_number(float(str(value)), 1) + "%"


class Command(DomainCommand):
    help = "Reporting rate summary of a data set: expected, reported and on-time reports."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--data-set", required=True, help="data set code, e.g. KTXH_THANG")
        parser.add_argument(
            "--unit", required=True, help="unit code (resolved at the period's end)"
        )
        parser.add_argument("--period", required=True, help="2021, 2021S1, 2021Q2, 202106")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        period = period_parse(options["period"])
        scope = Scope.everything()
        unit = unit_resolve(
            code=options["unit"], on=period, scope=scope, policy=UnitPolicy.IN_PERIOD
        )
        rates = reporting_rates(
            data_set=data_set_get(code=options["data_set"]), unit=unit, period=period, scope=scope
        )
        if options["json"]:
            print_json(rates_document(rates))
            return
        self.stdout.write(
            f"{rates.data_set.name_vi} — {unit.name} ({unit.code}), {period.label_vi()}"
        )
        self.stdout.write(
            f"  {'kỳ':<10} {'phải báo cáo':>12} {'đã báo cáo':>10} {'đúng hạn':>9} "
            f"{'tỷ lệ':>8}  hạn"
        )
        for t, due in zip(rates.totals, rates.due, strict=True):
            code = t.period.code if t.period else ""
            self.stdout.write(
                f"  {code:<10} {t.expected:>12} {t.reported:>10} {t.on_time:>9} "
                f"{_pct(t.rate_pct):>8}  {due:%d/%m/%Y}"
            )
        if rates.total is not None:
            t = rates.total
            self.stdout.write(
                f"  {'cộng':<10} {t.expected:>12} {t.reported:>10} {t.on_time:>9} "
                f"{_pct(t.rate_pct):>8}"
            )
