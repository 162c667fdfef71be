"""The trace endpoint (outbreak/api/tracing.py) on a small trace: the design's document shape.
A large trace a page at a time: tests/outbreak/test_tracing_at_scale_interfaces.py."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_api_trace_returns_the_design_shape(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    c, other = traced
    body = client.get(f"/api/outbreak/cases/{c.pk}/trace?depth=2", **bearer(leader)).json()
    assert body["case"] == c.person_id
    assert [e["person_id"] for e in body["exposures"]] == [other.pk]
