"""The follow-up list (danh sách cần xem lại): values saved despite a quality flag, with the
officer's comment, of a unit and the units below it within a period."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.quality import flagged_values
from dieuhanh.indicators.selectors.review import values_opening
from dieuhanh.indicators.views.review import default_period
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


@login_required
@module_required(Module.INDICATORS)
def followup_page(request: HttpRequest) -> HttpResponse:
    """Without a unit or period: where every page of values opens (`values_opening`)."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    requested = request.GET.get("period", "").strip()
    if not code:
        home, opening = values_opening(user=request_user(request), scope=scope, today=today())
        if home is None:
            period = period_parse(requested or default_period().code)
            return render(request, "indicators/followup.html", {"period": period, "rows": []})
        code = home.code
        requested = requested or opening.code
    period = period_parse(requested or default_period().code)
    unit = unit_resolve(code=code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    rows = flagged_values(scope=scope, unit=unit, period=period)
    return render(
        request, "indicators/followup.html", {"unit": unit, "period": period, "rows": rows}
    )
