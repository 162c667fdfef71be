"""`dieuhanh export` (indicators/management/commands/export.py): each format written."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command
from openpyxl import load_workbook

from tests.indicators.conftest import Put


def test_export_command_writes_each_format(tmp_path: Path, put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "55.16")
    for fmt, name in [("dhis2-json", "a.json"), ("dhis2-csv", "a.csv"), ("xlsx", "a.xlsx")]:
        call_command(
            "export",
            "--unit",
            "23962",
            "--period",
            "2021S1",
            "--format",
            fmt,
            "-o",
            str(tmp_path / name),
        )
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["dataValues"][0]["value"] == "55.16"
    assert "202101" in load_workbook(tmp_path / "a.xlsx").sheetnames
