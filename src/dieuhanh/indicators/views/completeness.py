"""The reporting-rate page (tỷ lệ báo cáo) of a data set: units × periods, expected, reported,
on time, rate — DHIS2's Reporting Rate Summary."""

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
from dieuhanh.indicators.models import DataSet
from dieuhanh.indicators.selectors.completeness import rates_defaults, reporting_rates
from dieuhanh.indicators.selectors.forms import data_set_get
from dieuhanh.indicators.selectors.review import values_opening
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


@reads_from_replica
@login_required
@module_required(Module.INDICATORS)
def rates_page(request: HttpRequest) -> HttpResponse:
    """Without a query string: the user's own unit, the data set of the units below it, the
    year of the newest data (the opening rule)."""
    scope = request_scope(request)
    home, opening = values_opening(user=request_user(request), scope=scope, today=today())
    code = request.GET.get("unit", "").strip() or (home.code if home else "")
    requested = request.GET.get("period", "").strip()
    context: dict[str, object] = {"data_sets": list(DataSet.objects.order_by("code"))}
    if not code:
        return render(request, "indicators/rates.html", context)
    period = period_parse(requested) if requested else opening
    unit = unit_resolve(code=code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    asked = request.GET.get("data_set", "").strip()
    data_set, year = rates_defaults(unit=unit, period=period)
    if asked:
        data_set = data_set_get(code=asked)
    if not requested:
        period = year
    context.update(unit=unit, period=period, data_set=data_set)
    if data_set is not None:
        context["rates"] = reporting_rates(data_set=data_set, unit=unit, period=period, scope=scope)
    return render(request, "indicators/rates.html", context)
