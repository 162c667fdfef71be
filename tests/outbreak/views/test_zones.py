"""Zone pages (outbreak/views/zones.py): no inline script or style, a location set on the
quarantine page puts the contact in the zone."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import PersonalDataAccess, Quarantine
from tests.auth import Login, bearer
from tests.outbreak.factories import DISTRICT, ON, contacts, make_facility, zone_created

pytestmark = pytest.mark.django_db


def test_care_pages_are_csp_ready(health: User, login: Login) -> None:
    body = login(health).get(f"/outbreak/care/zones/?unit={DISTRICT}&on={ON}").content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert (inline_scripts, re.findall(r"\son\w+=", body), " style=" in body) == ([], [], False)


def test_a_location_set_on_the_quarantine_page_puts_the_contact_in_the_zone(
    health: User, login: Login, client: Client
) -> None:
    q, zone_id = _placed_in_a_zone(health, login, client)
    members = client.get(f"/api/outbreak/care/zones/{zone_id}/members", **bearer(health)).json()
    assert [m["person_id"] for m in members["contacts"]] == [q.person_id]


def _placed_in_a_zone(health: User, login: Login, client: Client) -> tuple[Quarantine, int]:
    """A quarantined contact with a home location inside a new zone: (quarantine, zone id)."""
    facility = make_facility()
    [c] = contacts(1)
    web = login(health)
    web.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    q = Quarantine.objects.get()
    web.post(
        f"/outbreak/care/quarantines/{q.pk}/location/",
        {"unit": DISTRICT, "on": ON, "latitude": "13,7016", "longitude": "108,0791"},
    )
    return q, int(str(zone_created(client, health)["id"]))


def test_a_leader_gets_the_zone_totals_without_persons_or_coordinates(
    health: User, leader: User, login: Login, client: Client
) -> None:
    _q, zone_id = _placed_in_a_zone(health, login, client)
    members = client.get(f"/api/outbreak/care/zones/{zone_id}/members", **bearer(leader)).json()
    assert (members["contacts_total"], members["contacts"], members["cases"]) == (1, [], [])


def test_the_health_officer_gets_the_zone_members_and_the_read_is_logged(
    health: User, login: Login, client: Client
) -> None:
    q, zone_id = _placed_in_a_zone(health, login, client)
    members = client.get(f"/api/outbreak/care/zones/{zone_id}/members", **bearer(health)).json()
    assert members["contacts"][0]["latitude"] == 13.7016
    assert PersonalDataAccess.objects.filter(person_id=q.person_id, action="list").exists()


def test_a_leaders_zone_map_carries_no_household_points(
    health: User, leader: User, login: Login, client: Client
) -> None:
    _q, _zone_id = _placed_in_a_zone(health, login, client)
    body = login(leader).get(f"/outbreak/care/zones/?unit={DISTRICT}&on={ON}").content.decode()
    assert "13.7016" not in body and "108.0791" not in body


def test_the_health_officers_zone_map_carries_the_points(
    health: User, login: Login, client: Client
) -> None:
    _placed_in_a_zone(health, login, client)
    body = login(health).get(f"/outbreak/care/zones/?unit={DISTRICT}&on={ON}").content.decode()
    assert "13.7016" in body


def test_a_leaders_zone_page_lists_nobody(
    health: User, leader: User, login: Login, client: Client
) -> None:
    _q, zone_id = _placed_in_a_zone(health, login, client)
    body = (
        login(leader)
        .get(f"/outbreak/care/zones/{zone_id}/?unit={DISTRICT}&on={ON}")
        .content.decode()
    )
    assert 'data-testid="members-withheld"' in body and "13.7016" not in body


def test_a_leaders_quarantine_page_withholds_health_details_and_location(
    health: User, leader: User, login: Login, client: Client
) -> None:
    q, _zone_id = _placed_in_a_zone(health, login, client)
    body = (
        login(leader)
        .get(f"/outbreak/care/quarantines/{q.pk}/?unit={DISTRICT}&on={ON}")
        .content.decode()
    )
    assert 'data-testid="health-details-withheld"' in body
    assert "13,7016" not in body and "13.7016" not in body
