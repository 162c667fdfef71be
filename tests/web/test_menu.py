"""The menu offers the API's documentation to those who use the API (issue 20): an
administrator, or a holder of a live API token; not to the other roles."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import ApiToken, Role
from dieuhanh.accounts.services import token_issue, token_revoke
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def _offers_api_docs(client: Client) -> bool:
    return 'href="/api/docs"' in client.get("/").content.decode()


def test_administrator_is_offered_the_api_docs(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.ADMIN))
    assert _offers_api_docs(client)


def test_leader_without_a_token_is_not_offered_the_api_docs(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert not _offers_api_docs(client)


def test_holder_of_a_live_token_is_offered_the_api_docs(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("633",))
    token_issue(user=user)
    login(user)
    assert _offers_api_docs(client)


def test_holder_of_only_a_revoked_token_is_not_offered_the_api_docs(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("633",))
    token_issue(user=user)
    token_revoke(token=ApiToken.objects.get(user=user))
    login(user)
    assert not _offers_api_docs(client)


def test_menu_groups_a_leaders_data_modules(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/").content.decode()
    assert html.count('class="nav-item dropdown"') == 3  # Data, Direction, the user's menu
