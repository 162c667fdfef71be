"""The running totals (indicators/rollups.py) stay equal to a fresh computation through every
way values are written."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.indicators.models import Indicator, ValueRollup
from dieuhanh.indicators.pure.exchange.common import RawValue
from dieuhanh.indicators.rollups import rollup_mismatches
from dieuhanh.indicators.services.imports import values_import
from tests.indicators.factories import save


def test_totals_follow_create_update_and_delete(
    officer: User, catalogue: dict[str, Indicator]
) -> None:
    save(officer, catalogue, "10", None)
    save(officer, catalogue, "12,5", 1, "estimate")
    save(officer, catalogue, "", 2)
    save(officer, catalogue, "3", None)
    assert rollup_mismatches() == 0


def test_totals_cover_every_ancestor(officer: User, catalogue: dict[str, Indicator]) -> None:
    save(officer, catalogue, "10", None)
    assert set(ValueRollup.objects.values_list("ancestor__code", flat=True)) == {"633", "64"}


def test_totals_follow_an_import(officer: User, catalogue: dict[str, Indicator]) -> None:
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
