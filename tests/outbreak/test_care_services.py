"""Care services and selectors: quarantine by the rule in force, pools, arrivals, zones,
readiness; scope and role denials next to the grants."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.outbreak.models import (
    ArrivalOutcome,
    Case,
    Contact,
    Facility,
    Person,
    Quarantine,
    QuarantinePlace,
    RuleSubject,
    Sample,
    SampleResult,
    ScheduledTest,
    ScheduledTestReason,
)
from dieuhanh.outbreak.selectors.dashboard import care_dashboard_counts, care_review
from dieuhanh.outbreak.selectors.quarantine import contacts_to_quarantine, facilities_load
from dieuhanh.outbreak.selectors.readiness import readiness_table
from dieuhanh.outbreak.selectors.testing import overdue_tests, pool_advice
from dieuhanh.outbreak.selectors.zones import risk_table, zone_members
from dieuhanh.outbreak.services.quarantine import (
    QuarantineRequest,
    arrival_register,
    health_check_record,
    quarantine_contacts,
    quarantine_release,
    quarantines_start,
)
from dieuhanh.outbreak.services.readiness import health_profile_set, readiness_set
from dieuhanh.outbreak.services.testing import pool_create, pool_result_record, sample_record
from dieuhanh.outbreak.services.zones import ZoneInput, person_location_set, zone_save
from tests.conftest import BEFORE, MakeUser, unit_on

D = datetime.date
DISTRICT = "633"  # Huyện Chư Sê
TOWNSHIP = "23941"  # Thị trấn Chư Sê (2021)
IA_BLANG = "23962"
OTHER_DISTRICT = "632"  # outside Chư Sê
JULY_10 = D(2021, 7, 10)


def make_person(code: str = TOWNSHIP, name: str = "Nguyễn Văn A", on: D = BEFORE) -> Person:
    unit = unit_on(code, on)
    return Person.objects.create(full_name=name, unit=unit, unit_path=unit.path, birth_year=1990)


def make_case(person: Person, confirmed: D = JULY_10) -> Case:
    at = timezone.make_aware(datetime.datetime.combine(confirmed, datetime.time(9)))
    return Case.objects.create(
        person=person, code=f"BN{person.pk}", confirmed_at=at, unit_path=person.unit_path
    )


def make_contact(case: Case, person: Person, generation: int = 1) -> Contact:
    return Contact.objects.create(
        case=case,
        person=person,
        generation=generation,
        last_exposure_at=case.confirmed_at,
        follow_up_until=D(2021, 8, 1),
        unit_path=person.unit_path,
    )


def make_facility(code: str = DISTRICT, capacity: int = 2) -> Facility:
    unit = unit_on(code)
    return Facility.objects.create(
        unit=unit, unit_path=unit.path, name="Khu cách ly tập trung huyện Chư Sê", capacity=capacity
    )


def scope_of(user: User):  # type: ignore[no-untyped-def]
    return user_scope(user=user)


def contacts(n: int) -> list[Contact]:
    case = make_case(make_person(name="F0"))
    return [make_contact(case, make_person(name=f"F1 {i}")) for i in range(n)]


# --- Quarantine ------------------------------------------------------------------------------


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
    quarantine_contacts(actor=health, scope=scope_of(health), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        quarantine_contacts(actor=health, scope=scope_of(health), **kwargs)  # type: ignore[arg-type]


def test_facility_occupancy_counts_people_inside(health: User) -> None:
    facility = make_facility(capacity=5)
    cs = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk for c in cs],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    [load] = facilities_load(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 20))
    assert (load.occupied, load.free) == (2, 3)


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


def test_contacts_to_quarantine_leaves_out_those_in_quarantine(health: User) -> None:
    facility = make_facility()
    a, b = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[a.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    left = contacts_to_quarantine(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 15))
    assert [c.pk for c in left] == [b.pk]


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


def test_dashboard_counts_active_quarantines_and_missing_health_checks(health: User) -> None:
    facility = make_facility()
    a, b = contacts(2)
    qa, _qb = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[a.pk, b.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    health_check_record(
        actor=health,
        scope=scope_of(health),
        quarantine_id=qa.pk,
        day=D(2021, 7, 15),
        temperature=Decimal("36.8"),
        symptoms=False,
    )
    counts = care_dashboard_counts(scope=scope_of(health), unit_code=DISTRICT, on=D(2021, 7, 16))
    assert (counts.active_quarantines, counts.in_facility, counts.overdue_health_checks) == (
        2,
        2,
        1,
    )


def test_dashboard_counts_refuse_a_unit_outside_the_scope(health: User) -> None:
    with pytest.raises(AccessDenied):
        care_dashboard_counts(scope=scope_of(health), unit_code=OTHER_DISTRICT, on=D(2021, 7, 16))


def test_overdue_tests_are_the_missed_due_dates(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    sample_record(
        actor=health,
        scope=scope_of(health),
        person_id=c.person_id,
        kind="pcr",
        collected_on=D(2021, 7, 14),
    )
    late = overdue_tests(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 22))
    assert [t.due_on for t in late] == [D(2021, 7, 20)]


# --- Pools -----------------------------------------------------------------------------------


def test_a_positive_pool_makes_each_member_due_for_a_retest(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(5)]
    pool_create(
        actor=health,
        scope=scope_of(health),
        unit_code=TOWNSHIP,
        code="CS-0714-01",
        collected_on=D(2021, 7, 14),
        person_ids=[p.pk for p in people],
    )
    pool_result_record(
        actor=health,
        scope=scope_of(health),
        code="CS-0714-01",
        result="positive",
        result_on=D(2021, 7, 15),
    )
    retests = ScheduledTest.objects.filter(reason=ScheduledTestReason.POOL_RETEST)
    assert sorted(retests.values_list("person_id", flat=True)) == sorted(p.pk for p in people)


def test_a_negative_pool_clears_every_member(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(3)]
    pool_create(
        actor=health,
        scope=scope_of(health),
        unit_code=TOWNSHIP,
        code="CS-0714-02",
        collected_on=D(2021, 7, 14),
        person_ids=[p.pk for p in people],
    )
    pool_result_record(
        actor=health,
        scope=scope_of(health),
        code="CS-0714-02",
        result="negative",
        result_on=D(2021, 7, 15),
    )
    results = set(Sample.objects.values_list("result", flat=True))
    assert (results, ScheduledTest.objects.count()) == ({SampleResult.NEGATIVE}, 0)


def test_a_pool_of_one_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        pool_create(
            actor=health,
            scope=scope_of(health),
            unit_code=TOWNSHIP,
            code="X",
            collected_on=D(2021, 7, 14),
            person_ids=[make_person().pk],
        )


def test_a_pool_result_twice_is_a_conflict(health: User) -> None:
    people = [make_person(name=f"Người {i}") for i in range(2)]
    kw = {"actor": health, "scope": scope_of(health), "code": "P2"}
    pool_create(
        unit_code=TOWNSHIP, collected_on=D(2021, 7, 14), person_ids=[p.pk for p in people], **kw
    )  # type: ignore[arg-type]
    pool_result_record(result="negative", result_on=D(2021, 7, 15), **kw)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        pool_result_record(result="positive", result_on=D(2021, 7, 15), **kw)  # type: ignore[arg-type]


def test_pool_advice_uses_the_recent_positivity(health: User) -> None:
    for i in range(50):
        sample_record(
            actor=health,
            scope=scope_of(health),
            person_id=make_person(name=f"N{i}").pk,
            kind="pcr",
            collected_on=D(2021, 7, 14),
            result="positive" if i == 0 else "negative",
        )
    plan = pool_advice(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 15))
    assert (plan.observed, plan.advice.pool_size) == (0.02, 8)


# --- Arrivals --------------------------------------------------------------------------------


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


# --- Zones, risk, readiness ------------------------------------------------------------------


def test_zone_lists_the_cases_and_contacts_inside(health: User) -> None:
    s = scope_of(health)
    case = make_case(make_person(name="F0"))
    inside = make_contact(case, make_person(name="Trong"))
    outside = make_contact(case, make_person(name="Ngoài"))
    person_location_set(
        actor=health, scope=s, person_id=case.person_id, latitude=13.7005, longitude=108.0805
    )
    person_location_set(
        actor=health, scope=s, person_id=inside.person_id, latitude=13.701, longitude=108.081
    )
    person_location_set(
        actor=health, scope=s, person_id=outside.person_id, latitude=13.72, longitude=108.10
    )
    zone = zone_save(
        actor=health,
        scope=s,
        data=ZoneInput(
            unit_code=TOWNSHIP,
            name="Tổ dân phố 5",
            kind="lockdown",
            shape="circle",
            start=D(2021, 7, 10),
            center_lat=13.70,
            center_lon=108.08,
            radius_m=300,
        ),
    )
    members = zone_members(scope=s, zone=zone)
    assert ([p.person_id for p in members.cases], [p.person_id for p in members.contacts]) == (
        [case.person_id],
        [inside.person_id],
    )


def test_a_polygon_of_two_points_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        zone_save(
            actor=health,
            scope=scope_of(health),
            data=ZoneInput(
                unit_code=TOWNSHIP,
                name="X",
                kind="zoning",
                shape="polygon",
                start=D(2021, 7, 10),
                polygon=((13.7, 108.0), (13.8, 108.1)),
            ),
        )


def test_a_zone_edit_with_a_stale_version_is_a_conflict(health: User) -> None:
    data = ZoneInput(
        unit_code=TOWNSHIP,
        name="Khu A",
        kind="zoning",
        shape="circle",
        start=D(2021, 7, 10),
        center_lat=13.70,
        center_lon=108.08,
        radius_m=800,
    )
    zone = zone_save(actor=health, scope=scope_of(health), data=data)
    zone_save(actor=health, scope=scope_of(health), data=data, zone_id=zone.pk, version=1)
    with pytest.raises(Conflict):
        zone_save(actor=health, scope=scope_of(health), data=data, zone_id=zone.pk, version=1)


def test_commune_risk_level_from_weekly_cases_per_100000(health: User) -> None:
    township = unit_on(TOWNSHIP)
    health_profile_set(
        actor=health,
        scope=scope_of(health),
        unit=township,
        valid_from=D(2021, 1, 1),
        population=20_000,
        fully_vaccinated=0,
    )
    for i in range(4):  # 4 cases in a week for 20,000 people: 20 per 100,000 -> level 2
        make_case(make_person(name=f"Ca {i}"), confirmed=D(2021, 7, 8 + i))
    rows = {
        r.unit.code: r
        for r in risk_table(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 12))
    }
    assert (rows[TOWNSHIP].incidence, rows[TOWNSHIP].level, rows[IA_BLANG].level) == (20.0, 2, 1)


def test_readiness_shows_the_gap_against_the_required_level(health: User) -> None:
    readiness_set(
        actor=health,
        scope=scope_of(health),
        unit_code=DISTRICT,
        on=D(2021, 7, 1),
        item="beds",
        required=200,
        available=150,
    )
    [entry] = readiness_table(scope=scope_of(health), unit=unit_on(DISTRICT))
    [line] = entry.pillars["logistics"]
    assert (line.gap.missing, entry.missing_items) == (50, 1)


def test_readiness_of_an_unknown_item_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        readiness_set(
            actor=health,
            scope=scope_of(health),
            unit_code=DISTRICT,
            on=D(2021, 7, 1),
            item="tanks",
            required=2,
            available=0,
        )


def test_a_leader_may_read_readiness_but_not_change_it(make_user: MakeUser) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    with pytest.raises(AccessDenied):
        readiness_set(
            actor=leader,
            scope=scope_of(leader),
            unit_code=DISTRICT,
            on=D(2021, 7, 1),
            item="beds",
            required=200,
            available=150,
        )


# --- Review ----------------------------------------------------------------------------------


def test_care_review_counts_the_period(health: User) -> None:
    facility = make_facility()
    cs = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk for c in cs],
        start=D(2021, 6, 1),
        facility_id=facility.pk,
    )
    review = care_review(
        scope=scope_of(health), unit_code=DISTRICT, start=D(2021, 1, 1), end=D(2021, 6, 14)
    )
    assert review is not None and (review.quarantined, review.released) == (2, 0)


def test_care_review_of_a_quiet_period_is_none(health: User) -> None:
    assert (
        care_review(
            scope=scope_of(health), unit_code=DISTRICT, start=D(2020, 1, 1), end=D(2020, 6, 14)
        )
        is None
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


def test_care_review_names_the_readiness_gaps_in_vietnamese(health: User) -> None:
    make_facility()
    [c] = contacts(1)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 6, 1),
        facility_id=Facility.objects.get().pk,
    )
    for code, item, required, available in (
        (DISTRICT, "beds", 200, 150),
        (TOWNSHIP, "beds", 40, 32),
        (DISTRICT, "police", 60, 60),
    ):
        readiness_set(
            actor=health,
            scope=scope_of(health),
            unit_code=code,
            on=D(2021, 6, 1),
            item=item,
            required=required,
            available=available,
        )
    review = care_review(
        scope=scope_of(health), unit_code=DISTRICT, start=D(2021, 1, 1), end=D(2021, 6, 14)
    )
    assert review is not None
    assert review.readiness_gaps_vi == (("Giường điều trị và cách ly", 58),)


def test_a_quarantine_released_later_still_counts_as_active_before_its_release(
    health: User,
) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    quarantine_release(actor=health, scope=scope_of(health), quarantine_id=q.pk, on=D(2021, 7, 25))
    s = scope_of(health)
    before = care_dashboard_counts(scope=s, unit_code=DISTRICT, on=D(2021, 7, 20))
    after = care_dashboard_counts(scope=s, unit_code=DISTRICT, on=D(2021, 7, 25))
    assert (before.active_quarantines, before.facility_occupied, after.active_quarantines) == (
        1,
        1,
        0,
    )
