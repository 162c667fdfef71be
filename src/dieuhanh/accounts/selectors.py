"""Reads of accounts: the scope a user acts in, and token look-up."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from dieuhanh.accounts.models import Access, ApiToken, Role, User, UserScope
from dieuhanh.core.scope import Scope


def user_scope(*, user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The scope of `user`: everything for administrators, nothing for anonymous users."""
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return Scope.nothing()
    if user.role == Role.ADMIN:
        return Scope.everything()
    grants = list(UserScope.objects.filter(user=user).values_list("unit__path", "access"))
    capture = tuple(sorted({p for p, a in grants if a == Access.CAPTURE}))
    view = tuple(sorted({p for p, _ in grants}))
    return Scope(view_paths=view, capture_paths=capture)


def user_scopes(*, user: User) -> QuerySet[UserScope]:
    return (
        UserScope.objects.filter(user=user).select_related("unit").order_by("access", "unit__path")
    )


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_user(*, raw: str) -> User | None:
    """The active user a bearer token belongs to, or None. Marks the token as used."""
    if not raw:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
