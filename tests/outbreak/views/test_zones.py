"""Zone pages (outbreak/views/zones.py): no inline script or style, a location set on the
quarantine page puts the contact in the zone."""

from __future__ import annotations

import re

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Quarantine
from tests.auth import Login, bearer
from tests.outbreak.factories import DISTRICT, ON, contacts, make_facility, zone_created


def test_care_pages_are_csp_ready(health: User, login: Login) -> None:
    body = login(health).get(f"/outbreak/care/zones/?unit={DISTRICT}&on={ON}").content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert (inline_scripts, re.findall(r"\son\w+=", body), " style=" in body) == ([], [], False)


def test_a_location_set_on_the_quarantine_page_puts_the_contact_in_the_zone(
    health: User, login: Login, client: Client
) -> None:
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
    zone = zone_created(client, health)
    members = client.get(f"/api/outbreak/care/zones/{zone['id']}/members", **bearer(health)).json()
    assert [m["person_id"] for m in members["contacts"]] == [c.person_id]
