"""Counts for the outbreak dashboard, the care overview and the review report: the epidemic curve,
cases by unit, and what tracing and care did in a period."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import override

from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import unit_children, unit_resolve
from dieuhanh.outbreak.models import (
    READINESS_ITEMS,
    Arrival,
    Case,
    Contact,
    Exposure,
    HealthCheck,
    Pool,
    Quarantine,
    QuarantinePlace,
    ReadinessItem,
    Sample,
    SampleResult,
    Zone,
)
from dieuhanh.outbreak.pure.chains import Edge, chain_graph
from dieuhanh.outbreak.pure.risk import Gap
from dieuhanh.outbreak.pure.stays import LOCAL_TZ
from dieuhanh.outbreak.selectors.cases import cases_visible
from dieuhanh.outbreak.selectors.persons import User
from dieuhanh.outbreak.selectors.quarantine import active_q, facilities_load
from dieuhanh.outbreak.selectors.readiness import ITEM_LABELS, ITEM_UNITS_VI, PILLAR_ORDER
from dieuhanh.outbreak.selectors.testing import overdue_tests
from dieuhanh.vn import sort_key


@dataclass
class CurveDay:
    day: datetime.date
    onset: int
    confirmed: int


@dataclass
class UnitCount:
    name: str
    code: str
    cumulative: int
    in_period: int = 0


def epidemic_curve(*, user: User, scope: Scope) -> list[CurveDay]:
    """Cases per day by onset date and by confirmation date (Asia/Ho_Chi_Minh), no gaps."""
    onset: Counter[datetime.date] = Counter()
    confirmed: Counter[datetime.date] = Counter()
    for o, c in cases_visible(user=user, scope=scope).values_list("onset_date", "confirmed_at"):
        if o is not None:
            onset[o] += 1
        confirmed[timezone.localdate(c)] += 1
    days = set(onset) | set(confirmed)
    if not days:
        return []
    first, last = min(days), max(days)
    out = []
    day = first
    while day <= last:
        out.append(CurveDay(day, onset[day], confirmed[day]))
        day += datetime.timedelta(days=1)
    return out


def cases_by_unit(*, user: User, scope: Scope) -> list[UnitCount]:
    """Cumulative cases by the unit (commune) of the person, Vietnamese order."""
    rows = (
        cases_visible(user=user, scope=scope)
        .values("person__unit__name", "person__unit__code")
        .annotate(n=Count("id"))
    )
    out = [UnitCount(r["person__unit__name"], r["person__unit__code"], r["n"]) for r in rows]
    out.sort(key=lambda u: sort_key(u.name))
    return out


@dataclass
class DashboardCounts:
    cases: int
    cases_under_treatment: int
    contacts_following: int
    contacts_overdue: int
    f1: int
    f2: int


def dashboard_counts(
    *, user: User, scope: Scope, today: datetime.date | None = None
) -> DashboardCounts:
    today = today or timezone.localdate()
    cases = cases_visible(user=user, scope=scope)
    contacts = Contact.objects.filter(scope.view_q("unit_path"))
    following = contacts.filter(status="following")
    return DashboardCounts(
        cases=cases.count(),
        cases_under_treatment=cases.filter(outcome="treatment").count(),
        contacts_following=following.count(),
        contacts_overdue=following.filter(follow_up_until__lt=today).count(),
        f1=contacts.filter(generation=1).values("person_id").distinct().count(),
        f2=contacts.filter(generation=2).values("person_id").distinct().count(),
    )


@dataclass
class OutbreakReview:
    """Counts for the review report (no identities)."""

    unit_code: str
    unit_name: str
    start: datetime.date
    end: datetime.date
    cases_in_period: int
    cases_cumulative: int
    by_unit: list[UnitCount] = field(default_factory=list)
    contacts_f1: int = 0
    contacts_f2: int = 0
    chains: int = 0
    clusters: int = 0
    largest_chain: int = 0
    deaths_in_period: int = 0
    recovered_in_period: int = 0


def _local_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    lo = datetime.datetime.combine(start, datetime.time(0), tzinfo=LOCAL_TZ)
    hi = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time(0), tzinfo=LOCAL_TZ
    )
    return lo, hi


def outbreak_review(
    *, scope: Scope, unit_code: str, start: datetime.date, end: datetime.date
) -> OutbreakReview | None:
    """The epidemic section of the review report for `unit_code` (resolved on `end`) over
    `[start, end]`: cases confirmed in the period and cumulative, by child unit, contacts F1/F2
    traced, chains and clusters. None when the unit has never had a case up to `end`."""
    unit = unit_resolve(code=unit_code, on=end, scope=scope)
    lo, hi = _local_bounds(start, end)
    subtree = Case.objects.filter(path_prefix_q("unit_path", unit.path), confirmed_at__lt=hi)
    cumulative = list(
        subtree.values_list(
            "pk", "person_id", "unit_path", "confirmed_at", "outcome", "outcome_date"
        )
    )
    if not cumulative:
        return None
    in_period = [c for c in cumulative if c[3] >= lo]
    children: list[OrgUnit] = unit_children(unit=unit, on=end, scope=scope)
    by_unit: list[UnitCount] = []
    for child in children:
        cum = sum(1 for c in cumulative if c[2].startswith(child.path))
        if cum:
            per = sum(1 for c in in_period if c[2].startswith(child.path))
            by_unit.append(UnitCount(child.name, child.code, cum, per))
    by_unit.sort(key=lambda u: sort_key(u.name))
    # The cases as a subquery, not a list: a province's cumulative cases can pass SQLite's
    # limit of variables in one `IN (…)`.
    contacts = Contact.objects.filter(case__in=subtree.values("pk"), last_exposure_at__lt=hi)
    f1 = contacts.filter(generation=1).values("person_id").distinct().count()
    f2 = contacts.filter(generation=2).values("person_id").distinct().count()
    edges = [
        Edge(s, t, int(a.timestamp()), int(b.timestamp()))
        for s, t, a, b in Exposure.objects.filter(
            case__in=subtree.values("pk"), start__lt=hi
        ).values_list("source_id", "exposed_id", "start", "end")
    ]
    graph = chain_graph(cases=[c[1] for c in cumulative], edges=edges)
    return OutbreakReview(
        unit_code=unit.code,
        unit_name=unit.name,
        start=start,
        end=end,
        cases_in_period=len(in_period),
        cases_cumulative=len(cumulative),
        by_unit=by_unit,
        contacts_f1=f1,
        contacts_f2=f2,
        chains=len(graph.chains),
        clusters=sum(1 for c in graph.chains if c.cluster),
        largest_chain=max((c.size for c in graph.chains), default=0),
        deaths_in_period=sum(
            1 for c in cumulative if c[4] == "died" and c[5] and start <= c[5] <= end
        ),
        recovered_in_period=sum(
            1 for c in cumulative if c[4] == "recovered" and c[5] and start <= c[5] <= end
        ),
    )


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
    readiness_gap_units_vi: tuple[str, ...] = ()
    """The unit each gap of `readiness_gaps_vi` is counted in ("người", "bộ"), in its order."""


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
    gap_units = tuple(ITEM_UNITS_VI.get(code, "") for code in order if code in by_item)
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
        readiness_gap_units_vi=gap_units,
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
