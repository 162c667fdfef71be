"""Writes of accounts: creating users with their scopes, issuing and revoking API tokens."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Access, ApiToken, Role, User, UserScope
from dieuhanh.accounts.selectors import token_digest
from dieuhanh.core.errors import NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_resolve

Actor = AbstractBaseUser | AnonymousUser | None


def _resolve_units(codes: Sequence[str], on: datetime.date) -> list[OrgUnit]:
    units = []
    for code in codes:
        try:
            units.append(unit_resolve(code=code, on=on, scope=Scope.everything()))
        except NotFound as exc:
            raise ValidationFailed(exc.message, **exc.params) from exc
    return units


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    capture_codes: Sequence[str] = (),
    view_codes: Sequence[str] = (),
    on: datetime.date,
    full_name: str = "",
    actor: Actor = None,
) -> User:
    """Create a user with a role and the units they may capture for or view (with subtrees)."""
    username = username.strip()
    if not username:
        raise ValidationFailed(_("A user name is required."))
    if role not in Role.values:
        raise ValidationFailed(
            _("Unknown role %(role)s. Roles: %(roles)s."), role=role, roles=", ".join(Role.values)
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("User %(name)s already exists."), name=username)
    if role != Role.ADMIN and not capture_codes and not view_codes:
        raise ValidationFailed(
            _("Give the units this user works on (--capture CODE or --view CODE).")
        )
    capture_units = _resolve_units(capture_codes, on)
    view_units = _resolve_units(view_codes, on)
    user = User(
        username=username,
        role=role,
        full_name=full_name,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(
            _("The password is not acceptable: %(reasons)s"), reasons=" ".join(exc.messages)
        ) from exc
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(
            _("The user cannot be created: %(reasons)s"), reasons=" ".join(exc.messages)
        ) from exc
    user.save()
    grants = [UserScope(user=user, unit=u, access=Access.CAPTURE) for u in capture_units]
    grants += [UserScope(user=user, unit=u, access=Access.VIEW) for u in view_units]
    UserScope.objects.bulk_create(grants, ignore_conflicts=True)
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        changes={
            "role": role,
            "capture": [u.code for u in capture_units],
            "view": [u.code for u in view_units],
        },
    )
    return user


@transaction.atomic
def token_issue(*, user: User, actor: Actor = None) -> str:
    """Issue a new API token for `user` and return it. Only its digest is kept."""
    raw = "dh_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, prefix=raw[:10], digest=token_digest(raw))
    audit_record(
        actor=actor, action="accounts.token_issue", obj=token, changes={"user": user.username}
    )
    return raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="accounts.token_revoke", obj=token)


TOKEN_TOUCH_INTERVAL = datetime.timedelta(minutes=5)


def token_touch(*, token: ApiToken) -> None:
    """Record that a token was used, at most every few minutes (each write takes the lock)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
