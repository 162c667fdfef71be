"""How the tests act as a user: a bearer token header for the API and the type of the `login`
fixture (tests/conftest.py) for the pages."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.accounts.services import token_issue

Login = Callable[[User], Client]


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}
