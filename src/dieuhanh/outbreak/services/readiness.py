"""Writes of units' health risk profiles and their "4 tại chỗ" readiness (command, forces, means,
logistics on the spot)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_version, clean_or_raise
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.models import READINESS_ITEMS, ReadinessItem, UnitHealthProfile
from dieuhanh.outbreak.services.zones import check_point


def health_profile_set(
    *,
    actor: User | None,
    scope: Scope,
    unit: OrgUnit,
    valid_from: datetime.date,
    population: int,
    fully_vaccinated: int,
    latitude: float | None = None,
    longitude: float | None = None,
) -> UnitHealthProfile:
    """A unit's population and fully vaccinated people from a date (for risk levels)."""
    if population <= 0 or not 0 <= fully_vaccinated <= population:
        raise ValidationFailed(
            _("Population must be positive and vaccinated people between 0 and it.")
        )
    if latitude is not None and longitude is not None:
        check_point(latitude, longitude)
    with transaction.atomic():
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        prof, _made = UnitHealthProfile.objects.update_or_create(
            unit=unit,
            valid_from=valid_from,
            defaults={
                "unit_path": unit.path,
                "population": population,
                "fully_vaccinated": fully_vaccinated,
                "latitude": latitude,
                "longitude": longitude,
            },
        )
        audit_record(actor=actor, action="outbreak.health_profile", obj=prof)
        return prof


ITEM_PILLAR = {code: pillar for pillar, items in READINESS_ITEMS.items() for code, _n in items}

ITEM_NAMES = {code: name for items in READINESS_ITEMS.values() for code, name in items}


def readiness_set(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    on: datetime.date,
    item: str,
    required: int,
    available: int,
    note: str = "",
    version: int | None = None,
) -> ReadinessItem:
    """Set one readiness line of a unit (required and available), as of `on`."""
    pillar = ITEM_PILLAR.get(item)
    if pillar is None:
        raise ValidationFailed(_("Unknown readiness item: %(item)s."), item=item)
    if required < 0 or available < 0:
        raise ValidationFailed(_("Required and available cannot be negative."))
    with transaction.atomic():
        unit = unit_resolve(code=unit_code, on=on, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        row = ReadinessItem.objects.select_for_update().filter(unit=unit, item=item).first()
        if row is None:
            row = ReadinessItem(unit=unit, unit_path=unit.path, pillar=pillar, item=item)
        else:
            check_version(current=row.version, seen=version, what=str(_("The readiness item")))
            row.version += 1
        row.required, row.available, row.as_of, row.note = (
            required,
            available,
            on,
            note.strip()[:255],
        )
        clean_or_raise(row)
        row.save()
        audit_record(
            actor=actor,
            action="outbreak.readiness_set",
            obj=row,
            changes={"required": required, "available": available},
        )
        return row
