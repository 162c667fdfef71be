"""REST endpoints of administrative units, scoped by the caller."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import (
    unit_brief,
    unit_detail,
    unit_detail_dict,
    unit_roots,
    units_search,
)

router = Router(tags=["orgunits"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    level: int
    valid_from: str
    valid_to: str | None


class LinkOut(UnitOut):
    date: str
    change: str
    basis: str
    basis_date: str | None
    approximate: bool


class UnitDetailOut(UnitOut):
    on: str
    assumed_as_of: str | None
    """Set when `on` is before the oldest snapshot of the data (down to 2004-01-01): the tree
    answered is the one of this date, assumed unchanged since (giả định)."""
    lat: float | None
    lng: float | None
    area_km2: float | None
    parent: str | None
    parent_name: str | None
    ancestors: list[UnitOut]
    children: list[UnitOut]
    predecessors: list[LinkOut]
    successors: list[LinkOut]


class UnitListParams(Schema):
    on: datetime.date | None = None
    q: str | None = None
    limit: int = 50


@router.get("/orgunits", response=list[UnitOut], summary="Units valid on a date (search or roots)")
def orgunits_list(request: HttpRequest, params: Query[UnitListParams]) -> list[dict[str, Any]]:
    """With `q`: units whose name matches (accents ignored), in Vietnamese order. Without: the
    top of the caller's tree (provinces for administrators, else the units granted)."""
    on = params.on or today()
    scope = request_scope(request)
    limit = max(1, min(params.limit, 500))
    if params.q:
        units = units_search(query=params.q, on=on, scope=scope, limit=limit)
    else:
        units = unit_roots(on=on, scope=scope)
    return [unit_brief(u) for u in units]


@router.get("/orgunits/{code}", response=UnitDetailOut, summary="One unit version on a date")
def orgunits_detail(
    request: HttpRequest, code: str, on: datetime.date | None = None
) -> dict[str, Any]:
    detail = unit_detail(code=code, on=on or today(), scope=request_scope(request))
    return unit_detail_dict(detail)
