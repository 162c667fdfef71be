"""The history page (indicators/views/values.py): the changes listed, by name and period label,
a district's including its communes'."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import Indicator
from tests.auth import Login
from tests.conftest import MakeUser


def _enter(client: Client, catalogue: dict[str, Indicator]) -> None:
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    client.post("/indicators/forms/KTXH_THANG/23962/202101/", {field: "12,5"})


def test_history_page_lists_changes_by_indicator_name_and_period_label(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    _enter(client, catalogue)
    html = client.get("/indicators/history/23962/?period=2021S1").content.decode()
    assert catalogue["THU_NSNN"].name_vi in html and "12,5" in html
    assert "tháng 1 năm 2021" in html and "<td>THU_NSNN" not in html


def test_district_history_includes_its_communes_changes(
    client: Client,
    officer: User,
    leader: User,
    catalogue: dict[str, Indicator],
    login: Login,
) -> None:
    login(officer)
    _enter(client, catalogue)
    login(leader)
    html = client.get("/indicators/history/633/?period=2021S1").content.decode()
    assert "Ia Blang" in html and "12,5" in html


def test_commune_history_does_not_show_a_neighbours_changes(
    client: Client,
    officer: User,
    make_user: MakeUser,
    catalogue: dict[str, Indicator],
    login: Login,
) -> None:
    login(officer)
    _enter(client, catalogue)
    neighbour = make_user(role=Role.DATA_OFFICER, capture=("23966",))
    login(neighbour)
    html = client.get("/indicators/history/23966/?period=2021S1").content.decode()
    assert "12,5" not in html
