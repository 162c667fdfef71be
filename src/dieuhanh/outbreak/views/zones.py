"""Pages of zones: the map, one zone and who lives in it, drawing and closing a zone, home
locations."""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.outbreak.models import ZoneKind, ZoneShape
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors import zones as zones_sel
from dieuhanh.outbreak.selectors.persons import sees_identities
from dieuhanh.outbreak.services import zones as zones_svc
from dieuhanh.outbreak.views.common import CarePage, back_to, form_float, form_int, query_day


def _zone_feature(z: Any) -> dict[str, Any]:
    return {
        "id": z.pk,
        "name": z.name,
        "kind": z.kind,
        "shape": z.shape,
        "center": [z.center_lat, z.center_lon] if z.shape == ZoneShape.CIRCLE else None,
        "radius": z.radius_m,
        "polygon": z.polygon,
        "start": z.start.isoformat(),
        "end": z.end.isoformat() if z.end else None,
    }


@login_required
@module_required(Module.OUTBREAK)
def zones_page(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    zones = list(zones_sel.zones_list(scope=ctx.scope, unit=ctx.unit))
    # Home locations are personal data: points only for roles that see persons, each read
    # logged; a leader's map shows zones and the communes' risk levels.
    points = (
        zones_sel.map_points(scope=ctx.scope, unit=ctx.unit) if sees_identities(ctx.user) else []
    )
    if points:
        ctx.names(p.person_id for p in points)
    risk = zones_sel.risk_table(scope=ctx.scope, unit=ctx.unit, on=ctx.on)
    map_data = {
        "tiles": getattr(settings, "DIEUHANH_MAP_TILE_URL", ""),
        # The unit's centroid from the national dataset when it has one (issue 17).
        "center": (
            [ctx.unit.lat, ctx.unit.lng]
            if ctx.unit.lat is not None and ctx.unit.lng is not None
            else [13.70, 108.08]
        ),
        "zones": [_zone_feature(z) for z in zones],
        "risk": [
            {
                "name": r.unit.name,
                "level": r.level,
                "label": r.label,
                "lat": r.latitude,
                "lon": r.longitude,
                # A circle of the commune's area (km²) when the dataset gives it, in metres.
                "radius": (
                    round(math.sqrt(r.unit.area_km2 * 1e6 / math.pi)) if r.unit.area_km2 else None
                ),
            }
            for r in risk
        ],
        # Points carry no identity: role and generation only.
        "points": [
            {"lat": p.latitude, "lon": p.longitude, "role": p.role, "generation": p.generation}
            for p in points
        ],
    }
    if zones and zones[0].center_lat is not None:
        map_data["center"] = [zones[0].center_lat, zones[0].center_lon]
    return render(
        request,
        "outbreak/care/zones.html",
        ctx.context(
            zones=zones,
            risk=risk,
            map_json=json.dumps(map_data),
            kinds=ZoneKind.choices,
            shapes=ZoneShape.choices,
        ),
    )


@login_required
@module_required(Module.OUTBREAK)
def zone_page(request: HttpRequest, zone_id: int) -> HttpResponse:
    ctx = CarePage(request)
    zone = zones_sel.zone_get(scope=ctx.scope, zone_id=zone_id)
    members = zones_sel.zone_members(scope=ctx.scope, zone=zone)
    identities = sees_identities(ctx.user)
    shown = members.cases + members.contacts if identities else []
    rows = [_Row(p.person_id, p) for p in shown]
    ctx.label(rows)
    return render(
        request,
        "outbreak/care/zone.html",
        ctx.context(
            zone=zone,
            members=members,
            rows=rows,
            identities=identities,
            map_json=json.dumps(
                {
                    "tiles": getattr(settings, "DIEUHANH_MAP_TILE_URL", ""),
                    "center": [zone.center_lat, zone.center_lon]
                    if zone.center_lat is not None
                    else None,
                    "zones": [_zone_feature(zone)],
                    "points": [
                        {
                            "lat": p.latitude,
                            "lon": p.longitude,
                            "role": p.role,
                            "generation": p.generation,
                        }
                        for p in shown
                    ],
                }
            ),
        ),
    )


class _Row:
    """A zone member with its label for the page."""

    def __init__(self, person_id: int, point: zones_sel.PersonPoint) -> None:
        self.person_id = person_id
        self.point = point
        self.person_label = ""


def _polygon(text: str) -> tuple[tuple[float, float], ...]:
    """ "lat,lon; lat,lon; ..." (from the map or typed) into points."""
    points: list[tuple[float, float]] = []
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        bits = part.split(",")
        if len(bits) != 2:
            raise ValidationFailed(_("Polygon point %(n)s is not 'latitude,longitude'."), n=i + 1)
        lat, lon = form_float(bits[0], _("Latitude")), form_float(bits[1], _("Longitude"))
        if lat is None or lon is None:
            raise ValidationFailed(_("Polygon point %(n)s is not 'latitude,longitude'."), n=i + 1)
        points.append((lat, lon))
    return tuple(points)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def zone_add(request: HttpRequest) -> HttpResponse:
    ctx = CarePage(request)
    p = request.POST
    end = p.get("end", "").strip()
    data = zones_svc.ZoneInput(
        unit_code=p.get("zone_unit", "").strip() or ctx.unit.code,
        name=p.get("name", ""),
        kind=p.get("kind", ""),
        shape=p.get("shape", ""),
        start=query_day(p.get("start"), ctx.on),
        end=query_day(end, ctx.on) if end else None,
        center_lat=form_float(p.get("center_lat"), _("Latitude")),
        center_lon=form_float(p.get("center_lon"), _("Longitude")),
        radius_m=form_float(p.get("radius_m"), _("Radius")),
        polygon=_polygon(p.get("polygon", "")),
        households=form_int(p.get("households") or "0", _("Households")),
        people=form_int(p.get("people") or "0", _("People")),
        note=p.get("note", ""),
    )
    zone_id = p.get("zone_id", "").strip()
    zone = zones_svc.zone_save(
        actor=ctx.user,
        scope=ctx.scope,
        data=data,
        zone_id=form_int(zone_id, "zone") if zone_id else None,
        version=form_int(p.get("version"), _("Version")) if zone_id else None,
    )
    messages.success(request, _("Zone %(name)s saved.") % {"name": zone.name})
    return back_to(request, "care_zones", ctx)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def zone_close(request: HttpRequest, zone_id: int) -> HttpResponse:
    ctx = CarePage(request)
    zone = zones_svc.zone_close(
        actor=ctx.user,
        scope=ctx.scope,
        zone_id=zone_id,
        end=query_day(request.POST.get("end"), ctx.on),
        version=form_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Zone %(name)s saved.") % {"name": zone.name})
    return redirect(reverse("outbreak:care_zone", args=[zone_id]) + ctx.query())


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def location_set(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = CarePage(request)
    q = quarantine_sel.quarantine_get(scope=ctx.scope, quarantine_id=quarantine_id)
    lat = form_float(request.POST.get("latitude"), _("Latitude"))
    lon = form_float(request.POST.get("longitude"), _("Longitude"))
    if lat is None or lon is None:
        raise ValidationFailed(_("Give both latitude and longitude."))
    zones_svc.person_location_set(
        actor=ctx.user,
        scope=ctx.scope,
        person_id=q.person_id,
        latitude=lat,
        longitude=lon,
        household=request.POST.get("household", ""),
    )
    messages.success(request, _("Household location saved."))
    return redirect(reverse("outbreak:care_quarantine", args=[quarantine_id]) + ctx.query())
