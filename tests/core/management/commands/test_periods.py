"""`dieuhanh periods` (core/management/commands/periods.py): JSON out, a malformed code refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_periods_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("periods", "show", "202106", "--json")
    assert '"cutoff_start": "2021-05-15"' in capsys.readouterr().out


def test_periods_command_refuses_a_malformed_code() -> None:
    with pytest.raises(CommandError, match="2021-06"):
        call_command("periods", "show", "2021-06")
