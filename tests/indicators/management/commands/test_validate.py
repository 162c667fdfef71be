"""`dieuhanh validate` (indicators/management/commands/validate.py): JSON out."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.indicators.conftest import Put


def test_validate_command_prints_json(put: Put, capsys: pytest.CaptureFixture[str]) -> None:
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "1", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "1", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "1", "CURRENT")
    call_command("validate", "--unit", "633", "--period", "2021S1", "--json")
    assert json.loads(capsys.readouterr().out)[0]["rule"] == "GTSX_CO_CAU_HH"
