"""Reads of epidemic care: tests and pools, quarantine, arrivals, zones, risk levels, readiness.

Every selector takes the caller's scope and filters by it (`unit_path`); none fetches an object
by id alone. Counts need module OUTBREAK; identities (names) are decided by the caller with
`identity_visible` and logged through `person_access_log`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_descendants, unit_resolve
from dieuhanh.outbreak.models import (
    READINESS_ITEMS,
    Arrival,
    Case,
    Contact,
    ContactStatus,
    Facility,
    HealthCheck,
    PersonLocation,
    Pool,
    Quarantine,
    QuarantinePlace,
    QuarantineRule,
    ReadinessItem,
    ReadinessPillar,
    RiskCriteria,
    Sample,
    SampleResult,
    ScheduledTest,
    UnitHealthProfile,
    Zone,
    ZoneShape,
)
from dieuhanh.outbreak.pure.pooling import PoolAdvice, dorfman_best, positivity
from dieuhanh.outbreak.pure.quarantine_rules import RuleSpec
from dieuhanh.outbreak.pure.risk import (
    Gap,
    in_circle,
    in_polygon,
    risk_level,
    weekly_incidence,
)
from dieuhanh.outbreak.pure.risk import (
    RiskCriteria as RiskCriteriaSpec,
)

POSITIVITY_WINDOW_DAYS = 14
DEFAULT_POSITIVITY = 0.01  # used by the pool advisor when no result is known yet


def care_default_day(*, scope: Scope, unit: OrgUnit, today: datetime.date) -> datetime.date:
    """The day a care page opens on: today, or the unit's last valid day if it ended; and when
    nothing runs then, the last day a quarantine started there."""
    day = min(today, unit.valid_to) if unit.valid_to else today
    under = scope.within_q(unit.path, "unit_path")
    if Quarantine.objects.filter(under, active_q(day)).exists():
        return day
    latest = (
        Quarantine.objects.filter(under, start__lte=day)
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    return latest or day


# --- Rules -----------------------------------------------------------------------------------


def rule_spec(rule: QuarantineRule) -> RuleSpec:
    return RuleSpec(
        code=rule.code,
        subject=rule.subject,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        vaccinated=rule.vaccinated,
        min_origin_risk=rule.min_origin_risk,
        facility_days=rule.facility_days,
        home_days=rule.home_days,
        monitoring_days=rule.monitoring_days,
        test_days=tuple(int(d) for d in rule.test_days),
    )


def rules_all(*, disease: str = "covid19") -> list[QuarantineRule]:
    """The quarantine rules (public regulations, not scoped)."""
    return list(QuarantineRule.objects.filter(disease=disease))


# --- Quarantine ------------------------------------------------------------------------------


def active_q(on: datetime.date) -> Q:
    """Quarantines running on `on`: started, planned end not reached, not released by then."""
    return Q(start__lte=on, planned_end__gt=on) & (
        Q(released_on__isnull=True) | Q(released_on__gt=on)
    )


def quarantines_list(
    *, scope: Scope, unit: OrgUnit, on: datetime.date, active_only: bool = True
) -> QuerySet[Quarantine]:
    qs = Quarantine.objects.filter(scope.within_q(unit.path, "unit_path")).select_related(
        "person", "facility", "rule"
    )
    if active_only:
        qs = qs.filter(active_q(on))
    return qs.order_by("planned_end", "id")


def quarantine_get(*, scope: Scope, quarantine_id: int) -> Quarantine:
    q = (
        Quarantine.objects.filter(scope.view_q("unit_path"), pk=quarantine_id)
        .select_related("person", "facility", "rule")
        .first()
    )
    if q is None:
        raise NotFound(_("No quarantine %(id)s in your units."), id=quarantine_id)
    return q


def health_checks(*, quarantine: Quarantine) -> list[HealthCheck]:
    return list(quarantine.checks.order_by("day"))


@dataclass(frozen=True)
class FacilityLoad:
    facility: Facility
    occupied: int

    @property
    def free(self) -> int:
        return max(self.facility.capacity - self.occupied, 0)

    @property
    def occupancy_pct(self) -> float | None:
        if not self.facility.capacity:
            return None
        return self.occupied * 100.0 / self.facility.capacity


def facilities_load(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> list[FacilityLoad]:
    """Facilities of the unit's subtree with the people inside on `on` (in the facility part)."""
    inside = Q(
        quarantines__start__lte=on,
        quarantines__facility_end__gt=on,
        quarantines__place=QuarantinePlace.FACILITY,
    ) & (Q(quarantines__released_on__isnull=True) | Q(quarantines__released_on__gt=on))
    rows = (
        Facility.objects.filter(scope.within_q(unit.path, "unit_path"))
        .annotate(occupied=Count("quarantines", filter=inside))
        .order_by("name", "id")
    )
    return [FacilityLoad(f, int(f.occupied)) for f in rows]


def facility_get(*, scope: Scope, facility_id: int) -> Facility:
    f = Facility.objects.filter(scope.view_q("unit_path"), pk=facility_id).first()
    if f is None:
        raise NotFound(_("No quarantine facility %(id)s in your units."), id=facility_id)
    return f


def contacts_to_quarantine(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> QuerySet[Contact]:
    """Contacts under follow-up in the unit's subtree, not confirmed cases themselves, with no
    quarantine running on `on`."""
    running = Quarantine.objects.filter(active_q(on), person=OuterRef("person_id"))
    is_case = Case.objects.filter(person=OuterRef("person_id"))
    return (
        Contact.objects.filter(
            scope.within_q(unit.path, "unit_path"), status=ContactStatus.FOLLOWING
        )
        .annotate(quarantined=Exists(running), is_case=Exists(is_case))
        .filter(quarantined=False, is_case=False)
        .select_related("person", "case")
        .order_by("generation", "id")
    )


# --- Tests -----------------------------------------------------------------------------------


def overdue_tests(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> QuerySet[ScheduledTest]:
    """Scheduled tests due before `on`, not done and not cancelled (quá hạn)."""
    return (
        ScheduledTest.objects.filter(
            scope.within_q(unit.path, "unit_path"), open=True, due_on__lt=on
        )
        .select_related("person", "pool")
        .order_by("due_on", "id")
    )


def due_tests(
    *, scope: Scope, unit: OrgUnit, on: datetime.date, days: int = 1
) -> QuerySet[ScheduledTest]:
    """Scheduled tests due from `on` over `days` days, not yet done."""
    return (
        ScheduledTest.objects.filter(
            scope.within_q(unit.path, "unit_path"),
            due_on__gte=on,
            due_on__lt=on + datetime.timedelta(days=days),
            open=True,
        )
        .select_related("person")
        .order_by("due_on", "id")
    )


def samples_list(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> QuerySet[Sample]:
    return (
        Sample.objects.filter(
            scope.within_q(unit.path, "unit_path"), collected_on__gte=start, collected_on__lte=end
        )
        .select_related("person", "pool")
        .order_by("-collected_on", "-id")
    )


def pools_list(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> QuerySet[Pool]:
    return (
        Pool.objects.filter(
            scope.within_q(unit.path, "unit_path"), collected_on__gte=start, collected_on__lte=end
        )
        .annotate(size=Count("samples"))
        .order_by("-collected_on", "code")
    )


def pool_get(*, scope: Scope, code: str) -> Pool:
    pool = Pool.objects.filter(scope.view_q("unit_path"), code=code.strip()).first()
    if pool is None:
        raise NotFound(_("No pooled test %(code)s in your units."), code=code)
    return pool


def recent_positivity(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> tuple[int, int]:
    """(tested, positive) individual results in the unit's subtree over the last 14 days."""
    since = on - datetime.timedelta(days=POSITIVITY_WINDOW_DAYS - 1)
    counts = Sample.objects.filter(
        scope.within_q(unit.path, "unit_path"), collected_on__gte=since, collected_on__lte=on
    ).aggregate(
        tested=Count("id", filter=~Q(result=SampleResult.PENDING)),
        positive=Count("id", filter=Q(result=SampleResult.POSITIVE)),
    )
    return int(counts["tested"]), int(counts["positive"])


@dataclass(frozen=True)
class PoolPlan:
    """The pool-size advice shown where pools are planned."""

    tested: int
    positive: int
    observed: float | None
    advice: PoolAdvice


def pool_advice(*, scope: Scope, unit: OrgUnit, on: datetime.date) -> PoolPlan:
    tested, positive = recent_positivity(scope=scope, unit=unit, on=on)
    observed = positivity(tested=tested, positive=positive)
    p = observed if observed is not None else DEFAULT_POSITIVITY
    return PoolPlan(tested, positive, observed, dorfman_best(p))


# --- Arrivals --------------------------------------------------------------------------------


def arrivals_list(
    *, scope: Scope, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> QuerySet[Arrival]:
    return (
        Arrival.objects.filter(
            scope.within_q(unit.path, "unit_path"), arrived_on__gte=start, arrived_on__lte=end
        )
        .select_related("person", "rule", "quarantine")
        .order_by("-arrived_on", "-id")
    )


# --- Zones -----------------------------------------------------------------------------------


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


# --- Risk levels -----------------------------------------------------------------------------


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
                prof.latitude if prof else None,
                prof.longitude if prof else None,
            )
        )
    return rows


# --- Readiness (4 tại chỗ) -------------------------------------------------------------------

PILLAR_ORDER = [p.value for p in ReadinessPillar]


ITEM_LABELS = {code: label for items in READINESS_ITEMS.values() for code, label in items}


@dataclass(frozen=True)
class ReadinessLine:
    item: ReadinessItem
    gap: Gap

    @property
    def label(self) -> str:
        return str(ITEM_LABELS.get(self.item.item, self.item.item))


@dataclass
class UnitReadiness:
    unit: OrgUnit
    pillars: dict[str, list[ReadinessLine]]

    @property
    def missing_items(self) -> int:
        return sum(1 for lines in self.pillars.values() for ln in lines if ln.gap.missing)


def readiness_table(*, scope: Scope, unit: OrgUnit) -> list[UnitReadiness]:
    """Readiness of `unit` and of every unit below it that has records, in path order."""
    items = (
        ReadinessItem.objects.filter(scope.within_q(unit.path, "unit_path"))
        .select_related("unit")
        .order_by("unit_path", "pillar", "item")
    )
    by_unit: dict[int, UnitReadiness] = {}
    for it in items:
        entry = by_unit.setdefault(it.unit_id, UnitReadiness(it.unit, defaultdict(list)))
        entry.pillars[it.pillar].append(ReadinessLine(it, Gap(it.required, it.available)))
    out = list(by_unit.values())
    for entry in out:
        entry.pillars = {p: entry.pillars.get(p, []) for p in PILLAR_ORDER}
    out.sort(key=lambda e: (e.unit.level, e.unit.sort_key, e.unit.code))
    return out


def readiness_item_get(*, scope: Scope, item_id: int) -> ReadinessItem:
    it = ReadinessItem.objects.filter(scope.view_q("unit_path"), pk=item_id).first()
    if it is None:
        raise NotFound(_("No readiness item %(id)s in your units."), id=item_id)
    return it


# --- Counts for the dashboard and the review report ------------------------------------------


@dataclass(frozen=True)
class CareCounts:
    """Counts of care on a day for the dashboard (no identities)."""

    active_quarantines: int
    in_facility: int
    at_home: int
    monitoring: int
    tests_pending: int
    overdue_tests: int
    overdue_health_checks: int
    facility_capacity: int
    facility_occupied: int


def care_dashboard_counts(*, scope: Scope, unit_code: str, on: datetime.date) -> CareCounts:
    """Active quarantines, tests pending (samples without a result), overdue tests and overdue
    daily health checks (an active quarantine started before `on` without yesterday's check)."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    under = scope.within_q(unit.path, "unit_path")
    active = Quarantine.objects.filter(under, active_q(on))
    yesterday = on - datetime.timedelta(days=1)
    checked = HealthCheck.objects.filter(quarantine=OuterRef("pk"), day=yesterday)
    q = active.aggregate(
        total=Count("id"),
        facility=Count("id", filter=Q(place=QuarantinePlace.FACILITY, facility_end__gt=on)),
        home=Count(
            "id",
            filter=Q(place=QuarantinePlace.HOME)
            | Q(place=QuarantinePlace.FACILITY, facility_end__lte=on),
        ),
        monitoring=Count("id", filter=Q(place=QuarantinePlace.MONITORING)),
    )
    overdue_checks = (
        active.filter(start__lt=on)
        .exclude(place=QuarantinePlace.MONITORING)
        .annotate(done=Exists(checked))
        .filter(done=False)
        .count()
    )
    loads = facilities_load(scope=scope, unit=unit, on=on)
    return CareCounts(
        active_quarantines=int(q["total"]),
        in_facility=int(q["facility"]),
        at_home=int(q["home"]),
        monitoring=int(q["monitoring"]),
        tests_pending=Sample.objects.filter(
            under, result=SampleResult.PENDING, collected_on__lte=on
        ).count(),
        overdue_tests=overdue_tests(scope=scope, unit=unit, on=on).count(),
        overdue_health_checks=overdue_checks,
        facility_capacity=sum(ld.facility.capacity for ld in loads if ld.facility.active),
        facility_occupied=sum(ld.occupied for ld in loads),
    )


@dataclass(frozen=True)
class CareReview:
    """Counts of care over a period, for the review report (no identities)."""

    quarantined: int
    released: int
    tests_done: int
    tests_positive: int
    pools: int
    pools_positive: int
    arrivals: int
    zones_opened: int
    zones_closed: int
    lockdowns_opened: int
    readiness_items: int
    readiness_short_items: int
    readiness_missing: dict[str, int]  # pillar code -> units missing (mixed kinds: people, beds…)
    # (Vietnamese item name, missing) per item short anywhere under the unit, in pillar order:
    # e.g. ("Nhân viên y tế", 38), ("Giường điều trị và cách ly", 58).
    readiness_gaps_vi: tuple[tuple[str, int], ...] = ()


def care_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> CareReview | None:
    """What care did in [start, end] under the unit (None when nothing happened there)."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    under = scope.within_q(unit.path, "unit_path")
    quarantined = Quarantine.objects.filter(under, start__gte=start, start__lte=end).count()
    released = Quarantine.objects.filter(
        under, released_on__gte=start, released_on__lte=end
    ).count()
    samples = Sample.objects.filter(
        under, collected_on__gte=start, collected_on__lte=end
    ).aggregate(
        done=Count("id", filter=~Q(result=SampleResult.PENDING)),
        positive=Count("id", filter=Q(result=SampleResult.POSITIVE)),
    )
    pools = Pool.objects.filter(under, collected_on__gte=start, collected_on__lte=end).aggregate(
        n=Count("id"), positive=Count("id", filter=Q(result=SampleResult.POSITIVE))
    )
    zones = Zone.objects.filter(under)
    opened = zones.filter(start__gte=start, start__lte=end)
    closed = zones.filter(end__gte=start, end__lte=end).count()
    arrivals = Arrival.objects.filter(under, arrived_on__gte=start, arrived_on__lte=end).count()
    missing: dict[str, int] = {p: 0 for p in PILLAR_ORDER}
    by_item: dict[str, int] = {}
    short = 0
    items = list(
        ReadinessItem.objects.filter(under).values_list("pillar", "item", "required", "available")
    )
    for pillar, item, required, available in items:
        gap = Gap(required, available).missing
        missing[pillar] = missing.get(pillar, 0) + gap
        short += 1 if gap else 0
        if gap:
            by_item[item] = by_item.get(item, 0) + gap
    order = [code for codes in READINESS_ITEMS.values() for code, _label in codes]
    with override("vi"):
        gaps_vi = tuple(
            (str(ITEM_LABELS[code]), by_item[code]) for code in order if code in by_item
        )
    review = CareReview(
        quarantined=quarantined,
        released=released,
        tests_done=int(samples["done"]),
        tests_positive=int(samples["positive"]),
        pools=int(pools["n"]),
        pools_positive=int(pools["positive"]),
        arrivals=arrivals,
        zones_opened=opened.count(),
        zones_closed=closed,
        lockdowns_opened=opened.filter(kind="lockdown").count(),
        readiness_items=len(items),
        readiness_short_items=short,
        readiness_missing=missing,
        readiness_gaps_vi=gaps_vi,
    )
    activity = (
        quarantined
        + released
        + review.tests_done
        + review.pools
        + arrivals
        + review.zones_opened
        + closed
    )
    return review if activity else None
