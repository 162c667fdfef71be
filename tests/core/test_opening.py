"""The opening rule (core/opening.py): the day and period a page opens on."""

from __future__ import annotations

import datetime

from dieuhanh.core.opening import opening_day, opening_period
from dieuhanh.periods import PeriodKind

TODAY = datetime.date(2026, 12, 7)


def test_opens_on_the_newest_day_with_data() -> None:
    assert opening_day(today=TODAY, newest=datetime.date(2025, 12, 31)) == datetime.date(
        2025, 12, 31
    )


def test_opens_on_today_when_nothing_is_there() -> None:
    assert opening_day(today=TODAY, newest=None) == TODAY


def test_never_opens_after_today() -> None:
    assert opening_day(today=TODAY, newest=datetime.date(2027, 1, 1)) == TODAY


def test_never_opens_after_the_units_last_day() -> None:
    day = opening_day(
        today=TODAY, newest=datetime.date(2025, 12, 31), valid_to=datetime.date(2025, 6, 30)
    )
    assert day == datetime.date(2025, 6, 30)


def test_an_abolished_unit_without_data_opens_on_its_last_day() -> None:
    day = opening_day(today=TODAY, newest=None, valid_to=datetime.date(2025, 6, 30))
    assert day == datetime.date(2025, 6, 30)


def test_the_period_is_the_one_of_the_kind_holding_that_day() -> None:
    period = opening_period(
        today=TODAY, newest=datetime.date(2021, 12, 31), kind=PeriodKind.HALF_YEAR
    )
    assert period.code == "2021S2"


def test_the_period_of_a_month_page() -> None:
    period = opening_period(today=TODAY, newest=datetime.date(2021, 12, 31), kind=PeriodKind.MONTH)
    assert period.code == "202112"
