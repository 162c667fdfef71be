"""The accounts endpoints (accounts/api.py): the caller's role and scopes; bearer tokens refused
with a clear 401 when unknown, expired or revoked; the caller's tokens listed and revoked (an
administrator's: anyone's)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from dieuhanh.accounts.models import ApiToken, Role, User
from dieuhanh.accounts.selectors import token_digest
from dieuhanh.accounts.services import token_issue
from dieuhanh.core.models import AuditEvent
from tests.auth import bearer
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_me_lists_role_and_scopes(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(capture=("23962",))
    body = client.get("/api/me", **bearer(user)).json()
    assert (body["role"], [s["unit_code"] for s in body["scopes"]]) == ("data_officer", ["23962"])


def _headers(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_an_expired_token_gets_401_in_both_languages(client: Client, make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now())
    response = client.get("/api/me", headers=_headers(raw))
    body = response.json()
    assert (response.status_code, body["code"]) == (401, "unauthenticated")
    assert "expired" in body["messages"]["en"] and "hết hạn" in body["messages"]["vi"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_revoked_by_a_password_change_gets_401_saying_so(
    client: Client, make_user: MakeUser
) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    user.set_password("Mat-khau-moi@2025")
    user.save()
    response = client.get("/api/me", headers=_headers(raw))
    assert response.status_code == 401
    assert "password" in response.json()["messages"]["en"]


def test_an_unknown_token_gets_401(client: Client) -> None:
    response = client.get("/api/me", headers=_headers("dh_not-a-token"))
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_no_token_gets_401(client: Client) -> None:
    assert client.get("/api/me").status_code == 401


def test_a_call_is_audited_as_a_token_use(client: Client, make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    client.get("/api/me", **bearer(user))
    event = AuditEvent.objects.get(action="accounts.token_use")
    assert (event.actor_id, event.changes["method"], event.changes["path"]) == (
        user.pk,
        "GET",
        "/api/me",
    )


def test_the_owner_lists_their_tokens_without_secrets(client: Client, make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    token_issue(user=make_user(capture=("23965",)))  # another user's
    response = client.get("/api/tokens", headers=_headers(raw))
    body = response.json()
    stored = ApiToken.objects.get(digest=token_digest(raw))
    assert [(t["id"], t["prefix"], t["status"]) for t in body] == [(stored.pk, raw[:10], "live")]
    assert raw not in response.content.decode() and stored.digest not in response.content.decode()


def test_a_user_may_not_list_another_users_tokens(client: Client, make_user: MakeUser) -> None:
    other = make_user(capture=("23965",))
    response = client.get(
        "/api/tokens", {"user": other.username}, **bearer(make_user(capture=("23962",)))
    )
    assert response.status_code == 403


def test_an_administrator_lists_another_users_tokens(client: Client, make_user: MakeUser) -> None:
    other = make_user(capture=("23965",))
    token_issue(user=other)
    response = client.get(
        "/api/tokens", {"user": other.username}, **bearer(make_user(role=Role.ADMIN))
    )
    assert [t["user"] for t in response.json()] == [other.username]


def test_the_owner_revokes_their_token(client: Client, make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    kept, doomed = token_issue(user=user), token_issue(user=user)
    doomed_id = ApiToken.objects.get(digest=token_digest(doomed)).pk
    response = client.post(f"/api/tokens/{doomed_id}/revoke", headers=_headers(kept))
    assert (response.status_code, response.json()["status"]) == (200, "revoked")
    assert client.get("/api/me", headers=_headers(doomed)).status_code == 401
    assert client.get("/api/me", headers=_headers(kept)).status_code == 200


def test_a_user_may_not_revoke_another_users_token(client: Client, make_user: MakeUser) -> None:
    victim = make_user(capture=("23962",))
    raw = token_issue(user=victim)
    token_id = ApiToken.objects.get(digest=token_digest(raw)).pk
    response = client.post(
        f"/api/tokens/{token_id}/revoke", **bearer(make_user(role=Role.LEADER, capture=("633",)))
    )
    assert response.status_code == 404
    assert client.get("/api/me", headers=_headers(raw)).status_code == 200


def test_an_administrator_revokes_another_users_token(client: Client, make_user: MakeUser) -> None:
    raw = token_issue(user=make_user(capture=("23962",)))
    token_id = ApiToken.objects.get(digest=token_digest(raw)).pk
    response = client.post(f"/api/tokens/{token_id}/revoke", **bearer(make_user(role=Role.ADMIN)))
    assert response.status_code == 200
    assert client.get("/api/me", headers=_headers(raw)).status_code == 401
