"""The zones endpoints (outbreak/api/zones.py): bad geometry named in the 400, lifting a zone
(and the 409 of a stale version), a viewer may not place a person."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, ON, contacts, zone_created


def test_api_zone_with_bad_geometry_is_a_400_naming_the_problem(
    health: User, client: Client
) -> None:
    response = client.post(
        "/api/outbreak/care/zones",
        {"unit": "23941", "name": "X", "kind": "lockdown", "shape": "circle", "start": ON},
        content_type="application/json",
        **bearer(health),
    )
    assert (response.status_code, "radius" in response.json()["messages"]["en"]) == (400, True)


def test_api_lifts_a_zone(health: User, client: Client) -> None:
    zone = zone_created(client, health)
    response = client.post(
        f"/api/outbreak/care/zones/{zone['id']}/close",
        {"end": "2021-06-30", "version": zone["version"]},
        content_type="application/json",
        **bearer(health),
    )
    assert response.json()["end"] == "2021-06-30"


def test_api_lifting_a_zone_with_a_stale_version_is_a_409(health: User, client: Client) -> None:
    zone = zone_created(client, health)
    response = client.post(
        f"/api/outbreak/care/zones/{zone['id']}/close",
        {"end": "2021-06-30", "version": 99},
        content_type="application/json",
        **bearer(health),
    )
    assert response.status_code == 409


def test_a_viewer_cannot_place_a_person(make_user: MakeUser, client: Client) -> None:
    viewer = make_user(role=Role.VIEWER, view=(DISTRICT,))
    [c] = contacts(1)
    response = client.put(
        f"/api/outbreak/care/persons/{c.person_id}/location",
        {"latitude": 13.7, "longitude": 108.08},
        content_type="application/json",
        **bearer(viewer),
    )
    assert response.status_code == 403
