"""API tokens across the interfaces that reach them (issue 19): `dieuhanh users token --days`,
Django's `changepassword` (no project code runs: the token is refused at its next use), and the
migration that gave the tokens issued before it an expiry and their marks."""

from __future__ import annotations

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from dieuhanh.accounts.models import ApiToken
from dieuhanh.accounts.selectors import grants_mark, password_mark, token_digest
from dieuhanh.accounts.services import token_issue
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("dieuhanh.accounts.migrations.0002_token_expiry_and_marks")


def test_the_token_command_issues_for_the_days_given(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    out, err = io.StringIO(), io.StringIO()
    call_command("users", "token", user.username, "--days", "10", stdout=out, stderr=err)
    token = ApiToken.objects.get(digest=token_digest(out.getvalue().strip()))
    assert (token.expires_at - timezone.now()).days == 9  # 10 days less the moments since
    assert "expires" in err.getvalue()


def test_the_token_command_refuses_too_many_days(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    with pytest.raises(CommandError, match="365"):
        call_command("users", "token", user.username, "--days", "1000", stdout=io.StringIO())
    assert not ApiToken.objects.filter(user=user).exists()


def test_changepassword_revokes_the_token_at_its_next_use(
    client: Client, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Mat-khau-moi@2025")
    call_command("changepassword", user.username, stdout=io.StringIO())
    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert ApiToken.objects.get(digest=token_digest(raw)).revoked_reason == "password"


def test_the_migration_marks_agree_with_the_selectors(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",), view=("633",))
    grants = user.scopes.values_list("pk", "unit_id", "access")
    assert (MIGRATION._password_mark(user.password), MIGRATION._grants_mark(user.role, grants)) == (
        password_mark(user),
        grants_mark(user),
    )


def test_the_migration_gives_an_old_token_its_expiry_and_marks(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw = token_issue(user=user)
    issued = datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC)
    ApiToken.objects.filter(user=user).update(
        created_at=issued, expires_at=issued, password_mark="", grants_mark=""
    )
    MIGRATION.stamp_existing_tokens(apps, None)
    token = ApiToken.objects.get(digest=token_digest(raw))
    assert token.expires_at == issued + datetime.timedelta(days=90)
    assert (token.password_mark, token.grants_mark) == (password_mark(user), grants_mark(user))
