"""Counts for dashboards and the review report: the outbreak dashboard, the care counts and the care
review of a period."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel

router = Router(tags=["outbreak"])


@router.get("/outbreak/dashboard")
@module_required(Module.OUTBREAK)
def dashboard(request: HttpRequest) -> dict[str, object]:
    """Counts (no identities): cases, contacts, epidemic curve and cases by unit."""
    scope = request_scope(request)
    counts = dashboard_sel.dashboard_counts(user=request.user, scope=scope)
    return {
        "counts": counts.__dict__,
        "curve": [
            {"day": d.day.isoformat(), "onset": d.onset, "confirmed": d.confirmed}
            for d in dashboard_sel.epidemic_curve(user=request.user, scope=scope)
        ],
        "by_unit": [
            {"code": u.code, "name": u.name, "cases": u.cumulative}
            for u in dashboard_sel.cases_by_unit(user=request.user, scope=scope)
        ],
    }


class CareCountsOut(Schema):
    unit: str
    on: datetime.date
    active_quarantines: int
    in_facility: int
    at_home: int
    monitoring: int
    tests_pending: int
    overdue_tests: int
    overdue_health_checks: int
    facility_capacity: int
    facility_occupied: int


@router.get("/outbreak/care/counts", response=CareCountsOut, tags=["outbreak care"])
@module_required(Module.OUTBREAK)
def counts(request: HttpRequest, unit: str, on: datetime.date | None = None) -> dict[str, Any]:
    day = on or today()
    c = dashboard_sel.care_dashboard_counts(scope=request_scope(request), unit_code=unit, on=day)
    return {"unit": unit, "on": day, **asdict(c)}


class CareReviewOut(Schema):
    unit: str
    start: datetime.date
    end: datetime.date
    activity: bool
    quarantined: int = 0
    released: int = 0
    tests_done: int = 0
    tests_positive: int = 0
    pools: int = 0
    pools_positive: int = 0
    arrivals: int = 0
    zones_opened: int = 0
    zones_closed: int = 0
    lockdowns_opened: int = 0
    readiness_items: int = 0
    readiness_short_items: int = 0
    readiness_missing: dict[str, int] = {}
    readiness_gaps_vi: list[tuple[str, int]] = []


@router.get("/outbreak/care/review", response=CareReviewOut, tags=["outbreak care"])
@module_required(Module.OUTBREAK)
def review(
    request: HttpRequest, unit: str, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    r = dashboard_sel.care_review(
        scope=request_scope(request), unit_code=unit, start=start, end=end
    )
    base = {"unit": unit, "start": start, "end": end, "activity": r is not None}
    return {**base, **(asdict(r) if r else {})}
