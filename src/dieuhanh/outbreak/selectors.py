"""Reads of the epidemic response (tracing part). Every selector filters by the caller's scope.

Identities (họ tên, CCCD, điện thoại, địa chỉ) are shown only to roles with the PERSONAL_DATA
module whose scope covers the person's unit (the unit or one of its ancestors); everybody else
with OUTBREAK read sees counts only.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.core.scope import Scope


def identity_visible(
    *, user: AbstractBaseUser | AnonymousUser | None, scope: Scope, unit_path: str
) -> bool:
    """Whether `user` may see the identity of a person registered in the unit at `unit_path`.

    Only health roles (module PERSONAL_DATA: health officers, administrators) whose view scope
    includes the person's unit or one of its ancestors qualify.
    """
    if user is None or not user.is_authenticated:
        return False
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, Module.PERSONAL_DATA):
        return False
    return scope.can_view_path(unit_path)
