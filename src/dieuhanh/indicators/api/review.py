"""The review table of a unit and period as JSON (the rows of `dieuhanh values --json`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.review import review_row_dict, review_table
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["indicators"])


class ReviewRowOut(Schema):
    indicator: str
    option: str | None
    name: str
    name_en: str
    unit: str
    kind: str
    direction: str
    orgunit: str
    period: str
    value: float | None
    status: str | None
    previous: float | None
    previous_period: str
    previous_from_predecessors: bool
    growth_pct: float | None
    growth_basis: str | None
    change: float | None
    plan: float | None
    plan_pct: float | None
    plan_period: str | None
    plan_gap: float | None
    plan_met: bool | None
    share_pct: float | None
    share_previous_pct: float | None
    share_shift_pp: float | None


@router.get("/values", response=list[ReviewRowOut], summary="Review table of a unit and period")
@module_required(Module.INDICATORS)
def values(request: HttpRequest, unit: str, period: str) -> list[dict[str, Any]]:
    p = period_parse(period)
    scope = request_scope(request)
    table = review_table(
        unit=unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD),
        period=p,
        scope=scope,
    )
    return [review_row_dict(table, r) for r in table.rows]
