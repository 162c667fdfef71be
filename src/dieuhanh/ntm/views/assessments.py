"""A commune's page, its assessment for a year (entry and evidence)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.opening import opening_day
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Level, Region
from dieuhanh.ntm.selectors.assessments import assessment_view, assessment_years, attachment_get
from dieuhanh.ntm.selectors.recognitions import formed_from, recognitions_of, unit_levels_on
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    AssessmentInvalid,
    ResultInput,
    ValueInput,
    assessment_day,
    assessment_save,
)
from dieuhanh.ntm.views.common import can_capture, can_recognise, day_asked
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


@login_required
@module_required(Module.NTM)
def commune(request: HttpRequest, code: str) -> HttpResponse:
    """A commune: its recognitions (add, revoke), assessments by year, what it was formed from."""
    scope = request_scope(request)
    if request.GET.get("on"):
        on = day_asked(request.GET.get("on"), today())
    else:  # the opening rule: today, or the last day of a commune merged in 2025
        found = unit_resolve(code=code, on=today(), scope=scope, policy=UnitPolicy.LATEST_BEFORE)
        on = opening_day(today=today(), newest=None, valid_to=found.valid_to)
    unit = unit_resolve(code=code, on=on, scope=scope)
    years = assessment_years(units=[unit])
    levels = unit_levels_on(units=[unit], day=on)
    return render(
        request,
        "ntm/commune.html",
        {
            "unit": unit,
            "on": on,
            "years": years,
            "next_year": min(today().year, (unit.valid_to or today()).year),
            "recognitions": recognitions_of([unit]),
            "level": Level(levels[unit.pk]).label if unit.pk in levels else None,
            "formed_from": formed_from(unit=unit, scope=scope),
            "levels": Level.choices,
            "can_capture": can_capture(request, unit.path),
            "can_recognise": can_recognise(request, unit.path),
            "today": today(),
        },
    )


def _assessment_url(code: str, year: int, on: datetime.date) -> str:
    return reverse("ntm:assessment", args=[code, year]) + "?" + urlencode({"on": on.isoformat()})


@login_required
@module_required(Module.NTM)
def assessment(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The assessment form of a commune for a year; POST saves it (all or nothing)."""
    scope = request_scope(request)
    on = day_asked(request.GET.get("on"), assessment_day(year))
    errors: list[object] = []
    if request.method == "POST":
        view = assessment_view(scope=scope, unit_code=code, on=on, year=year)
        change = AssessmentChange(note=request.POST.get("note", ""), plan_year_given=True)
        plan = request.POST.get("plan_year", "").strip()
        for line in view.lines:
            for i in line.indicators:
                key = f"v-{i.indicator.code}"
                change.values[i.indicator.code] = ValueInput(
                    request.POST.get(key, ""), request.POST.get(f"n-{i.indicator.code}", "")
                )
            declared = request.POST.get(f"tc-{line.criterion.number}", "")
            change.results[line.criterion.number] = ResultInput(
                None if not declared else declared == "met",
                request.POST.get(f"tcn-{line.criterion.number}", ""),
            )
        try:
            change.plan_year = int(plan) if plan else None
            version = int(request.POST.get("version", "0"))
        except ValueError:
            raise ValidationFailed(_("The planned year must be a year, e.g. 2023.")) from None
        try:
            assessment_save(
                actor=request_user(request),
                scope=scope,
                unit_code=code,
                year=year,
                change=change,
                expected_version=version,
                on=on,
                set_code=view.criteria_set.code,
                upload=request.FILES.get("attachment"),
            )
        except AssessmentInvalid as exc:
            errors = list(exc.problems)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(_assessment_url(code, year, on))
    view = assessment_view(scope=scope, unit_code=code, on=on, year=year)
    posted = request.POST if errors else None
    return render(
        request,
        "ntm/assessment.html",
        {
            "view": view,
            "region_label": Region(view.region).label if view.region else "",
            "on": on,
            "year": year,
            "errors": errors,
            "posted": posted,
            "can_capture": can_capture(request, view.unit.path),
        },
        status=400 if errors else 200,
    )


@login_required
@module_required(Module.NTM)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = attachment_get(scope=request_scope(request), pk=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
