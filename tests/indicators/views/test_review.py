"""The review page (indicators/views/review.py): Vietnamese numbers, defaults, scope and module
denials."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.indicators.models import Indicator
from tests.auth import Login
from tests.conftest import MakeUser
from tests.indicators.conftest import MakeTarget, Put


def test_review_page_shows_vietnamese_numbers(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202101", "5700.5")
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert "5.700,50" in client.get("/indicators/?unit=633&period=2021S1").content.decode()


def _cell(html: str, row: str, testid: str) -> str:
    """The text of a cell of the review table's row `data-indicator="row"`."""
    start = html.index(f'data-indicator="{row}"')
    cell = html.index(f'data-testid="{testid}"', start)
    return html[html.index(">", cell) + 1 : html.index("</td>", cell)]


def test_a_current_price_row_shows_its_own_change_on_the_page(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("GTSX", "23962", "202101", "1826.47", "CURRENT")
    put("GTSX", "23962", "202001", "2013.52", "CURRENT")
    put("GTSX", "23962", "202101", "1290.30", "CONSTANT2010")
    put("GTSX", "23962", "202001", "1251.85", "CONSTANT2010")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/?unit=633&period=2021S1").content.decode()
    assert _cell(html, "GTSX[CURRENT]", "change") == "-9,29%"


def test_a_constant_price_row_shows_the_constant_price_growth_on_the_page(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("GTSX", "23962", "202101", "1290.30", "CONSTANT2010")
    put("GTSX", "23962", "202001", "1251.85", "CONSTANT2010")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/?unit=633&period=2021S1").content.decode()
    assert _cell(html, "GTSX[CONSTANT2010]", "change") == "3,07%"


def test_a_rate_above_its_lower_better_target_is_not_met_on_the_page(
    client: Client, make_user: MakeUser, put: Put, target: MakeTarget, login: Login
) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "6.91")
    target("TY_LE_HO_NGHEO", "633", "2021", "5.80")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/?unit=633&period=2021S1").content.decode()
    assert "chưa đạt" in _cell(html, "TY_LE_HO_NGHEO", "plan-judgement")


def test_review_page_of_another_district_is_refused(
    client: Client, make_user: MakeUser, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert client.get("/indicators/?unit=632&period=2021S1").status_code == 403


def test_review_page_defaults_to_the_users_unit_and_latest_data(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202103", "7")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/").content.decode()
    assert "Huyện Chư Sê" in html and 'value="2021S1"' in html


def test_a_role_without_indicators_cannot_read_the_review(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202101", "5")
    login(make_user(role=Role.SECURITY_OFFICER, capture=("633",)))
    assert client.get("/indicators/?unit=633&period=2021S1").status_code == 403


def test_review_page_says_how_many_communes_reported(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/?unit=633&period=2021S1").content.decode()
    assert 'data-reported="1" data-expected="15"' in html


def test_review_page_opens_an_administrator_on_the_province_of_the_newest_data(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202103", "7")
    login(make_user(role=Role.ADMIN))
    html = client.get("/indicators/").content.decode()
    assert (
        "Tỉnh Gia Lai" in html and '<option value="2021S1" data-end="2021-06-30" selected>' in html
    )


def test_review_page_offers_pickers_not_code_boxes(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202103", "7")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/").content.decode()
    assert "data-unit-picker" in html and "6 tháng đầu năm 2021" in html
    assert 'placeholder="2021S1"' not in html


def test_rates_page_opens_on_the_users_district(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    put("THU_NSNN", "23962", "202103", "7")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/rates/").content.decode()
    assert 'data-testid="rates-table"' in html and 'data-unit="23962"' in html
    assert 'data-expected="180" data-reported="1"' in html  # 15 communes × 12 months of 2021


def test_rates_page_of_another_district_is_refused(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert client.get("/indicators/rates/?unit=632&period=2021").status_code == 403


def test_rates_page_is_refused_to_a_role_without_indicators(
    client: Client, make_user: MakeUser, put: Put, login: Login
) -> None:
    login(make_user(role=Role.SECURITY_OFFICER, capture=("633",)))
    assert client.get("/indicators/rates/").status_code == 403
