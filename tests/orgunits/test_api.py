"""The units endpoints (orgunits/api.py): authentication by token or session, detail and
search within the scope, dates, codes reused over time, predecessors and successors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import Login, bearer
from tests.conftest import AFTER

pytestmark = pytest.mark.django_db


def test_api_requires_authentication(client: Client) -> None:
    response = client.get("/api/orgunits")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_api_refuses_a_wrong_token(client: Client) -> None:
    response = client.get("/api/orgunits", HTTP_AUTHORIZATION="Bearer dh_wrong")
    assert response.status_code == 401


def test_detail_with_a_token(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(capture=("633",))
    body = client.get("/api/orgunits/633?on=2021-07-01", **bearer(user)).json()
    assert (body["name"], body["parent"], len(body["children"])) == ("Huyện Chư Sê", "64", 15)


def test_detail_outside_the_scope_is_forbidden(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(capture=("23962",))
    response = client.get("/api/orgunits/23965?on=2021-07-01", **bearer(user))
    assert response.status_code == 403 and "name" not in response.json()


def test_error_messages_come_in_both_languages(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(capture=("23962",))
    body = client.get("/api/orgunits/23965?on=2021-07-01", **bearer(user)).json()
    assert body["messages"]["vi"] != body["messages"]["en"]


def test_unknown_code_is_404(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.ADMIN)
    assert client.get("/api/orgunits/99999", **bearer(user)).status_code == 404


def test_malformed_date_is_422(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.ADMIN)
    response = client.get("/api/orgunits/64?on=2021-13-45", **bearer(user))
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_date_before_any_data_is_400(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.ADMIN)
    assert client.get("/api/orgunits/64?on=1990-01-01", **bearer(user)).status_code == 400


def test_same_code_two_dates_two_units(client: Client, make_user: Callable[..., User]) -> None:
    headers = bearer(make_user(role=Role.ADMIN))
    before = client.get("/api/orgunits/23941?on=2021-07-01", **headers).json()
    after = client.get("/api/orgunits/23941?on=2025-07-01", **headers).json()
    assert (before["name"], after["name"]) == ("Thị trấn Chư Sê", "Xã Chư Sê")


def test_search_lists_only_units_in_scope(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(capture=("23962",))
    body = client.get("/api/orgunits?q=ia&on=2021-07-01", **bearer(user)).json()
    assert [u["code"] for u in body] == ["23962"]


def test_roots_for_an_admin_are_provinces(client: Client, make_user: Callable[..., User]) -> None:
    body = client.get("/api/orgunits?on=2025-07-01", **bearer(make_user(role=Role.ADMIN))).json()
    assert len(body) == 34


def test_session_login_also_works(
    client: Client, make_user: Callable[..., User], login: Login
) -> None:
    login(make_user(capture=("633",)))
    assert client.get("/api/orgunits/633?on=2021-07-01").status_code == 200


def test_token_of_an_inactive_user_is_refused(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(capture=("633",))
    headers = bearer(user)
    user.is_active = False
    user.save()
    assert client.get("/api/orgunits", **headers).status_code == 401


def test_session_request_outside_the_scope_is_forbidden(
    client: Client, make_user: Callable[..., User], login: Login
) -> None:
    login(make_user(capture=("23962",)))
    assert client.get("/api/orgunits/23965?on=2021-07-01").status_code == 403


def test_detail_hides_ancestors_outside_the_scope(
    client: Client, make_user: Callable[..., User]
) -> None:
    body = client.get(
        "/api/orgunits/23962?on=2021-07-01", **bearer(make_user(capture=("23962",)))
    ).json()
    assert body["ancestors"] == [] and body["successors"] == []


def test_a_successor_scope_sees_its_predecessors(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(role=Role.LEADER, capture=("23941",), on=AFTER)
    body = client.get("/api/orgunits/23941?on=2025-07-01", **bearer(user)).json()
    assert len(body["predecessors"]) == 5
    assert client.get("/api/orgunits/23962?on=2021-07-01", **bearer(user)).status_code == 200


def test_a_sibling_of_the_predecessors_stays_hidden(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user(role=Role.LEADER, capture=("23941",), on=AFTER)
    assert client.get("/api/orgunits/23944?on=2021-07-01", **bearer(user)).status_code == 403
