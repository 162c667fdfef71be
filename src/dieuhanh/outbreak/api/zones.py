"""Endpoints of zones, home locations, who lives in a zone, and units' risk levels."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.api.common import shown_names
from dieuhanh.outbreak.selectors import zones as zones_sel
from dieuhanh.outbreak.selectors.persons import sees_identities
from dieuhanh.outbreak.services import zones as zones_svc

router = Router(tags=["outbreak care"])


class ZoneIn(Schema):
    unit: str
    name: str
    kind: str
    shape: str
    start: datetime.date
    end: datetime.date | None = None
    center_lat: float | None = None
    center_lon: float | None = None
    radius_m: float | None = None
    polygon: list[tuple[float, float]] = []
    households: int = 0
    people: int = 0
    note: str = ""
    version: int | None = None


class ZoneOut(Schema):
    id: int
    unit: str
    name: str
    kind: str
    shape: str
    start: datetime.date
    end: datetime.date | None
    center_lat: float | None
    center_lon: float | None
    radius_m: float | None
    polygon: list[list[float]]
    households: int
    people: int
    version: int


def _zone_out(z: Any) -> dict[str, Any]:
    return {
        "id": z.pk,
        "unit": z.unit.code,
        "name": z.name,
        "kind": z.kind,
        "shape": z.shape,
        "start": z.start,
        "end": z.end,
        "center_lat": z.center_lat,
        "center_lon": z.center_lon,
        "radius_m": z.radius_m,
        "polygon": z.polygon,
        "households": z.households,
        "people": z.people,
        "version": z.version,
    }


def _zone_input(p: ZoneIn) -> zones_svc.ZoneInput:
    return zones_svc.ZoneInput(
        unit_code=p.unit,
        name=p.name,
        kind=p.kind,
        shape=p.shape,
        start=p.start,
        end=p.end,
        center_lat=p.center_lat,
        center_lon=p.center_lon,
        radius_m=p.radius_m,
        polygon=tuple((float(a), float(b)) for a, b in p.polygon),
        households=p.households,
        people=p.people,
        note=p.note,
    )


@router.get("/outbreak/care/zones", response=list[ZoneOut])
@module_required(Module.OUTBREAK)
def zones(request: HttpRequest, unit: str, on: datetime.date | None = None) -> list[dict[str, Any]]:
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=on or today(), scope=scope)
    return [
        _zone_out(z)
        for z in zones_sel.zones_list(scope=scope, unit=u, on=on).select_related("unit")
    ]


@router.post("/outbreak/care/zones", response={201: ZoneOut})
@module_required(Module.OUTBREAK)
def zone_create(request: HttpRequest, payload: ZoneIn) -> Status[dict[str, Any]]:
    z = zones_svc.zone_save(
        actor=request_user(request), scope=request_scope(request), data=_zone_input(payload)
    )
    return Status(201, _zone_out(z))


@router.put("/outbreak/care/zones/{zone_id}", response=ZoneOut)
@module_required(Module.OUTBREAK)
def zone_update(request: HttpRequest, zone_id: int, payload: ZoneIn) -> dict[str, Any]:
    z = zones_svc.zone_save(
        actor=request_user(request),
        scope=request_scope(request),
        data=_zone_input(payload),
        zone_id=zone_id,
        version=payload.version,
    )
    return _zone_out(z)


class ZoneCloseIn(Schema):
    end: datetime.date
    version: int


@router.post("/outbreak/care/zones/{zone_id}/close", response=ZoneOut)
@module_required(Module.OUTBREAK)
def zone_close(request: HttpRequest, zone_id: int, payload: ZoneCloseIn) -> dict[str, Any]:
    z = zones_svc.zone_close(
        actor=request_user(request),
        scope=request_scope(request),
        zone_id=zone_id,
        end=payload.end,
        version=payload.version,
    )
    return _zone_out(z)


class LocationIn(Schema):
    latitude: float
    longitude: float
    household: str = ""


class LocationOut(Schema):
    person_id: int
    latitude: float
    longitude: float
    household: str


@router.put("/outbreak/care/persons/{person_id}/location", response=LocationOut)
@module_required(Module.OUTBREAK)
def location_set(request: HttpRequest, person_id: int, payload: LocationIn) -> dict[str, Any]:
    loc = zones_svc.person_location_set(
        actor=request_user(request),
        scope=request_scope(request),
        person_id=person_id,
        latitude=payload.latitude,
        longitude=payload.longitude,
        household=payload.household,
    )
    return {
        "person_id": loc.person_id,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "household": loc.household,
    }


class MemberOut(Schema):
    person_id: int
    name: str | None
    role: str
    generation: int | None
    latitude: float
    longitude: float


class ZoneMembersOut(Schema):
    """Who lives in the zone. `cases` and `contacts` list persons (with their home
    coordinates) only for roles that see persons; every role gets the totals."""

    zone: ZoneOut
    cases_total: int
    contacts_total: int
    cases: list[MemberOut]
    contacts: list[MemberOut]


@router.get("/outbreak/care/zones/{zone_id}/members", response=ZoneMembersOut)
@module_required(Module.OUTBREAK)
def zone_members(request: HttpRequest, zone_id: int) -> dict[str, Any]:
    scope = request_scope(request)
    zone = zones_sel.zone_get(scope=scope, zone_id=zone_id)
    m = zones_sel.zone_members(scope=scope, zone=zone)
    identities = sees_identities(request_user(request))
    names = shown_names(request, scope, [p.person_id for p in m.cases + m.contacts])

    def row(p: zones_sel.PersonPoint) -> dict[str, Any]:
        return {
            "person_id": p.person_id,
            "name": names.get(p.person_id),
            "role": p.role,
            "generation": p.generation,
            "latitude": p.latitude,
            "longitude": p.longitude,
        }

    return {
        "zone": _zone_out(zone),
        "cases_total": len(m.cases),
        "contacts_total": len(m.contacts),
        "cases": [row(p) for p in m.cases] if identities else [],
        "contacts": [row(p) for p in m.contacts] if identities else [],
    }


class RiskOut(Schema):
    unit: str
    name: str
    new_cases_7d: int
    population: int | None
    per_100000: float | None
    coverage: float | None
    level: int
    label: str


@router.get("/outbreak/care/risk", response=list[RiskOut])
@module_required(Module.OUTBREAK)
def risk(request: HttpRequest, unit: str, on: datetime.date | None = None) -> list[dict[str, Any]]:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    return [
        {
            "unit": r.unit.code,
            "name": r.unit.name,
            "new_cases_7d": r.new_cases_7d,
            "population": r.population,
            "per_100000": r.incidence,
            "coverage": r.coverage,
            "level": r.level,
            "label": r.label,
        }
        for r in zones_sel.risk_table(scope=scope, unit=u, on=day)
    ]
