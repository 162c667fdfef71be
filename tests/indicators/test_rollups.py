"""The running totals stay equal to a fresh computation through every way values are written."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.indicators.models import DataSet, ValueRollup
from dieuhanh.indicators.pure.exchange.common import RawValue
from dieuhanh.indicators.rollups import rollup_mismatches
from dieuhanh.indicators.services.imports import values_import
from dieuhanh.indicators.services.values import Entry, values_record
from dieuhanh.periods import parse_period
from tests.conftest import unit_on


@pytest.fixture
def officer(make_user):  # type: ignore[no-untyped-def]
    return make_user(role=Role.DATA_OFFICER, capture=("23962",))


def save(officer, catalogue, text: str, version: int | None, status: str = "actual") -> None:  # type: ignore[no-untyped-def]
    values_record(
        actor=officer,
        scope=user_scope(user=officer),
        unit=unit_on("23962"),
        period=parse_period("202101"),
        entries=[Entry(catalogue["THU_NSNN"], None, text, status, "", version)],
        data_set=DataSet.objects.get(code="KTXH_THANG"),
    )


def test_totals_follow_create_update_and_delete(officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    save(officer, catalogue, "12,5", 1, "estimate")
    save(officer, catalogue, "", 2)
    save(officer, catalogue, "3", None)
    assert rollup_mismatches() == 0


def test_totals_cover_every_ancestor(officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    assert set(ValueRollup.objects.values_list("ancestor__code", flat=True)) == {"633", "64"}


def test_totals_follow_an_import(officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    rows = [
        RawValue(
            row=1,
            indicator="THU_NSNN",
            period="202101",
            orgunit="23962",
            option="",
            value_text="20",
            comment="",
        ),
        RawValue(
            row=2,
            indicator="THU_NSNN",
            period="202102",
            orgunit="23962",
            option="",
            value_text="5",
            comment="",
        ),
    ]
    values_import(
        actor=officer, scope=user_scope(user=officer), rows=rows, file_name="t.csv", dry_run=False
    )
    assert rollup_mismatches() == 0


def test_check_command_passes_on_consistent_totals(officer, catalogue, capsys) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    call_command("rollups", "check")
    assert "match" in capsys.readouterr().out


def test_check_command_fails_on_a_wrong_total(officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    ValueRollup.objects.update(total=999)
    with pytest.raises(CommandError):
        call_command("rollups", "check")


def test_rebuild_repairs_a_wrong_total(officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    save(officer, catalogue, "10", None)
    ValueRollup.objects.update(total=999)
    call_command("rollups", "rebuild")
    assert rollup_mismatches() == 0
