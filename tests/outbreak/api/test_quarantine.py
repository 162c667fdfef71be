"""The quarantine endpoints (outbreak/api/quarantine.py): a leader may not quarantine, names
go to the health roles only."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Quarantine
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, ON, contacts, make_facility


def test_api_quarantine_by_a_leader_is_refused_and_changes_nothing(
    make_user: MakeUser, client: Client
) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    response = client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(leader),
    )
    assert (response.status_code, Quarantine.objects.count()) == (403, 0)


def test_api_quarantine_list_gives_names_only_to_health_roles(
    health: User, make_user: MakeUser, client: Client
) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(health),
    )
    url = f"/api/outbreak/care/quarantines?unit={DISTRICT}&on=2021-07-15"
    names = (
        client.get(url, **bearer(health)).json()[0]["name"],
        client.get(url, **bearer(leader)).json()[0]["name"],
    )
    assert names == ("F1 0", None)
