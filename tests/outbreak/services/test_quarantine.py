"""Quarantine (outbreak/services/quarantine.py) by the rule in force: facilities, test
schedules, release, health checks, arrivals; scope and role denials next to the grants."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.outbreak.models import (
    ArrivalOutcome,
    Quarantine,
    QuarantinePlace,
    RuleSubject,
    ScheduledTest,
)
from dieuhanh.outbreak.services.quarantine import (
    QuarantineRequest,
    arrival_register,
    health_check_record,
    quarantine_contacts,
    quarantine_release,
    quarantines_start,
)
from tests.conftest import MakeUser
from tests.outbreak.factories import (
    DISTRICT,
    OTHER_DISTRICT,
    D,
    contacts,
    make_case,
    make_contact,
    make_facility,
    make_person,
    scope_of,
)


def test_contacts_quarantined_on_14_july_2021_get_14_days_in_the_facility(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    assert (q.rule.code, q.place, q.planned_end, q.monitoring_end) == (
        "F1-2021-07",
        "facility",
        D(2021, 7, 28),
        D(2021, 8, 11),
    )


def test_contacts_quarantined_on_13_july_2021_keep_the_may_rule(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 13),
        facility_id=facility.pk,
    )
    assert (q.rule.code, q.planned_end) == ("F1-2021-05", D(2021, 8, 3))


def test_quarantine_creates_the_test_schedule_of_the_rule(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    dues = list(q.scheduled_tests.values_list("due_on", flat=True))
    assert dues == [D(2021, 7, 14), D(2021, 7, 20), D(2021, 7, 27)]


def test_a_facility_rule_without_a_facility_is_refused_and_writes_nothing(health: User) -> None:
    [c] = contacts(1)
    with pytest.raises(ValidationFailed):
        quarantine_contacts(
            actor=health, scope=scope_of(health), contact_ids=[c.pk], start=D(2021, 7, 14)
        )
    assert Quarantine.objects.count() == 0


def test_a_full_facility_refuses_the_whole_batch(health: User) -> None:
    facility = make_facility(capacity=2)
    cs = contacts(3)
    with pytest.raises(ValidationFailed) as err:
        quarantine_contacts(
            actor=health,
            scope=scope_of(health),
            contact_ids=[c.pk for c in cs],
            start=D(2021, 7, 14),
            facility_id=facility.pk,
        )
    assert ("2 free beds" in str(err.value), Quarantine.objects.count()) == (True, 0)


def test_a_person_already_in_quarantine_is_a_conflict(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    kwargs = {"contact_ids": [c.pk], "start": D(2021, 7, 14), "facility_id": facility.pk}
    quarantine_contacts(actor=health, scope=scope_of(health), **kwargs)  # type: ignore[arg-type]  # kwargs: a dict[str, object]
    with pytest.raises(Conflict):
        quarantine_contacts(actor=health, scope=scope_of(health), **kwargs)  # type: ignore[arg-type]  # kwargs: a dict[str, object]


def test_a_viewer_may_not_quarantine(make_user: MakeUser) -> None:
    viewer = make_user(role=Role.VIEWER, view=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    with pytest.raises((AccessDenied, NotFound)):
        quarantine_contacts(
            actor=viewer,
            scope=scope_of(viewer),
            contact_ids=[c.pk],
            start=D(2021, 7, 14),
            facility_id=facility.pk,
        )
    assert Quarantine.objects.count() == 0


def test_a_health_officer_of_another_district_cannot_see_the_contact(make_user: MakeUser) -> None:
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    [c] = contacts(1)
    with pytest.raises(NotFound):
        quarantine_contacts(
            actor=other, scope=scope_of(other), contact_ids=[c.pk], start=D(2021, 7, 14)
        )


def test_release_ends_the_quarantine_and_cancels_later_tests(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    quarantine_release(actor=health, scope=scope_of(health), quarantine_id=q.pk, on=D(2021, 7, 21))
    open_tests = ScheduledTest.objects.filter(quarantine=q, cancelled=False).count()
    assert open_tests == 2  # day 1 and day 7 (due on the 20th) stay; day 14 is cancelled


def test_release_with_a_stale_version_is_a_conflict(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    with pytest.raises(Conflict):
        quarantine_release(
            actor=health, scope=scope_of(health), quarantine_id=q.pk, on=D(2021, 7, 21), version=7
        )


def test_health_check_outside_the_quarantine_is_refused(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    with pytest.raises(ValidationFailed):
        health_check_record(
            actor=health,
            scope=scope_of(health),
            quarantine_id=q.pk,
            day=D(2021, 7, 13),
            temperature=Decimal("36.8"),
            symptoms=False,
        )


def test_unvaccinated_arrival_from_a_high_risk_origin_goes_to_a_facility(health: User) -> None:
    facility = make_facility()
    arrival = arrival_register(
        actor=health,
        scope=scope_of(health),
        person_id=make_person().pk,
        origin="TP. Hồ Chí Minh",
        origin_risk=4,
        arrived_on=D(2021, 8, 2),
        vaccinated=False,
    )
    assert arrival.quarantine is not None and arrival.rule is not None
    assert (arrival.outcome, arrival.quarantine.facility_id, arrival.rule.code) == (
        ArrivalOutcome.QUARANTINE,
        facility.pk,
        "ARR-2021-07",
    )


def test_vaccinated_arrival_in_august_2021_stays_7_days_at_home(health: User) -> None:
    arrival = arrival_register(
        actor=health,
        scope=scope_of(health),
        person_id=make_person().pk,
        origin="Đà Nẵng",
        origin_risk=3,
        arrived_on=D(2021, 8, 2),
        vaccinated=True,
    )
    q = arrival.quarantine
    assert q is not None
    assert (q.place, q.planned_end) == (QuarantinePlace.HOME, D(2021, 8, 9))


def test_arrival_from_a_low_risk_origin_is_monitored(health: User) -> None:
    arrival = arrival_register(
        actor=health,
        scope=scope_of(health),
        person_id=make_person().pk,
        origin="Kon Tum",
        origin_risk=1,
        arrived_on=D(2021, 8, 2),
        vaccinated=False,
    )
    assert arrival.quarantine is not None
    assert (arrival.outcome, arrival.quarantine.place) == (
        ArrivalOutcome.MONITORING,
        QuarantinePlace.MONITORING,
    )


def test_arrival_before_any_arrival_rule_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        arrival_register(
            actor=health,
            scope=scope_of(health),
            person_id=make_person().pk,
            origin="Hà Nội",
            origin_risk=3,
            arrived_on=D(2021, 5, 1),
            vaccinated=False,
        )


def test_every_quarantine_leaves_an_audit_event(health: User) -> None:
    q = quarantines_start(
        actor=health,
        scope=scope_of(health),
        start=D(2021, 8, 2),
        requests=[
            QuarantineRequest(
                person=make_person(), subject=RuleSubject.ARRIVAL, vaccinated=True, origin_risk=3
            )
        ],
    )
    assert AuditEvent.objects.filter(
        action="outbreak.quarantine_start", object_id=str(q[0].pk)
    ).exists()


def test_an_f2_contact_is_quarantined_at_home_without_a_facility(health: User) -> None:
    case = make_case(make_person(name="F0"))
    f2 = make_contact(case, make_person(name="F2"), generation=2)
    [q] = quarantine_contacts(
        actor=health, scope=scope_of(health), contact_ids=[f2.pk], start=D(2021, 7, 14)
    )
    assert (q.rule.code, q.place, q.planned_end) == ("F2-2020", "home", D(2021, 7, 28))
