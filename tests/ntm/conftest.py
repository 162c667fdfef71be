"""The shipped criteria sets, Chư Sê communes in the Central Highlands, and the users the NTM
tests act as."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.ntm.models import CriteriaSet, Region
from dieuhanh.ntm.services.criteria_sets import commune_profile_set, criteria_sets_load
from tests.conftest import MakeUser, unit_on
from tests.ntm.factories import CHU_SE, DUN, IA_BLANG, IA_KO


@pytest.fixture
def sets(db: None) -> dict[str, CriteriaSet]:
    criteria_sets_load()
    for code in (IA_BLANG, DUN, IA_KO):
        commune_profile_set(unit=unit_on(code), region=Region.HIGHLANDS)
    return {s.code: s for s in CriteriaSet.objects.all()}


@pytest.fixture
def admin_user(make_user: MakeUser) -> User:
    return make_user(role=Role.ADMIN)


@pytest.fixture
def officer(make_user: MakeUser) -> User:
    """The data officer of Ia Blang."""
    return make_user(role=Role.DATA_OFFICER, capture=(IA_BLANG,))


@pytest.fixture
def leader(make_user: MakeUser) -> User:
    """A leader of Chư Sê district."""
    return make_user(role=Role.LEADER, capture=(CHU_SE,))
