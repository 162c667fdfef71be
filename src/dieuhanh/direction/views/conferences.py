"""Conferences and their resolutions, documents, and directives."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import DomainError
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.forms import get_int, req_date
from dieuhanh.direction.models import Body, DecisionKind
from dieuhanh.direction.selectors import conferences as conferences_sel
from dieuhanh.direction.services import conferences as conferences_svc
from dieuhanh.direction.views.common import page_context, unit_and_day


@login_required
@module_required(Module.DIRECTION)
def conferences_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    unit, _on = unit_and_day(request)
    data: Mapping[str, str] = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            held_on = req_date(request.POST, "held_on", _("date"))
            conference = conferences_svc.conference_create(
                actor=request_user(request),
                scope=scope,
                unit_code=request.POST.get("unit", ""),
                body=request.POST.get("body", ""),
                held_on=held_on,
                number=get_int(request.POST, "number", _("number"), required=False, low=1, high=99),
                term=get_int(request.POST, "term", _("term"), required=False, low=1, high=99),
                extended=request.POST.get("extended") == "1",
                title=request.POST.get("title", ""),
                agenda=request.POST.get("agenda", ""),
                participants=request.POST.get("participants", ""),
                documents=request.POST.get("documents", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Conference recorded."))
            return redirect("direction:conference", conference_id=conference.pk)
    conferences = conferences_sel.conferences_visible(scope=scope)
    directives = conferences_sel.decisions_visible(scope=scope).filter(conference__isnull=True)
    return render(
        request,
        "direction/conferences.html",
        page_context(
            request,
            "conferences",
            unit=unit,
            conferences=conferences[:100],
            directives=directives[:100],
            bodies=Body.choices,
            data=data,
        ),
    )


@login_required
@module_required(Module.DIRECTION)
def conference_page(request: HttpRequest, conference_id: int) -> HttpResponse:
    scope = request_scope(request)
    conference = conferences_sel.conference_get(scope=scope, conference_id=conference_id)
    data: Mapping[str, str] = request.POST if request.method == "POST" else {}
    upload = request.FILES.get("file") if request.method == "POST" else None
    status = 200  # a refused form is shown again with its error and the error's status
    if upload is not None:
        try:
            conferences_svc.conference_document_add(
                actor=request_user(request),
                scope=scope,
                conference_id=conference.pk,
                title=request.POST.get("title", ""),
                file=upload,
            )
        except DomainError as exc:
            messages.error(request, exc.render())
            status = exc.status_code
        else:
            messages.success(request, _("Document attached."))
            return redirect("direction:conference", conference_id=conference.pk)
    elif request.method == "POST":
        try:
            conferences_svc.decision_create(
                actor=request_user(request),
                scope=scope,
                conference_id=conference.pk,
                kind=request.POST.get("kind", ""),
                number=request.POST.get("number", ""),
                title=request.POST.get("title", ""),
                issued_on=req_date(request.POST, "issued_on", _("issued on")),
                points=request.POST.get("points", "").splitlines(),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
            status = exc.status_code
        else:
            messages.success(request, _("Resolution recorded."))
            return redirect("direction:conference", conference_id=conference.pk)
    decisions = conferences_sel.decisions_visible(scope=scope).filter(conference=conference)
    return render(
        request,
        "direction/conference.html",
        page_context(
            request,
            "conferences",
            conference=conference,
            decisions=decisions,
            kinds=DecisionKind.choices,
            data=data,
            default_day=conference.held_on.isoformat(),
        ),
        status=status,
    )


@login_required
@module_required(Module.DIRECTION)
def conference_document(request: HttpRequest, document_id: int) -> FileResponse:
    document = conferences_sel.conference_document_get(
        scope=request_scope(request), document_id=document_id
    )
    name = document.file.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type=kind
    )


@login_required
@module_required(Module.DIRECTION)
@require_POST
def directive_create(request: HttpRequest) -> HttpResponse:
    """A directive (chỉ thị) issued by a unit without a conference."""
    scope = request_scope(request)
    try:
        decision = conferences_svc.decision_create(
            actor=request_user(request),
            scope=scope,
            unit_code=request.POST.get("unit", ""),
            kind=DecisionKind.DIRECTIVE,
            number=request.POST.get("number", ""),
            title=request.POST.get("title", ""),
            issued_on=req_date(request.POST, "issued_on", _("issued on")),
            points=request.POST.get("points", "").splitlines(),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
        return redirect("direction:conferences")
    messages.success(request, _("Directive recorded."))
    return redirect(reverse("direction:task_new") + f"?decision={decision.pk}")
