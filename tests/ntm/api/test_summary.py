"""The summary and matrix endpoints (ntm/api/summary.py): the leader's summary, scope and module
denials."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.ntm.models import CriteriaSet
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.ntm.factories import CHU_SE, DUN, recognise

pytestmark = pytest.mark.django_db


def test_api_summary_for_the_leader(
    sets: dict[str, CriteriaSet], leader: User, client: Client
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    response = client.get(f"/api/ntm/summary?unit={CHU_SE}&on=2021-07-01", **bearer(leader))
    assert (response.status_code, response.json()["recognised"]) == (200, 1)


def test_api_summary_refused_outside_the_scope(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    response = client.get(f"/api/ntm/summary?unit={CHU_SE}&on=2021-07-01", **bearer(officer))
    assert response.status_code == 403


def test_api_refuses_a_role_without_the_module(
    sets: dict[str, CriteriaSet], make_user: MakeUser, client: Client
) -> None:
    security = make_user(role=Role.SECURITY_OFFICER, capture=(CHU_SE,))
    response = client.get(f"/api/ntm/matrix?unit={CHU_SE}&on=2021-07-01", **bearer(security))
    assert response.status_code == 403
