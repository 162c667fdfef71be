"""Public holidays (direction/pure/holidays.py): a year without a list falls back to the solar
holidays."""

from __future__ import annotations

from dieuhanh.direction.pure.holidays import holidays_between
from tests.direction.factories import D


def test_a_year_without_a_list_falls_back_to_the_solar_holidays() -> None:
    assert D(2040, 9, 2) in holidays_between(D(2040, 1, 1), D(2040, 12, 31))
