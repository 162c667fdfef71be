"""Persons, cases, investigation and contacts through the services."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import (
    Contact,
    ContactStatus,
    Exposure,
    ExposureSetting,
    Person,
    PersonalDataAccess,
)
from dieuhanh.outbreak.selectors.dashboard import outbreak_review
from dieuhanh.outbreak.selectors.tracing import trace_case, trace_document
from dieuhanh.outbreak.services.cases import visit_add
from dieuhanh.outbreak.services.contacts import contacts_from_trace, exposure_record
from dieuhanh.outbreak.services.persons import person_anonymise, person_correct, person_register
from tests.conftest import MakeUser, unit_on
from tests.outbreak.tracing_factories import (
    DUN,
    IA_BLANG,
    at,
    case,
    checkin,
    person,
    venue,
)

pytestmark = pytest.mark.django_db
ALL = Scope.everything()


def test_same_id_number_is_a_duplicate() -> None:
    person("Nguyễn Văn An", id_number="064000000001")
    with pytest.raises(Conflict):
        person_register(
            actor=None,
            scope=ALL,
            full_name="Nguyen Van Binh",
            unit=unit_on(IA_BLANG),
            id_number="064000000001",
        )


def test_same_name_birth_year_phone_without_accents_is_a_duplicate() -> None:
    person("Rơ Lan H'Blin", birth_year=1990, phone="0905 123 456")
    with pytest.raises(Conflict):
        person_register(
            actor=None,
            scope=ALL,
            full_name="ro lan h blin",
            unit=unit_on(IA_BLANG),
            birth_year=1990,
            phone="0905123456",
        )


def test_same_name_other_birth_year_is_not_a_duplicate() -> None:
    person("Rơ Lan H'Blin", birth_year=1990, phone="0905123456")
    other = person_register(
        actor=None,
        scope=ALL,
        full_name="Rơ Lan H'Blin",
        unit=unit_on(IA_BLANG),
        birth_year=1991,
        phone="0905123456",
    )
    assert other.pk


def test_health_officer_cannot_register_outside_their_units(make_user: MakeUser) -> None:
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    with pytest.raises(AccessDenied):
        person_register(
            actor=officer,
            scope=user_scope(user=officer),
            full_name="Lê Thị Hoa",
            unit=unit_on(IA_BLANG),
        )


def test_leader_cannot_register_a_person(make_user: MakeUser) -> None:
    leader = make_user(role=Role.LEADER, capture=("633",))
    with pytest.raises(AccessDenied):
        person_register(
            actor=leader,
            scope=user_scope(user=leader),
            full_name="Lê Thị Hoa",
            unit=unit_on(IA_BLANG),
        )


def test_correction_with_stale_version_is_refused() -> None:
    p = person()
    person_correct(actor=None, scope=ALL, person=p, version=1, phone="0912000000")
    with pytest.raises(Conflict):
        person_correct(actor=None, scope=ALL, person=p, version=1, phone="0912000001")


def test_correction_is_logged_as_personal_data_access() -> None:
    p = person()
    person_correct(actor=None, scope=ALL, person=p, version=1, phone="0912000000")
    assert PersonalDataAccess.objects.filter(person=p, action="correct").count() == 1


def test_anonymisation_erases_identity_and_keeps_the_case() -> None:
    p = person("Trần Văn Cường", id_number="064000000009", phone="0905000000")
    c = case(p)
    person_anonymise(actor=None, scope=ALL, person=p, reason="Hết căn cứ pháp lý")
    p.refresh_from_db()
    assert (p.full_name, p.id_number, p.phone, p.anonymised) == (f"#{p.pk}", "", "", True)
    assert c.person_id == p.pk


def test_anonymisation_needs_a_reason() -> None:
    with pytest.raises(ValidationFailed):
        person_anonymise(actor=None, scope=ALL, person=person(), reason="  ")


def test_case_confirmed_twice_is_refused() -> None:
    p = person()
    case(p)
    with pytest.raises(Conflict):
        case(p)


def test_case_with_naive_time_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        case(person(), confirmed_at=datetime.datetime(2021, 7, 12, 9, 0))


def test_exposure_from_case_makes_an_f1_contact() -> None:
    c = case(person())
    friend = person("Phạm Thị Dung")
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=c.person,
        exposed=friend,
        start=at(9, 18),
        end=at(9, 20),
        setting=ExposureSetting.HOUSEHOLD,
    )
    contact = Contact.objects.get(case=c, person=friend)
    assert (contact.generation, contact.follow_up_until) == (1, datetime.date(2021, 7, 23))


def test_exposure_via_f1_makes_an_f2_contact() -> None:
    c = case(person())
    f1, f2 = person("Phạm Thị Dung"), person("Đỗ Văn Em")
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=c.person,
        exposed=f1,
        start=at(9, 18),
        end=at(9, 20),
        setting=ExposureSetting.HOUSEHOLD,
    )
    exposure_record(
        actor=None,
        scope=ALL,
        case=c,
        source=f1,
        exposed=f2,
        start=at(10, 8),
        end=at(10, 9),
        setting=ExposureSetting.WORK,
    )
    assert Contact.objects.get(case=c, person=f2).generation == 2


def test_exposure_from_a_stranger_is_refused() -> None:
    c = case(person())
    with pytest.raises(ValidationFailed):
        exposure_record(
            actor=None,
            scope=ALL,
            case=c,
            source=person("A"),
            exposed=person("B"),
            start=at(9, 18),
            end=at(9, 20),
            setting=ExposureSetting.OTHER,
        )


def test_visit_must_end_after_it_starts() -> None:
    c = case(person())
    with pytest.raises(ValidationFailed):
        visit_add(actor=None, scope=ALL, case=c, place="Chợ", start=at(9, 10), end=at(9, 10))


def _traced_setup() -> tuple[object, Person, Person, Person]:
    index = person("Nguyễn Văn An")
    c = case(index, isolated_at=at(12, 10))
    market, cafe = venue("Chợ Chư Sê"), venue("Quán cà phê Phố Núi")
    f1, f2, before = person("Phạm Thị Dung"), person("Đỗ Văn Em"), person("Lý Văn Sớm")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(f1, market, at(9, 7, 30), at(9, 9))
    checkin(before, market, at(7, 7), at(7, 8))  # before the window (08/07 00:00)
    checkin(index, market, at(7, 7), at(7, 8))
    checkin(f1, cafe, at(10, 19), None)
    checkin(f2, cafe, at(10, 19, 30), None)
    return c, f1, f2, before


def test_trace_finds_f1_inside_the_window_only() -> None:
    c, f1, _f2, _before = _traced_setup()
    result = trace_case(case=c, depth=1)  # type: ignore[arg-type]
    assert [(e.person_id, e.generation) for e in result.exposures] == [(f1.pk, 1)]


def test_trace_json_shape_is_the_design_contract() -> None:
    c, f1, f2, _ = _traced_setup()
    doc = trace_document(trace_case(case=c, depth=2))  # type: ignore[arg-type]
    assert doc["exposures"] == [
        {
            "person_id": f1.pk,
            "generation": 1,
            "via": c.person_id,
            "venue_id": doc["exposures"][0]["venue_id"],  # type: ignore[index]
            "overlap_start": "2021-07-09T07:30:00+07:00",
            "overlap_end": "2021-07-09T08:00:00+07:00",
        },
        {
            "person_id": f2.pk,
            "generation": 2,
            "via": f1.pk,
            "venue_id": doc["exposures"][1]["venue_id"],  # type: ignore[index]
            "overlap_start": "2021-07-10T19:30:00+07:00",
            "overlap_end": "2021-07-10T20:00:00+07:00",
        },
    ]


def test_contacts_from_trace_creates_follow_ups_once() -> None:
    c, f1, f2, _ = _traced_setup()
    first = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)  # type: ignore[arg-type]
    second = contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)  # type: ignore[arg-type]
    assert (first.created, second.created, second.exposures) == (2, 0, 0)
    assert first.person_ids == [f1.pk, f2.pk]
    assert Exposure.objects.filter(case=c).count() == 2


def test_contacts_from_trace_refuses_persons_outside_scope(make_user: MakeUser) -> None:
    c, f1, _f2, _ = _traced_setup()
    f1.unit = unit_on(DUN)
    f1.unit_path = f1.unit.path
    f1.save()
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(IA_BLANG,))
    with pytest.raises(AccessDenied):
        contacts_from_trace(actor=officer, scope=user_scope(user=officer), case=c)  # type: ignore[arg-type]


def test_a_contact_confirmed_later_becomes_a_case() -> None:
    c, f1, _f2, _ = _traced_setup()
    contacts_from_trace(actor=None, scope=ALL, case=c)  # type: ignore[arg-type]
    case(f1, confirmed_at=at(13, 9))
    assert Contact.objects.get(person=f1).status == ContactStatus.BECAME_CASE


def test_outbreak_review_counts_cases_contacts_and_chains() -> None:
    c, _f1, _f2, _ = _traced_setup()
    contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)  # type: ignore[arg-type]
    review = outbreak_review(
        scope=ALL, unit_code="633", start=datetime.date(2021, 1, 1), end=datetime.date(2021, 7, 31)
    )
    assert review is not None
    assert (
        review.cases_in_period,
        review.cases_cumulative,
        review.contacts_f1,
        review.contacts_f2,
        review.chains,
    ) == (1, 1, 1, 1, 1)
    assert [(u.code, u.cumulative) for u in review.by_unit] == [(IA_BLANG, 1)]


def test_outbreak_review_is_none_without_cases() -> None:
    assert (
        outbreak_review(
            scope=ALL,
            unit_code="633",
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 6, 30),
        )
        is None
    )


def test_outbreak_review_outside_scope_is_refused(make_user: MakeUser) -> None:
    case(person())
    with pytest.raises(AccessDenied):
        outbreak_review(
            scope=Scope(view_paths=(unit_on(DUN).path,)),
            unit_code="633",
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 7, 31),
        )
