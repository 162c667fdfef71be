"""Violations of the validation rules for a unit and period."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.rules import rule_violations, violation_dict
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["indicators"])


class ViolationOut(Schema):
    rule: str
    name: str
    name_en: str
    severity: str
    expression: str
    left: float | None
    right: float | None
    unit: str
    period: str


@router.get(
    "/validate", response=list[ViolationOut], summary="Rule violations of a unit and period"
)
@module_required(Module.INDICATORS)
def validate(request: HttpRequest, unit: str, period: str) -> list[dict[str, Any]]:
    p = period_parse(period)
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD)
    return [violation_dict(v) for v in rule_violations(unit=u, period=p, scope=scope)]
