"""Reads of quarantine: the dated rules, quarantines and their health checks, facilities and their
load, contacts still to quarantine, arrivals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import (
    Arrival,
    Case,
    Contact,
    ContactStatus,
    Facility,
    HealthCheck,
    Quarantine,
    QuarantinePlace,
    QuarantineRule,
)
from dieuhanh.outbreak.pure.quarantine_rules import RuleSpec


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


def newest_quarantine_unit(*, scope: Scope) -> OrgUnit | None:
    """The unit of the newest quarantine the scope sees: where an administrator's care pages
    open (`core.opening`)."""
    path = (
        Quarantine.objects.filter(scope.view_q("unit_path"))
        .order_by("-start")
        .values_list("unit_path", flat=True)
        .first()
    )
    return OrgUnit.objects.filter(path=path).first() if path else None


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
