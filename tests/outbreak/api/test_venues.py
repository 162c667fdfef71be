"""The venue endpoints (outbreak/api/venues.py): register, list with check-in URLs, a new code,
the poster; a leader may not register, another district sees nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import IA_BLANG

pytestmark = pytest.mark.django_db


def created(client: Client, user: User) -> dict[str, Any]:
    response = client.post(
        "/api/outbreak/venues",
        {"unit": IA_BLANG, "name": "Chợ Ia Blang", "address": "Thôn 1"},
        content_type="application/json",
        **bearer(user),
    )
    assert response.status_code == 201, response.content
    data: dict[str, Any] = response.json()
    return data


def test_api_registers_a_venue_with_its_check_in_url(health: User, client: Client) -> None:
    venue = created(client, health)
    assert venue["checkin_url"].startswith("http://127.0.0.1:8000/c/")
    listed = client.get(f"/api/outbreak/venues?unit={IA_BLANG}", **bearer(health)).json()
    assert [v["id"] for v in listed] == [venue["id"]]


def test_api_new_token_changes_the_url(health: User, client: Client) -> None:
    venue = created(client, health)
    renewed = client.post(f"/api/outbreak/venues/{venue['id']}/token", **bearer(health)).json()
    assert renewed["checkin_url"] != venue["checkin_url"]
    assert client.get(venue["checkin_url"].removeprefix("http://127.0.0.1:8000")).status_code == 404


def test_api_poster_is_a_pdf(health: User, client: Client) -> None:
    venue = created(client, health)
    response = client.get(f"/api/outbreak/venues/{venue['id']}/poster", **bearer(health))
    assert (response.status_code, response.content[:4]) == (200, b"%PDF")


def test_api_a_leader_may_not_register_a_venue(leader: User, client: Client) -> None:
    response = client.post(
        "/api/outbreak/venues",
        {"unit": IA_BLANG, "name": "Chợ"},
        content_type="application/json",
        **bearer(leader),
    )
    assert response.status_code == 403


def test_api_another_district_does_not_see_the_venue(
    health: User, client: Client, make_user: MakeUser
) -> None:
    venue = created(client, health)
    other = make_user(role=Role.HEALTH_OFFICER, capture=("632",))
    response = client.get(f"/api/outbreak/venues/{venue['id']}/poster", **bearer(other))
    assert response.status_code == 404
