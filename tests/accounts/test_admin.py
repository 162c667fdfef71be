"""The admin of accounts (accounts/admin.py): every API token listed with its status, revoked by
the action (audited), never edited; a role, a unit grant or a password changed in the admin
revokes the user's tokens at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dieuhanh.accounts.models import Access, ApiToken, Role, User
from dieuhanh.accounts.selectors import token_digest
from dieuhanh.accounts.services import token_issue
from dieuhanh.core.models import AuditEvent
from tests.auth import Login
from tests.conftest import MakeUser, unit_on

pytestmark = pytest.mark.django_db


def _token(user: User) -> ApiToken:
    return ApiToken.objects.get(digest=token_digest(token_issue(user=user)))


def test_the_admin_lists_every_token_with_its_status(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    token = _token(make_user(capture=("23962",)))
    login(make_user(role=Role.ADMIN))
    html = client.get("/admin/accounts/apitoken/").content.decode()
    assert token.prefix in html and token.digest not in html


def test_the_admin_action_revokes_and_audits(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    token = _token(make_user(capture=("23962",)))
    admin = make_user(role=Role.ADMIN)
    login(admin)
    client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}
    )
    token.refresh_from_db()
    event = AuditEvent.objects.get(action="accounts.token_revoke", object_id=str(token.pk))
    assert (token.revoked_reason, event.actor_id) == ("by_hand", admin.pk)


def test_a_token_cannot_be_edited_in_the_admin(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    token = _token(make_user(capture=("23962",)))
    login(make_user(role=Role.ADMIN))
    client.post(f"/admin/accounts/apitoken/{token.pk}/change/", {"revoked_reason": "password"})
    token.refresh_from_db()
    assert (token.revoked_at, token.revoked_reason) == (None, "")


def _user_form(user: User, **changes: Any) -> dict[str, Any]:
    """The admin's change form of `user` as the browser posts it, with its unit grants."""
    scopes = list(user.scopes.all())
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "full_name": user.full_name,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "scopes-TOTAL_FORMS": str(len(scopes)),
        "scopes-INITIAL_FORMS": str(len(scopes)),
        "scopes-MIN_NUM_FORMS": "0",
        "scopes-MAX_NUM_FORMS": "1000",
    }
    for i, s in enumerate(scopes):
        data.update(
            {
                f"scopes-{i}-id": str(s.pk),
                f"scopes-{i}-user": str(user.pk),
                f"scopes-{i}-unit": str(s.unit_id),
                f"scopes-{i}-access": s.access,
            }
        )
    data.update(changes)
    return data


def test_a_role_changed_in_the_admin_revokes_at_once(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    token = _token(user)
    login(make_user(role=Role.ADMIN))
    response = client.post(
        f"/admin/accounts/user/{user.pk}/change/", _user_form(user, role=Role.LEADER)
    )
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_reason == "grants"


def test_a_grant_changed_in_the_admin_revokes_at_once(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    token = _token(user)
    login(make_user(role=Role.ADMIN))
    form = _user_form(user, **{"scopes-0-unit": str(unit_on("23965").pk)})
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_reason == "grants"


def test_saving_the_user_unchanged_keeps_the_token(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",))
    token = _token(user)
    login(make_user(role=Role.ADMIN))
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", _user_form(user))
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_at is None


def test_a_password_set_in_the_admin_revokes_at_once(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    user = make_user(capture=("23962",), view=("633",))
    token = _token(user)
    login(make_user(role=Role.ADMIN))
    new = "Mat-khau-moi@2025"
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    token.refresh_from_db()
    assert response.status_code == 302 and token.revoked_reason == "password"
    assert user.scopes.filter(access=Access.VIEW).exists()  # nothing else touched
