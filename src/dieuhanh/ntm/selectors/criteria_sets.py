"""The criteria sets, their criteria and targets, and the region a commune is assessed by."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.ntm.models import (
    CommuneProfile,
    CriteriaSet,
    Criterion,
    CriterionIndicator,
    Level,
    Region,
    RegionBasis,
    UnitTier,
)
from dieuhanh.ntm.pure.evaluation import Kind, Op, Target
from dieuhanh.orgunits.models import OrgUnit


def criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.all()


def criteria_set_get(*, code: str) -> CriteriaSet:
    found = CriteriaSet.objects.filter(code=code.strip()).first()
    if found is None:
        raise NotFound(_("Unknown criteria set: %(code)s."), code=code)
    return found


def criteria_set_for_year(*, year: int, tier: str = UnitTier.COMMUNE) -> CriteriaSet | None:
    """The standard set a commune is assessed by in `year`: the latest whose period has begun
    and whose decision was issued by the end of that year (Decision 1980 still applied in 2021:
    Decision 318 was issued in March 2022)."""
    end = datetime.date(year, 12, 31)
    return (
        CriteriaSet.objects.filter(level=Level.STANDARD, tier=tier, period_from__lte=year)
        .filter(Q(decision_date__isnull=True) | Q(decision_date__lte=end))
        .order_by("-period_from", "-decision_date")
        .first()
    )


def set_criteria(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.prefetch_related("indicators__targets").order_by("number"))


def target_for(indicator: CriterionIndicator, region: str) -> Target | None:
    """The indicator's target for a region or group (the `ALL` row when it has none)."""
    rows = {t.region: t for t in indicator.targets.all()}
    row = rows.get(region) or rows.get(Region.ALL)
    if row is None:
        return None
    return Target(
        kind=Kind(indicator.kind),
        op=Op(indicator.comparison),
        threshold=row.threshold,
        expected=row.expected_yes,
    )


def commune_region(*, unit: OrgUnit, criteria_set: CriteriaSet) -> str:
    """The region (or group, for sets by group) the commune is assessed by; "" if unknown."""
    profile = CommuneProfile.objects.filter(unit=unit).first()
    if profile is None:
        return ""
    return profile.group if criteria_set.region_basis == RegionBasis.GROUP else profile.region


def commune_regions(units: Iterable[OrgUnit], criteria_set: CriteriaSet) -> dict[int, str]:
    by_group = criteria_set.region_basis == RegionBasis.GROUP
    return {
        p.unit_id: (p.group if by_group else p.region)
        for p in CommuneProfile.objects.filter(unit__in=list(units))
    }
