"""Pages of testing: samples, pools and their results."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.outbreak.models import SampleKind
from dieuhanh.outbreak.selectors import testing as testing_sel
from dieuhanh.outbreak.services import testing as testing_svc
from dieuhanh.outbreak.views.common import (
    DEFAULT_WINDOW_DAYS,
    CarePage,
    back_to,
    form_int,
    query_day,
)


@login_required
@module_required(Module.OUTBREAK)
def testing_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    start = ctx.on - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    due = list(testing_sel.due_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on, days=1)[:300])
    overdue = list(testing_sel.overdue_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:300])
    samples = list(
        testing_sel.samples_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)[:300]
    )
    ctx.label(due, overdue, samples)
    return render(
        request,
        "outbreak/care/testing.html",
        ctx.context(
            plan=testing_sel.pool_advice(scope=ctx.scope, unit=ctx.unit, on=ctx.on),
            pools=list(
                testing_sel.pools_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)
            ),
            due=due,
            overdue=overdue,
            samples=samples,
            kinds=SampleKind.choices,
        ),
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def pool_create(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    people = [form_int(v, _("Person")) for v in request.POST.getlist("person")]
    pool = testing_svc.pool_create(
        actor=ctx.user,
        scope=ctx.scope,
        unit_code=ctx.unit.code,
        code=request.POST.get("code", ""),
        collected_on=query_day(request.POST.get("collected_on"), ctx.on),
        person_ids=people,
    )
    messages.success(
        request,
        _("Pool %(code)s created with %(n)s samples.") % {"code": pool.code, "n": len(people)},
    )
    return back_to(request, "care_testing", ctx)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def pool_result(request: HttpRequest, code: str) -> HttpResponse:
    ctx = CarePage(request)
    testing_svc.pool_result_record(
        actor=ctx.user,
        scope=ctx.scope,
        code=code,
        result=request.POST.get("result", ""),
        result_on=query_day(request.POST.get("result_on"), ctx.on),
        version=form_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Result of pool %(code)s recorded.") % {"code": code})
    return back_to(request, "care_testing", ctx)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def sample_add(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    testing_svc.sample_record(
        actor=ctx.user,
        scope=ctx.scope,
        person_id=form_int(request.POST.get("person"), _("Person")),
        kind=request.POST.get("kind", ""),
        collected_on=query_day(request.POST.get("collected_on"), ctx.on),
        result=request.POST.get("result", "pending") or "pending",
    )
    messages.success(request, _("Sample recorded."))
    return back_to(request, "care_testing", ctx)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def sample_result(request: HttpRequest, sample_id: int) -> HttpResponse:
    ctx = CarePage(request)
    testing_svc.sample_result_record(
        actor=ctx.user,
        scope=ctx.scope,
        sample_id=sample_id,
        result=request.POST.get("result", ""),
        result_on=query_day(request.POST.get("result_on"), ctx.on),
        version=form_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Result recorded."))
    return back_to(request, "care_testing", ctx)
