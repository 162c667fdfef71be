"""Endpoints of persons: list and search, register, read, correct, anonymise."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import Person, PersonalDataAction, Sex
from dieuhanh.outbreak.selectors import identifiers as identifiers_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.services import persons as persons_svc

router = Router(tags=["outbreak"])


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


class IdentifierOut(Schema):
    kind: str  # cccd, cmnd, phone, passport, source
    value: str  # normalised as stored (a phone as 84…)


class PersonDetailOut(PersonOut):
    """One person as a health officer reads them: with the identifiers on record (số định danh:
    CCCD/CMND, phones, passport, a source's id)."""

    identifiers: list[IdentifierOut]


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
        user=request_user(request), scope=scope, query=q, limit=min(limit, 500)
    )
    persons_svc.person_access_log(
        actor=request_user(request), persons=found, action=PersonalDataAction.LIST
    )
    return [_person_out(p) for p in found]


@router.post("/outbreak/persons", response={201: PersonOut})
@module_required(Module.OUTBREAK)
def persons_create(request: HttpRequest, payload: PersonIn) -> tuple[int, PersonOut]:
    scope = request_scope(request)
    unit = unit_resolve(
        code=payload.unit, scope=scope, on=timezone.localdate(), policy=UnitPolicy.LATEST_VISIBLE
    )
    person = persons_svc.person_register(
        actor=request_user(request),
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


@router.get("/outbreak/persons/{person_id}", response=PersonDetailOut)
@module_required(Module.OUTBREAK)
def persons_get(request: HttpRequest, person_id: int) -> PersonDetailOut:
    """One person with their identifiers; the read is logged."""
    user = request_user(request)
    person = persons_sel.person_get(user=user, scope=request_scope(request), person_id=person_id)
    identifiers = identifiers_sel.person_identifiers(user=user, person=person)
    persons_svc.person_access_log(actor=user, persons=[person], action=PersonalDataAction.VIEW)
    return PersonDetailOut(
        **_person_out(person).dict(),
        identifiers=[IdentifierOut(kind=i.kind, value=i.value) for i in identifiers],
    )


@router.patch("/outbreak/persons/{person_id}", response=PersonOut)
@module_required(Module.OUTBREAK)
def persons_correct(request: HttpRequest, person_id: int, payload: PersonCorrectIn) -> PersonOut:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request_user(request), scope=scope, person_id=person_id)
    fields = {k: v for k, v in payload.dict(exclude={"version"}).items() if v is not None}
    person = persons_svc.person_correct(
        actor=request_user(request), scope=scope, person=person, version=payload.version, **fields
    )
    return _person_out(person)


@router.post("/outbreak/persons/{person_id}/anonymise", response=PersonOut)
@module_required(Module.OUTBREAK)
def persons_anonymise(request: HttpRequest, person_id: int, payload: AnonymiseIn) -> PersonOut:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request_user(request), scope=scope, person_id=person_id)
    person = persons_svc.person_anonymise(
        actor=request_user(request), scope=scope, person=person, reason=payload.reason
    )
    return _person_out(person)
