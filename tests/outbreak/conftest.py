"""Users the outbreak tests act as (Chư Sê district, 633) and the small traced case many of
them share."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Person
from tests.conftest import MakeUser
from tests.outbreak.factories import at, case, checkin, person, venue


@pytest.fixture
def health(make_user: MakeUser) -> User:
    """A health officer of Chư Sê district: sees identities."""
    return make_user(role=Role.HEALTH_OFFICER, capture=("633",))


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    """A leader of Chư Sê district: counts and numbers, no identities."""
    return make_user(role=Role.LEADER, capture=("633",))


@pytest.fixture
def traced() -> tuple[Case, Person]:
    index = person("Nguyễn Văn An")
    c = case(index, code="BN-GL01")
    market = venue()
    other = person("Phạm Thị Dung")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(other, market, at(9, 7, 30), None)
    return c, other
