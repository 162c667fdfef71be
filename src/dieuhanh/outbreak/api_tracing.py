"""REST endpoints of the epidemic response (tracing): persons, cases, tracing, contacts, chains,
dashboard counts, imports. Identities only for health roles of the person's unit; every read of
a person is logged."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import Person, PersonalDataAction, Sex
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import chains as chains_sel
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.services import cases as cases_svc
from dieuhanh.outbreak.services import contacts as contacts_svc
from dieuhanh.outbreak.services import imports as imports_svc
from dieuhanh.outbreak.services import persons as persons_svc

router = Router(tags=["outbreak"])
IMPORT_MAX_BYTES = 200 * 1024 * 1024


class PersonOut(Schema):
    id: int
    full_name: str
    birth_year: int | None
    sex: str
    id_number: str
    phone: str
    address: str
    unit: str
    village: str
    anonymised: bool
    version: int


class PersonIn(Schema):
    full_name: str
    unit: str
    birth_year: int | None = None
    sex: str = Sex.UNKNOWN
    id_number: str = ""
    phone: str = ""
    address: str = ""
    village: str = ""
    allow_duplicate: bool = False


class PersonCorrectIn(Schema):
    version: int
    full_name: str | None = None
    birth_year: int | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    village: str | None = None


class AnonymiseIn(Schema):
    reason: str


def _person_out(p: Person) -> PersonOut:
    return PersonOut(
        id=p.pk,
        full_name=p.full_name,
        birth_year=p.birth_year,
        sex=p.sex,
        id_number=p.id_number,
        phone=p.phone,
        address=p.address,
        unit=p.unit.code,
        village=p.village,
        anonymised=p.anonymised,
        version=p.version,
    )


@router.get("/outbreak/persons", response=list[PersonOut])
@module_required(Module.OUTBREAK)
def persons_list(request: HttpRequest, q: str = "", limit: int = 50) -> list[PersonOut]:
    """Persons in your units whose identity you may see (accent-insensitive search)."""
    scope = request_scope(request)
    found = persons_sel.persons_search(
        user=request.user, scope=scope, query=q, limit=min(limit, 500)
    )
    persons_svc.person_access_log(actor=request.user, persons=found, action=PersonalDataAction.LIST)
    return [_person_out(p) for p in found]


@router.post("/outbreak/persons", response={201: PersonOut})
@module_required(Module.OUTBREAK)
def persons_create(request: HttpRequest, payload: PersonIn) -> tuple[int, PersonOut]:
    scope = request_scope(request)
    unit = unit_resolve(
        code=payload.unit, scope=scope, on=timezone.localdate(), policy=UnitPolicy.LATEST_VISIBLE
    )
    person = persons_svc.person_register(
        actor=request.user,
        scope=scope,
        full_name=payload.full_name,
        unit=unit,
        birth_year=payload.birth_year,
        sex=payload.sex,
        id_number=payload.id_number,
        phone=payload.phone,
        address=payload.address,
        village=payload.village,
        allow_duplicate=payload.allow_duplicate,
    )
    return 201, _person_out(person)


@router.get("/outbreak/persons/{person_id}", response=PersonOut)
@module_required(Module.OUTBREAK)
def persons_get(request: HttpRequest, person_id: int) -> PersonOut:
    person = persons_sel.person_get(
        user=request.user, scope=request_scope(request), person_id=person_id
    )
    persons_svc.person_access_log(
        actor=request.user, persons=[person], action=PersonalDataAction.VIEW
    )
    return _person_out(person)


@router.patch("/outbreak/persons/{person_id}", response=PersonOut)
@module_required(Module.OUTBREAK)
def persons_correct(request: HttpRequest, person_id: int, payload: PersonCorrectIn) -> PersonOut:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=person_id)
    fields = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    person = persons_svc.person_correct(
        actor=request.user, scope=scope, person=person, version=payload.version, **fields
    )
    return _person_out(person)


@router.post("/outbreak/persons/{person_id}/anonymise", response=PersonOut)
@module_required(Module.OUTBREAK)
def persons_anonymise(request: HttpRequest, person_id: int, payload: AnonymiseIn) -> PersonOut:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=person_id)
    person = persons_svc.person_anonymise(
        actor=request.user, scope=scope, person=person, reason=payload.reason
    )
    return _person_out(person)


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
    cases = cases_sel.cases_visible(user=request.user, scope=request_scope(request)).select_related(
        "person__unit"
    )
    return [_case_out(c) for c in cases]


@router.post("/outbreak/cases", response={201: CaseOut})
@module_required(Module.OUTBREAK)
def cases_create(request: HttpRequest, payload: CaseIn) -> tuple[int, CaseOut]:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=payload.person_id)
    case = cases_svc.case_confirm(
        actor=request.user,
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


class TraceExposureOut(Schema):
    person_id: int
    generation: int
    via: int
    venue_id: int
    overlap_start: str
    overlap_end: str


class TraceOut(Schema):
    case: int
    exposures: list[TraceExposureOut]
    total: int
    f1: int
    f2: int
    offset: int
    limit: int
    generation: int | None


TRACE_LIMIT = 1000
TRACE_LIMIT_MAX = 10_000


def _page_bounds(offset: int, limit: int) -> None:
    """Refuse an offset below 0 or a limit outside 1…TRACE_LIMIT_MAX (400, in both languages)."""
    if offset < 0:
        raise ValidationFailed(_("offset must be 0 or more, not %(value)s."), value=offset)
    if not 1 <= limit <= TRACE_LIMIT_MAX:
        raise ValidationFailed(
            _("limit must be between 1 and %(max)s, not %(value)s."),
            max=TRACE_LIMIT_MAX,
            value=limit,
        )


@router.get("/outbreak/cases/{case_id}/trace", response=TraceOut)
@module_required(Module.OUTBREAK)
def cases_trace(
    request: HttpRequest,
    case_id: int,
    depth: int = 1,
    offset: int = 0,
    limit: int = TRACE_LIMIT,
    generation: int | None = None,
) -> dict[str, object]:
    """F1 (depth=1) or F1 and F2 (depth=2) per the tracing rule of DESIGN §3, a page at a time.

    `exposures` are the entries `offset…offset+limit` (limit 1000 by default, at most 10 000)
    of one `generation` (1 or 2) or of all; `total` counts those entries, `f1` and `f2` the
    persons of the whole trace. No identities: person ids only (the whole document, unpaged:
    `dieuhanh trace PERSON_ID --json`)."""
    if depth not in (1, 2):
        raise ValidationFailed(_("depth must be 1 or 2."))
    if generation is not None and generation not in (1, 2):
        raise ValidationFailed(_("generation must be 1 or 2."))
    _page_bounds(offset, limit)
    case = cases_sel.case_get(user=request.user, scope=request_scope(request), case_id=case_id)
    result = tracing_sel.trace_case(case=case, depth=depth)
    page = tracing_sel.trace_page(result, offset=offset, limit=limit, generation=generation)
    return {
        "case": result.case.person_id,
        "exposures": tracing_sel.exposure_documents(page.exposures),
        "total": page.total,
        "f1": page.f1,
        "f2": page.f2,
        "offset": page.offset,
        "limit": page.limit,
        "generation": generation,
    }


class ContactOut(Schema):
    id: int
    person_id: int
    generation: int
    via: int | None
    last_exposure_at: datetime.datetime
    follow_up_until: datetime.date
    status: str


class ContactsOut(Schema):
    created: int
    updated: int
    exposures: int
    total: int
    offset: int
    limit: int
    contacts: list[ContactOut]


@router.post("/outbreak/cases/{case_id}/contacts-from-trace", response=ContactsOut)
@module_required(Module.OUTBREAK)
def cases_contacts_from_trace(
    request: HttpRequest, case_id: int, depth: int = 1, offset: int = 0, limit: int = TRACE_LIMIT
) -> dict[str, object]:
    """Turn the traced list into contacts to follow up (idempotent).

    `total` counts the traced persons (each now a contact), `created` and `updated` what
    changed; `contacts` are those of the persons `offset…offset+limit` by person id (limit
    1000 by default, at most 10 000)."""
    if depth not in (1, 2):
        raise ValidationFailed(_("depth must be 1 or 2."))
    _page_bounds(offset, limit)
    scope = request_scope(request)
    case = cases_sel.case_get(user=request.user, scope=scope, case_id=case_id)
    done = contacts_svc.contacts_from_trace(actor=request.user, scope=scope, case=case, depth=depth)
    page = tracing_sel.contacts_of_persons(
        case=case, person_ids=done.person_ids[offset : offset + limit]
    )
    return {
        "created": done.created,
        "updated": done.updated,
        "exposures": done.exposures,
        "total": done.total,
        "offset": offset,
        "limit": limit,
        "contacts": [
            ContactOut(
                id=c.pk,
                person_id=c.person_id,
                generation=c.generation,
                via=c.via_id,
                last_exposure_at=c.last_exposure_at,
                follow_up_until=c.follow_up_until,
                status=c.status,
            )
            for c in page
        ],
    }


@router.get("/outbreak/chains")
@module_required(Module.OUTBREAK)
def chains(request: HttpRequest) -> dict[str, object]:
    """The chain graph (chains with size and duration, nodes, links) of the cases in scope."""
    data = chains_sel.chains_data(user=request.user, scope=request_scope(request))
    shown = data.pop("names_shown")
    if isinstance(shown, list) and shown:
        persons_svc.person_access_log(
            actor=request.user, persons=shown, action=PersonalDataAction.LIST
        )
    return data


@router.get("/outbreak/dashboard")
@module_required(Module.OUTBREAK)
def dashboard(request: HttpRequest) -> dict[str, object]:
    """Counts (no identities): cases, contacts, epidemic curve and cases by unit."""
    scope = request_scope(request)
    counts = dashboard_sel.dashboard_counts(user=request.user, scope=scope)
    return {
        "counts": counts.__dict__,
        "curve": [
            {"day": d.day.isoformat(), "onset": d.onset, "confirmed": d.confirmed}
            for d in dashboard_sel.epidemic_curve(user=request.user, scope=scope)
        ],
        "by_unit": [
            {"code": u.code, "name": u.name, "cases": u.cumulative}
            for u in dashboard_sel.cases_by_unit(user=request.user, scope=scope)
        ],
    }


class ImportOut(Schema):
    file: str
    rows: int
    created: int
    dry_run: bool


def _upload(file: UploadedFile) -> bytes:
    if file.size and file.size > IMPORT_MAX_BYTES:
        raise ValidationFailed(_("The file is too large."))
    return bytes(file.read())


@router.post("/outbreak/checkins/import", response=ImportOut)
@module_required(Module.OUTBREAK)
def checkins_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    dry_run: bool = False,
) -> dict[str, object]:
    """CSV person_id,venue_id,checked_in_at,checked_out_at (ISO 8601 with offset)."""
    done = imports_svc.checkins_import(
        actor=request.user,
        scope=request_scope(request),
        content=_upload(file),
        file_name=file.name or "checkins.csv",
        dry_run=dry_run,
    )
    return done.as_dict()


@router.post("/outbreak/cases/import", response=ImportOut)
@module_required(Module.OUTBREAK)
def cases_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    dry_run: bool = False,
) -> dict[str, object]:
    """CSV person_id,confirmed_at,onset_date,sampled_at,isolated_at."""
    done = imports_svc.cases_import(
        actor=request.user,
        scope=request_scope(request),
        content=_upload(file),
        file_name=file.name or "cases.csv",
        dry_run=dry_run,
    )
    return done.as_dict()
