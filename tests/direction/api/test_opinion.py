"""The opinion endpoint (direction/api/opinion.py): the review."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_the_api_opinion_review(party: User, client: Client, demo: int) -> None:
    review = client.get("/api/direction/opinion?unit=633&period=2021S2", **bearer(party)).json()
    assert [n["topic"] for n in review["notes"]] == ["Tiêm vắc xin phòng Covid-19"]
