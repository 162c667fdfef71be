"""Persons (outbreak/services/persons.py): duplicates, registration in scope, corrections and
anonymisation (every copy of the identity erased, what epidemiology needs kept; who may)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Q

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.services import ERASED
from dieuhanh.outbreak.models import (
    Case,
    Exposure,
    HealthCheck,
    Person,
    PersonalDataAccess,
    PersonLocation,
    Quarantine,
    Visit,
)
from dieuhanh.outbreak.services.cases import visit_add
from dieuhanh.outbreak.services.persons import person_anonymise, person_correct, person_register
from tests.conftest import MakeUser, unit_on
from tests.outbreak.erasure import leave_traces
from tests.outbreak.factories import ALL, DUN, IA_BLANG, at, case, person

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


# --- anonymisation erases every copy of the identity (docs: person_anonymise) ---------------


@pytest.fixture
def erased(health: User) -> Person:
    """The person of tests/outbreak/erasure.py with every copy made, then anonymised."""
    p = leave_traces(actor=health, scope=user_scope(user=health), unit=unit_on(IA_BLANG))
    return person_anonymise(
        actor=health, scope=user_scope(user=health), person=p, reason="Hết căn cứ pháp lý"
    )


def test_anonymisation_erases_the_values_before_and_after_a_correction(erased: Person) -> None:
    event = AuditEvent.objects.get(
        object_type="outbreak.person", object_id=str(erased.pk), action="outbreak.person.correct"
    )
    assert {event.changes[k][0] for k in ("full_name", "phone", "id_number")} == {ERASED}
    assert {event.changes[k][1] for k in ("full_name", "phone", "id_number")} == {ERASED}


def test_anonymisation_keeps_every_audit_event_of_the_person(health: User) -> None:
    p = person("Trần Văn Cường", phone="0905000000")
    person_correct(actor=None, scope=ALL, person=p, version=1, phone="0912000000")
    events = AuditEvent.objects.filter(object_type="outbreak.person", object_id=str(p.pk))
    before = list(events.values_list("pk", "at", "actor_label", "action"))
    person_anonymise(actor=health, scope=user_scope(user=health), person=p, reason="Hết hạn")
    assert (
        list(
            events.exclude(action="outbreak.person.anonymise").values_list(
                "pk", "at", "actor_label", "action"
            )
        )
        == before
    )


def test_anonymisation_removes_the_household_location_and_its_audit_label(
    erased: Person,
) -> None:
    assert not PersonLocation.objects.filter(person=erased).exists()
    labels = AuditEvent.objects.filter(action="outbreak.person_location")
    assert list(labels.values_list("object_repr", flat=True)) == [ERASED]


def test_anonymisation_erases_the_case_place_and_its_visits_and_keeps_the_dates(
    erased: Person,
) -> None:
    c = Case.objects.get(person=erased)
    assert (c.place, c.code, c.onset_date) == (ERASED, "BN-XERA", datetime.date(2021, 7, 10))
    visit = Visit.objects.get(case=c)
    assert (visit.place, visit.note, visit.start < visit.end) == (ERASED, ERASED, True)


def test_anonymisation_erases_the_notes_of_exposures_either_way_and_keeps_them(
    erased: Person,
) -> None:
    exposures = Exposure.objects.filter(Q(source=erased) | Q(exposed=erased))
    assert exposures.filter(setting="household", exposed=erased).exists()
    assert set(exposures.exclude(note="").values_list("note", flat=True)) == {ERASED}


def test_anonymisation_erases_care_notes_and_keeps_temperatures(erased: Person) -> None:
    q = Quarantine.objects.get(person=erased)
    check = HealthCheck.objects.get(quarantine=q)
    assert (q.release_note, check.note) == (ERASED, ERASED)
    assert (check.temperature, check.symptoms, q.released_on) == (
        Decimal("37.8"),
        True,
        datetime.date(2021, 8, 5),
    )


def test_anonymisation_keeps_the_reads_and_erases_the_identity_from_their_reasons(
    erased: Person,
) -> None:
    reads = PersonalDataAccess.objects.filter(person=erased, action="view")
    assert [r.reason for r in reads] == [f"Xác minh {ERASED}, CCCD {ERASED}, gọi {ERASED}"]


def test_anonymisation_erases_the_identity_from_its_own_reason(health: User) -> None:
    p = person("Trần Văn Cường", phone="0905000000")
    person_anonymise(
        actor=health,
        scope=user_scope(user=health),
        person=p,
        reason="Trần Văn Cường đã chuyển đi, SĐT 0905000000",
    )
    event = AuditEvent.objects.get(object_id=str(p.pk), action="outbreak.person.anonymise")
    assert event.changes == {"reason": f"{ERASED} đã chuyển đi, SĐT {ERASED}"}


def test_anonymisation_erases_a_visit_label_in_the_admin_history(health: User) -> None:
    p = person("Trần Văn Cường")
    c = case(p)
    v = visit_add(actor=None, scope=ALL, case=c, place="Nhà Cường", start=at(9, 7), end=at(9, 8))
    LogEntry.objects.log_actions(
        user_id=health.pk, queryset=[v], action_flag=CHANGE, change_message="[]", single_object=True
    )
    person_anonymise(actor=health, scope=user_scope(user=health), person=p, reason="Hết hạn")
    assert list(LogEntry.objects.values_list("object_repr", flat=True)) == [ERASED]


def test_anonymisation_leaves_other_persons_alone(health: User) -> None:
    p, other = person("Trần Văn Cường"), person("Trần Văn Cường", phone="0905000000")
    person_correct(actor=None, scope=ALL, person=other, version=1, phone="0912000000")
    person_anonymise(actor=health, scope=user_scope(user=health), person=p, reason="Hết hạn")
    other.refresh_from_db()
    assert (other.full_name, other.phone) == ("Trần Văn Cường", "0912000000")
    event = AuditEvent.objects.get(object_id=str(other.pk), action="outbreak.person.correct")
    assert event.changes == {"phone": ["0905000000", "0912000000"]}


def test_health_officer_of_the_unit_may_anonymise(health: User) -> None:
    p = person("Trần Văn Cường")
    person_anonymise(actor=health, scope=user_scope(user=health), person=p, reason="Hết hạn")
    p.refresh_from_db()
    assert p.anonymised


@pytest.mark.parametrize(
    "role",
    [Role.LEADER, Role.DATA_OFFICER, Role.PARTY_OFFICE, Role.SECURITY_OFFICER, Role.VIEWER],
)
def test_other_roles_may_not_anonymise_and_nothing_is_erased(
    make_user: MakeUser, role: str
) -> None:
    user = make_user(role=role, capture=("633",))
    p = person("Trần Văn Cường", phone="0905000000")
    with pytest.raises(AccessDenied):
        person_anonymise(actor=user, scope=user_scope(user=user), person=p, reason="Hết hạn")
    p.refresh_from_db()
    assert (p.full_name, p.phone, p.anonymised) == ("Trần Văn Cường", "0905000000", False)


def test_a_refused_role_is_refused_before_the_reason_is_read(make_user: MakeUser) -> None:
    leader = make_user(role=Role.LEADER, capture=("633",))
    with pytest.raises(AccessDenied):
        person_anonymise(actor=leader, scope=user_scope(user=leader), person=person(), reason="")


def test_health_officer_of_another_commune_may_not_anonymise(make_user: MakeUser) -> None:
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    p = person("Trần Văn Cường", code=IA_BLANG)
    with pytest.raises(AccessDenied):
        person_anonymise(actor=officer, scope=user_scope(user=officer), person=p, reason="Hết")
    p.refresh_from_db()
    assert not p.anonymised
