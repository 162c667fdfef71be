"""The API's schema and docs (config/api.py): behind a login, served, no remote assets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import Login

pytestmark = pytest.mark.django_db


def test_openapi_schema_needs_a_login(client: Client) -> None:
    assert client.get("/api/openapi.json").status_code == 302


def test_openapi_schema_is_served(
    client: Client, make_user: Callable[..., User], login: Login
) -> None:
    login(make_user(capture=("633",)))
    schema = client.get("/api/openapi.json").json()
    assert "/api/orgunits/{code}" in schema["paths"]


def test_api_docs_page_loads_no_remote_assets(
    client: Client, make_user: Callable[..., User], login: Login
) -> None:
    login(make_user(role=Role.ADMIN))
    html = client.get("/api/docs").content.decode()
    assert "cdn." not in html and "https://" not in html.split("<body")[0]


def _operation_ids() -> list[str]:
    from dieuhanh.config.api import api

    schema = api.get_openapi_schema()
    return [op["operationId"] for methods in schema["paths"].values() for op in methods.values()]


def test_operation_ids_name_the_app_and_the_endpoint() -> None:
    assert "outbreak_persons_list" in _operation_ids()


def test_operation_ids_are_unique() -> None:
    ids = _operation_ids()
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
