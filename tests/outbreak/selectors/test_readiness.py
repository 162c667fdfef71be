"""The readiness table (outbreak/selectors/readiness.py): the gap against the level required."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.selectors.readiness import readiness_table
from dieuhanh.outbreak.services.readiness import readiness_set
from tests.conftest import unit_on
from tests.outbreak.factories import DISTRICT, D, scope_of


def test_readiness_shows_the_gap_against_the_required_level(health: User) -> None:
    readiness_set(
        actor=health,
        scope=scope_of(health),
        unit_code=DISTRICT,
        on=D(2021, 7, 1),
        item="beds",
        required=200,
        available=150,
    )
    [entry] = readiness_table(scope=scope_of(health), unit=unit_on(DISTRICT))
    [line] = entry.pillars["logistics"]
    assert (line.gap.missing, entry.missing_items) == (50, 1)
