"""Reads of testing: scheduled tests due and overdue, samples, pools, recent positivity and the pool
size it advises."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.outbreak.models import Pool, Sample, SampleResult, ScheduledTest
from dieuhanh.outbreak.pure.pooling import PoolAdvice, dorfman_best, positivity

POSITIVITY_WINDOW_DAYS = 14

DEFAULT_POSITIVITY = 0.01  # used by the pool advisor when no result is known yet


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
