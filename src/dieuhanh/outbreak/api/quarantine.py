"""Endpoints of quarantine: quarantines, contacts to quarantine, release, checks, arrivals."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.api.common import RowId, shown_names
from dieuhanh.outbreak.models import Quarantine
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.services import quarantine as quarantine_svc

router = Router(tags=["outbreak care"])


class QuarantineOut(Schema):
    id: int
    person_id: int
    name: str | None
    subject: str
    place: str
    facility: str | None
    start: datetime.date
    facility_end: datetime.date
    planned_end: datetime.date
    monitoring_end: datetime.date
    released_on: datetime.date | None
    rule: str
    vaccinated: bool
    version: int


def _quarantine_out(q: Quarantine, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": q.pk,
        "person_id": q.person_id,
        "name": names.get(q.person_id),
        "subject": q.subject,
        "place": q.place,
        "facility": q.facility.name if q.facility else None,
        "start": q.start,
        "facility_end": q.facility_end,
        "planned_end": q.planned_end,
        "monitoring_end": q.monitoring_end,
        "released_on": q.released_on,
        "rule": q.rule.code,
        "vaccinated": q.vaccinated,
        "version": q.version,
    }


@router.get("/outbreak/care/quarantines", response=list[QuarantineOut])
@module_required(Module.OUTBREAK)
def quarantines(
    request: HttpRequest, unit: str, on: datetime.date | None = None, active: bool = True
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    rows = list(
        quarantine_sel.quarantines_list(scope=scope, unit=u, on=day, active_only=active)[:1000]
    )
    names = shown_names(request, scope, [q.person_id for q in rows])
    return [_quarantine_out(q, names) for q in rows]


class QuarantineContactsIn(Schema):
    contact_ids: list[RowId]
    start: datetime.date
    facility_id: RowId | None = None
    vaccinated_ids: list[RowId] = []


@router.post("/outbreak/care/quarantines/contacts", response={201: list[QuarantineOut]})
@module_required(Module.OUTBREAK)
def quarantine_contacts(
    request: HttpRequest, payload: QuarantineContactsIn
) -> Status[list[dict[str, Any]]]:
    scope = request_scope(request)
    made = quarantine_svc.quarantine_contacts(
        actor=request_user(request),
        scope=scope,
        contact_ids=payload.contact_ids,
        start=payload.start,
        facility_id=payload.facility_id,
        vaccinated_ids=payload.vaccinated_ids,
    )
    names = shown_names(request, scope, [q.person_id for q in made])
    return Status(201, [_quarantine_out(q, names) for q in made])


class ReleaseIn(Schema):
    on: datetime.date
    version: int
    note: str = ""


@router.post("/outbreak/care/quarantines/{quarantine_id}/release", response=QuarantineOut)
@module_required(Module.OUTBREAK)
def release(request: HttpRequest, quarantine_id: int, payload: ReleaseIn) -> dict[str, Any]:
    scope = request_scope(request)
    q = quarantine_svc.quarantine_release(
        actor=request_user(request),
        scope=scope,
        quarantine_id=quarantine_id,
        on=payload.on,
        note=payload.note,
        version=payload.version,
    )
    q = quarantine_sel.quarantine_get(scope=scope, quarantine_id=q.pk)
    return _quarantine_out(q, shown_names(request, scope, [q.person_id]))


class CheckIn_(Schema):
    day: datetime.date
    temperature: Decimal | None = None
    symptoms: bool = False
    note: str = ""


class CheckOut(Schema):
    id: int
    day: datetime.date
    temperature: Decimal | None
    symptoms: bool
    note: str


@router.post("/outbreak/care/quarantines/{quarantine_id}/checks", response={201: CheckOut})
@module_required(Module.OUTBREAK)
def health_check(
    request: HttpRequest, quarantine_id: int, payload: CheckIn_
) -> Status[dict[str, object]]:
    c = quarantine_svc.health_check_record(
        actor=request_user(request),
        scope=request_scope(request),
        quarantine_id=quarantine_id,
        day=payload.day,
        temperature=payload.temperature,
        symptoms=payload.symptoms,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": c.pk,
            "day": c.day,
            "temperature": c.temperature,
            "symptoms": c.symptoms,
            "note": c.note,
        },
    )


class ArrivalIn(Schema):
    person_id: int
    origin: str
    origin_risk: int
    arrived_on: datetime.date
    vaccinated: bool = False
    facility_id: int | None = None


class ArrivalOut(Schema):
    id: int
    person_id: int
    origin: str
    origin_risk: int
    arrived_on: datetime.date
    vaccinated: bool
    outcome: str
    rule: str | None
    quarantine_id: int | None
    place: str | None
    planned_end: datetime.date | None


def _arrival_out(a: Any) -> dict[str, Any]:
    q = a.quarantine
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "origin": a.origin,
        "origin_risk": a.origin_risk,
        "arrived_on": a.arrived_on,
        "vaccinated": a.vaccinated,
        "outcome": a.outcome,
        "rule": a.rule.code if a.rule else None,
        "quarantine_id": q.pk if q else None,
        "place": q.place if q else None,
        "planned_end": q.planned_end if q else None,
    }


@router.post("/outbreak/care/arrivals", response={201: ArrivalOut})
@module_required(Module.OUTBREAK)
def arrival_add(request: HttpRequest, payload: ArrivalIn) -> Status[dict[str, Any]]:
    a = quarantine_svc.arrival_register(
        actor=request_user(request),
        scope=request_scope(request),
        person_id=payload.person_id,
        origin=payload.origin,
        origin_risk=payload.origin_risk,
        arrived_on=payload.arrived_on,
        vaccinated=payload.vaccinated,
        facility_id=payload.facility_id,
    )
    return Status(201, _arrival_out(a))


@router.get("/outbreak/care/arrivals", response=list[ArrivalOut])
@module_required(Module.OUTBREAK)
def arrivals(
    request: HttpRequest, unit: str, start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=end, scope=scope)
    return [
        _arrival_out(a)
        for a in quarantine_sel.arrivals_list(scope=scope, unit=u, start=start, end=end)
    ]
