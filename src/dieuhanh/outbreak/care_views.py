"""Pages of epidemic care: overview, contacts to quarantine, a quarantine, testing and pools,
arrivals, zones with their map, commune risk levels and "4 on-the-spot" readiness.

Every page needs module OUTBREAK; names appear only for roles that may see identities
(`identity_visible`), and every list or record showing names is logged (`person_access_log`).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve, unit_roots
from dieuhanh.outbreak.models import (
    READINESS_ITEMS,
    ArrivalOutcome,
    PersonalDataAction,
    QuarantinePlace,
    ReadinessPillar,
    SampleKind,
    ZoneKind,
    ZoneShape,
)
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors import readiness as readiness_sel
from dieuhanh.outbreak.selectors import testing as testing_sel
from dieuhanh.outbreak.selectors import zones as zones_sel
from dieuhanh.outbreak.selectors.persons import persons_names
from dieuhanh.outbreak.services import quarantine as quarantine_svc
from dieuhanh.outbreak.services import readiness as readiness_svc
from dieuhanh.outbreak.services import testing as testing_svc
from dieuhanh.outbreak.services import zones as zones_svc
from dieuhanh.outbreak.services.persons import person_access_log

DEFAULT_WINDOW_DAYS = 30


def _day(text: str | None, default: datetime.date) -> datetime.date:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            _("Invalid date: %(text)s (expected YYYY-MM-DD)."), text=text
        ) from None


def _int(text: str | None, field: str) -> int:
    try:
        return int((text or "").strip().lstrip("#"))
    except ValueError:
        raise ValidationFailed(_("%(field)s must be a whole number."), field=field) from None


def _float(text: str | None, field: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationFailed(_("%(field)s must be a number."), field=field) from None


class Ctx:
    """The unit and day a care page shows, from ?unit=CODE&on=YYYY-MM-DD."""

    def __init__(self, request: HttpRequest) -> None:
        self.user = request_user(request)
        self.scope: Scope = request_scope(request)
        given = request.GET.get("on") or request.POST.get("on")
        code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
        if given:
            self.on = _day(given, today())
        else:
            # No day asked: the latest day the unit is valid on (a unit abolished in the 2025
            # reform ends on 30 June 2025), then the last day with care activity there.
            unit = self._default_unit(code)
            self.on = quarantine_sel.care_default_day(scope=self.scope, unit=unit, today=today())
            code = code or unit.code
        if not code:
            code = self._default_unit("").code
        self.unit: OrgUnit = unit_resolve(code=code, on=self.on, scope=self.scope)
        self.can_write = role_can_write(
            self.user.role, Module.OUTBREAK
        ) and self.scope.can_capture_path(self.unit.path)

    def _default_unit(self, code: str) -> OrgUnit:
        if code:
            return unit_resolve(
                scope=self.scope, code=code, on=today(), policy=UnitPolicy.LATEST_VISIBLE
            )
        grants = list(user_scopes(user=self.user))
        roots = [g.unit for g in grants] or unit_roots(on=today(), scope=self.scope)
        if not roots:
            raise AccessDenied(_("No unit has been assigned to you yet. Ask your administrator."))
        return roots[0]

    def query(self) -> str:
        return f"?unit={self.unit.code}&on={self.on.isoformat()}"

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "on": self.on,
            "can_write": self.can_write,
            "q": self.query(),
            **extra,
        }

    def names(self, ids: Iterable[int], action: str = PersonalDataAction.LIST) -> dict[int, str]:
        """Names the user may see, each read logged; others are shown by number."""
        names = persons_names(user=self.user, scope=self.scope, ids=ids)
        if names:
            person_access_log(actor=self.user, persons=list(names), action=action)
        return names

    def label(self, *groups: Iterable[Any], action: str = PersonalDataAction.LIST) -> None:
        """Set `person_label` on every row (name when visible, else "#id"), logging reads."""
        rows = [r for g in groups for r in g]
        names = self.names((r.person_id for r in rows), action)
        for r in rows:
            r.person_label = names.get(r.person_id) or f"#{r.person_id}"


def _back(request: HttpRequest, name: str, ctx: Ctx) -> HttpResponse:
    return redirect(reverse(f"outbreak:{name}") + ctx.query())


# --- Overview --------------------------------------------------------------------------------


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    counts = dashboard_sel.care_dashboard_counts(
        scope=ctx.scope, unit_code=ctx.unit.code, on=ctx.on
    )
    quarantines = list(
        quarantine_sel.quarantines_list(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:200]
    )
    overdue = list(testing_sel.overdue_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:200])
    ctx.label(quarantines, overdue)
    return render(
        request,
        "outbreak/care/overview.html",
        ctx.context(
            counts=counts,
            quarantines=quarantines,
            overdue=overdue,
            facilities=quarantine_sel.facilities_load(scope=ctx.scope, unit=ctx.unit, on=ctx.on),
        ),
    )


# --- Contacts to quarantine ------------------------------------------------------------------


@login_required
def contacts_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    contacts = list(
        quarantine_sel.contacts_to_quarantine(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:500]
    )
    ctx.label(contacts)
    counts = dashboard_sel.care_dashboard_counts(
        scope=ctx.scope, unit_code=ctx.unit.code, on=ctx.on
    )
    return render(
        request,
        "outbreak/care/contacts.html",
        ctx.context(
            contacts=contacts,
            counts=counts,
            facilities=[
                f
                for f in quarantine_sel.facilities_load(scope=ctx.scope, unit=ctx.unit, on=ctx.on)
                if f.facility.active
            ],
        ),
    )


@login_required
@require_POST
def contacts_quarantine(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    ids = [_int(v, _("Contact")) for v in request.POST.getlist("contact")]
    vaccinated = [_int(v, _("Contact")) for v in request.POST.getlist("vaccinated")]
    facility = request.POST.get("facility", "").strip()
    created = quarantine_svc.quarantine_contacts(
        actor=ctx.user,
        scope=ctx.scope,
        contact_ids=ids,
        start=_day(request.POST.get("start"), ctx.on),
        facility_id=_int(facility, _("Facility")) if facility else None,
        vaccinated_ids=vaccinated,
    )
    messages.success(
        request,
        _("%(n)s people put into quarantine by rule %(rule)s.")
        % {"n": len(created), "rule": ", ".join(sorted({q.rule.code for q in created}))},
    )
    return _back(request, "care_contacts", ctx)


# --- One quarantine --------------------------------------------------------------------------


@login_required
def quarantine_page(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = Ctx(request)
    q = quarantine_sel.quarantine_get(scope=ctx.scope, quarantine_id=quarantine_id)
    ctx.label([q], action=PersonalDataAction.VIEW)
    return render(
        request,
        "outbreak/care/quarantine.html",
        ctx.context(
            quarantine=q,
            checks=quarantine_sel.health_checks(quarantine=q),
            tests=list(q.scheduled_tests.select_related("done_sample").order_by("due_on")),
            location=zones_sel.person_location(scope=ctx.scope, person_id=q.person_id),
            can_write=role_can_write(ctx.user.role, Module.OUTBREAK)
            and ctx.scope.can_capture_path(q.unit_path),
        ),
    )


@login_required
@require_POST
def quarantine_check(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = Ctx(request)
    raw = request.POST.get("temperature", "").strip().replace(",", ".")
    try:
        temperature = Decimal(raw) if raw else None
    except InvalidOperation:
        raise ValidationFailed(_("%(field)s must be a number."), field=_("Temperature")) from None
    quarantine_svc.health_check_record(
        actor=ctx.user,
        scope=ctx.scope,
        quarantine_id=quarantine_id,
        day=_day(request.POST.get("day"), ctx.on),
        temperature=temperature,
        symptoms=request.POST.get("symptoms") == "on",
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("Health check recorded."))
    return redirect(reverse("outbreak:care_quarantine", args=[quarantine_id]) + ctx.query())


@login_required
@require_POST
def quarantine_release(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = Ctx(request)
    quarantine_svc.quarantine_release(
        actor=ctx.user,
        scope=ctx.scope,
        quarantine_id=quarantine_id,
        on=_day(request.POST.get("released_on"), ctx.on),
        note=request.POST.get("note", ""),
        version=_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Quarantine ended."))
    return redirect(reverse("outbreak:care_quarantine", args=[quarantine_id]) + ctx.query())


# --- Testing ---------------------------------------------------------------------------------


@login_required
def testing_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    start = ctx.on - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    due = list(testing_sel.due_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on, days=1)[:300])
    overdue = list(testing_sel.overdue_tests(scope=ctx.scope, unit=ctx.unit, on=ctx.on)[:300])
    samples = list(
        testing_sel.samples_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)[:300]
    )
    ctx.label(due, overdue, samples)
    return render(
        request,
        "outbreak/care/testing.html",
        ctx.context(
            plan=testing_sel.pool_advice(scope=ctx.scope, unit=ctx.unit, on=ctx.on),
            pools=list(
                testing_sel.pools_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)
            ),
            due=due,
            overdue=overdue,
            samples=samples,
            kinds=SampleKind.choices,
        ),
    )


@login_required
@require_POST
def pool_create(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    people = [_int(v, _("Person")) for v in request.POST.getlist("person")]
    pool = testing_svc.pool_create(
        actor=ctx.user,
        scope=ctx.scope,
        unit_code=ctx.unit.code,
        code=request.POST.get("code", ""),
        collected_on=_day(request.POST.get("collected_on"), ctx.on),
        person_ids=people,
    )
    messages.success(
        request,
        _("Pool %(code)s created with %(n)s samples.") % {"code": pool.code, "n": len(people)},
    )
    return _back(request, "care_testing", ctx)


@login_required
@require_POST
def pool_result(request: HttpRequest, code: str) -> HttpResponse:
    ctx = Ctx(request)
    testing_svc.pool_result_record(
        actor=ctx.user,
        scope=ctx.scope,
        code=code,
        result=request.POST.get("result", ""),
        result_on=_day(request.POST.get("result_on"), ctx.on),
        version=_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Result of pool %(code)s recorded.") % {"code": code})
    return _back(request, "care_testing", ctx)


@login_required
@require_POST
def sample_add(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    testing_svc.sample_record(
        actor=ctx.user,
        scope=ctx.scope,
        person_id=_int(request.POST.get("person"), _("Person")),
        kind=request.POST.get("kind", ""),
        collected_on=_day(request.POST.get("collected_on"), ctx.on),
        result=request.POST.get("result", "pending") or "pending",
    )
    messages.success(request, _("Sample recorded."))
    return _back(request, "care_testing", ctx)


@login_required
@require_POST
def sample_result(request: HttpRequest, sample_id: int) -> HttpResponse:
    ctx = Ctx(request)
    testing_svc.sample_result_record(
        actor=ctx.user,
        scope=ctx.scope,
        sample_id=sample_id,
        result=request.POST.get("result", ""),
        result_on=_day(request.POST.get("result_on"), ctx.on),
        version=_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Result recorded."))
    return _back(request, "care_testing", ctx)


# --- Arrivals --------------------------------------------------------------------------------


@login_required
def arrivals_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    start = ctx.on - datetime.timedelta(days=DEFAULT_WINDOW_DAYS)
    arrivals = list(
        quarantine_sel.arrivals_list(scope=ctx.scope, unit=ctx.unit, start=start, end=ctx.on)[:300]
    )
    return render(
        request,
        "outbreak/care/arrivals.html",
        ctx.context(
            arrivals=arrivals,
            outcomes=dict(ArrivalOutcome.choices),
            start=start,
        ),
    )


@login_required
@require_POST
def arrival_add(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    p = request.POST
    facility_text = p.get("facility", "").strip()
    facility = _int(facility_text, _("Facility")) if facility_text else None
    common = {
        "origin": p.get("origin", ""),
        "origin_risk": _int(p.get("origin_risk"), _("Origin risk level")),
        "arrived_on": _day(p.get("arrived_on"), ctx.on),
        "vaccinated": p.get("vaccinated") == "on",
        "facility_id": facility,
    }
    if p.get("person", "").strip():
        arrival = quarantine_svc.arrival_register(
            actor=ctx.user,
            scope=ctx.scope,
            person_id=_int(p.get("person"), _("Person")),
            **common,  # type: ignore[arg-type]
        )
    else:
        year = p.get("birth_year", "").strip()
        arrival = quarantine_svc.arrival_register_new(
            actor=ctx.user,
            scope=ctx.scope,
            unit_code=p.get("person_unit", "").strip() or ctx.unit.code,
            full_name=p.get("full_name", ""),
            birth_year=_int(year, _("Birth year")) if year else None,
            sex=p.get("sex", "U") or "U",
            phone=p.get("phone", ""),
            village=p.get("village", ""),
            **common,  # type: ignore[arg-type]
        )
    messages.success(
        request,
        _("Arrival registered: %(outcome)s by rule %(rule)s.")
        % {
            "outcome": arrival.get_outcome_display(),
            "rule": arrival.rule.code if arrival.rule else "—",
        },
    )
    return _back(request, "care_arrivals", ctx)


# --- Zones and risk --------------------------------------------------------------------------


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
def zones_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    zones = list(zones_sel.zones_list(scope=ctx.scope, unit=ctx.unit))
    points = zones_sel.map_points(scope=ctx.scope, unit=ctx.unit)
    risk = zones_sel.risk_table(scope=ctx.scope, unit=ctx.unit, on=ctx.on)
    map_data = {
        "tiles": getattr(settings, "DIEUHANH_MAP_TILE_URL", ""),
        "center": [13.70, 108.08],
        "zones": [_zone_feature(z) for z in zones],
        "risk": [
            {
                "name": r.unit.name,
                "level": r.level,
                "label": r.label,
                "lat": r.latitude,
                "lon": r.longitude,
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
def zone_page(request: HttpRequest, zone_id: int) -> HttpResponse:
    ctx = Ctx(request)
    zone = zones_sel.zone_get(scope=ctx.scope, zone_id=zone_id)
    members = zones_sel.zone_members(scope=ctx.scope, zone=zone)
    rows = [_Row(p.person_id, p) for p in members.cases + members.contacts]
    ctx.label(rows)
    return render(
        request,
        "outbreak/care/zone.html",
        ctx.context(
            zone=zone,
            members=members,
            rows=rows,
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
                        for p in members.cases + members.contacts
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
        lat, lon = _float(bits[0], _("Latitude")), _float(bits[1], _("Longitude"))
        if lat is None or lon is None:
            raise ValidationFailed(_("Polygon point %(n)s is not 'latitude,longitude'."), n=i + 1)
        points.append((lat, lon))
    return tuple(points)


@login_required
@require_POST
def zone_add(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    p = request.POST
    end = p.get("end", "").strip()
    data = zones_svc.ZoneInput(
        unit_code=p.get("zone_unit", "").strip() or ctx.unit.code,
        name=p.get("name", ""),
        kind=p.get("kind", ""),
        shape=p.get("shape", ""),
        start=_day(p.get("start"), ctx.on),
        end=_day(end, ctx.on) if end else None,
        center_lat=_float(p.get("center_lat"), _("Latitude")),
        center_lon=_float(p.get("center_lon"), _("Longitude")),
        radius_m=_float(p.get("radius_m"), _("Radius")),
        polygon=_polygon(p.get("polygon", "")),
        households=_int(p.get("households") or "0", _("Households")),
        people=_int(p.get("people") or "0", _("People")),
        note=p.get("note", ""),
    )
    zone_id = p.get("zone_id", "").strip()
    zone = zones_svc.zone_save(
        actor=ctx.user,
        scope=ctx.scope,
        data=data,
        zone_id=_int(zone_id, "zone") if zone_id else None,
        version=_int(p.get("version"), _("Version")) if zone_id else None,
    )
    messages.success(request, _("Zone %(name)s saved.") % {"name": zone.name})
    return _back(request, "care_zones", ctx)


@login_required
@require_POST
def zone_close(request: HttpRequest, zone_id: int) -> HttpResponse:
    ctx = Ctx(request)
    zone = zones_svc.zone_close(
        actor=ctx.user,
        scope=ctx.scope,
        zone_id=zone_id,
        end=_day(request.POST.get("end"), ctx.on),
        version=_int(request.POST.get("version"), _("Version")),
    )
    messages.success(request, _("Zone %(name)s saved.") % {"name": zone.name})
    return redirect(reverse("outbreak:care_zone", args=[zone_id]) + ctx.query())


@login_required
@require_POST
def location_set(request: HttpRequest, quarantine_id: int) -> HttpResponse:
    ctx = Ctx(request)
    q = quarantine_sel.quarantine_get(scope=ctx.scope, quarantine_id=quarantine_id)
    lat = _float(request.POST.get("latitude"), _("Latitude"))
    lon = _float(request.POST.get("longitude"), _("Longitude"))
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


# --- Readiness -------------------------------------------------------------------------------


@login_required
def readiness_page(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
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
@require_POST
def readiness_save(request: HttpRequest) -> HttpResponse:
    ctx = Ctx(request)
    p = request.POST
    version = p.get("version", "").strip()
    with transaction.atomic():
        readiness_svc.readiness_set(
            actor=ctx.user,
            scope=ctx.scope,
            unit_code=p.get("item_unit", "").strip() or ctx.unit.code,
            on=ctx.on,
            item=p.get("item", ""),
            required=_int(p.get("required"), _("Required")),
            available=_int(p.get("available"), _("Available")),
            note=p.get("note", ""),
            version=_int(version, _("Version")) if version else None,
        )
    messages.success(request, _("Readiness saved."))
    return _back(request, "care_readiness", ctx)


QUARANTINE_PLACES = dict(QuarantinePlace.choices)
