"""Recognitions of a commune: list, record, revoke."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Level
from dieuhanh.ntm.selectors.recognitions import communes_under, recognitions_of
from dieuhanh.ntm.services.recognitions import recognition_add, recognition_revoke
from dieuhanh.orgunits.selectors import unit_resolve

router = Router(tags=["ntm"])


def _recognition_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit": r.unit.code,
        "name": r.unit.name,
        "level": r.level,
        "level_label": str(Level(r.level).label),
        "decision_number": r.decision_number,
        "decision_date": r.decision_date.isoformat(),
        "year": r.year,
        "issuer": r.issuer,
        "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None,
        "revocation_decision": r.revocation_decision,
        "version": r.version,
    }


@router.get("/ntm/recognitions", summary="Recognitions of the communes under a unit")
@module_required(Module.NTM)
def recognitions_get(request: HttpRequest, unit: str, on: datetime.date | None = None) -> Any:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    return [
        _recognition_dict(r) for r in recognitions_of(communes_under(unit=u, on=day, scope=scope))
    ]


class RecognitionIn(Schema):
    unit: str
    on: datetime.date | None = None
    level: str
    decision_number: str
    decision_date: datetime.date
    year: int
    issuer: str = ""
    note: str = ""


@router.post("/ntm/recognitions", summary="Record a recognition decision")
@module_required(Module.NTM)
def recognition_post(request: HttpRequest, body: RecognitionIn) -> Any:
    rec = recognition_add(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=body.unit,
        on=body.on or body.decision_date,
        level=body.level,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        year=body.year,
        issuer=body.issuer,
        note=body.note,
    )
    return _recognition_dict(rec)


class RevokeIn(Schema):
    version: int
    revoked_on: datetime.date
    decision: str
    reason: str = ""


@router.post("/ntm/recognitions/{rid}/revoke", summary="Revoke a recognition")
@module_required(Module.NTM)
def recognition_revoke_post(request: HttpRequest, rid: int, body: RevokeIn) -> Any:
    rec = recognition_revoke(
        actor=request_user(request),
        scope=request_scope(request),
        recognition_id=rid,
        revoked_on=body.revoked_on,
        decision=body.decision,
        reason=body.reason,
        expected_version=body.version,
    )
    return _recognition_dict(rec)
