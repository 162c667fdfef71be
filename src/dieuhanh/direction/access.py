"""Module checks for direction pages and exports, and the unit a page is about."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_read, role_can_read, role_can_write
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Decision
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_roots

R = TypeVar("R")


def module_required(module: Module) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Refuse (403) a caller whose role may not read `module`, before anything else."""

    def decorate(view: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
            require_read(request.user, module)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def current_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise AccessDenied(_("Log in first."))
    return user


def modules_of(user: object) -> dict[str, bool]:
    """Which direction sections the user's role reads and writes (for tabs and buttons)."""
    role = str(getattr(user, "role", ""))
    return {
        "direction": role_can_read(role, Module.DIRECTION),
        "direction_write": role_can_write(role, Module.DIRECTION),
        "inspection": role_can_read(role, Module.PARTY_INSPECTION),
        "inspection_write": role_can_write(role, Module.PARTY_INSPECTION),
        "public_order": role_can_read(role, Module.PUBLIC_ORDER),
        "public_order_write": role_can_write(role, Module.PUBLIC_ORDER),
    }


def resolve_unit(*, code: str, on: datetime.date, scope: Scope) -> OrgUnit:
    """The version of `code` valid on `on`; when none is, the latest version before `on` (a
    district abolished in 2025 is still what its 2021 tasks belong to), else the earliest."""
    code = code.strip()
    versions = list(OrgUnit.objects.filter(code=code).order_by("valid_from"))
    if not versions:
        raise NotFound(_("Unknown administrative unit code: %(code)s."), code=code)
    valid = [v for v in versions if v.is_valid_on(on)]
    before = [v for v in versions if v.valid_from <= on]
    unit = valid[0] if valid else before[-1] if before else versions[0]
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=code
        )
    return unit


def default_unit(*, user: User, scope: Scope, on: datetime.date) -> OrgUnit | None:
    """The user's own unit: the first grant; for administrators, the unit of the latest
    resolution, else the first province."""
    grants = list(user_scopes(user=user)) if user.is_authenticated else []
    if grants:
        return sorted((g.unit for g in grants), key=lambda u: (u.level, u.sort_key))[0]
    latest = Decision.objects.filter(scope.view_q("unit__path")).order_by("-issued_on").first()
    if latest is not None:
        return latest.unit
    roots = unit_roots(on=on, scope=scope)
    return roots[0] if roots else None


def units_under(unit: OrgUnit, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """`unit` and its children valid on `on` (the choices of a lead unit)."""
    children = (
        OrgUnit.objects.filter(parent=unit)
        .filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
        .filter(scope.view_q())
        .order_by("sort_key", "code")
    )
    return [unit, *children]
