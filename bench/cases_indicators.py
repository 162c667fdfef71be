"""Indicator cases: the live review table of a district and of the province, and how soon a
saved value shows in the province's rollup — each against one hand-written SQL aggregate."""

from __future__ import annotations

import time
from functools import partial

from django.db import connection

from bench.generate import ON, PROVINCE
from bench.harness import Case, Figure, measure
from dieuhanh.accounts.models import Role, User
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import DataValue, Indicator
from dieuhanh.indicators.selectors.review import review_table
from dieuhanh.indicators.services.values import Entry, values_record
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.periods import parse_period

ALL = Scope.everything()
PERIOD = parse_period("2021S1")


def _floor(unit: OrgUnit) -> list[tuple[object, ...]]:
    """The floor: one SQL aggregate of the same values, grouped as the table needs them."""
    prev = PERIOD.same_period_last_year()
    hi = unit.path[:-1] + "0"
    sql = (
        "SELECT v.indicator_id, v.option_id, SUM(CASE WHEN v.period_start >= %s THEN v.value END), "
        "SUM(CASE WHEN v.period_start < %s THEN v.value END) FROM indicators_datavalue v "
        "JOIN orgunits_orgunit u ON u.id = v.unit_id WHERE u.path >= %s AND u.path < %s "
        "AND ((v.period_start >= %s AND v.period_end <= %s) "
        "OR (v.period_start >= %s AND v.period_end <= %s)) "
        "GROUP BY v.indicator_id, v.option_id"
    )
    with connection.cursor() as cur:
        cur.execute(
            sql,
            [
                PERIOD.start,
                PERIOD.start,
                unit.path,
                hi,
                PERIOD.start,
                PERIOD.end,
                prev.start,
                prev.end,
            ],
        )
        found: list[tuple[object, ...]] = cur.fetchall()
        return found


def _review(unit: OrgUnit) -> None:
    review_table(unit=unit, period=PERIOD, scope=ALL)


def cases(values: int) -> list[Case]:
    database = connection.vendor
    district = OrgUnit.objects.get(valid_on_q(ON), code="633")
    province = OrgUnit.objects.get(valid_on_q(ON), code=PROVINCE)
    out = []
    for name, unit, runs in (("district 633", district, 7), ("province 64", province, 5)):
        case = Case(
            f"indicators.review_table.{name.split()[0]}",
            f"review table of {name}, {PERIOD.code}, over {values} stored values",
            database,
        )
        case.figures.append(measure("system: review_table", partial(_review, unit), runs))
        case.figures.append(measure("floor: one SQL aggregate", partial(_floor, unit), runs))
        out.append(case)

    # Freshness: a value saved through the service, then the province table read back.
    officer, _ = User.objects.get_or_create(
        username="bench.officer", defaults={"role": Role.DATA_OFFICER}
    )
    commune = OrgUnit.objects.filter(
        valid_on_q(ON), level=3, path__startswith=district.path
    ).first()
    assert commune is not None
    indicator = Indicator.objects.filter(code__startswith="B_").exclude(is_active=False).first()
    assert indicator is not None and indicator.disaggregation is not None
    option = indicator.disaggregation.options.get(code="CURRENT")
    month = parse_period("202103")
    times = []
    for i in range(5):
        current = DataValue.objects.filter(
            indicator=indicator, option=option, unit=commune, period=month.code
        ).first()
        started = time.perf_counter()
        values_record(
            actor=officer,
            scope=ALL,
            unit=commune,
            period=month,
            entries=[
                Entry(
                    indicator,
                    option,
                    f"{1000 + i},5",
                    "actual",
                    # the bench's value is far from the generated ones: confirm the quality flag
                    "bench: confirmed",
                    current.version if current else None,
                )
            ],
        )
        table = review_table(unit=province, period=PERIOD, scope=ALL)
        times.append((time.perf_counter() - started) * 1000)
        assert any(r.indicator.pk == indicator.pk and r.value is not None for r in table.rows)
    fresh = Case(
        "indicators.rollup_freshness", "save one value, then read the province table", database
    )
    times.sort()
    fresh.figures.append(
        Figure(
            "system: save + province table",
            round(times[len(times) // 2], 3),
            round(times[0], 3),
            round(times[-1], 3),
            0.0,
            len(times),
        )
    )
    fresh.figures.append(measure("floor: province SQL aggregate", lambda: _floor(province), 5))
    out.append(fresh)
    return out
