"""Recording a recognition and revoking one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.services.recognitions import recognition_add, recognition_revoke
from dieuhanh.ntm.views.common import day_asked, year_asked


@login_required
@module_required(Module.NTM)
@require_POST
def recognition_create(request: HttpRequest, code: str) -> HttpResponse:
    scope = request_scope(request)
    on = day_asked(request.POST.get("on"), today())
    decided = day_asked(request.POST.get("decision_date"), today())
    rec = recognition_add(
        actor=request_user(request),
        scope=scope,
        unit_code=code,
        on=on,
        level=request.POST.get("level", ""),
        decision_number=request.POST.get("decision_number", ""),
        decision_date=decided,
        year=year_asked(request.POST.get("year"), decided.year),
        issuer=request.POST.get("issuer", ""),
        note=request.POST.get("note", ""),
    )
    messages.success(
        request, _("Recognition %(number)s recorded.") % {"number": rec.decision_number}
    )
    return redirect(reverse("ntm:commune", args=[code]) + "?" + urlencode({"on": on.isoformat()}))


@login_required
@module_required(Module.NTM)
@require_POST
def recognition_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request_scope(request)
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    rec = recognition_revoke(
        actor=request_user(request),
        scope=scope,
        recognition_id=pk,
        revoked_on=day_asked(request.POST.get("revoked_on"), today()),
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
        expected_version=version,
    )
    messages.success(
        request, _("Recognition %(number)s revoked.") % {"number": rec.decision_number}
    )
    on = rec.unit.valid_to or today()
    return redirect(
        reverse("ntm:commune", args=[rec.unit.code]) + "?" + urlencode({"on": on.isoformat()})
    )
