"""The testing endpoints (outbreak/api/testing.py): the pool size advised."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import User
from tests.auth import bearer
from tests.outbreak.factories import DISTRICT, ON


def test_api_pool_advice(health: User, client: Client) -> None:
    body = client.get(
        f"/api/outbreak/care/pools/advice?unit={DISTRICT}&on={ON}", **bearer(health)
    ).json()
    assert (body["positivity_used"], body["pool_size"]) == (0.01, 11)
