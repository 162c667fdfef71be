"""What the care pages share (outbreak/views/common.py, CarePage): every care page opens for the
health officer and is refused to a role without the module or a unit outside the scope."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import Role, User
from tests.auth import Login
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, ON, OTHER_DISTRICT

PAGES = [
    "care/",
    "care/contacts/",
    "care/testing/",
    "care/arrivals/",
    "care/zones/",
    "care/readiness/",
]


@pytest.mark.parametrize("page", PAGES)
def test_health_officer_opens_every_care_page(health: User, login: Login, page: str) -> None:
    response = login(health).get(f"/outbreak/{page}?unit={DISTRICT}&on={ON}")
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_data_officer_is_refused_every_care_page(
    make_user: MakeUser, login: Login, page: str
) -> None:
    officer = make_user(role=Role.DATA_OFFICER, capture=(DISTRICT,))
    assert login(officer).get(f"/outbreak/{page}?unit={DISTRICT}&on={ON}").status_code == 403


def test_a_health_officer_of_another_district_is_refused_this_one(
    make_user: MakeUser, login: Login
) -> None:
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    assert login(other).get(f"/outbreak/care/?unit={DISTRICT}&on={ON}").status_code == 403
