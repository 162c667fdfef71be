"""The persons endpoints (outbreak/api/persons.py): a read is logged, a leader is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person, PersonalDataAccess
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_api_person_read_is_logged(
    client: Client, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    body = client.get(f"/api/outbreak/persons/{other.pk}", **bearer(health)).json()
    assert body["full_name"] == "Phạm Thị Dung"
    assert PersonalDataAccess.objects.filter(user=health, person=other, action="view").exists()


def test_api_persons_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    assert client.get("/api/outbreak/persons", **bearer(leader)).status_code == 403
