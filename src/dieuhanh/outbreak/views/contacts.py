"""Contacts from a case: an exposure recorded by hand, and a trace turned into contacts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.models import ExposureSetting
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.services import contacts as contacts_svc
from dieuhanh.outbreak.views.common import form_datetime, int_or_none
from dieuhanh.outbreak.views.tracing import trace_depth


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def exposure_add(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    try:
        source_id = int_or_none(request.POST.get("source", "")) or case.person_id
        exposed_id = int_or_none(request.POST.get("exposed", ""))
        if exposed_id is None:
            raise ValidationFailed(_("Choose the exposed person."))
        source = persons_sel.person_get(user=user, scope=scope, person_id=source_id)
        exposed = persons_sel.person_get(user=user, scope=scope, person_id=exposed_id)
        start = form_datetime(request.POST.get("start", ""), "start")
        end = form_datetime(request.POST.get("end", ""), "end")
        if start is None or end is None:
            raise ValidationFailed(_("An exposure needs a start and an end."))
        contacts_svc.exposure_record(
            actor=user,
            scope=scope,
            case=case,
            source=source,
            exposed=exposed,
            start=start,
            end=end,
            setting=request.POST.get("setting", ExposureSetting.OTHER),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Exposure recorded."))
    return redirect("outbreak:case", case_id=case_id)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def case_contacts_from_trace(request: HttpRequest, case_id: int) -> HttpResponse:
    """Turn the trace into contacts in a background job (a large trace takes minutes): the
    user is taken to the job's page, which links back to the case's contacts when it is done."""
    scope = request_scope(request)
    user = request_user(request)
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    try:
        job = contacts_svc.contacts_from_trace_start(
            actor=user, scope=scope, case=case, depth=trace_depth(request)
        )
    except DomainError as exc:
        messages.error(request, exc.render())
        return redirect(reverse("outbreak:case", kwargs={"case_id": case_id}) + "#contacts")
    return redirect("jobs:detail", job_id=job.pk)
