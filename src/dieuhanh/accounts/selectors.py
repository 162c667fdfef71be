"""Reads of accounts: the scope a user acts in; API tokens, their status and their lists."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Access, ApiToken, Role, TokenRevocation, User, UserScope
from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.memo import memoised
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import predecessor_paths, unit_ancestors, unit_roots


def user_scope(*, user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The scope of `user`: everything for administrators, nothing for anonymous users."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Scope.nothing()
    if user.role == Role.ADMIN:
        return Scope.everything()
    grants = user_scopes(user=user)
    capture = {g.unit.path for g in grants if g.access == Access.CAPTURE}
    view = {g.unit.path for g in grants}
    # The history of a territory belongs to who governs it now: a scope over Xã Chư Sê also
    # sees (never captures for) the five units it was formed from in 2025. Persons' identities
    # only of the units that went into it whole: of a commune split between several new ones,
    # no new commune may see all the people (which of them live in which part is not known).
    units = [g.unit for g in grants]
    identity = view | predecessor_paths(units=units, whole_only=True)
    view |= predecessor_paths(units=units)
    return Scope(
        view_paths=tuple(sorted(view)),
        capture_paths=tuple(sorted(capture)),
        identity_paths=tuple(sorted(identity)),
    )


def user_scopes(*, user: User) -> list[UserScope]:
    """The user's grants with their units, by access then unit path; read once per GET request
    (core.memo: the dashboard asked four times)."""
    found = memoised(
        ("accounts.user_scopes", user.pk),
        lambda: list(
            UserScope.objects.filter(user=user)
            .select_related("unit")
            .order_by("access", "unit__path")
        ),
    )
    return list(found)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def password_mark(user: User) -> str:
    """What a token remembers of its user's password: the digest of the password hash (itself
    salted), so that any new password (even the same one, salted anew) no longer matches."""
    return hashlib.sha256(("password\0" + user.password).encode("utf-8")).hexdigest()


def grants_mark(user: User) -> str:
    """What a token remembers of its user's rights: the digest of the role and of every unit
    grant (its row, unit version and access). A grant added, removed, changed or re-created
    changes it. Reads `user.scopes` (prefetched by the token lists)."""
    grants = sorted(f"{g.pk}:{g.unit_id}:{g.access}" for g in user.scopes.all())
    return hashlib.sha256("\n".join([f"role:{user.role}", *grants]).encode("utf-8")).hexdigest()


class TokenStatus(models.TextChoices):
    """Whether a token authenticates, and if not why (a refused one says so in its 401)."""

    LIVE = "live", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    PASSWORD_CHANGED = "password_changed", _("revoked: the password changed")
    GRANTS_CHANGED = "grants_changed", _("revoked: the role or units changed")
    USER_INACTIVE = "user_inactive", _("the account is disabled")


_REVOKED_STATUS: dict[str, TokenStatus] = {
    TokenRevocation.PASSWORD: TokenStatus.PASSWORD_CHANGED,
    TokenRevocation.GRANTS: TokenStatus.GRANTS_CHANGED,
}


def token_status(*, token: ApiToken, now: datetime.datetime | None = None) -> TokenStatus:
    """The status of `token` now. A token whose user's password, role or grants changed since
    it was issued is PASSWORD_CHANGED / GRANTS_CHANGED even before it is marked revoked."""
    if token.revoked_at is not None:
        return _REVOKED_STATUS.get(token.revoked_reason, TokenStatus.REVOKED)
    user = token.user
    if not user.is_active:
        return TokenStatus.USER_INACTIVE
    if token.expires_at <= (now or timezone.now()):
        return TokenStatus.EXPIRED
    if token.password_mark != password_mark(user):
        return TokenStatus.PASSWORD_CHANGED
    if token.grants_mark != grants_mark(user):
        return TokenStatus.GRANTS_CHANGED
    return TokenStatus.LIVE


def token_find(*, raw: str) -> ApiToken | None:
    """The token with this secret, whatever its status (token_status tells), or None."""
    if not raw:
        return None
    return ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()


def token_for(*, raw: str) -> ApiToken | None:
    """The live token with this secret (not revoked, not expired, issued against its user's
    current password, role and grants, of an active user), or None."""
    token = token_find(raw=raw)
    if token is None or token_status(token=token) != TokenStatus.LIVE:
        return None
    return token


def token_user(*, raw: str) -> User | None:
    """The active user a live bearer token belongs to, or None."""
    token = token_for(raw=raw)
    return token.user if token is not None else None


def is_administrator(user: User) -> bool:
    """Whether `user` manages every account (the role that reads the administration module)."""
    return user.is_active and role_can_read(user.role, Module.ADMINISTRATION)


def uses_api(user: User) -> bool:
    """Whether the API is part of `user`'s work: an administrator, or a holder of a live token
    (the menu offers the API's documentation to them only). One query over the user's
    unrevoked, unexpired tokens; the live check is token_status's."""
    if is_administrator(user):
        return True
    now = timezone.now()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    return any(
        token_status(token=t, now=now) == TokenStatus.LIVE
        for t in tokens.select_related("user").prefetch_related("user__scopes")
    )


@dataclass(frozen=True)
class TokenRow:
    """A token as its owner or an administrator sees it (never its secret)."""

    token: ApiToken
    status: TokenStatus


def tokens_list(*, viewer: User, username: str = "") -> list[TokenRow]:
    """The tokens of the user named `username` (the viewer's own when blank), newest first.
    Only an administrator lists another user's tokens (refused before the name is looked up,
    so the refusal says nothing of who exists)."""
    owner: User | None = viewer
    if username and username != viewer.username:
        if not is_administrator(viewer):
            raise AccessDenied(_("Only an administrator sees the API tokens of another user."))
        # a NUL byte is in no user name, and PostgreSQL refuses it in a query (a 500)
        owner = None if "\x00" in username else User.objects.filter(username=username).first()
        if owner is None:
            raise NotFound(_("There is no user %(name)s."), name=username)
    tokens = (
        ApiToken.objects.filter(user=owner)
        .select_related("user")
        .prefetch_related("user__scopes")
        .order_by("-created_at", "-pk")
    )
    now = timezone.now()
    return [TokenRow(t, token_status(token=t, now=now)) for t in tokens]


def token_get(*, token_id: int, viewer: User) -> ApiToken:
    """A token the viewer may manage: their own, or any for an administrator; else 404 (the
    token of another user is not said to exist)."""
    if not 0 < token_id < 2**63:  # an id the database cannot hold is no token either
        raise NotFound(_("There is no API token %(id)s among those you manage."), id=token_id)
    tokens = ApiToken.objects.select_related("user").filter(pk=token_id)
    if not is_administrator(viewer):
        tokens = tokens.filter(user=viewer)
    token = tokens.first()
    if token is None:
        raise NotFound(_("There is no API token %(id)s among those you manage."), id=token_id)
    return token


def home_unit(
    *,
    user: AbstractBaseUser | AnonymousUser,
    scope: Scope,
    on: datetime.date,
    data_unit: OrgUnit | Callable[[], OrgUnit | None] | None = None,
) -> OrgUnit | None:
    """The unit a page opens on when none is asked (đơn vị mặc định; rule 1 of
    `core.opening`): the user's own unit, the highest of their grants (province before district
    before commune, then in Vietnamese order); for a user without grants, the top of the tree
    above `data_unit` (the unit holding the page's newest data), else the first root on `on`.
    `data_unit` may be a function, called only when the user has no grants (finding the newest
    data can cost more than the rest)."""
    if isinstance(user, User) and user.is_authenticated:
        grants = [g.unit for g in user_scopes(user=user)]
        if grants:
            return sorted(grants, key=lambda u: (u.level, u.sort_key, u.code))[0]
    if callable(data_unit):
        data_unit = data_unit()
    if data_unit is not None and scope.can_view_path(data_unit.path):
        top = unit_ancestors(unit=data_unit, scope=scope)
        return top[0] if top else data_unit
    roots = unit_roots(on=on, scope=scope)
    return roots[0] if roots else None
