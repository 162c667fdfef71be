from __future__ import annotations

import pytest

from dieuhanh.accounts.models import ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import token_user, user_scope
from dieuhanh.accounts.services import token_issue, token_revoke, user_create
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from tests.conftest import AFTER, BEFORE, unit_on

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Ia-Blang@2021!"


def create(**overrides: object) -> User:
    args: dict[str, object] = {
        "username": "canbo.xa",
        "role": Role.DATA_OFFICER,
        "password": GOOD_PASSWORD,
        "capture_codes": ["23962"],
        "on": BEFORE,
    }
    args.update(overrides)
    return user_create(**args)  # type: ignore[arg-type]


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


def test_capture_scope_includes_view() -> None:
    scope = user_scope(user=create())
    assert scope.can_view_path(unit_on("23962").path) and scope.can_capture_path(
        unit_on("23962").path
    )


def test_view_scope_does_not_allow_capture() -> None:
    scope = user_scope(user=create(capture_codes=[], view_codes=["633"]))
    assert scope.can_view_path(unit_on("23962").path) and not scope.can_capture_path(
        unit_on("23962").path
    )


def test_sibling_commune_is_outside_the_scope() -> None:
    assert not user_scope(user=create()).can_view_path(unit_on("23965").path)


def test_inactive_user_has_no_scope() -> None:
    user = create()
    user.is_active = False
    user.save()
    assert user_scope(user=user) == Scope.nothing()


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


def test_unknown_token_authenticates_nobody() -> None:
    assert token_user(raw="dh_not-a-token") is None


def test_a_successor_scope_views_but_cannot_capture_the_predecessors() -> None:
    user = create(username="lanhdao.xa", role=Role.LEADER, capture_codes=["23941"], on=AFTER)
    scope = user_scope(user=user)
    old = unit_on("23962")  # Ia Blang, merged into Xã Chư Sê
    assert scope.can_view_path(old.path) and not scope.can_capture_path(old.path)


def test_an_invalid_user_name_is_refused_cleanly() -> None:
    with pytest.raises(ValidationFailed):
        create(username="bad name!")
