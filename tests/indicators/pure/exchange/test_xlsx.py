"""The Excel template (indicators/pure/exchange/xlsx.py), as plain data (no database): filled rows
read back, formula injection, a workbook that is not a template."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dieuhanh.indicators.pure.exchange.common import ExchangeError
from dieuhanh.indicators.pure.exchange.xlsx import (
    Template,
    TemplateRow,
    TemplateSheet,
    read_values_xlsx,
    write_values_xlsx,
)


def _template(comment: str = "") -> Template:
    rows = [
        TemplateRow("GTSX", "CURRENT", "Tổng — hiện hành", "tỷ đồng", Decimal("12.5"), "estimate"),
        TemplateRow("THU_NSNN", "", "Thu", "tỷ đồng", comment=comment),
    ]
    return Template(
        "KTXH_THANG",
        "Biểu tháng",
        "23962",
        "Xã Ia Blang",
        "202101",
        "tháng 1 năm 2021",
        [TemplateSheet("202101", "tháng 1 năm 2021", rows)],
    )


def test_a_template_reads_back_its_filled_rows_only() -> None:
    (row,) = read_values_xlsx(write_values_xlsx(_template()))
    assert (row.sheet, row.row, row.indicator, row.option, row.value_text, row.status) == (
        "202101",
        4,
        "GTSX",
        "CURRENT",
        "12.5",
        "ước",
    )


def test_formula_injection_is_neutralised_in_xlsx() -> None:
    book = load_workbook(io.BytesIO(write_values_xlsx(_template(comment="=HYPERLINK(1)"))))
    cell = book["202101"]["G5"]
    assert (cell.value, cell.data_type) == ("'=HYPERLINK(1)", "s")


def test_a_workbook_that_is_not_a_template_is_refused() -> None:
    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ExchangeError):
        read_values_xlsx(out.getvalue())
