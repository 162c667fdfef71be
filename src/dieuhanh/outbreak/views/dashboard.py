"""The outbreak dashboard (epidemic curve, counts) and the care overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.pure.curve import moving_average
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors import testing as testing_sel
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.outbreak.views.common import CarePage, default_unit_code, form_date, has_personal_data
from dieuhanh.vn import format_number


def _curve_chart(days: list[dashboard_sel.CurveDay]) -> dict[str, object]:
    """The epidemic curve for the page's chart (web/charts.js, kind "epicurve"): JSON numbers,
    ISO dates, never localised; the 7-day averages; the chart's words in the user's language."""
    onset = [d.onset for d in days]
    confirmed = [d.confirmed for d in days]
    return {
        "days": [d.day.isoformat() for d in days],
        "onset": onset,
        "confirmed": confirmed,
        "onset_avg": moving_average(onset),
        "confirmed_avg": moving_average(confirmed),
        "labels": {
            "onset": str(_("Cases by onset date")),
            "confirmed": str(_("Cases by confirmation date")),
            "average": str(_("7-day average")),
            "cases": str(_("Cases")),
            "save": str(_("Save as PNG")),
            "file": "epidemic-curve",
        },
    }


@login_required
@module_required(Module.OUTBREAK)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Epidemic curve, cumulative cases by unit, contacts and care counts, recent cases."""
    scope = request_scope(request)
    user = request.user
    counts = dashboard_sel.dashboard_counts(user=user, scope=scope)
    curve = dashboard_sel.epidemic_curve(user=user, scope=scope)
    by_unit = dashboard_sel.cases_by_unit(user=user, scope=scope)
    care = None
    code = default_unit_code(request, scope)
    on = form_date(request.GET.get("on", ""), "on")
    unit = None
    if code:
        try:
            unit = unit_resolve(
                code=code, on=on or today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE
            )
        except DomainError:
            unit = None
    if unit is not None and on is None:  # the opening rule: the last day with care activity
        on = quarantine_sel.care_default_day(scope=scope, unit=unit, today=today())
    on = on or today()
    if code:
        try:
            care = dashboard_sel.care_dashboard_counts(scope=scope, unit_code=code, on=on)
        except DomainError:
            care = None  # the unit does not exist on that day (e.g. a 2021 district today)
    cases = list(cases_sel.cases_visible(user=user, scope=scope).select_related("person__unit"))
    names = persons_sel.persons_names(user=user, scope=scope, ids=[c.person_id for c in cases])
    if names:
        persons_svc.person_access_log(
            actor=user, persons=list(names), action=PersonalDataAction.LIST
        )
    return render(
        request,
        "outbreak/dashboard.html",
        {
            "counts": counts,
            "curve": _curve_chart(curve),
            "curve_rows": list(
                zip(curve, moving_average([d.confirmed for d in curve]), strict=True)
            ),
            "by_unit": by_unit,
            "care": care,
            "care_on": on,
            "care_unit": code,
            "care_unit_obj": unit,
            "cases": cases,
            "names": names,
            "can_identities": has_personal_data(user),
            "total_text": format_number(counts.cases),
        },
    )


@login_required
@module_required(Module.OUTBREAK)
def overview_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    counts = dashboard_sel.care_dashboard_counts(
        scope=ctx.scope, unit_code=ctx.unit.code, on=ctx.on
    )
    quarantines = list(
        quarantine_sel.quarantines_list(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:200]
    )
    overdue = list(testing_sel.overdue_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:200])
    ctx.label(quarantines, overdue)
    return render(
        request,
        "outbreak/care/overview.html",
        ctx.context(
            counts=counts,
            quarantines=quarantines,
            overdue=overdue,
            facilities=quarantine_sel.facilities_load(scope=ctx.scope, unit=ctx.unit, on=ctx.on),
        ),
    )
