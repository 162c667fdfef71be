"""Endpoints of the venue register: list, create, edit, a new check-in code, and the QR posters
(one venue, or every venue of a unit) as PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import Venue
from dieuhanh.outbreak.selectors import posters as posters_sel
from dieuhanh.outbreak.selectors import venues as venues_sel
from dieuhanh.outbreak.services import venues as venues_svc

router = Router(tags=["outbreak venues"])


class VenueIn(Schema):
    unit: str
    name: str
    address: str = ""
    code: str = ""


class VenueChange(Schema):
    name: str
    address: str = ""
    code: str = ""
    version: int


class VenueOut(Schema):
    id: int
    unit: str
    name: str
    address: str
    code: str
    checkin_url: str | None
    version: int


def _out(v: Venue) -> dict[str, Any]:
    return {
        "id": v.pk,
        "unit": v.unit.code if v.unit else "",
        "name": v.name,
        "address": v.address,
        "code": v.code,
        "checkin_url": venues_sel.checkin_url(v) if v.checkin_token else None,
        "version": v.version,
    }


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/outbreak/venues", response=list[VenueOut])
@module_required(Module.OUTBREAK)
def venues(request: HttpRequest, unit: str) -> list[dict[str, Any]]:
    """The venues of a unit's subtree with their check-in URLs (what the QR codes carry)."""
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE)
    return [_out(v) for v in venues_sel.venues_list(scope=scope, unit=u)]


@router.post("/outbreak/venues", response={201: VenueOut})
@module_required(Module.OUTBREAK)
def venue_create(request: HttpRequest, payload: VenueIn) -> Status[dict[str, Any]]:
    scope = request_scope(request)
    u = unit_resolve(code=payload.unit, on=today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE)
    v = venues_svc.venue_create(
        actor=request_user(request),
        scope=scope,
        unit=u,
        name=payload.name,
        address=payload.address,
        code=payload.code,
    )
    return Status(201, _out(v))


@router.put("/outbreak/venues/{venue_id}", response=VenueOut)
@module_required(Module.OUTBREAK)
def venue_update(request: HttpRequest, venue_id: int, payload: VenueChange) -> dict[str, Any]:
    v = venues_svc.venue_update(
        actor=request_user(request),
        scope=request_scope(request),
        venue_id=venue_id,
        version=payload.version,
        name=payload.name,
        address=payload.address,
        code=payload.code,
    )
    return _out(v)


@router.post("/outbreak/venues/{venue_id}/token", response=VenueOut)
@module_required(Module.OUTBREAK)
def venue_token(request: HttpRequest, venue_id: int) -> dict[str, Any]:
    """A new check-in code: posters printed before stop working."""
    v = venues_svc.venue_token_regenerate(
        actor=request_user(request), scope=request_scope(request), venue_id=venue_id
    )
    return _out(v)


@router.get("/outbreak/venues/{venue_id}/poster")
@module_required(Module.OUTBREAK)
def venue_poster(request: HttpRequest, venue_id: int) -> HttpResponse:
    """The venue's A4 QR poster (PDF)."""
    v = venues_sel.venue_get(scope=request_scope(request), venue_id=venue_id)
    return _pdf(posters_sel.posters_pdf([v]), f"ma-qr-{v.pk}.pdf")


@router.get("/outbreak/venues-posters")
@module_required(Module.OUTBREAK)
def venues_posters(request: HttpRequest, unit: str) -> HttpResponse:
    """Every venue of the unit with a check-in code, one A4 page each (PDF)."""
    scope = request_scope(request)
    u = unit_resolve(code=unit, on=today(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE)
    found = [v for v in venues_sel.venues_list(scope=scope, unit=u) if v.checkin_token]
    if not found:
        raise NotFound(_("%(unit)s has no venue with a QR code yet."), unit=u.name)
    return _pdf(posters_sel.posters_pdf(found), f"ma-qr-{u.code}.pdf")
