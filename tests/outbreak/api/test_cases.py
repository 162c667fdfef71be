"""The cases endpoints (outbreak/api/cases.py): a district sees its own cases only."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.outbreak.models import Case, Person
from tests.auth import bearer
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_api_cases_of_other_district_not_listed(
    client: Client, make_user: MakeUser, traced: tuple[Case, Person]
) -> None:
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    assert client.get("/api/outbreak/cases", **bearer(elsewhere)).json() == []
