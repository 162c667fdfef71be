"""Users and tokens (accounts/services.py): creation with its scopes, audited, refusals that
write nothing; tokens issued, stored as digests, revoked."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import token_user, user_scope
from dieuhanh.accounts.services import token_issue, token_revoke
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.models import AuditEvent
from tests.accounts.factories import create

pytestmark = pytest.mark.django_db


def test_user_is_created_with_a_capture_scope() -> None:
    user = create()
    assert list(UserScope.objects.filter(user=user).values_list("unit__code", "access")) == [
        ("23962", "capture")
    ]


def test_user_creation_is_audited() -> None:
    user = create()
    assert AuditEvent.objects.filter(action="accounts.user_create", object_id=str(user.pk)).exists()


def test_weak_password_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValidationFailed):
        create(password="123456")
    assert not User.objects.filter(username="canbo.xa").exists()


def test_unknown_unit_code_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValidationFailed, match="99999"):
        create(capture_codes=["99999"])
    assert not User.objects.filter(username="canbo.xa").exists()


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="Unknown role"):
        create(role="mayor")


def test_duplicate_user_name_is_refused() -> None:
    create()
    with pytest.raises(ValidationFailed, match="already exists"):
        create(username="CANBO.XA")


def test_a_non_admin_user_needs_units() -> None:
    with pytest.raises(ValidationFailed):
        create(capture_codes=[])


def test_admin_is_staff_and_unrestricted() -> None:
    admin = create(username="quantri", role=Role.ADMIN, capture_codes=[])
    assert admin.is_staff and user_scope(user=admin).unrestricted


def test_issued_token_authenticates_its_user() -> None:
    user = create()
    assert token_user(raw=token_issue(user=user)) == user


def test_only_the_token_digest_is_stored() -> None:
    raw = token_issue(user=create())
    assert not ApiToken.objects.filter(digest=raw).exists()


def test_revoked_token_no_longer_authenticates() -> None:
    user = create()
    raw = token_issue(user=user)
    token_revoke(token=ApiToken.objects.get(user=user))
    assert token_user(raw=raw) is None


def test_an_invalid_user_name_is_refused_cleanly() -> None:
    with pytest.raises(ValidationFailed):
        create(username="bad name!")
