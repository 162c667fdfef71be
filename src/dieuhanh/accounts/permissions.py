"""Which modules each role may use (read or write). Scopes then decide which units.

Services check a write with `check_write` (the role first, then the unit against the scope);
pages and endpoints check a read with `require_read` (see `accounts.access.module_required`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope


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
    role = getattr(user, "role", None)
    if not isinstance(role, str) or not role_can_read(role, module):
        raise AccessDenied(_("Your role does not give access to this module."))


_WRITE_DENIED: dict[Module, Promise] = {
    Module.INDICATORS: _("Your role may not enter indicator values."),
    Module.NTM: _("Your role may not change new-rural records."),
    Module.OUTBREAK: _("Your role may not change epidemic response records."),
    Module.PERSONAL_DATA: _("Your role may not record epidemic data."),
    Module.DIRECTION: _("Your role may not change conferences, resolutions or tasks."),
    Module.PARTY_INSPECTION: _("Your role may not change Party inspection and supervision."),
    Module.PUBLIC_ORDER: _("Your role may not change the public-order log."),
}


def require_write(actor: object | None, modules: Module | Iterable[Module]) -> None:
    """Refuse (403) an actor whose role may not write every one of `modules`, before anything
    about the records is looked at. `None` is the system (the demo loader, the console run
    without --user): no role applies."""
    if actor is None:
        return
    role = getattr(actor, "role", None)
    for module in (modules,) if isinstance(modules, Module) else tuple(modules):
        if not isinstance(role, str) or not role_can_write(role, module):
            raise AccessDenied(
                _WRITE_DENIED.get(module, _("Your role may not change these records."))
            )


def check_write(
    *,
    actor: object | None,
    scope: Scope,
    modules: Module | Iterable[Module],
    unit_path: str,
    unit_name: str = "",
) -> None:
    """The rule of every write (ghi): the actor's role may write the modules, then the unit
    (its materialised path) is one the scope may capture for. Names the unit when given."""
    require_write(actor, modules)
    if not scope.can_capture_path(unit_path):
        if unit_name:
            raise AccessDenied(
                _("You may not record anything for %(unit)s: it is outside your units."),
                unit=unit_name,
            )
        raise AccessDenied(_("This record belongs to a unit outside the units you may change."))


def require_import(actor: object | None, scope: Scope, modules: Module | Iterable[Module]) -> None:
    """The check before an uploaded file is opened (docs/security.md "Uploads"): the actor's
    role may write the modules and the scope may capture for some unit. Each row's unit is
    checked against the scope later; this refuses a reader's upload before it costs anything."""
    require_write(actor, modules)
    if not (scope.unrestricted or scope.capture_paths):
        raise AccessDenied(_("You may not record anything: no unit is yours to enter data for."))
