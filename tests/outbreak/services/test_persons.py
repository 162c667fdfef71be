"""Persons (outbreak/services/persons.py): duplicates, registration in scope, corrections and
anonymisation."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.outbreak.models import PersonalDataAccess
from dieuhanh.outbreak.services.persons import person_anonymise, person_correct, person_register
from tests.conftest import MakeUser, unit_on
from tests.outbreak.factories import ALL, DUN, IA_BLANG, case, person

pytestmark = pytest.mark.django_db


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


def test_a_duplicate_in_another_commune_is_not_revealed(make_user: MakeUser) -> None:
    """Register probing: Dun's officer learns nothing of Ia Blang's register."""
    elsewhere = person("Nguyễn Văn An", code=IA_BLANG, id_number="064000000001")
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    registered = person_register(
        actor=officer,
        scope=user_scope(user=officer),
        full_name="Nguyễn Văn An",
        unit=unit_on(DUN),
        id_number="064000000001",
    )
    assert registered.pk != elsewhere.pk
    assert not PersonalDataAccess.objects.filter(person_id=elsewhere.pk, user=officer).exists()


def test_a_duplicate_in_scope_is_named_and_the_lookup_logged(make_user: MakeUser) -> None:
    known = person("Nguyễn Văn An", code=DUN, id_number="064000000001")
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    with pytest.raises(Conflict) as refused:
        person_register(
            actor=officer,
            scope=user_scope(user=officer),
            full_name="Nguyen Van An",
            unit=unit_on(DUN),
            id_number="064000000001",
        )
    assert f"#{known.pk}" in refused.value.render("en")
    logged = PersonalDataAccess.objects.get(person_id=known.pk, user=officer)
    assert (logged.action, logged.reason != "") == ("view", True)


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
