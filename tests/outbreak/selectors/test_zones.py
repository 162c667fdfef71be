"""Zone members and commune risk levels (outbreak/selectors/zones.py)."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.selectors.zones import risk_table, zone_members
from dieuhanh.outbreak.services.readiness import health_profile_set
from dieuhanh.outbreak.services.zones import ZoneInput, person_location_set, zone_save
from tests.conftest import unit_on
from tests.outbreak.factories import (
    DISTRICT,
    IA_BLANG,
    TOWNSHIP,
    D,
    make_case,
    make_contact,
    make_person,
    scope_of,
)


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


def test_a_commune_without_a_mapped_point_is_drawn_at_its_centroid(health: User) -> None:
    """Issue 17: the national dataset's centroids place communes whose profile has no point."""
    OrgUnit.objects.filter(pk=unit_on(IA_BLANG).pk).update(lat=13.69, lng=108.12)
    rows = {
        r.unit.code: r
        for r in risk_table(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 12))
    }
    assert (rows[IA_BLANG].latitude, rows[IA_BLANG].longitude) == (13.69, 108.12)


def test_a_profile_point_wins_over_the_centroid(health: User) -> None:
    OrgUnit.objects.filter(pk=unit_on(TOWNSHIP).pk).update(lat=1.0, lng=2.0)
    health_profile_set(
        actor=health,
        scope=scope_of(health),
        unit=unit_on(TOWNSHIP),
        valid_from=D(2021, 1, 1),
        population=20_000,
        fully_vaccinated=0,
        latitude=13.7,
        longitude=108.08,
    )
    rows = {
        r.unit.code: r
        for r in risk_table(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 12))
    }
    assert (rows[TOWNSHIP].latitude, rows[TOWNSHIP].longitude) == (13.7, 108.08)
