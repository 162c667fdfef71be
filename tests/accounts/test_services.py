"""Users and tokens (accounts/services.py): creation with its scopes, audited, refusals that
write nothing; tokens issued, stored as digests, revoked; their expiry, their revocation when
the password, role or units of their user change, their use audited once per interval."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from dieuhanh.accounts.models import Access, ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import token_digest, token_user, user_scope
from dieuhanh.accounts.services import (
    TOKEN_USE_INTERVAL,
    token_issue,
    token_revoke,
    token_use,
    tokens_revoke_stale,
)
from dieuhanh.core.errors import AccessDenied, Unauthenticated, ValidationFailed
from dieuhanh.core.models import AuditEvent
from tests.accounts.factories import create
from tests.conftest import MakeUser, unit_on
from tests.factories import PASSWORD

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


# --- API tokens: expiry, credentials, use, revocation (issue 19) ------------------------------


def _token(user: User) -> tuple[str, ApiToken]:
    raw = token_issue(user=user)
    return raw, ApiToken.objects.get(digest=token_digest(raw))


def _refusal(raw: str) -> str:
    with pytest.raises(Unauthenticated) as refused:
        token_use(raw=raw)
    return refused.value.render("en")


def test_a_token_lasts_the_configured_days(make_user: MakeUser, settings: Settings) -> None:
    settings.API_TOKEN_DAYS = 30
    _, token = _token(make_user(capture=("23962",)))
    assert token.expires_at - token.created_at == pytest.approx(
        datetime.timedelta(days=30), abs=datetime.timedelta(seconds=5)
    )


def test_a_token_may_be_issued_for_fewer_days(make_user: MakeUser) -> None:
    raw = token_issue(user=make_user(capture=("23962",)), days=7)
    token = ApiToken.objects.get(digest=token_digest(raw))
    assert (token.expires_at - timezone.now()).days == 6  # 7 days less the moments since


@pytest.mark.parametrize("days", [0, -1, 366])
def test_token_days_outside_the_limits_are_refused(make_user: MakeUser, days: int) -> None:
    user = make_user(capture=("23962",))
    with pytest.raises(ValidationFailed, match="1 to 365 days"):
        token_issue(user=user, days=days)
    assert not ApiToken.objects.filter(user=user).exists()


def test_only_an_administrator_issues_a_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    with pytest.raises(AccessDenied):
        token_issue(user=user, actor=user)
    assert not ApiToken.objects.filter(user=user).exists()


def test_an_administrator_issues_a_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    token_issue(user=user, actor=make_user(role=Role.ADMIN))
    assert ApiToken.objects.filter(user=user).count() == 1


def test_the_issue_is_audited_with_the_expiry(make_user: MakeUser) -> None:
    _, token = _token(make_user(capture=("23962",)))
    event = AuditEvent.objects.get(action="accounts.token_issue", object_id=str(token.pk))
    assert (event.changes["days"], event.changes["expires_at"][:10]) == (
        90,
        token.expires_at.isoformat()[:10],
    )


def test_a_live_token_gives_its_user(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    assert token_use(raw=raw) == user


def test_an_expired_token_is_refused_with_its_date(make_user: MakeUser) -> None:
    raw, token = _token(make_user(capture=("23962",)))
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    )
    assert "expired on 2025-03-01" in _refusal(raw)


def test_an_unknown_token_is_refused() -> None:
    assert "not valid" in _refusal("dh_not-a-token")


def test_a_revoked_token_is_refused_with_its_date(make_user: MakeUser) -> None:
    raw, token = _token(make_user(capture=("23962",)))
    token_revoke(token=token)
    assert f"revoked on {timezone.localdate().isoformat()}" in _refusal(raw)


def test_a_token_of_a_disabled_user_is_refused(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert "disabled" in _refusal(raw)


def test_a_password_change_revokes_the_token_at_its_next_use(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, token = _token(user)
    user.set_password("Mat-khau-moi@2025")
    user.save()
    assert "password of its user changed" in _refusal(raw)
    token.refresh_from_db()
    assert (token.revoked_at is not None, token.revoked_reason) == (True, "password")


def test_the_same_password_set_again_still_revokes(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    user.set_password(PASSWORD)  # salted anew: a new hash
    user.save()
    assert "password of its user changed" in _refusal(raw)


def test_a_role_change_revokes_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, token = _token(user)
    User.objects.filter(pk=user.pk).update(role=Role.LEADER)
    assert "role or units of its user changed" in _refusal(raw)
    token.refresh_from_db()
    assert token.revoked_reason == "grants"


def test_a_scope_added_revokes_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    UserScope.objects.create(user=user, unit=unit_on("633"), access=Access.VIEW)
    assert "role or units of its user changed" in _refusal(raw)


def test_a_scope_removed_revokes_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",), view=("633",))
    raw, _ = _token(user)
    UserScope.objects.filter(user=user, access=Access.VIEW).delete()
    assert "role or units of its user changed" in _refusal(raw)


def test_a_scope_changed_revokes_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    UserScope.objects.filter(user=user).update(access=Access.VIEW)
    assert "role or units of its user changed" in _refusal(raw)


def test_a_scope_moved_to_another_unit_revokes_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    UserScope.objects.filter(user=user).update(unit=unit_on("23965"))
    assert "role or units of its user changed" in _refusal(raw)


def test_a_revoked_grant_restored_does_not_bring_the_token_back(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    User.objects.filter(pk=user.pk).update(role=Role.LEADER)
    _refusal(raw)  # seen once: marked revoked
    User.objects.filter(pk=user.pk).update(role=Role.DATA_OFFICER)
    assert "role or units of its user changed" in _refusal(raw)


def test_other_changes_to_the_user_keep_the_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, _ = _token(user)
    User.objects.filter(pk=user.pk).update(
        full_name="Nguyễn Văn A", email="a@gialai.gov.vn", last_login=timezone.now()
    )
    assert token_use(raw=raw) == user


def test_an_automatic_revocation_is_audited_with_its_reason(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, token = _token(user)
    User.objects.filter(pk=user.pk).update(role=Role.VIEWER)
    _refusal(raw)
    event = AuditEvent.objects.get(action="accounts.token_revoke", object_id=str(token.pk))
    assert (event.actor_label, event.changes["reason"]) == ("system", "grants")


def test_a_use_is_audited_with_the_request(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    raw, token = _token(user)
    token_use(raw=raw, method="GET", path="/api/me", address="10.0.0.7")
    event = AuditEvent.objects.get(action="accounts.token_use", object_id=str(token.pk))
    assert (event.actor_id, event.changes) == (
        user.pk,
        {"method": "GET", "path": "/api/me", "address": "10.0.0.7"},
    )


def test_uses_are_audited_once_per_interval(make_user: MakeUser) -> None:
    raw, _ = _token(make_user(capture=("23962",)))
    for _ in range(3):
        token_use(raw=raw)
    assert AuditEvent.objects.filter(action="accounts.token_use").count() == 1


def test_a_use_after_the_interval_is_audited_again(make_user: MakeUser) -> None:
    raw, token = _token(make_user(capture=("23962",)))
    token_use(raw=raw)
    earlier = timezone.now() - TOKEN_USE_INTERVAL - datetime.timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    token_use(raw=raw)
    token.refresh_from_db()
    assert AuditEvent.objects.filter(action="accounts.token_use").count() == 2
    assert token.last_used_at is not None and token.last_used_at > earlier


def test_a_refused_token_is_not_recorded_as_used(make_user: MakeUser) -> None:
    raw, token = _token(make_user(capture=("23962",)))
    token_revoke(token=token)
    _refusal(raw)
    token.refresh_from_db()
    assert token.last_used_at is None
    assert not AuditEvent.objects.filter(action="accounts.token_use").exists()


def test_the_owner_revokes_their_token(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    _, token = _token(user)
    assert token_revoke(token=token, actor=user)
    event = AuditEvent.objects.get(action="accounts.token_revoke", object_id=str(token.pk))
    assert (event.actor_id, event.changes["reason"]) == (user.pk, "by_hand")


def test_another_user_may_not_revoke_a_token(make_user: MakeUser) -> None:
    _, token = _token(make_user(capture=("23962",)))
    with pytest.raises(AccessDenied):
        token_revoke(token=token, actor=make_user(role=Role.LEADER, capture=("23962",)))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_revokes_any_token(make_user: MakeUser) -> None:
    _, token = _token(make_user(capture=("23962",)))
    assert token_revoke(token=token, actor=make_user(role=Role.ADMIN))


def test_revoking_twice_changes_and_audits_once(make_user: MakeUser) -> None:
    _, token = _token(make_user(capture=("23962",)))
    assert token_revoke(token=token) and not token_revoke(token=token)
    assert AuditEvent.objects.filter(action="accounts.token_revoke").count() == 1


def test_stale_tokens_are_revoked_at_once_and_live_ones_kept(make_user: MakeUser) -> None:
    user = make_user(capture=("23962",))
    _, old = _token(user)
    user.set_password("Mat-khau-moi@2025")
    user.save()
    _, new = _token(user)
    assert tokens_revoke_stale(user=user, actor=user) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.revoked_reason, new.revoked_at) == ("password", None)
