"""Writes of zones (khoanh vùng, phong tỏa) and the home locations they are drawn over."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_version, clean_or_raise
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.outbreak.models import PersonLocation, Zone, ZoneKind, ZoneShape
from dieuhanh.outbreak.pure.risk import polygon_problems
from dieuhanh.outbreak.selectors.persons import person_in_scope


def check_point(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationFailed(
            _("(%(lat)s, %(lon)s) is not a valid latitude/longitude."), lat=lat, lon=lon
        )


def person_location_set(
    *,
    actor: User | None,
    scope: Scope,
    person_id: int,
    latitude: float,
    longitude: float,
    household: str = "",
) -> PersonLocation:
    check_point(latitude, longitude)
    with transaction.atomic():
        person = person_in_scope(scope=scope, person_id=person_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=person.unit_path)
        loc, _made = PersonLocation.objects.update_or_create(
            person=person,
            defaults={"latitude": latitude, "longitude": longitude, "household": household[:100]},
        )
        audit_record(actor=actor, action="outbreak.person_location", obj=loc)
        return loc


@dataclass(frozen=True)
class ZoneInput:
    """What a zone form or API call gives."""

    unit_code: str
    name: str
    kind: str
    shape: str
    start: datetime.date
    end: datetime.date | None = None
    center_lat: float | None = None
    center_lon: float | None = None
    radius_m: float | None = None
    polygon: tuple[tuple[float, float], ...] = ()
    households: int = 0
    people: int = 0
    note: str = ""


def _zone_problems(data: ZoneInput) -> None:
    if not data.name.strip():
        raise ValidationFailed(_("The zone needs a name."))
    if data.kind not in ZoneKind.values:
        raise ValidationFailed(_("Unknown zone kind: %(kind)s."), kind=data.kind)
    if data.end is not None and data.end < data.start:
        raise ValidationFailed(_("The zone ends before it starts."))
    if data.households < 0 or data.people < 0:
        raise ValidationFailed(_("Households and people cannot be negative."))
    if data.shape == ZoneShape.CIRCLE:
        if data.center_lat is None or data.center_lon is None or not data.radius_m:
            raise ValidationFailed(_("A circle needs a centre and a radius."))
        check_point(data.center_lat, data.center_lon)
        if not 0 < data.radius_m <= 50_000:
            raise ValidationFailed(_("The radius must be between 0 and 50,000 m."))
    elif data.shape == ZoneShape.POLYGON:
        problems = polygon_problems(data.polygon)
        if problems:
            raise ValidationFailed(_("Invalid polygon: %(detail)s"), detail="; ".join(problems))
    else:
        raise ValidationFailed(_("Unknown zone shape: %(shape)s."), shape=data.shape)


def zone_save(
    *,
    actor: User | None,
    scope: Scope,
    data: ZoneInput,
    zone_id: int | None = None,
    version: int | None = None,
) -> Zone:
    """Create a zone, or change one (with the version the user saw)."""
    _zone_problems(data)
    with transaction.atomic():
        unit = unit_resolve(code=data.unit_code, on=data.start, scope=scope)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=unit.path)
        if zone_id is None:
            zone = Zone()
        else:
            found = (
                Zone.objects.select_for_update()
                .filter(scope.view_q("unit_path"), pk=zone_id)
                .first()
            )
            if found is None:
                raise NotFound(_("No zone %(id)s in your units."), id=zone_id)
            check_write(
                actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=found.unit_path
            )
            check_version(current=found.version, seen=version, what=str(_("The zone")))
            zone = found
            zone.version = zone.version + 1
        circle = data.shape == ZoneShape.CIRCLE
        zone.unit, zone.unit_path = unit, unit.path
        zone.name, zone.kind, zone.shape = data.name.strip()[:200], data.kind, data.shape
        zone.center_lat = data.center_lat if circle else None
        zone.center_lon = data.center_lon if circle else None
        zone.radius_m = data.radius_m if circle else None
        zone.polygon = [] if circle else [[lat, lon] for lat, lon in data.polygon]
        zone.start, zone.end = data.start, data.end
        zone.households, zone.people = data.households, data.people
        zone.note = data.note.strip()[:255]
        clean_or_raise(zone)
        zone.save()
        audit_record(actor=actor, action="outbreak.zone_save", obj=zone)
        return zone


def zone_close(
    *,
    actor: User | None,
    scope: Scope,
    zone_id: int,
    end: datetime.date,
    version: int | None = None,
) -> Zone:
    """End a zone (dỡ bỏ phong tỏa / khoanh vùng) on `end`."""
    with transaction.atomic():
        zone = (
            Zone.objects.select_for_update().filter(scope.view_q("unit_path"), pk=zone_id).first()
        )
        if zone is None:
            raise NotFound(_("No zone %(id)s in your units."), id=zone_id)
        check_write(actor=actor, scope=scope, modules=Module.OUTBREAK, unit_path=zone.unit_path)
        check_version(current=zone.version, seen=version, what=str(_("The zone")))
        if end < zone.start:
            raise ValidationFailed(_("The zone ends before it starts."))
        zone.end = end
        zone.version += 1
        zone.save(update_fields=["end", "version", "updated_at"])
        audit_record(actor=actor, action="outbreak.zone_close", obj=zone, changes={"end": str(end)})
        return zone
