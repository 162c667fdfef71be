"""The web middleware (web/middleware.py): requests refused before any view (NUL characters);
no answer is cached (`Cache-Control: no-store`) except static files — the sweep over every page
and API operation is tests/trust/test_downloads.py."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseBase
from django.test import Client, RequestFactory

from dieuhanh.accounts.models import Role
from dieuhanh.core.memo import memo_open
from dieuhanh.web.middleware import NulCharacterMiddleware, ReadMemoMiddleware
from tests.auth import Login, bearer
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


# --- no-store ------------------------------------------------------------------------------


def _not_stored(response: HttpResponseBase) -> bool:
    headers = response.headers
    return headers.get("Cache-Control") == "no-store" and headers.get("Pragma") == "no-cache"


def test_a_page_of_a_logged_in_user_is_not_stored(login: Login, make_user: MakeUser) -> None:
    response = login(make_user(role=Role.HEALTH_OFFICER, capture=("633",))).get("/")
    assert response.status_code == 200
    assert _not_stored(response)


def test_an_api_answer_is_not_stored(client: Client, make_user: MakeUser) -> None:
    response = client.get("/api/me", **bearer(make_user(capture=("633",))))
    assert response.status_code == 200
    assert _not_stored(response)


def test_an_api_refusal_without_a_token_is_not_stored(client: Client) -> None:
    response = client.get("/api/outbreak/persons")
    assert response.status_code == 401
    assert _not_stored(response)


def test_the_login_page_and_its_redirect_are_not_stored(client: Client) -> None:
    assert _not_stored(client.get("/"))
    assert _not_stored(client.get("/accounts/login/"))


def test_a_static_file_keeps_its_cache(client: Client) -> None:
    response = client.get("/static/outbreak/care/care.js")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Pragma" not in response.headers


def _memo_open(method: str) -> bool:
    seen: list[bool] = []

    def view(request: object) -> HttpResponse:
        seen.append(memo_open())
        return HttpResponse(status=204)

    request = RequestFactory().generic(method, "/")
    ReadMemoMiddleware(view)(request)
    return seen[0]


def test_a_get_request_reads_in_a_memo() -> None:
    assert _memo_open("GET")


def test_a_post_request_reads_without_a_memo() -> None:
    assert not _memo_open("POST")
