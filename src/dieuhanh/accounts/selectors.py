"""Reads of accounts: the scope a user acts in, and token look-up."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from dieuhanh.accounts.models import Access, ApiToken, Role, User, UserScope
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.selectors import predecessor_paths


def user_scope(*, user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The scope of `user`: everything for administrators, nothing for anonymous users."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Scope.nothing()
    if user.role == Role.ADMIN:
        return Scope.everything()
    grants = list(UserScope.objects.filter(user=user).select_related("unit"))
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


def user_scopes(*, user: User) -> QuerySet[UserScope]:
    return (
        UserScope.objects.filter(user=user).select_related("unit").order_by("access", "unit__path")
    )


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_for(*, raw: str) -> ApiToken | None:
    """The live token with this secret, of an active user, or None."""
    if not raw:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def token_user(*, raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = token_for(raw=raw)
    return token.user if token is not None else None
