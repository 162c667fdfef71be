"""Endpoints of Party inspection and supervision."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.core.services import audit_record
from dieuhanh.direction.api.common import plain_record
from dieuhanh.direction.selectors import inspection as inspection_sel
from dieuhanh.direction.services import inspection as inspection_svc
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["direction"])


@router.get("/direction/inspection", summary="Inspection and supervision of a unit and year")
@module_required(Module.PARTY_INSPECTION)
def inspection(request: HttpRequest, unit: str, year: int) -> dict[str, Any] | None:
    """The review of the year (null when nothing is recorded): counts, progress, items."""
    scope = request_scope(request)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is outside 2000–2100."), year=year)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    audit_record(
        actor=request.user,
        action="direction.inspection_read",
        object_type="direction.inspectionprogramme",
        object_repr=f"{u.code} {year} (API)",
    )
    review = inspection_sel.inspection_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return plain_record(review)


class InspectionUpdateIn(Schema):
    version: int
    state: str
    executed_on: datetime.date | None = None
    conclusion: str = ""
    violation_found: bool = False


@router.post("/direction/inspection/items/{item_id}", summary="Record execution and conclusion")
@module_required(Module.PARTY_INSPECTION)
def inspection_update(
    request: HttpRequest, item_id: int, payload: InspectionUpdateIn
) -> dict[str, Any]:
    item = inspection_svc.inspection_item_update(
        actor=request_user(request),
        scope=request_scope(request),
        item_id=item_id,
        version=payload.version,
        state=payload.state,
        executed_on=payload.executed_on,
        conclusion=payload.conclusion,
        violation_found=payload.violation_found,
    )
    return plain_record(inspection_sel.inspection_row(item))
