"""The review table page (bảng sơ kết) of a unit and period, with the rules its figures break and
the units below."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.periods import period_parse
from dieuhanh.core.replica import reads_from_replica
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.completeness import completeness
from dieuhanh.indicators.selectors.forms import data_sets_for_unit
from dieuhanh.indicators.selectors.review import review_table_cached, values_opening
from dieuhanh.indicators.selectors.rules import rule_violations
from dieuhanh.orgunits.selectors import UnitPolicy, unit_children, unit_resolve
from dieuhanh.periods import Period, PeriodKind


def default_period() -> Period:
    """The half-year being reviewed: the current one by the Decree 09 cut-off."""
    return Period.containing_cutoff(today(), PeriodKind.HALF_YEAR)


@reads_from_replica
@login_required
@module_required(Module.INDICATORS)
def review_page(request: HttpRequest) -> HttpResponse:
    """The review table of a unit. Without a unit: the user's own; without a period: the latest
    half-year with data there."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    requested = request.GET.get("period", "").strip()
    if not code:
        home, opening = values_opening(user=request_user(request), scope=scope, today=today())
        if home is None:
            period = period_parse(requested or default_period().code)
            return render(request, "indicators/review.html", {"period": period, "table": None})
        code = home.code
        requested = requested or opening.code
    period = period_parse(requested or default_period().code)
    unit = unit_resolve(code=code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    table = review_table_cached(unit=unit, period=period, scope=scope)
    on = min(period.end, unit.valid_to) if unit.valid_to else period.end
    children = unit_children(unit=unit, on=on, scope=scope) if unit.level < 3 else []
    return render(
        request,
        "indicators/review.html",
        {
            "period": period,
            "table": table,
            "unit": unit,
            "children": children,
            "violations": rule_violations(unit=unit, period=period, scope=scope),
            "data_sets": data_sets_for_unit(unit=unit),
            "completeness": completeness(unit=unit, period=period, scope=scope),
        },
    )
