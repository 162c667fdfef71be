"""Party inspection and supervision: the programme of a year, its items, the export."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError, NotFound
from dieuhanh.core.scope import request_scope
from dieuhanh.core.services import audit_record
from dieuhanh.direction.forms import get_date, req_date, req_int
from dieuhanh.direction.models import (
    InspectionActivity,
    InspectionState,
    InspectionType,
    SubjectKind,
)
from dieuhanh.direction.selectors import inspection as inspection_sel
from dieuhanh.direction.services import inspection as inspection_svc
from dieuhanh.direction.views.common import csv_response, page_context, unit_and_day, year_asked


@login_required
@module_required(Module.PARTY_INSPECTION)
def inspection_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    programmes = list(inspection_sel.programmes_visible(scope=scope).order_by("-year", "id"))
    years = sorted({p.year for p in programmes}, reverse=True)
    year = year_asked(request) if request.GET.get("year") else (years[0] if years else today().year)
    audit_record(
        actor=request.user,
        action="direction.inspection_read",
        object_type="direction.inspectionprogramme",
        object_repr=str(year),
    )
    shown = [p for p in programmes if p.year == year]
    review = None
    if shown:
        unit = shown[0].unit
        review = inspection_sel.inspection_review(
            scope=scope,
            unit_code=unit.code,
            start=datetime.date(year, 1, 1),
            end=min(datetime.date(year, 12, 31), unit.valid_to or datetime.date(year, 12, 31)),
        )
    items = {
        p.pk: [
            inspection_sel.inspection_row(i) for i in p.items.all().order_by("period_start", "id")
        ]
        for p in shown
    }
    own_unit, _on = unit_and_day(request)
    return render(
        request,
        "direction/inspection.html",
        page_context(
            request,
            "inspection",
            year=year,
            years=years,
            programmes=[(p, items[p.pk]) for p in shown],
            review=review,
            unit=own_unit,
            activities=InspectionActivity.choices,
            subject_kinds=SubjectKind.choices,
            types=InspectionType.choices,
            states=InspectionState.choices,
        ),
    )


@login_required
@module_required(Module.PARTY_INSPECTION)
@require_POST
def inspection_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    year = ""
    try:
        if action == "programme":
            p = inspection_svc.programme_create(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                year=req_int(post, "year", _("year"), low=2000, high=2100),
                title=post.get("title", ""),
                issued_by=post.get("issued_by", ""),
            )
            year = str(p.year)
        elif action == "item":
            item = inspection_svc.inspection_item_add(
                actor=user,
                scope=scope,
                programme_id=req_int(post, "programme", "programme"),
                activity=post.get("activity", ""),
                subject_kind=post.get("subject_kind", ""),
                subject=post.get("subject", ""),
                content=post.get("content", ""),
                kind=post.get("kind", ""),
                period_start=req_date(post, "period_start", _("from")),
                period_end=req_date(post, "period_end", _("to")),
                responsible_body=post.get("responsible_body", ""),
            )
            year = str(item.programme.year)
        elif action == "update":
            item = inspection_svc.inspection_item_update(
                actor=user,
                scope=scope,
                item_id=req_int(post, "item", "item"),
                version=req_int(post, "version", "version"),
                state=post.get("state", ""),
                executed_on=get_date(post, "executed_on", _("carried out on"), required=False),
                conclusion=post.get("conclusion", ""),
                violation_found=post.get("violation_found") == "1",
            )
            year = str(item.programme.year)
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    url = reverse("direction:inspection")
    return redirect(f"{url}?year={year}" if year else url)


@login_required
@module_required(Module.PARTY_INSPECTION)
def inspection_export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    year = year_asked(request)
    items = inspection_sel.inspection_items_visible(scope=scope).filter(programme__year=year)
    audit_record(
        actor=request.user,
        action="direction.inspection_export",
        object_type="direction.inspectionitem",
        object_repr=str(year),
    )
    return csv_response(
        f"kiem-tra-giam-sat-{year}.csv",
        [
            "programme",
            "activity",
            "subject_kind",
            "subject",
            "content",
            "type",
            "from",
            "to",
            "responsible_body",
            "state",
            "executed_on",
            "conclusion",
            "violation_found",
        ],
        [
            [
                i.programme.title,
                i.activity,
                i.subject_kind,
                i.subject,
                i.content,
                i.kind,
                i.period_start.isoformat(),
                i.period_end.isoformat(),
                i.responsible_body,
                i.state,
                i.executed_on.isoformat() if i.executed_on else "",
                i.conclusion,
                int(i.violation_found),
            ]
            for i in items.order_by("period_start", "id")
        ],
    )
