"""The inspection endpoints (direction/api/inspection.py): a conclusion recorded with its
version, a leader may not conclude."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_the_api_records_an_inspection_conclusion_with_a_version(
    party: User, client: Client, demo: int
) -> None:
    from dieuhanh.direction.models import InspectionItem

    item = InspectionItem.objects.get(state="planned")
    body = {
        "version": item.version,
        "state": "concluded",
        "executed_on": "2021-12-20",
        "conclusion": "Thực hiện tốt",
    }
    url = f"/api/direction/inspection/items/{item.pk}"
    ok = client.post(url, body, content_type="application/json", **bearer(party))
    assert ok.status_code == 200 and ok.json()["state"] == "concluded"
    stale = client.post(url, body, content_type="application/json", **bearer(party))
    assert stale.status_code == 409


def test_a_leader_may_not_conclude_an_inspection_through_the_api(
    leader: User, client: Client, demo: int
) -> None:
    from dieuhanh.direction.models import InspectionItem

    item = InspectionItem.objects.get(state="planned")
    response = client.post(
        f"/api/direction/inspection/items/{item.pk}",
        {"version": item.version, "state": "in_progress"},
        content_type="application/json",
        **bearer(leader),
    )
    assert response.status_code == 403
