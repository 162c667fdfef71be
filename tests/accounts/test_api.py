"""The `me` endpoint (accounts/api.py): the role and scopes of the caller."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_me_lists_role_and_scopes(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(capture=("23962",))
    body = client.get("/api/me", **bearer(user)).json()
    assert (body["role"], [s["unit_code"] for s in body["scopes"]]) == ("data_officer", ["23962"])
