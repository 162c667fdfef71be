"""Users the outbreak tests act as (Chư Sê district, 633) and the API's bearer header."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import token_issue
from tests.conftest import MakeUser


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


@pytest.fixture
def health(make_user: MakeUser) -> User:
    """A health officer of Chư Sê district: sees identities."""
    return make_user(role=Role.HEALTH_OFFICER, capture=("633",))


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    """A leader of Chư Sê district: counts and numbers, no identities."""
    return make_user(role=Role.LEADER, capture=("633",))
