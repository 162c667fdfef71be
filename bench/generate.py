"""Deterministic province-scale indicator data for the benchmarks, cached in the bench database.

The province is Gia Lai as it was before 2025 (17 districts, ~220 commune-level units), the
unit structure the issue names. Scales:
- default: 30 indicators × 24 months (2020–2021) × 2 price-basis options ≈ 0.3 M values;
- full:    300 indicators × 120 months (2016–2025) × 2 options ≈ 15 M values.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import connection, transaction

from dieuhanh.indicators.models import DataValue, Disaggregation, DisaggregationOption, Indicator
from dieuhanh.indicators.rollups import rollup_rebuild
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q
from dieuhanh.periods import Period, PeriodKind

SCALES = {"default": (30, 2020, 2021), "full": (300, 2016, 2025)}
PROVINCE = "64"
ON = datetime.date(2021, 7, 1)


def _marker(scale: str) -> str:
    return f"BENCH_{scale.upper()}"


def ensure(scale: str) -> int:
    """Create the scale's catalogue and values unless already there; return the value count."""
    n_indicators, first_year, last_year = SCALES[scale]
    basis, _ = Disaggregation.objects.get_or_create(
        code="BENCH_BASIS", defaults={"name_vi": "Giá", "name_en": "Price basis"}
    )
    current, _ = DisaggregationOption.objects.get_or_create(
        disaggregation=basis, code="CURRENT", defaults={"name_vi": "HH", "name_en": "Current"}
    )
    constant, _ = DisaggregationOption.objects.get_or_create(
        disaggregation=basis, code="CONSTANT2010", defaults={"name_vi": "SS", "name_en": "Constant"}
    )
    basis.growth_option, basis.share_option = constant, current
    basis.save()
    if Indicator.objects.filter(code=_marker(scale)).exists():
        return DataValue.objects.filter(indicator__code__startswith="B_").count()
    started = time.perf_counter()
    indicators = [
        Indicator(
            code=f"B_{i:03d}",
            name_vi=f"Chỉ tiêu {i}",
            name_en=f"Indicator {i}",
            disaggregation=basis,
            sort_order=1000 + i,
        )
        for i in range(n_indicators)
    ]
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.filter(code__startswith="B_").order_by("code"))
    province = OrgUnit.objects.get(valid_on_q(ON), code=PROVINCE)
    communes = list(
        OrgUnit.objects.filter(valid_on_q(ON), level=3, path__startswith=province.path).order_by(
            "id"
        )
    )
    months = [
        Period(PeriodKind.MONTH, y, m)
        for y in range(first_year, last_year + 1)
        for m in range(1, 13)
    ]
    rng = random.Random(20211231)  # noqa: S311 - benchmark data, not security
    count = 0
    table = DataValue._meta.db_table
    sql = (
        f"INSERT INTO {table} (indicator_id, option_id, unit_id, period, period_start, "  # noqa: S608
        "period_end, value, status, comment, version, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', 1, %s)"
    )
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic(), connection.cursor() as cur:
        for unit in communes:
            rows = []
            for ind in indicators:
                base = rng.uniform(5, 500)
                for p in months:
                    v = round(base * rng.uniform(0.9, 1.1), 2)
                    rows.append(
                        (ind.pk, current.pk, unit.pk, p.code, p.start, p.end, v, "actual", now)
                    )
                    rows.append(
                        (
                            ind.pk,
                            constant.pk,
                            unit.pk,
                            p.code,
                            p.start,
                            p.end,
                            round(v * 0.7, 2),
                            "actual",
                            now,
                        )
                    )
            cur.executemany(sql, rows)
            count += len(rows)
    rebuilt = rollup_rebuild()
    print(f"running totals rebuilt: {rebuilt} rows")
    Indicator.objects.create(code=_marker(scale), name_vi="bench", name_en="bench", is_active=False)
    elapsed = time.perf_counter() - started
    print(f"generated {count} values for {len(communes)} communes in {elapsed:.1f} s")
    return count
