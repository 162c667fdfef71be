"""The "4 tại chỗ" readiness table and its entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.outbreak.models import READINESS_ITEMS, ReadinessPillar
from dieuhanh.outbreak.selectors import readiness as readiness_sel
from dieuhanh.outbreak.services import readiness as readiness_svc
from dieuhanh.outbreak.views.common import CarePage, back_to, form_int


@login_required
@module_required(Module.OUTBREAK)
def readiness_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    return render(
        request,
        "outbreak/care/readiness.html",
        ctx.context(
            table=readiness_sel.readiness_table(scope=ctx.scope, unit=ctx.unit),
            pillars=dict(ReadinessPillar.choices),
            items=[
                (code, name, dict(ReadinessPillar.choices)[pillar])
                for pillar, items in READINESS_ITEMS.items()
                for code, name in items
            ],
        ),
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def readiness_save(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    p = request.POST
    version = p.get("version", "").strip()
    with transaction.atomic():
        readiness_svc.readiness_set(
            actor=ctx.user,
            scope=ctx.scope,
            unit_code=p.get("item_unit", "").strip() or ctx.unit.code,
            on=ctx.on,
            item=p.get("item", ""),
            required=form_int(p.get("required"), _("Required")),
            available=form_int(p.get("available"), _("Available")),
            note=p.get("note", ""),
            version=form_int(version, _("Version")) if version else None,
        )
    messages.success(request, _("Readiness saved."))
    return back_to(request, "care_readiness", ctx)
