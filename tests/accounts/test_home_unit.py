"""The unit a page opens on (accounts.selectors.home_unit, the opening rule of core/opening.py):
the highest grant; for an administrator the province above the newest data, else the first."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.selectors import home_unit, user_scope
from tests.conftest import MakeUser, unit_on

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def test_the_highest_grant_is_the_home(make_user: MakeUser) -> None:
    user = make_user(role=Role.LEADER, capture=("23962", "633"))
    assert home_unit(user=user, scope=user_scope(user=user), on=TODAY) == unit_on("633")


def test_an_administrator_opens_on_the_province_above_the_newest_data(make_user: MakeUser) -> None:
    admin = make_user(role=Role.ADMIN)
    home = home_unit(user=admin, scope=user_scope(user=admin), on=TODAY, data_unit=unit_on("23962"))
    assert home is not None and home.level == 1 and home.name == "Tỉnh Gia Lai"


def test_an_administrator_without_data_opens_on_the_first_province(make_user: MakeUser) -> None:
    admin = make_user(role=Role.ADMIN)
    home = home_unit(user=admin, scope=user_scope(user=admin), on=TODAY)
    assert home is not None and home.level == 1


def test_data_outside_the_scope_never_chooses_the_home(make_user: MakeUser) -> None:
    viewer = make_user(role=Role.VIEWER)  # no grant: sees nothing
    home = home_unit(
        user=viewer, scope=user_scope(user=viewer), on=TODAY, data_unit=unit_on("23962")
    )
    assert home is None


def test_the_newest_data_is_not_looked_for_when_the_user_has_grants(make_user: MakeUser) -> None:
    user = make_user(role=Role.LEADER, capture=("633",))
    asked: list[int] = []

    def newest() -> None:
        asked.append(1)

    home_unit(user=user, scope=user_scope(user=user), on=TODAY, data_unit=newest)
    assert asked == []


def test_an_administrator_opens_above_the_newest_data_found_on_demand(
    make_user: MakeUser,
) -> None:
    admin = make_user(role=Role.ADMIN)
    home = home_unit(
        user=admin, scope=user_scope(user=admin), on=TODAY, data_unit=lambda: unit_on("23962")
    )
    assert home is not None and home.name == "Tỉnh Gia Lai"
