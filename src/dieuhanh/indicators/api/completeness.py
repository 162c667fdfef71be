"""Completeness and timeliness as JSON: how many units reported a total, and the reporting-rate
summary of a data set (the shape of `dieuhanh rates --json`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.completeness import (
    completeness,
    rates_document,
    reporting_rates,
)
from dieuhanh.indicators.selectors.forms import data_set_get
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["indicators"])


class CompletenessOut(Schema):
    unit: str
    period: str
    level: int
    expected: int
    reported: int
    rate_pct: float | None
    text_vi: str


class RateTotalOut(Schema):
    period: str | None
    expected: int
    reported: int
    on_time: int
    rate_pct: float | None
    on_time_pct: float | None


class RateCellOut(Schema):
    expected: bool
    reported: bool
    on_time: bool
    submitted_on: str | None


class RateRowOut(Schema):
    unit: str
    name: str
    cells: list[RateCellOut]
    total: RateTotalOut


class RatesOut(Schema):
    data_set: str
    unit: str
    period: str
    periods: list[str]
    due: list[str]
    rows: list[RateRowOut]
    totals: list[RateTotalOut]
    total: RateTotalOut | None


@router.get(
    "/completeness",
    response=CompletenessOut,
    summary="How many reporting units hold values for a unit's totals in a period",
)
@module_required(Module.INDICATORS)
def completeness_get(request: HttpRequest, unit: str, period: str) -> dict[str, Any]:
    p = period_parse(period)
    scope = request_scope(request)
    found = unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD)
    c = completeness(unit=found, period=p, scope=scope)
    return {
        "unit": found.code,
        "period": p.code,
        "level": c.level,
        "expected": c.expected,
        "reported": c.reported,
        "rate_pct": float(c.rate_pct) if c.rate_pct is not None else None,
        "text_vi": c.sentence_vi(),
    }


@router.get(
    "/reporting-rates",
    response=RatesOut,
    summary="Reporting rate summary of a data set: units × periods, expected, reported, on time",
)
@module_required(Module.INDICATORS)
def reporting_rates_get(
    request: HttpRequest, data_set: str, unit: str, period: str
) -> dict[str, object]:
    p = period_parse(period)
    scope = request_scope(request)
    found = unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD)
    rates = reporting_rates(data_set=data_set_get(code=data_set), unit=found, period=p, scope=scope)
    return rates_document(rates)
