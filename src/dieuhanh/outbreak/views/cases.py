"""Pages of a case: confirm, update, the investigation page and the places visited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.models import CaseOutcome, ExposureSetting, PersonalDataAction
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.services import cases as cases_svc
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.outbreak.views.common import (
    access_reason,
    access_reason_page,
    form_date,
    form_datetime,
    has_personal_data,
    int_or_none,
)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def case_confirm(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request_user(request), scope=scope, person_id=person_id)
    try:
        confirmed = form_datetime(request.POST.get("confirmed_at", ""), "confirmed_at")
        if confirmed is None:
            raise ValidationFailed(_("The confirmation time is required."))
        case = cases_svc.case_confirm(
            actor=request_user(request),
            scope=scope,
            person=person,
            confirmed_at=confirmed,
            onset_date=form_date(request.POST.get("onset_date", ""), "onset_date"),
            sampled_at=form_datetime(request.POST.get("sampled_at", ""), "sampled_at"),
            isolated_at=form_datetime(request.POST.get("isolated_at", ""), "isolated_at"),
            place=request.POST.get("place", ""),
            code=request.POST.get("code", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
        return redirect("outbreak:person", person_id=person_id)
    messages.success(request, _("Case confirmed."))
    return redirect("outbreak:case", case_id=case.pk)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def case_update(request: HttpRequest, case_id: int) -> HttpResponse:
    """Isolation time, place and outcome of a case; a stale version is refused (Conflict)."""
    scope = request_scope(request)
    case = cases_sel.case_get(user=request_user(request), scope=scope, case_id=case_id)
    try:
        cases_svc.case_update(
            actor=request_user(request),
            scope=scope,
            case=case,
            version=int(request.POST.get("version", "0") or 0),
            isolated_at=form_datetime(request.POST.get("isolated_at", ""), "isolated_at"),
            place=request.POST.get("place", ""),
            outcome=request.POST.get("outcome", case.outcome),
            outcome_date=form_date(request.POST.get("outcome_date", ""), "outcome_date"),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Case updated."))
    return redirect("outbreak:case", case_id=case_id)


@login_required
@module_required(Module.OUTBREAK)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case: visits, exposures and contacts. A traced case can have a million contacts, so
    exposures and contacts come a page of `CASE_PAGE` at a time, and only the persons shown are
    named (and their reading logged)."""
    scope = request_scope(request)
    user = request_user(request)
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    reason: str | None = None
    if has_personal_data(user):
        reason = access_reason(request, case.person_id)
        if reason is None:
            return access_reason_page(request, case.person_id)
    contacts = _case_page(request, "contacts_page", cases_sel.case_contacts_query(case=case))
    exposures = _case_page(request, "exposures_page", cases_sel.case_exposures_query(case=case))
    ids = {case.person_id, *(c.person_id for c in contacts.object_list)}
    ids |= {e.source_id for e in exposures.object_list}
    ids |= {e.exposed_id for e in exposures.object_list}
    names = persons_sel.persons_names(user=user, scope=scope, ids=ids)
    if names:
        persons_svc.person_access_log(
            actor=user, persons=list(names), action=PersonalDataAction.VIEW, reason=reason
        )
    for c in contacts.object_list:
        c.display_name = names.get(c.person_id, "")
    for e in exposures.object_list:
        e.source_name = names.get(e.source_id, "")
        e.exposed_name = names.get(e.exposed_id, "")
    return render(
        request,
        "outbreak/case.html",
        {
            "case": case,
            "case_name": names.get(case.person_id, ""),
            "visits": cases_sel.case_visits(case=case),
            "exposures": exposures,
            "contacts": contacts,
            "venues": cases_sel.venues_all(),
            "settings": ExposureSetting.choices,
            "outcomes": CaseOutcome.choices,
            "identities": bool(names),
            "can_identities": has_personal_data(user),
        },
    )


CASE_PAGE = 200


def _case_page(request: HttpRequest, parameter: str, query: QuerySet[Any]) -> Page[Any]:
    """The requested page of `query` (`parameter` in the URL; the last page past the end)."""
    return Paginator(query, CASE_PAGE).get_page(request.GET.get(parameter))


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def visit_add(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request_scope(request)
    case = cases_sel.case_get(user=request_user(request), scope=scope, case_id=case_id)
    try:
        venue_id = int_or_none(request.POST.get("venue", ""))
        venue = next((v for v in cases_sel.venues_all() if v.pk == venue_id), None)
        start = form_datetime(request.POST.get("start", ""), "start")
        end = form_datetime(request.POST.get("end", ""), "end")
        if start is None or end is None:
            raise ValidationFailed(_("A visit needs a start and an end."))
        cases_svc.visit_add(
            actor=request_user(request),
            scope=scope,
            case=case,
            place=request.POST.get("place", ""),
            start=start,
            end=end,
            venue=venue,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Visit recorded."))
    return redirect("outbreak:case", case_id=case_id)
