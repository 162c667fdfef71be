"""The account pages (accounts/views.py): the owner's API tokens listed without secrets and
revoked; another user's token is not theirs to see or revoke; the password change revokes the
tokens issued against the old password at once."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import ApiToken, Role
from dieuhanh.accounts.selectors import token_digest
from dieuhanh.accounts.services import token_issue
from dieuhanh.core.models import AuditEvent
from tests.auth import Login
from tests.conftest import MakeUser
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_page_lists_the_owners_tokens_without_secrets(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    other = token_issue(user=make_user(capture=("23965",)))
    login(user)
    html = client.get("/accounts/tokens/").content.decode()
    assert raw[:10] in html and other[:10] not in html
    assert raw not in html and ApiToken.objects.get(digest=token_digest(raw)).digest not in html


def test_the_page_needs_a_login(client: Client) -> None:
    response = client.get("/accounts/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_owner_revokes_a_token_from_the_page(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    token = ApiToken.objects.get(digest=token_digest(token_issue(user=user)))
    login(user)
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_reason == "by_hand"


def test_another_users_token_cannot_be_revoked_from_the_page(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    token = ApiToken.objects.get(
        digest=token_digest(token_issue(user=make_user(capture=("23962",))))
    )
    login(make_user(role=Role.LEADER, capture=("633",)))
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert response.status_code == 404 and token.revoked_at is None
    assert not AuditEvent.objects.filter(action="accounts.token_revoke").exists()


def test_revoking_needs_a_post(client: Client, make_user: MakeUser, login: Login) -> None:
    user = make_user(capture=("23962",))
    token = ApiToken.objects.get(digest=token_digest(token_issue(user=user)))
    login(user)
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405


def test_the_password_page_revokes_the_tokens_at_once(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    token = ApiToken.objects.get(digest=token_digest(token_issue(user=user)))
    login(user)
    new = "Mat-khau-moi@2025"
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_reason == "password"
    event = AuditEvent.objects.get(action="accounts.token_revoke", object_id=str(token.pk))
    assert event.actor_id == user.pk
