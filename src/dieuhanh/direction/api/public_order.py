"""Endpoints of the public-order log."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.core.services import audit_record
from dieuhanh.direction.api.common import plain, plain_record
from dieuhanh.direction.forms import period_bounds
from dieuhanh.direction.selectors import public_order as public_order_sel
from dieuhanh.direction.services import public_order as public_order_svc
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["direction"])


@router.get("/direction/public-order", summary="Public-order situation of a unit and period")
@module_required(Module.PUBLIC_ORDER)
def public_order(request: HttpRequest, unit: str, period: str) -> dict[str, Any] | None:
    """Events of the period with counts per category and severity (null when none)."""
    scope = request_scope(request)
    start, end, _code = period_bounds(period)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    audit_record(
        actor=request.user,
        action="direction.public_order_read",
        object_type="direction.publicorderevent",
        object_repr=f"{u.code} {period} (API)",
    )
    review = public_order_sel.public_order_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return plain_record(review)


class EventIn(Schema):
    unit: str
    occurred_on: datetime.date
    category: str
    severity: str
    title: str
    state: str = "open"
    description: str = ""
    measures: str = ""


@router.post("/direction/public-order/events", response={201: dict}, summary="Log an event")
@module_required(Module.PUBLIC_ORDER)
def event_create(request: HttpRequest, payload: EventIn) -> Status[Any]:
    event = public_order_svc.event_record(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        occurred_on=payload.occurred_on,
        category=payload.category,
        severity=payload.severity,
        state=payload.state,
        title=payload.title,
        description=payload.description,
        measures=payload.measures,
    )
    return Status(201, plain(public_order_sel.event_row(event)))
