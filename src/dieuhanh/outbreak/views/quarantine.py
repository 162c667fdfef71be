"""Pages of quarantine: contacts to quarantine, one quarantine (checks, release), arrivals."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.models import ArrivalOutcome, PersonalDataAction, QuarantinePlace
from dieuhanh.outbreak.selectors import checkin_page as checkin_page_sel
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors import zones as zones_sel
from dieuhanh.outbreak.selectors.persons import sees_identities
from dieuhanh.outbreak.services import quarantine as quarantine_svc
from dieuhanh.outbreak.views.common import (
    DEFAULT_WINDOW_DAYS,
    CarePage,
    access_reason,
    access_reason_page,
    back_to,
    form_int,
    query_day,
)


@login_required
@module_required(Module.OUTBREAK)
def contacts_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    contacts = list(
        quarantine_sel.contacts_to_quarantine(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:500]
    )
    ctx.label(contacts)
    counts = dashboard_sel.care_dashboard_counts(
        scope=ctx.scope, unit_code=ctx.unit.code, on=ctx.on
    )
    return render(
        request,
        "outbreak/care/contacts.html",
        ctx.context(
            contacts=contacts,
            counts=counts,
            facilities=[
                f
                for f in quarantine_sel.facilities_load(scope=ctx.scope, unit=ctx.unit, on=ctx.on)
                if f.facility.active
            ],
        ),
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def contacts_quarantine(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    ids = [form_int(v, _("Contact")) for v in request.POST.getlist("contact")]
    vaccinated = [form_int(v, _("Contact")) for v in request.POST.getlist("vaccinated")]
    facility = request.POST.get("facility", "").strip()
    created = quarantine_svc.quarantine_contacts(
        actor=ctx.user,
        scope=ctx.scope,
        contact_ids=ids,
        start=query_day(request.POST.get("start"), ctx.on),
        facility_id=form_int(facility, _("Facility")) if facility else None,
        vaccinated_ids=vaccinated,
    )
    messages.success(
        request,
        _("%(n)s people put into quarantine by rule %(rule)s.")
        % {"n": len(created), "rule": ", ".join(sorted({q.rule.code for q in created}))},
    )
    return back_to(request, "care_contacts", ctx)


@login_required
@module_required(Module.OUTBREAK)
def quarantine_page(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = CarePage(request)
    q = quarantine_sel.quarantine_get(scope=ctx.scope, quarantine_id=quarantine_id)
    identities = sees_identities(ctx.user)
    reason: str | None = None
    if identities:
        reason = access_reason(request, q.person_id)
        if reason is None:
            return access_reason_page(request, q.person_id)
    ctx.label([q], action=PersonalDataAction.VIEW, reason=reason)
    # Daily temperatures, tests and the home location are health and location data: shown
    # to roles that see persons (the view above is logged), never to a leader.
    return render(
        request,
        "outbreak/care/quarantine.html",
        ctx.context(
            quarantine=q,
            identities=identities,
            checks=quarantine_sel.health_checks(quarantine=q) if identities else [],
            tests=(
                list(q.scheduled_tests.select_related("done_sample").order_by("due_on"))
                if identities
                else []
            ),
            location=(
                zones_sel.person_location(scope=ctx.scope, person_id=q.person_id)
                if identities
                else None
            ),
            can_write=role_can_write(ctx.user.role, Module.OUTBREAK)
            and ctx.scope.can_capture_path(q.unit_path),
        ),
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def quarantine_check(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = CarePage(request)
    raw = request.POST.get("temperature", "").strip().replace(",", ".")
    try:
        temperature = Decimal(raw) if raw else None
    except InvalidOperation:
        raise ValidationFailed(_("%(field)s must be a number."), field=_("Temperature")) from None
    quarantine_svc.health_check_record(
        actor=ctx.user,
        scope=ctx.scope,
        quarantine_id=quarantine_id,
        day=query_day(request.POST.get("day"), ctx.on),
        temperature=temperature,
        symptoms=request.POST.get("symptoms") == "on",
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("Health check recorded."))
    return redirect(reverse("outbreak:care_quarantine", args=[quarantine_id]) + ctx.query())


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def quarantine_release(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = CarePage(request)
    quarantine_svc.quarantine_release(
        actor=ctx.user,
        scope=ctx.scope,
        quarantine_id=quarantine_id,
        on=query_day(request.POST.get("released_on"), ctx.on),
        note=request.POST.get("note", ""),
        version=form_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Quarantine ended."))
    return redirect(reverse("outbreak:care_quarantine", args=[quarantine_id]) + ctx.query())


@login_required
@module_required(Module.OUTBREAK)
def arrivals_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    start = ctx.on - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    arrivals = list(
        quarantine_sel.arrivals_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)[:300]
    )
    # yes-answers of the check-in page's health declaration; names shown only to those who may
    # see identities, every name read logged (also for the arrivals above)
    declared = list(checkin_page_sel.declarations_flagged(scope=ctx.scope, unit=ctx.unit))
    ctx.label(arrivals, declared)
    return render(
        request,
        "outbreak/care/arrivals.html",
        ctx.context(
            arrivals=arrivals,
            declared=declared,
            outcomes=dict(ArrivalOutcome.choices),
            start=start,
        ),
    )


class _ArrivalFields(TypedDict):
    """The arrival's own fields, the same whether the person is known or registered with it."""

    origin: str
    origin_risk: int
    arrived_on: datetime.date
    vaccinated: bool
    facility_id: int | None


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def arrival_add(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    p = request.POST
    facility_text = p.get("facility", "").strip()
    facility = form_int(facility_text, _("Facility")) if facility_text else None
    common: _ArrivalFields = {
        "origin": p.get("origin", ""),
        "origin_risk": form_int(p.get("origin_risk"), _("Origin risk level")),
        "arrived_on": query_day(p.get("arrived_on"), ctx.on),
        "vaccinated": p.get("vaccinated") == "on",
        "facility_id": facility,
    }
    if p.get("person", "").strip():
        arrival = quarantine_svc.arrival_register(
            actor=ctx.user,
            scope=ctx.scope,
            person_id=form_int(p.get("person"), _("Person")),
            **common,
        )
    else:
        year = p.get("birth_year", "").strip()
        arrival = quarantine_svc.arrival_register_new(
            actor=ctx.user,
            scope=ctx.scope,
            unit_code=p.get("person_unit", "").strip() or ctx.unit.code,
            full_name=p.get("full_name", ""),
            birth_year=form_int(year, _("Birth year")) if year else None,
            sex=p.get("sex", "U") or "U",
            phone=p.get("phone", ""),
            village=p.get("village", ""),
            **common,
        )
    messages.success(
        request,
        _("Arrival registered: %(outcome)s by rule %(rule)s.")
        % {
            "outcome": arrival.get_outcome_display(),
            "rule": arrival.rule.code if arrival.rule else "—",
        },
    )
    return back_to(request, "care_arrivals", ctx)


QUARANTINE_PLACES = dict(QuarantinePlace.choices)
