"""The venue register (sổ địa điểm quét mã QR) of a unit: list, create, edit, a new check-in code,
and the QR posters (one venue, or every venue of the unit in one PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.commands import today
from dieuhanh.core.errors import AccessDenied, DomainError, NotFound
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.selectors import posters as posters_sel
from dieuhanh.outbreak.selectors import venues as venues_sel
from dieuhanh.outbreak.services import venues as venues_svc
from dieuhanh.outbreak.views.common import default_unit_code, int_or_none


def _unit(request: HttpRequest) -> OrgUnit:
    scope = request_scope(request)
    code = (request.POST.get("unit") or "").strip() or default_unit_code(request, scope)
    if not code:
        raise AccessDenied(_("No unit has been assigned to you yet. Ask your administrator."))
    return unit_resolve(code=code, on=today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE)


def _back(unit: OrgUnit) -> HttpResponse:
    return redirect(reverse("outbreak:venues") + f"?unit={unit.code}")


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@module_required(Module.OUTBREAK)
def venues_page(request: HttpRequest) -> HttpResponse:
    """The unit's venues with their check-in links; create (POST)."""
    scope = request_scope(request)
    user = request_user(request)
    unit = _unit(request)
    if request.method == "POST":
        try:
            venue = venues_svc.venue_create(
                actor=user,
                scope=scope,
                unit=unit,
                name=request.POST.get("name", ""),
                address=request.POST.get("address", ""),
                code=request.POST.get("code", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Venue %(name)s registered.") % {"name": venue.name})
        return _back(unit)
    venues = list(venues_sel.venues_list(scope=scope, unit=unit))
    links = {v.pk: venues_sel.checkin_url(v) if v.checkin_token else "" for v in venues if v.unit}
    return render(
        request,
        "outbreak/venues.html",
        {
            "unit": unit,
            "venues": [(v, links.get(v.pk, "")) for v in venues],
            "can_write": role_can_write(user.role, Module.OUTBREAK)
            and scope.can_capture_path(unit.path),
        },
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def venue_update(request: HttpRequest, venue_id: int) -> HttpResponse:
    scope = request_scope(request)
    venue = venues_sel.venue_get(scope=scope, venue_id=venue_id)
    try:
        venues_svc.venue_update(
            actor=request_user(request),
            scope=scope,
            venue_id=venue.pk,
            version=int_or_none(request.POST.get("version", "")),
            name=request.POST.get("name", ""),
            address=request.POST.get("address", ""),
            code=request.POST.get("code", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    assert venue.unit is not None
    return _back(venue.unit)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def venue_token_regenerate(request: HttpRequest, venue_id: int) -> HttpResponse:
    scope = request_scope(request)
    venue = venues_svc.venue_token_regenerate(
        actor=request_user(request), scope=scope, venue_id=venue_id
    )
    messages.success(
        request,
        _("%(name)s has a new QR code: print its poster again, the old one no longer works.")
        % {"name": venue.name},
    )
    assert venue.unit is not None
    return _back(venue.unit)


@login_required
@module_required(Module.OUTBREAK)
def venue_poster(request: HttpRequest, venue_id: int) -> HttpResponse:
    """One venue's A4 poster (PDF)."""
    venue = venues_sel.venue_get(scope=request_scope(request), venue_id=venue_id)
    return _pdf(posters_sel.posters_pdf([venue]), f"ma-qr-{venue.pk}.pdf")


@login_required
@module_required(Module.OUTBREAK)
def venues_posters(request: HttpRequest) -> HttpResponse:
    """Every venue of the unit with a check-in code, one page each (PDF)."""
    unit = _unit(request)
    venues = [
        v
        for v in venues_sel.venues_list(scope=request_scope(request), unit=unit)
        if v.checkin_token
    ]
    if not venues:
        raise NotFound(_("%(unit)s has no venue with a QR code yet."), unit=unit.name)
    return _pdf(posters_sel.posters_pdf(venues), f"ma-qr-{unit.code}.pdf")
