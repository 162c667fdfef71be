"""How the tests act as a user: a bearer token header for the API and the type of the `login`
fixture (tests/conftest.py) for the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.accounts.services import token_issue

Login = Callable[[User], Client]


class Bearer(TypedDict):
    """The extra header `client.get(path, **bearer(user))` sends: a key of its own, so mypy sees
    it fills `**extra` (the WSGI environ) and none of `data`, `follow`, `secure` or `headers`."""

    HTTP_AUTHORIZATION: str


def bearer(user: User) -> Bearer:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}
