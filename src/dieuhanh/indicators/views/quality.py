"""The follow-up list (danh sách cần xem lại): values saved despite a quality flag, with the
officer's comment, of a unit and the units below it within a period."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.quality import flagged_values
from dieuhanh.indicators.selectors.review import latest_period_with_data
from dieuhanh.indicators.views.review import default_period
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve, unit_roots
from dieuhanh.periods import PeriodKind


@login_required
@module_required(Module.INDICATORS)
def followup_page(request: HttpRequest) -> HttpResponse:
    """Without a unit: the user's own; without a period: the latest half-year with data there
    (the review table's defaults)."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    requested = request.GET.get("period", "").strip()
    if not code:
        user = request_user(request)
        roots = [g.unit for g in user_scopes(user=user)] or unit_roots(on=today(), scope=scope)
        if not roots:
            period = period_parse(requested or default_period().code)
            return render(request, "indicators/followup.html", {"period": period, "rows": []})
        code = roots[0].code
        if not requested:
            latest = latest_period_with_data(unit=roots[0], kind=PeriodKind.HALF_YEAR)
            requested = (latest or default_period()).code
    period = period_parse(requested or default_period().code)
    unit = unit_resolve(code=code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    rows = flagged_values(scope=scope, unit=unit, period=period)
    return render(
        request, "indicators/followup.html", {"unit": unit, "period": period, "rows": rows}
    )
