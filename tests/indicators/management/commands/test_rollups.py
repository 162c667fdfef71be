"""`dieuhanh rollups` (indicators/management/commands/rollups.py): the check passes on consistent
totals and fails on a wrong one, the rebuild repairs it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import Indicator, ValueRollup
from dieuhanh.indicators.rollups import rollup_mismatches
from tests.indicators.factories import save


def test_check_command_passes_on_consistent_totals(
    officer: User, catalogue: dict[str, Indicator], capsys: pytest.CaptureFixture[str]
) -> None:
    save(officer, catalogue, "10", None)
    call_command("rollups", "check")
    assert "match" in capsys.readouterr().out


def test_check_command_fails_on_a_wrong_total(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    save(officer, catalogue, "10", None)
    ValueRollup.objects.update(total=999)
    with pytest.raises(CommandError):
        call_command("rollups", "check")


def test_rebuild_repairs_a_wrong_total(officer: User, catalogue: dict[str, Indicator]) -> None:
    save(officer, catalogue, "10", None)
    ValueRollup.objects.update(total=999)
    call_command("rollups", "rebuild")
    assert rollup_mismatches() == 0
