"""Shared plumbing of the outbreak commands: reading a file, acting as a user."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(
            f"Không đọc được tệp {path}: {exc.strerror} / Cannot read {path}: {exc.strerror}"
        ) from None


def acting_user(username: str | None) -> tuple[User | None, Scope]:
    """The user named by --user and their scope; the system (everything) when None."""
    if not username:
        return None, Scope.everything()
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có người dùng “{username}” / No active user “{username}”")
    return user, user_scope(user=user)


def unit_option(code: str) -> OrgUnit:
    """The unit a --unit code names (its version valid today, else its latest)."""
    return unit_resolve(
        code=code,
        on=timezone.localdate(),
        scope=Scope.everything(),
        policy=UnitPolicy.LATEST_VISIBLE,
    )
