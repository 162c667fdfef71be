"""Files for the import and export tests: CSV content, an import through the service, an export,
the form's Excel template and the row of an indicator in it, an upload for the API."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataSet, DataValue
from dieuhanh.indicators.selectors.imports import values_export_file, values_template_xlsx
from dieuhanh.indicators.services.imports import ImportResult, values_import_file
from dieuhanh.periods import Period, parse_period
from tests.conftest import unit_on

HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"
H1 = parse_period("2021S1")


def run(
    content: bytes, name: str = "data.csv", user: User | None = None, dry_run: bool = False
) -> ImportResult:
    return values_import_file(
        actor=user,
        scope=user_scope(user=user) if user else Scope.everything(),
        content=content,
        file_name=name,
        fmt=None,
        dry_run=dry_run,
    )


def refused(content: bytes, name: str = "data.csv", user: User | None = None) -> ImportRefused:
    with pytest.raises(ImportRefused) as exc:
        run(content, name, user)
    return exc.value


def export(unit: str = "633", fmt: str = "dhis2-csv", period: Period = H1) -> bytes:
    return values_export_file(
        unit=unit_on(unit), period=period, fmt=fmt, scope=Scope.everything()
    ).content


def stored() -> list[tuple[str, str | None, str, str, Decimal]]:
    return sorted(
        DataValue.objects.values_list(
            "indicator__code", "option__code", "unit__code", "period", "value"
        )
    )


def template(unit: str = "23962") -> bytes:
    return values_template_xlsx(
        data_set=DataSet.objects.get(code="KTXH_THANG"),
        unit=unit_on(unit),
        period=H1,
        scope=Scope.everything(),
    )


def row_of(content: bytes, sheet: str, code: str, option: str | None = None) -> int:
    ws = load_workbook(io.BytesIO(content))[sheet]
    for row in range(4, ws.max_row + 1):
        if ws.cell(row, 1).value == code and (ws.cell(row, 2).value or None) == option:
            return row
    raise AssertionError(code)


GOOD = (HEADER + "THU_NSNN,202101,23962,,,1.5\n").encode()
SIBLING = (HEADER + "THU_NSNN,202101,23962,,,1\nTHU_NSNN,202101,23966,,,2\n").encode()


def upload(content: bytes, name: str = "data.csv") -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f
