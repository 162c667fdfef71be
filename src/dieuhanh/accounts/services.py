"""Writes of accounts: creating users with their scopes; API tokens issued, used (checked and
logged) and revoked."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Access, ApiToken, Role, TokenRevocation, User, UserScope
from dieuhanh.accounts.selectors import (
    TokenStatus,
    grants_mark,
    is_administrator,
    password_mark,
    token_digest,
    token_find,
    token_status,
)
from dieuhanh.core.errors import AccessDenied, NotFound, Unauthenticated, ValidationFailed
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


def _require_administrator(actor: Actor, message: str | Promise) -> None:
    """`None` is the system (the console): no role applies."""
    if actor is not None and not (isinstance(actor, User) and is_administrator(actor)):
        raise AccessDenied(message)


def _token_days(days: int | None) -> int:
    maximum: int = settings.API_TOKEN_MAX_DAYS
    if days is None:
        default: int = settings.API_TOKEN_DAYS
        return default
    if not 1 <= days <= maximum:
        raise ValidationFailed(
            _("An API token lasts from 1 to %(max)s days, not %(days)s."), max=maximum, days=days
        )
    return days


@transaction.atomic
def token_issue(*, user: User, days: int | None = None, actor: Actor = None) -> str:
    """Issue a new API token for `user` and return it (the only time it is seen: its digest is
    kept). It lasts `days` (settings.API_TOKEN_DAYS when None, at most API_TOKEN_MAX_DAYS) and
    holds while its user's password, role and unit grants stay as they are now. Only an
    administrator (or the console) issues tokens."""
    _require_administrator(actor, _("Only an administrator issues API tokens."))
    if not user.is_active:
        raise ValidationFailed(_("User %(name)s is disabled."), name=user.username)
    lifetime = _token_days(days)
    raw = "dh_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        prefix=raw[:10],
        digest=token_digest(raw),
        expires_at=timezone.now() + datetime.timedelta(days=lifetime),
        password_mark=password_mark(user),
        grants_mark=grants_mark(user),
    )
    audit_record(
        actor=actor,
        action="accounts.token_issue",
        obj=token,
        changes={
            "user": user.username,
            "days": lifetime,
            "expires_at": token.expires_at.isoformat(timespec="seconds"),
        },
    )
    return raw


@transaction.atomic
def token_revoke(
    *, token: ApiToken, actor: Actor = None, reason: TokenRevocation = TokenRevocation.BY_HAND
) -> bool:
    """Revoke `token` (thu hồi) for `reason`; False when it already was (nothing written).
    Its owner or an administrator may; `None` is the system."""
    if actor is not None and not (
        isinstance(actor, User) and (actor.pk == token.user_id or is_administrator(actor))
    ):
        raise AccessDenied(_("You may revoke only your own API tokens."))
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=reason
    )
    if not revoked:
        return False
    token.revoked_at, token.revoked_reason = now, reason
    audit_record(
        actor=actor,
        action="accounts.token_revoke",
        obj=token,
        changes={"user": token.user.username, "reason": reason},
    )
    return True


_STALE: dict[str, TokenRevocation] = {
    TokenStatus.PASSWORD_CHANGED: TokenRevocation.PASSWORD,
    TokenStatus.GRANTS_CHANGED: TokenRevocation.GRANTS,
}


def tokens_revoke_stale(*, user: User, actor: Actor = None) -> int:
    """Revoke now every token of `user` issued against a password, role or grants they no
    longer have, and return how many. Called where the project changes them (the password
    page, the admin); any other path (`changepassword`, a shell) is caught at the token's next
    use by `token_use`."""
    now = timezone.now()
    revoked = 0
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True).select_related("user")
    for token in live:
        reason = _STALE.get(token_status(token=token, now=now))
        if reason is not None and token_revoke(token=token, actor=actor, reason=reason):
            revoked += 1
    return revoked


# A token's use is written to the audit log (and to `last_used_at`) at most once per token in
# this interval: each write takes the database's write lock, and a client may call many times a
# second.
TOKEN_USE_INTERVAL = datetime.timedelta(minutes=5)


def token_use(*, raw: str, method: str = "", path: str = "", address: str = "") -> User:
    """The user of a bearer token, for one request; 401 with the reason when the token is
    unknown, revoked, expired, or issued against a password, role or grants its user no
    longer has (then it is marked revoked at once, by the system, with that reason).
    `method`, `path` and `address` describe the request for the audit log."""
    token = token_find(raw=raw)
    if token is None:
        raise Unauthenticated(_("This API token is not valid."))
    now = timezone.now()
    status = token_status(token=token, now=now)
    if status != TokenStatus.LIVE:
        reason = _STALE.get(status)
        if reason is not None and token.revoked_at is None:
            token_revoke(token=token, reason=reason)
        raise _refusal(token, status)
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_INTERVAL:
        _record_use(token, now, {"method": method, "path": path[:200], "address": address})
    return token.user


@transaction.atomic
def _record_use(token: ApiToken, now: datetime.datetime, request: dict[str, str]) -> None:
    # Claimed by a conditional update, so two requests at once write one audit event.
    claimed = (
        ApiToken.objects.filter(pk=token.pk)
        .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOKEN_USE_INTERVAL))
        .update(last_used_at=now)
    )
    token.last_used_at = now
    if claimed:
        audit_record(actor=token.user, action="accounts.token_use", obj=token, changes=request)


def _refusal(token: ApiToken, status: TokenStatus) -> Unauthenticated:
    if status == TokenStatus.EXPIRED:
        return Unauthenticated(
            _("This API token expired on %(date)s: ask an administrator for a new one."),
            date=timezone.localdate(token.expires_at).isoformat(),
        )
    if status == TokenStatus.PASSWORD_CHANGED:
        return Unauthenticated(
            _(
                "This API token was revoked because the password of its user changed: ask an "
                "administrator for a new one."
            )
        )
    if status == TokenStatus.GRANTS_CHANGED:
        return Unauthenticated(
            _(
                "This API token was revoked because the role or units of its user changed: ask "
                "an administrator for a new one."
            )
        )
    if status == TokenStatus.USER_INACTIVE:
        return Unauthenticated(_("The account of this API token is disabled."))
    revoked_on = timezone.localdate(token.revoked_at) if token.revoked_at else None
    return Unauthenticated(
        _("This API token was revoked on %(date)s."),
        date=revoked_on.isoformat() if revoked_on else "?",
    )
