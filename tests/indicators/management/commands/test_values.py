"""`dieuhanh values` (indicators/management/commands/values.py): JSON rows out."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.indicators.conftest import Put


def test_values_command_prints_json_rows(put: Put, capsys: pytest.CaptureFixture[str]) -> None:
    put("THU_NSNN", "23962", "202101", "55.16")
    call_command("values", "--unit", "633", "--period", "2021S1", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert next(r for r in rows if r["indicator"] == "THU_NSNN")["value"] == 55.16
