"""Module checks for direction pages and exports, and the unit a page is about."""

from __future__ import annotations

import datetime

from django.db.models import Q

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, role_can_read, role_can_write
from dieuhanh.accounts.selectors import home_unit
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Decision
from dieuhanh.orgunits.models import OrgUnit


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


def default_unit(*, user: User, scope: Scope, on: datetime.date) -> OrgUnit | None:
    """The user's own unit; for administrators, the province of the latest resolution, else the
    first province (the opening rule, `core.opening`)."""
    latest = Decision.objects.filter(scope.view_q("unit__path")).order_by("-issued_on").first()
    return home_unit(user=user, scope=scope, on=on, data_unit=latest.unit if latest else None)


def units_under(unit: OrgUnit, on: datetime.date, scope: Scope) -> list[OrgUnit]:
    """`unit` and its children valid on `on` (the choices of a lead unit)."""
    children = (
        OrgUnit.objects.filter(parent=unit)
        .filter(Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
        .filter(scope.view_q())
        .order_by("sort_key", "code")
    )
    return [unit, *children]
