"""Endpoints of public opinion and propaganda."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.api.common import plain_record
from dieuhanh.direction.forms import period_bounds
from dieuhanh.direction.selectors import opinion as opinion_sel
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["direction"])


@router.get("/direction/opinion", summary="Public opinion notes and campaigns of a period")
@module_required(Module.DIRECTION)
def opinion(request: HttpRequest, unit: str, period: str) -> dict[str, Any] | None:
    scope = request_scope(request)
    start, end, _code = period_bounds(period)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    review = opinion_sel.opinion_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return plain_record(review)
