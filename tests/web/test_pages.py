"""The site's pages (web/): login and its lockout, the Vietnamese interface and the language
switch, the navigation and dashboard cards of each role, the dashboard's counts in scope, the
admin site, no remote assets."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from dieuhanh.accounts.models import Role
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_dashboard_requires_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_with_the_right_password_lands_on_the_dashboard(
    client: Client, make_user: MakeUser, password: str
) -> None:
    user = make_user(capture=("633",))
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/" and user.full_name in response.content.decode()


def test_wrong_password_is_told_plainly(client: Client, make_user: MakeUser) -> None:
    user = make_user(capture=("633",))
    response = client.post("/accounts/login/", {"username": user.username, "password": "wrong-one"})
    assert response.status_code == 200 and 'data-testid="login-error"' in response.content.decode()


def test_login_is_locked_after_repeated_failures(
    client: Client, make_user: MakeUser, password: str
) -> None:
    user = make_user(capture=("633",))
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong-one"})
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_interface_is_vietnamese_by_default(client: Client) -> None:
    assert "Đăng nhập" in client.get("/accounts/login/").content.decode()


def test_language_switch_to_english(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def nav_links(html: str) -> list[str]:
    return re.findall(r'class="(?:nav-link|dropdown-item)[^"]*" href="(/[a-z-]+/[a-z-]*/?)"', html)


def test_navigation_shows_the_roles_modules(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))  # a data officer
    links = nav_links(client.get("/").content.decode())
    assert {"/indicators/", "/ntm/", "/reports/"} <= set(links)
    assert not {"/outbreak/", "/direction/", "/direction/public-order/"} & set(links)


def test_navigation_of_a_security_officer(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.SECURITY_OFFICER, capture=("633",)))
    links = nav_links(client.get("/").content.decode())
    assert "/direction/public-order/" in links
    assert not {"/indicators/", "/outbreak/", "/reports/", "/direction/inspection/"} & set(links)


def test_dashboard_counts_units_in_scope(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(role=Role.ADMIN))
    html = client.get("/").content.decode()
    assert "3.321" in html  # commune-level units today, formatted the Vietnamese way


def test_admin_site_is_for_administrators_only(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert client.get("/admin/").status_code == 302


def test_admin_site_opens_for_an_administrator(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.ADMIN))
    assert client.get("/admin/orgunits/orgunit/?q=chu+se").status_code == 200


def test_pages_load_no_remote_assets(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(role=Role.ADMIN))
    html = client.get("/").content.decode()
    assert "http://" not in html and "https://" not in html


def test_an_english_browser_still_gets_vietnamese(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in html


def test_dashboard_counts_only_the_scope(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/").content.decode()
    assert "3.321" not in html


def test_dashboard_counts_an_abolished_district_on_its_last_day(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    """District 633 ended with the 2025 reform: its 15 communes are counted on 30/06/2025."""
    login(make_user(capture=("633",)))
    html = client.get("/").content.decode()
    assert "Đơn vị trong phạm vi của bạn ngày 30/06/2025" in html
    assert '<dd class="col-5 text-end fw-semibold" data-testid="level-count">15</dd>' in html


def test_dashboard_counts_a_living_unit_today(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23941",), on=datetime.date(2025, 7, 1)))  # Xã Chư Sê
    html = client.get("/").content.decode()
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Đơn vị trong phạm vi của bạn ngày {day}" in html


def test_dashboard_cards_follow_the_role(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/").content.decode()
    assert 'data-testid="ntm-card"' in html and 'data-testid="outbreak-card"' in html


def test_dashboard_of_a_data_officer_has_no_outbreak_card(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    html = client.get("/").content.decode()
    assert 'data-testid="ntm-card"' in html and 'data-testid="outbreak-card"' not in html
