"""The dashboard's trends read several periods at once (`figures_for_periods`); each period's
figures must equal `figures_for` of that period alone — sums, averages, last values, entries
that replace the rollup, estimates, and periods built from predecessors after the 2025 reform."""

from __future__ import annotations

import datetime
import random

from dieuhanh.indicators.selectors.figures import (
    Figure,
    FigureKey,
    figures_for,
    figures_for_periods,
)
from dieuhanh.indicators.selectors.review import indicators_active
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, parse_period
from tests.conftest import unit_on
from tests.indicators.conftest import Put

COMMUNES_BEFORE = ("23941", "23962", "23965", "23968")  # township, Ia Blang, Dun, Ia Pal
AFTER = datetime.date(2025, 7, 1)


def _months(first: str, count: int) -> list[str]:
    period = parse_period(first)
    out = []
    for _ in range(count):
        out.append(period.code)
        period = period.next()
    return out


def _fill(put: Put, seed: int) -> None:
    rng = random.Random(seed)
    for month in _months("202301", 30):  # up to 2025-06, before the reform
        on = parse_period(month).start
        for unit in COMMUNES_BEFORE:
            for code in ("GTSX_NLTS", "GTSX_CNXD"):
                if rng.random() < 0.8:
                    status = "estimate" if rng.random() < 0.2 else "actual"
                    put(code, unit, month, f"{rng.randint(1, 900)}.{rng.randint(0, 99)}",
                        option="CURRENT", status=status, on=on)  # fmt: skip
            if rng.random() < 0.7:
                put("TY_LE_HO_NGHEO", unit, month, str(rng.randint(1, 30)), on=on)
            if rng.random() < 0.5:
                put("NTM_XA", unit, month, str(rng.randint(0, 1)), on=on)
        if rng.random() < 0.5:
            put("THU_NSNN", "633", month, str(rng.randint(1, 60)), on=on)
    for month in _months("202507", 6):  # Xã Chư Sê after the reform
        put("GTSX_NLTS", "23941", month, str(rng.randint(100, 999)), option="CURRENT", on=AFTER)
        put("TY_LE_HO_NGHEO", "23941", month, str(rng.randint(1, 30)), on=AFTER)


def _consecutive(last: str, count: int) -> list[Period]:
    periods = [parse_period(last)]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def _each_alone(unit: OrgUnit, periods: list[Period]) -> list[dict[FigureKey, Figure]]:
    indicators = indicators_active()
    return [
        figures_for(unit=unit, start=p.start, end=p.end, indicators=indicators)[0] for p in periods
    ]


def test_a_district_over_six_half_years_equals_each_half_year_alone(put: Put) -> None:
    _fill(put, seed=1)
    unit = unit_on("633")
    periods = _consecutive("2025S1", 6)
    together = figures_for_periods(unit=unit, periods=periods, indicators=indicators_active())
    assert together == _each_alone(unit, periods)
    assert any(together[-1].values())  # the data is there: the comparison is not empty


def test_a_commune_over_months_equals_each_month_alone(put: Put) -> None:
    _fill(put, seed=2)
    unit = unit_on("23962")
    periods = _consecutive("202506", 12)
    together = figures_for_periods(unit=unit, periods=periods, indicators=indicators_active())
    assert together == _each_alone(unit, periods)


def test_across_the_reform_the_predecessors_count_as_alone(put: Put) -> None:
    _fill(put, seed=3)
    unit = unit_on("23941", AFTER)  # Xã Chư Sê, formed from five units on 2025-07-01
    periods = _consecutive("2025S2", 4)
    together = figures_for_periods(unit=unit, periods=periods, indicators=indicators_active())
    assert together == _each_alone(unit, periods)
    assert any(v.value is not None for v in together[0].values())  # 2024S1 from predecessors
