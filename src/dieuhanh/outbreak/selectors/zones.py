"""Reads of zones and the risk level of units: zones, who lives inside one, the map's points, the
risk table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_descendants
from dieuhanh.outbreak.models import (
    Case,
    Contact,
    PersonLocation,
    RiskCriteria,
    UnitHealthProfile,
    Zone,
    ZoneShape,
)
from dieuhanh.outbreak.pure.risk import RiskCriteria as RiskCriteriaSpec
from dieuhanh.outbreak.pure.risk import in_circle, in_polygon, risk_level, weekly_incidence


def zones_list(*, scope: Scope, unit: OrgUnit, on: datetime.date | None = None) -> QuerySet[Zone]:
    """Zones of the unit's subtree (those in force on `on` when given)."""
    qs = Zone.objects.filter(scope.within_q(unit.path, "unit_path"))
    if on is not None:
        qs = qs.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))
    return qs.order_by("-start", "id")


def zone_get(*, scope: Scope, zone_id: int) -> Zone:
    z = Zone.objects.filter(scope.view_q("unit_path"), pk=zone_id).first()
    if z is None:
        raise NotFound(_("No zone %(id)s in your units."), id=zone_id)
    return z


def zone_contains(zone: Zone, lat: float, lon: float) -> bool:
    if zone.shape == ZoneShape.CIRCLE:
        if zone.center_lat is None or zone.center_lon is None or zone.radius_m is None:
            return False
        return in_circle(
            lat, lon, center=(zone.center_lat, zone.center_lon), radius_m=zone.radius_m
        )
    return in_polygon(lat, lon, [(float(p[0]), float(p[1])) for p in zone.polygon])


def _bbox(zone: Zone) -> tuple[float, float, float, float] | None:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the zone, a little wider."""
    if zone.shape == ZoneShape.CIRCLE:
        if zone.center_lat is None or zone.center_lon is None or zone.radius_m is None:
            return None
        d = zone.radius_m / 100_000.0 + 0.001  # about 1 degree per 100 km at this latitude, wide
        return (zone.center_lat - d, zone.center_lat + d, zone.center_lon - d, zone.center_lon + d)
    if not zone.polygon:
        return None
    lats = [float(p[0]) for p in zone.polygon]
    lons = [float(p[1]) for p in zone.polygon]
    return (min(lats), max(lats), min(lons), max(lons))


@dataclass(frozen=True)
class PersonPoint:
    """A person drawn on the map: a case or a contact, with where they live."""

    person_id: int
    role: str  # "case" or "contact"
    latitude: float
    longitude: float
    unit_path: str
    generation: int | None = None


def map_points(*, scope: Scope, unit: OrgUnit) -> list[PersonPoint]:
    """Cases and contacts of the unit's subtree that have a location (one point per person;
    a person who is a case is drawn as a case)."""
    locations = {
        loc.person_id: loc
        for loc in PersonLocation.objects.filter(
            scope.within_q(unit.path, "person__unit_path")
        ).select_related("person")
    }
    points: dict[int, PersonPoint] = {}
    for case in Case.objects.filter(person_id__in=locations.keys()).only("person_id"):
        loc = locations[case.person_id]
        points[case.person_id] = PersonPoint(
            case.person_id, "case", loc.latitude, loc.longitude, loc.person.unit_path
        )
    contacts = Contact.objects.filter(person_id__in=locations.keys()).order_by("generation")
    for contact in contacts.only("person_id", "generation"):
        if contact.person_id in points:
            continue
        loc = locations[contact.person_id]
        points[contact.person_id] = PersonPoint(
            contact.person_id,
            "contact",
            loc.latitude,
            loc.longitude,
            loc.person.unit_path,
            contact.generation,
        )
    return sorted(points.values(), key=lambda p: (p.role, p.person_id))


def person_location(*, scope: Scope, person_id: int) -> PersonLocation | None:
    """Where a person in the scope lives on the map (None when unknown)."""
    return PersonLocation.objects.filter(
        scope.view_q("person__unit_path"), person_id=person_id
    ).first()


@dataclass
class ZoneMembers:
    """Cases and contacts living inside a zone."""

    zone: Zone
    cases: list[PersonPoint] = field(default_factory=list)
    contacts: list[PersonPoint] = field(default_factory=list)


def zone_members(*, scope: Scope, zone: Zone) -> ZoneMembers:
    """The cases and contacts whose location lies inside the zone (bounding box in SQL,
    exact shape in Python)."""
    out = ZoneMembers(zone)
    box = _bbox(zone)
    if box is None:
        return out
    locs = PersonLocation.objects.filter(
        scope.view_q("person__unit_path"),
        latitude__gte=box[0],
        latitude__lte=box[1],
        longitude__gte=box[2],
        longitude__lte=box[3],
    ).select_related("person")
    inside = {
        loc.person_id: loc for loc in locs if zone_contains(zone, loc.latitude, loc.longitude)
    }
    cases = set(
        Case.objects.filter(person_id__in=inside.keys()).values_list("person_id", flat=True)
    )
    gens: dict[int, int] = {}
    for pid, gen in Contact.objects.filter(person_id__in=inside.keys()).values_list(
        "person_id", "generation"
    ):
        gens[pid] = min(gen, gens.get(pid, gen))
    for pid, loc in sorted(inside.items()):
        point = PersonPoint(pid, "case", loc.latitude, loc.longitude, loc.person.unit_path)
        if pid in cases:
            out.cases.append(point)
        elif pid in gens:
            out.contacts.append(
                PersonPoint(
                    pid, "contact", loc.latitude, loc.longitude, loc.person.unit_path, gens[pid]
                )
            )
    return out


def risk_criteria_on(*, on: datetime.date, disease: str = "covid19") -> RiskCriteriaSpec:
    """The criteria in force on `on` (the built-in defaults when none is configured)."""
    row = (
        RiskCriteria.objects.filter(disease=disease, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if row is None:
        return RiskCriteriaSpec()
    return RiskCriteriaSpec(
        thresholds=(row.level2_from, row.level3_from, row.level4_from),
        relief_coverage=row.relief_coverage,
    )


@dataclass(frozen=True)
class UnitRisk:
    """A commune's risk level on a day (cấp độ dịch)."""

    unit: OrgUnit
    new_cases_7d: int
    population: int | None
    incidence: float | None
    coverage: float | None
    level: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def coverage_pct(self) -> float | None:
        return None if self.coverage is None else self.coverage * 100.0

    @property
    def label(self) -> str:
        return str(RISK_LABELS[self.level])


RISK_LABELS = {
    1: _("low risk (green)"),
    2: _("medium risk (yellow)"),
    3: _("high risk (orange)"),
    4: _("very high risk (red)"),
}


def _point(commune: OrgUnit, prof: UnitHealthProfile | None) -> tuple[float | None, float | None]:
    """Where the map draws a commune: the point its health profile gives, else the unit's
    centroid from the national dataset (issue 17), else nowhere."""
    if prof is not None and prof.latitude is not None and prof.longitude is not None:
        return prof.latitude, prof.longitude
    return commune.lat, commune.lng


def risk_table(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> list[UnitRisk]:
    """The risk level of each commune under `unit` (or of `unit` itself when it is a commune)
    on `on`, from new cases confirmed over the 7 days ending on `on`."""
    communes = list(unit_descendants(unit=unit, on=on, scope=scope, level=3))
    if not communes:
        communes = [unit]
    criteria = risk_criteria_on(on=on)
    since = on - datetime.timedelta(days=6)
    paths = [
        p
        for p in Case.objects.filter(
            scope.within_q(unit.path, "unit_path"),
            confirmed_at__date__gte=since,
            confirmed_at__date__lte=on,
        ).values_list("unit_path", flat=True)
    ]
    profiles: dict[int, UnitHealthProfile] = {}
    for row in UnitHealthProfile.objects.filter(unit__in=communes, valid_from__lte=on).order_by(
        "valid_from"
    ):
        profiles[row.unit_id] = row  # the latest one valid on `on` wins
    rows: list[UnitRisk] = []
    for commune in communes:
        n = sum(1 for p in paths if p.startswith(commune.path))
        prof = profiles.get(commune.pk)
        population = prof.population if prof else None
        incidence = weekly_incidence(new_cases_7d=n, population=population or 0)
        coverage = prof.fully_vaccinated / prof.population if prof and prof.population else None
        rows.append(
            UnitRisk(
                commune,
                n,
                population,
                incidence,
                coverage,
                risk_level(incidence, coverage, criteria),
                *_point(commune, prof),
            )
        )
    return rows
