"""Public opinion notes and propaganda campaigns."""

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
from dieuhanh.direction.access import units_under
from dieuhanh.direction.forms import req_date, req_int
from dieuhanh.direction.models import Channel, OpinionTone
from dieuhanh.direction.selectors import opinion as opinion_sel
from dieuhanh.direction.services import opinion as opinion_svc
from dieuhanh.direction.views.common import next_url, page_context, period_asked, unit_and_day


@login_required
@module_required(Module.DIRECTION)
def opinion_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    unit, _on = unit_and_day(request)
    newest = opinion_sel.newest_note_day(scope=scope, unit=unit) if unit else None
    start, end, code = period_asked(request, unit, newest)
    review = None
    if unit is not None and unit.valid_from <= end:
        review = opinion_sel.opinion_review(
            scope=scope, unit_code=unit.code, start=start, end=min(end, unit.valid_to or end)
        )
    return render(
        request,
        "direction/opinion.html",
        page_context(
            request,
            "opinion",
            unit=unit,
            period=code,
            review=review,
            tones=OpinionTone.choices,
            channels=Channel.choices,
            units=units_under(unit, min(end, unit.valid_to or end), scope) if unit else [],
            default_day=min(today(), end).isoformat(),
        ),
    )


@login_required
@module_required(Module.DIRECTION)
@require_POST
def opinion_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    try:
        if action == "note":
            opinion_svc.opinion_note_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                noted_on=req_date(post, "noted_on", _("date")),
                topic=post.get("topic", ""),
                summary=post.get("summary", ""),
                tone=post.get("tone", ""),
                source=post.get("source", ""),
            )
        elif action == "campaign":
            opinion_svc.campaign_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                topic=post.get("topic", ""),
                channels=post.getlist("channels"),
                start=req_date(post, "start", _("from")),
                end=req_date(post, "end", _("to")),
                reach=req_int(post, "reach", _("people reached"), low=0),
                note=post.get("note", ""),
            )
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    return redirect(next_url(request, reverse("direction:opinion")))
