"""`dieuhanh rates` (indicators/management/commands/rates.py): the summary as text and JSON."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.indicators.conftest import Put


def test_rates_command_prints_json(put: Put, capsys: pytest.CaptureFixture[str]) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    call_command(
        "rates", "--data-set", "KTXH_THANG", "--unit", "633", "--period", "202101", "--json"
    )
    body = json.loads(capsys.readouterr().out)
    assert (body["total"]["expected"], body["total"]["reported"]) == (15, 1)


def test_rates_command_prints_the_rate_the_vietnamese_way(
    put: Put, capsys: pytest.CaptureFixture[str]
) -> None:
    for code in ("23962", "23944", "23945"):
        put("THU_NSNN", code, "202101", "1")
    call_command("rates", "--data-set", "KTXH_THANG", "--unit", "633", "--period", "202101")
    assert "20,0%" in capsys.readouterr().out
