"""Endpoints of cases: list and confirm."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.services import cases as cases_svc

router = Router(tags=["outbreak"])


class CaseOut(Schema):
    id: int
    person_id: int
    code: str
    unit: str
    onset_date: datetime.date | None
    sampled_at: datetime.datetime | None
    confirmed_at: datetime.datetime
    isolated_at: datetime.datetime | None
    place: str
    outcome: str
    version: int


class CaseIn(Schema):
    person_id: int
    confirmed_at: datetime.datetime
    onset_date: datetime.date | None = None
    sampled_at: datetime.datetime | None = None
    isolated_at: datetime.datetime | None = None
    place: str = ""
    code: str = ""


def _case_out(c: Any) -> CaseOut:
    return CaseOut(
        id=c.pk,
        person_id=c.person_id,
        code=str(c),
        unit=c.person.unit.code,
        onset_date=c.onset_date,
        sampled_at=c.sampled_at,
        confirmed_at=c.confirmed_at,
        isolated_at=c.isolated_at,
        place=c.place,
        outcome=c.outcome,
        version=c.version,
    )


@router.get("/outbreak/cases", response=list[CaseOut])
@module_required(Module.OUTBREAK)
def cases_list(request: HttpRequest) -> list[CaseOut]:
    """Confirmed cases in your units (no identities: person ids only)."""
    cases = cases_sel.cases_visible(
        user=request_user(request), scope=request_scope(request)
    ).select_related("person__unit")
    return [_case_out(c) for c in cases]


@router.post("/outbreak/cases", response={201: CaseOut})
@module_required(Module.OUTBREAK)
def cases_create(request: HttpRequest, payload: CaseIn) -> tuple[int, CaseOut]:
    scope = request_scope(request)
    person = persons_sel.person_get(
        user=request_user(request), scope=scope, person_id=payload.person_id
    )
    case = cases_svc.case_confirm(
        actor=request_user(request),
        scope=scope,
        person=person,
        confirmed_at=payload.confirmed_at,
        onset_date=payload.onset_date,
        sampled_at=payload.sampled_at,
        isolated_at=payload.isolated_at,
        place=payload.place,
        code=payload.code,
    )
    return 201, _case_out(case)
