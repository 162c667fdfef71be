"""Endpoints of the "4 tại chỗ" readiness table."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.pure.risk import Gap
from dieuhanh.outbreak.selectors import readiness as readiness_sel
from dieuhanh.outbreak.services import readiness as readiness_svc

router = Router(tags=["outbreak care"])


class ReadinessLineOut(Schema):
    id: int
    pillar: str
    item: str
    label: str
    required: int
    available: int
    missing: int
    as_of: datetime.date
    version: int


class ReadinessUnitOut(Schema):
    unit: str
    name: str
    items: list[ReadinessLineOut]


@router.get("/outbreak/care/readiness", response=list[ReadinessUnitOut])
@module_required(Module.OUTBREAK)
def readiness(
    request: HttpRequest, unit: str, on: datetime.date | None = None
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=on or today(), scope=scope)
    return [
        {
            "unit": e.unit.code,
            "name": e.unit.name,
            "items": [
                {
                    "id": ln.item.pk,
                    "pillar": ln.item.pillar,
                    "item": ln.item.item,
                    "label": ln.label,
                    "required": ln.item.required,
                    "available": ln.item.available,
                    "missing": ln.gap.missing,
                    "as_of": ln.item.as_of,
                    "version": ln.item.version,
                }
                for lines in e.pillars.values()
                for ln in lines
            ],
        }
        for e in readiness_sel.readiness_table(scope=scope, unit=u)
    ]


class ReadinessIn(Schema):
    unit: str
    on: datetime.date
    item: str
    required: int
    available: int
    note: str = ""
    version: int | None = None


@router.put("/outbreak/care/readiness", response=ReadinessLineOut)
@module_required(Module.OUTBREAK)
def readiness_set(request: HttpRequest, payload: ReadinessIn) -> dict[str, Any]:
    it = readiness_svc.readiness_set(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        on=payload.on,
        item=payload.item,
        required=payload.required,
        available=payload.available,
        note=payload.note,
        version=payload.version,
    )
    line = readiness_sel.ReadinessLine(it, Gap(it.required, it.available))
    return {
        "id": it.pk,
        "pillar": it.pillar,
        "item": it.item,
        "label": line.label,
        "required": it.required,
        "available": it.available,
        "missing": line.gap.missing,
        "as_of": it.as_of,
        "version": it.version,
    }
