"""The history of a unit's values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.values import value_history
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


@login_required
@module_required(Module.INDICATORS)
def history_page(request: HttpRequest, unit: str) -> HttpResponse:
    scope = request_scope(request)
    period = request.GET.get("period")
    u = (
        unit_resolve(code=unit, on=period_parse(period), scope=scope, policy=UnitPolicy.IN_PERIOD)
        if period
        else unit_resolve(code=unit, on=today(), scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    )
    return render(
        request,
        "indicators/history.html",
        {"unit": u, "changes": value_history(unit=u, scope=scope)},
    )
