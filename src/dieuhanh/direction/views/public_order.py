"""The public-order log: events, their follow-up, the export."""

from __future__ import annotations

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
from dieuhanh.direction.access import units_under
from dieuhanh.direction.forms import req_date, req_int
from dieuhanh.direction.models import EventState, OrderCategory, Severity
from dieuhanh.direction.selectors import public_order as public_order_sel
from dieuhanh.direction.services import public_order as public_order_svc
from dieuhanh.direction.views.common import (
    csv_response,
    next_url,
    page_context,
    period_asked,
    unit_and_day,
)


@login_required
@module_required(Module.PUBLIC_ORDER)
def public_order_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    unit, _on = unit_and_day(request)
    newest = public_order_sel.newest_event_day(scope=scope, unit=unit) if unit else None
    start, end, code = period_asked(request, unit, newest)
    category = request.GET.get("category", "")
    audit_record(
        actor=request.user,
        action="direction.public_order_read",
        object_type="direction.publicorderevent",
        object_repr=f"{unit.code if unit else ''} {code}",
    )
    if category not in OrderCategory.values:
        category = ""
    review = rows = None
    if unit is not None:
        review = (
            public_order_sel.public_order_review(
                scope=scope, unit_code=unit.code, start=start, end=min(end, unit.valid_to or end)
            )
            if unit.valid_from <= end
            else None
        )
        rows = public_order_sel.event_rows(
            scope=scope, unit=unit, start=start, end=end, category=category
        )
    return render(
        request,
        "direction/public_order.html",
        page_context(
            request,
            "public_order",
            unit=unit,
            period=code,
            start=start,
            end=end,
            review=review,
            rows=rows or [],
            category=category,
            categories=OrderCategory.choices,
            severities=Severity.choices,
            states=EventState.choices,
            units=units_under(unit, min(end, unit.valid_to or end), scope) if unit else [],
            default_day=min(today(), end).isoformat(),
        ),
    )


@login_required
@module_required(Module.PUBLIC_ORDER)
@require_POST
def public_order_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    try:
        if action == "record":
            public_order_svc.event_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                occurred_on=req_date(post, "occurred_on", _("date")),
                category=post.get("category", ""),
                severity=post.get("severity", ""),
                state=post.get("state", EventState.OPEN),
                title=post.get("title", ""),
                description=post.get("description", ""),
                measures=post.get("measures", ""),
            )
        elif action == "update":
            public_order_svc.event_update(
                actor=user,
                scope=scope,
                event_id=req_int(post, "event", "event"),
                version=req_int(post, "version", "version"),
                state=post.get("state", ""),
                severity=post.get("severity", ""),
                measures=post.get("measures", ""),
            )
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    return redirect(next_url(request, reverse("direction:public_order")))


@login_required
@module_required(Module.PUBLIC_ORDER)
def public_order_export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    unit, _on = unit_and_day(request)
    newest = public_order_sel.newest_event_day(scope=scope, unit=unit) if unit else None
    start, end, code = period_asked(request, unit, newest)
    rows = public_order_sel.event_rows(scope=scope, unit=unit, start=start, end=end) if unit else []
    audit_record(
        actor=request.user,
        action="direction.public_order_export",
        object_type="direction.publicorderevent",
        object_repr=f"{unit.code if unit else ''} {code}",
    )
    return csv_response(
        f"an-ninh-trat-tu-{code}.csv",
        ["date", "unit", "unit_name", "category", "severity", "status", "event", "measures"],
        [
            [
                r.occurred_on.isoformat(),
                r.unit_code,
                r.unit_name,
                r.category,
                r.severity,
                r.state,
                r.title,
                r.measures,
            ]
            for r in rows
        ],
    )
