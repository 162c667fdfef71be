"""The conference endpoints (direction/api/conferences.py): conferences with their points."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_the_api_lists_conferences_with_their_points(
    party: User, client: Client, demo: int
) -> None:
    conferences = client.get("/api/direction/conferences", **bearer(party)).json()
    assert conferences[0]["heading"] == "Hội nghị lần thứ V, khóa X (mở rộng)"
    assert len(conferences[0]["decisions"][0]["points"]) == 6
