"""Exports and templates (indicators/selectors/imports.py): the subtree's values of the period, a
sheet per month and a row per option, the filled template, comments that cannot run."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import Indicator
from dieuhanh.indicators.selectors.imports import values_export_file
from tests.conftest import unit_on
from tests.indicators.conftest import Put
from tests.indicators.files import H1, export, row_of, template


def test_export_holds_the_subtree_values_within_the_period(values: Put) -> None:
    lines = export().decode().splitlines()
    assert [line.split(",")[:6] for line in lines[1:]] == [
        ["GTSX", "202101", "23962", "CURRENT", "", "100.5"],
        ["GTSX", "202101", "23962", "CONSTANT2010", "", "90.25"],
        ["THU_NSNN", "2021S1", "23966", "", "", "55.16"],
    ]


def test_the_template_has_a_sheet_per_month_and_a_row_per_option(
    catalogue: dict[str, Indicator],
) -> None:
    book = load_workbook(io.BytesIO(template()))
    assert book.sheetnames[:6] == [f"2021{m:02d}" for m in range(1, 7)]
    assert book["_dieuhanh"].sheet_state == "hidden"
    assert book["202101"].max_row == 3 + 2 * 4 + 2  # GTSX and its 3 parts × 2 bases, 2 more


def test_xlsx_export_is_the_filled_template(values: Put) -> None:
    content = values_export_file(
        unit=unit_on("23962"),
        period=H1,
        fmt="xlsx",
        scope=Scope.everything(),
        data_set="KTXH_THANG",
    ).content
    ws = load_workbook(io.BytesIO(content))["202101"]
    row = row_of(content, "202101", "GTSX", "CURRENT")
    assert (ws[f"E{row}"].value, ws[f"F{row}"].value) == (100.5, "ước")


def test_exported_comments_cannot_run_as_formulas(put: Put) -> None:
    value = put("THU_NSNN", "23962", "202101", "1")
    value.comment = '=HYPERLINK("http://x")'
    value.save()
    assert "\"'=HYPERLINK" in export().decode()
    content = values_export_file(
        unit=unit_on("23962"), period=H1, fmt="xlsx", scope=Scope.everything()
    ).content
    row = row_of(content, "202101", "THU_NSNN")
    assert load_workbook(io.BytesIO(content))["202101"][f"G{row}"].value.startswith("'=")
