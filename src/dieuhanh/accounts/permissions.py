"""Which modules each role may use (read or write). Scopes then decide which units."""

from __future__ import annotations

import enum

from dieuhanh.accounts.models import Role


class Module(enum.StrEnum):
    ORGUNITS = "orgunits"
    INDICATORS = "indicators"
    NTM = "ntm"
    OUTBREAK = "outbreak"
    PERSONAL_DATA = "personal_data"
    DIRECTION = "direction"
    PARTY_INSPECTION = "party_inspection"
    PUBLIC_ORDER = "public_order"
    REPORTS = "reports"
    ADMINISTRATION = "administration"


_READ: dict[str, frozenset[Module]] = {
    Role.ADMIN: frozenset(Module),
    Role.LEADER: frozenset(Module) - {Module.PERSONAL_DATA, Module.ADMINISTRATION},
    Role.DATA_OFFICER: frozenset({Module.ORGUNITS, Module.INDICATORS, Module.NTM, Module.REPORTS}),
    Role.HEALTH_OFFICER: frozenset(
        {Module.ORGUNITS, Module.OUTBREAK, Module.PERSONAL_DATA, Module.INDICATORS, Module.REPORTS}
    ),
    Role.PARTY_OFFICE: frozenset(
        {
            Module.ORGUNITS,
            Module.DIRECTION,
            Module.PARTY_INSPECTION,
            Module.INDICATORS,
            Module.NTM,
            Module.REPORTS,
        }
    ),
    Role.SECURITY_OFFICER: frozenset({Module.ORGUNITS, Module.PUBLIC_ORDER, Module.DIRECTION}),
    Role.VIEWER: frozenset({Module.ORGUNITS, Module.INDICATORS, Module.NTM, Module.REPORTS}),
}

_WRITE: dict[str, frozenset[Module]] = {
    Role.ADMIN: frozenset(Module),
    Role.LEADER: frozenset({Module.INDICATORS, Module.NTM, Module.DIRECTION, Module.REPORTS}),
    Role.DATA_OFFICER: frozenset({Module.INDICATORS, Module.NTM}),
    Role.HEALTH_OFFICER: frozenset({Module.OUTBREAK, Module.PERSONAL_DATA}),
    Role.PARTY_OFFICE: frozenset({Module.DIRECTION, Module.PARTY_INSPECTION, Module.REPORTS}),
    Role.SECURITY_OFFICER: frozenset({Module.PUBLIC_ORDER}),
    Role.VIEWER: frozenset(),
}


def role_can_read(role: str, module: Module) -> bool:
    return module in _READ.get(role, frozenset())


def role_can_write(role: str, module: Module) -> bool:
    return module in _WRITE.get(role, frozenset())


def require_read(user: object, module: Module) -> None:
    """Refuse (403) a user whose role may not read `module`, whatever their units."""
    from django.utils.translation import gettext_lazy as _

    from dieuhanh.core.errors import AccessDenied

    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, module):
        raise AccessDenied(_("Your role does not give access to this module."))
