"""DHIS2 CSV import: a year of monthly values of every commune of the province for 20 indicators
(≈ 105,000 values, all new), through `values_import_file` as the console, page and API call it:
the file read and hashed, every row checked (codes, units, scope, locks, values, duplicates),
then the values written with their history and the running totals of every ancestor. The
history of a value an import creates is the import's own record (ValueImport: who, when, which
file, its SHA-256), which each new value points at; see services.values_import. Against the
floor (the same rows INSERTed by one prepared statement, nothing checked, no history, no
totals) and the naive way (Django's bulk_create). Each run is rolled back, so every run imports
the same file."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from bench.generate import ON, PROVINCE
from bench.harness import Case, measure
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.bulk import db_value, insert_many
from dieuhanh.indicators.models import DataValue, Disaggregation, Indicator
from dieuhanh.indicators.services.imports import values_import_file
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.periods import parse_period

N_INDICATORS = 20
YEAR = 2021


class _Rollback(Exception):
    pass


def _rolled_back(fn: Callable[[], object]) -> None:
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        pass


def _indicators() -> list[Indicator]:
    basis = Disaggregation.objects.get(code="BENCH_BASIS")
    for i in range(N_INDICATORS):
        Indicator.objects.get_or_create(
            code=f"BI_{i:02d}",
            defaults={
                "name_vi": f"Chỉ tiêu nhập {i}",
                "name_en": f"Imported indicator {i}",
                "disaggregation": basis,
                "sort_order": 5000 + i,
                "is_active": False,  # kept out of the review-table cases
            },
        )
    return list(Indicator.objects.filter(code__startswith="BI_").order_by("code"))


def _file(indicators: list[Indicator], communes: list[OrgUnit]) -> tuple[bytes, int]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "dataelement",
            "period",
            "orgunit",
            "catoptcombo",
            "attroptcombo",
            "value",
            "storedby",
            "lastupdated",
            "comment",
            "followup",
        ]
    )
    n = 0
    for month in range(1, 13):
        for unit in communes:
            for ind in indicators:
                for option in ("CURRENT", "CONSTANT2010"):
                    writer.writerow(
                        [
                            ind.code,
                            f"{YEAR}{month:02d}",
                            unit.code,
                            option,
                            "",
                            f"{(n % 997) + 0.5}",
                            "bench",
                            "",
                            "",
                            "false",
                        ]
                    )
                    n += 1
    return out.getvalue().encode(), n


def cases() -> list[Case]:
    indicators = _indicators()
    province = OrgUnit.objects.get(valid_on_q(ON), code=PROVINCE)
    # Communes in force the whole year: a unit created or merged mid-year refuses the months it
    # did not exist (since the 2020–2025 history, issue 17).
    communes = list(
        OrgUnit.objects.filter(
            valid_on_q(datetime.date(YEAR, 1, 1)),
            valid_on_q(datetime.date(YEAR, 12, 31)),
            level=3,
            path__startswith=province.path,
        )
    )
    content, n = _file(indicators, communes)
    options = {o.code: o.pk for o in indicators[0].disaggregation.options.all()}  # type: ignore[union-attr]  # the first indicator is disaggregated
    months = [parse_period(f"{YEAR}{m:02d}") for m in range(1, 13)]
    now = db_value(DataValue, "updated_at", timezone.now())
    rows = [
        (
            ind.pk,
            options[o],
            unit.pk,
            p.code,
            db_value(DataValue, "period_start", p.start),
            db_value(DataValue, "period_end", p.end),
            Decimal("1.5"),
            "actual",
            "",
            1,
            now,
        )
        for p in months
        for unit in communes
        for ind in indicators
        for o in options
    ]

    def system() -> None:
        values_import_file(
            actor=None,
            scope=Scope.everything(),
            content=content,
            file_name="bench.csv",
            fmt="dhis2-csv",
            dry_run=False,
        )

    def floor() -> None:
        insert_many(
            DataValue,
            (
                "indicator",
                "option",
                "unit",
                "period",
                "period_start",
                "period_end",
                "value",
                "status",
                "comment",
                "version",
                "updated_at",
            ),
            rows,
        )

    def naive() -> None:
        DataValue.objects.bulk_create(
            [
                DataValue(
                    indicator_id=i,
                    option_id=o,
                    unit_id=u,
                    period=code,
                    period_start=p.start,
                    period_end=p.end,
                    value=v,
                    status=s,
                )
                for (i, o, u, code, _s, _e, v, s, _c, _v, _n), p in zip(
                    rows,
                    (p for p in months for _ in range(len(communes) * len(indicators) * 2)),
                    strict=True,
                )
            ],
            batch_size=5000,
        )

    case = Case(
        "indicators.import_dhis2_csv",
        f"DHIS2 CSV of {n} new values (read, checked, written with their import record as "
        "history and running totals)",
        connection.vendor,
    )
    case.figures.append(measure("system: values_import_file", lambda: _rolled_back(system), 5))
    case.figures.append(measure("floor: one prepared INSERT", lambda: _rolled_back(floor), 5))
    case.figures.append(measure("naive: bulk_create", lambda: _rolled_back(naive), 5))
    seconds = case.figures[0].median_ms / 1000
    case.what += f" — {n / seconds:,.0f} values/s"
    return [case]
