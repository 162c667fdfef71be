"""The care counts and review endpoints (outbreak/api/dashboard.py): counts of a unit and day,
denials by module and unit scope, a quiet period."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, ON, OTHER_DISTRICT, contacts, make_facility


def test_api_counts(health: User, client: Client) -> None:
    facility = make_facility()
    cs = contacts(2)
    client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk for c in cs], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(health),
    )
    response = client.get(
        f"/api/outbreak/care/counts?unit={DISTRICT}&on=2021-07-15", **bearer(health)
    )
    assert response.json()["active_quarantines"] == 2


def test_api_refuses_a_role_without_the_module(make_user: MakeUser, client: Client) -> None:
    viewer = make_user(role=Role.VIEWER, view=(DISTRICT,))
    response = client.get(f"/api/outbreak/care/counts?unit={DISTRICT}&on={ON}", **bearer(viewer))
    assert response.status_code == 403


def test_api_refuses_a_unit_outside_the_scope(make_user: MakeUser, client: Client) -> None:
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    response = client.get(f"/api/outbreak/care/counts?unit={DISTRICT}&on={ON}", **bearer(other))
    assert response.status_code == 403


def test_api_review_of_a_quiet_period_reports_no_activity(health: User, client: Client) -> None:
    body = client.get(
        f"/api/outbreak/care/review?unit={DISTRICT}&start=2020-01-01&end=2020-06-14",
        **bearer(health),
    ).json()
    assert body["activity"] is False
