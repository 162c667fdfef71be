"""Unit pages (orgunits/views.py): the tree on a date, children, accent-insensitive search,
the detail page with predecessors, scope denials, bad dates and unknown units."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_tree_on_2021_shows_the_granted_district(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/?on=2021-07-01").content.decode()
    assert 'data-code="633"' in html


def test_tree_after_the_reform_is_empty_for_an_old_district_grant(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/?on=2025-07-01").content.decode()
    assert 'data-testid="no-units"' in html


def test_children_partial_lists_communes(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(capture=("633",)))
    html = client.get("/units/633/children/?on=2021-07-01", HTTP_HX_REQUEST="true").content.decode()
    assert html.count("<li data-code=") == 15


def test_search_page_finds_without_accents(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.ADMIN))
    html = client.get("/units/?on=2025-07-01&q=chu+se").content.decode()
    assert "Xã Chư Sê" in html


def test_detail_page_shows_predecessors(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(role=Role.ADMIN))
    html = client.get("/units/23941/?on=2025-07-01").content.decode()
    assert 'data-testid="predecessors"' in html and "Ia Blang" in html


def test_unit_outside_the_scope_is_a_403_page(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    response = client.get("/units/23965/?on=2021-07-01")
    assert response.status_code == 403 and "Xã Dun" not in response.content.decode()


def test_children_outside_the_scope_are_refused(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    response = client.get("/units/633/children/?on=2021-07-01", HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and "data-code" not in response.content.decode()


def test_unknown_unit_page_is_404(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(role=Role.ADMIN))
    assert client.get("/units/99999/").status_code == 404


def test_malformed_date_is_400_with_a_message(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.ADMIN))
    response = client.get("/units/?on=01-07-2021")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()


def test_unit_pages_require_login(client: Client) -> None:
    assert client.get("/units/633/children/?on=2021-07-01").status_code == 302


def test_search_page_is_limited_to_the_scope(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    html = client.get("/units/?on=2021-07-01&q=ia").content.decode()
    assert "Ia Blang" in html and "Ia Pal" not in html


def test_detail_page_hides_ancestors_outside_the_scope(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("23962",)))
    html = client.get("/units/23962/?on=2021-07-01").content.decode()
    assert "Huyện Chư Sê" not in html


def test_tree_without_a_date_opens_on_the_last_day_of_an_abolished_district(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    """The opening rule: a 2021 district's user sees its tree, not an empty today."""
    login(make_user(capture=("633",)))
    html = client.get("/units/").content.decode()
    assert 'data-code="633"' in html and 'value="2025-06-30"' in html


def test_unit_page_without_a_date_opens_on_the_units_last_day(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    assert client.get("/units/633/").status_code == 200


def test_picker_finds_a_commune_without_accents(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    found = client.get("/units/pick/?q=ia+blang&on=2021-07-01").json()["units"]
    assert [u["name"] for u in found] == ["Xã Ia Blang"]


def test_picker_finds_the_district_by_chu_se(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(capture=("633",)))
    found = client.get("/units/pick/?q=chu+se&on=2021-07-01").json()["units"]
    assert "Huyện Chư Sê" in [u["name"] for u in found]


def test_picker_stays_within_the_scope(client: Client, make_user: MakeUser, login: Login) -> None:
    login(make_user(capture=("23962",)))  # Xã Ia Blang only
    found = client.get("/units/pick/?q=dun&on=2021-07-01").json()["units"]
    assert found == []


def test_picker_requires_a_login(client: Client) -> None:
    assert client.get("/units/pick/?q=chu+se").status_code == 302
