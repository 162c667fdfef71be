"""Requests refused by the middleware before any view: NUL characters (web/middleware.py)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from dieuhanh.accounts.models import Role
from dieuhanh.web.middleware import NulCharacterMiddleware
from tests.auth import bearer
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_json_body_is_refused_in_both_languages(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user(role=Role.ADMIN)
    response = client.post(
        "/api/direction/public-order",
        '{"title": "vu\\u0000viec"}',
        content_type="application/json",
        **bearer(user),
    )
    body = response.json()
    assert response.status_code == 400
    assert "NUL" in body["messages"]["vi"] and "NUL" in body["messages"]["en"]


def test_an_escaped_backslash_before_u0000_is_text_not_a_nul() -> None:
    """`"\\\\u0000"` is a backslash followed by "u0000": ordinary text, passed on."""
    request = RequestFactory().post(
        "/api/x", '{"title": "a\\\\u0000"}', content_type="application/json"
    )
    passed = NulCharacterMiddleware(lambda r: HttpResponse(status=204))(request)
    assert passed.status_code == 204


def test_a_nul_in_a_form_field_is_refused_on_the_page(client: Client, make_user: MakeUser) -> None:
    client.force_login(
        make_user(role=Role.ADMIN), backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post("/direction/opinion/submit/", {"summary": "y kien\x00"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_nul_in_the_query_is_refused(client: Client, make_user: MakeUser) -> None:
    response = client.get("/api/orgunits?q=chu%00se", **bearer(make_user(role=Role.ADMIN)))
    assert response.status_code == 400


def test_text_without_nul_passes(client: Client, make_user: MakeUser) -> None:
    response = client.get("/api/orgunits?q=chu+se", **bearer(make_user(role=Role.ADMIN)))
    assert response.status_code == 200
