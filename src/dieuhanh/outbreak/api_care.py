"""REST endpoints of epidemic care under /api/outbreak/care/ (counts, quarantine, tests and
pools, arrivals, zones, risk levels, readiness). Identities only for roles that may see them,
each read logged; every other caller gets person numbers and counts."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.models import PersonalDataAction, Quarantine
from dieuhanh.outbreak.pure.risk import Gap
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors import readiness as readiness_sel
from dieuhanh.outbreak.selectors import testing as testing_sel
from dieuhanh.outbreak.selectors import zones as zones_sel
from dieuhanh.outbreak.selectors.persons import persons_names
from dieuhanh.outbreak.services import quarantine as quarantine_svc
from dieuhanh.outbreak.services import readiness as readiness_svc
from dieuhanh.outbreak.services import testing as testing_svc
from dieuhanh.outbreak.services import zones as zones_svc
from dieuhanh.outbreak.services.persons import person_access_log

router = Router(tags=["outbreak care"])


def _names(request: HttpRequest, scope: Scope, ids: list[int]) -> dict[int, str]:
    names = persons_names(user=request_user(request), scope=scope, ids=ids)
    if names:
        person_access_log(
            actor=request_user(request), persons=list(names), action=PersonalDataAction.LIST
        )
    return names


class CareCountsOut(Schema):
    unit: str
    on: datetime.date
    active_quarantines: int
    in_facility: int
    at_home: int
    monitoring: int
    tests_pending: int
    overdue_tests: int
    overdue_health_checks: int
    facility_capacity: int
    facility_occupied: int


@router.get("/outbreak/care/counts", response=CareCountsOut)
@module_required(Module.OUTBREAK)
def counts(request: HttpRequest, unit: str, on: datetime.date | None = None) -> dict[str, Any]:
    day = on or today()
    c = dashboard_sel.care_dashboard_counts(scope=request_scope(request), unit_code=unit, on=day)
    return {"unit": unit, "on": day, **asdict(c)}


class CareReviewOut(Schema):
    unit: str
    start: datetime.date
    end: datetime.date
    activity: bool
    quarantined: int = 0
    released: int = 0
    tests_done: int = 0
    tests_positive: int = 0
    pools: int = 0
    pools_positive: int = 0
    arrivals: int = 0
    zones_opened: int = 0
    zones_closed: int = 0
    lockdowns_opened: int = 0
    readiness_items: int = 0
    readiness_short_items: int = 0
    readiness_missing: dict[str, int] = {}
    readiness_gaps_vi: list[tuple[str, int]] = []


@router.get("/outbreak/care/review", response=CareReviewOut)
@module_required(Module.OUTBREAK)
def review(
    request: HttpRequest, unit: str, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    r = dashboard_sel.care_review(
        scope=request_scope(request), unit_code=unit, start=start, end=end
    )
    base = {"unit": unit, "start": start, "end": end, "activity": r is not None}
    return {**base, **(asdict(r) if r else {})}


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
    names = _names(request, scope, [q.person_id for q in rows])
    return [_quarantine_out(q, names) for q in rows]


# Ids are 64-bit database keys: a larger number is refused as input (422), never sent to SQL.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class QuarantineContactsIn(Schema):
    contact_ids: list[RowId]
    start: datetime.date
    facility_id: RowId | None = None
    vaccinated_ids: list[RowId] = []


@router.post("/outbreak/care/quarantines/contacts", response={201: list[QuarantineOut]})
@module_required(Module.OUTBREAK)
def quarantine_contacts(request: HttpRequest, payload: QuarantineContactsIn) -> Status:
    scope = request_scope(request)
    made = quarantine_svc.quarantine_contacts(
        actor=request_user(request),
        scope=scope,
        contact_ids=payload.contact_ids,
        start=payload.start,
        facility_id=payload.facility_id,
        vaccinated_ids=payload.vaccinated_ids,
    )
    names = _names(request, scope, [q.person_id for q in made])
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
    return _quarantine_out(q, _names(request, scope, [q.person_id]))


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
def health_check(request: HttpRequest, quarantine_id: int, payload: CheckIn_) -> Status:
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


class ScheduledOut(Schema):
    person_id: int
    name: str | None
    due_on: datetime.date
    reason: str
    day: int | None


@router.get("/outbreak/care/tests/overdue", response=list[ScheduledOut])
@module_required(Module.OUTBREAK)
def overdue_list(
    request: HttpRequest, unit: str, on: datetime.date | None = None
) -> list[dict[str, Any]]:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    rows = list(testing_sel.overdue_tests(scope=scope, unit=u, on=day)[:2000])
    names = _names(request, scope, [t.person_id for t in rows])
    return [
        {
            "person_id": t.person_id,
            "name": names.get(t.person_id),
            "due_on": t.due_on,
            "reason": t.reason,
            "day": t.day_number,
        }
        for t in rows
    ]


class PoolAdviceOut(Schema):
    tested: int
    positive: int
    observed_positivity: float | None
    positivity_used: float
    pool_size: int
    tests_per_person: float
    individual: bool


@router.get("/outbreak/care/pools/advice", response=PoolAdviceOut)
@module_required(Module.OUTBREAK)
def pool_advice(request: HttpRequest, unit: str, on: datetime.date | None = None) -> dict[str, Any]:
    scope = request_scope(request)
    day = on or today()
    plan = testing_sel.pool_advice(
        scope=scope, unit=unit_resolve(code=unit, on=day, scope=scope), on=day
    )
    return {
        "tested": plan.tested,
        "positive": plan.positive,
        "observed_positivity": plan.observed,
        "positivity_used": plan.advice.positivity,
        "pool_size": plan.advice.pool_size,
        "tests_per_person": plan.advice.tests_per_person,
        "individual": plan.advice.individual,
    }


class PoolIn(Schema):
    unit: str
    code: str
    collected_on: datetime.date
    person_ids: list[int]


class PoolOut(Schema):
    code: str
    collected_on: datetime.date
    result: str
    result_on: datetime.date | None
    size: int
    version: int


@router.post("/outbreak/care/pools", response={201: PoolOut})
@module_required(Module.OUTBREAK)
def pool_create(request: HttpRequest, payload: PoolIn) -> Status:
    p = testing_svc.pool_create(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        code=payload.code,
        collected_on=payload.collected_on,
        person_ids=payload.person_ids,
    )
    return Status(
        201,
        {
            "code": p.code,
            "collected_on": p.collected_on,
            "result": p.result,
            "result_on": p.result_on,
            "size": len(payload.person_ids),
            "version": p.version,
        },
    )


class ResultIn(Schema):
    result: str
    result_on: datetime.date
    version: int | None = None


@router.post("/outbreak/care/pools/{code}/result", response=PoolOut)
@module_required(Module.OUTBREAK)
def pool_result(request: HttpRequest, code: str, payload: ResultIn) -> dict[str, Any]:
    p = testing_svc.pool_result_record(
        actor=request_user(request),
        scope=request_scope(request),
        code=code,
        result=payload.result,
        result_on=payload.result_on,
        version=payload.version,
    )
    return {
        "code": p.code,
        "collected_on": p.collected_on,
        "result": p.result,
        "result_on": p.result_on,
        "size": p.samples.count(),
        "version": p.version,
    }


class SampleIn(Schema):
    person_id: int
    kind: str
    collected_on: datetime.date
    result: str = "pending"
    result_on: datetime.date | None = None


class SampleOut(Schema):
    id: int
    person_id: int
    kind: str
    collected_on: datetime.date
    result: str
    result_on: datetime.date | None
    version: int


@router.post("/outbreak/care/samples", response={201: SampleOut})
@module_required(Module.OUTBREAK)
def sample_add(request: HttpRequest, payload: SampleIn) -> Status:
    s = testing_svc.sample_record(
        actor=request_user(request),
        scope=request_scope(request),
        person_id=payload.person_id,
        kind=payload.kind,
        collected_on=payload.collected_on,
        result=payload.result,
        result_on=payload.result_on,
    )
    return Status(
        201,
        {
            "id": s.pk,
            "person_id": s.person_id,
            "kind": s.kind,
            "collected_on": s.collected_on,
            "result": s.result,
            "result_on": s.result_on,
            "version": s.version,
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
def arrival_add(request: HttpRequest, payload: ArrivalIn) -> Status:
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
def zone_create(request: HttpRequest, payload: ZoneIn) -> Status:
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
    zone: ZoneOut
    cases: list[MemberOut]
    contacts: list[MemberOut]


@router.get("/outbreak/care/zones/{zone_id}/members", response=ZoneMembersOut)
@module_required(Module.OUTBREAK)
def zone_members(request: HttpRequest, zone_id: int) -> dict[str, Any]:
    scope = request_scope(request)
    zone = zones_sel.zone_get(scope=scope, zone_id=zone_id)
    m = zones_sel.zone_members(scope=scope, zone=zone)
    names = _names(request, scope, [p.person_id for p in m.cases + m.contacts])

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
        "cases": [row(p) for p in m.cases],
        "contacts": [row(p) for p in m.contacts],
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
