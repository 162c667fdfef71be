"""Pages of the new-rural programme: the district matrix, a commune, its assessment form,
recognitions, evidence files and the Excel exchange."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.models import Role
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Level, Region
from dieuhanh.ntm.pure.evaluation import Status
from dieuhanh.ntm.selectors import (
    assessment_view,
    assessment_years,
    assessments_export_xlsx,
    attachment_get,
    communes_under,
    formed_from,
    formed_from_many,
    matrix,
    progress,
    recognitions_of,
    tally_by_parent,
    unit_levels_on,
)
from dieuhanh.ntm.services import (
    IMPORT_MAX_BYTES,
    AssessmentChange,
    AssessmentInvalid,
    ResultInput,
    ValueInput,
    assessment_day,
    assessment_save,
    assessments_import_xlsx,
    recognition_add,
    recognition_revoke,
)
from dieuhanh.orgunits.selectors import unit_resolve, unit_roots
from dieuhanh.vn import format_number, matches


def _day(text: str | None, default: datetime.date) -> datetime.date:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            _("Invalid date: %(text)s (expected YYYY-MM-DD)."), text=text
        ) from None


def _year(text: str | None, default: int) -> int:
    if not text:
        return default
    try:
        year = int(text)
    except ValueError:
        raise ValidationFailed(_("Invalid year: %(text)s."), text=text) from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is out of range."), year=year)
    return year


def _default_unit(request: HttpRequest) -> tuple[str, datetime.date] | None:
    """The user's own unit, on today or (for a unit that no longer exists) its last day."""
    user = request_user(request)
    units = [g.unit for g in user_scopes(user=user)]
    if not units:
        units = unit_roots(on=today(), scope=request_scope(request))
    if not units:
        return None
    unit = units[0]
    on = today() if unit.valid_to is None or unit.valid_to >= today() else unit.valid_to
    return unit.code, on


def _can_capture(request: HttpRequest, path: str) -> bool:
    user = request_user(request)
    return role_can_write(user.role, Module.NTM) and request_scope(request).can_capture_path(path)


def _can_recognise(request: HttpRequest, path: str) -> bool:
    return request_user(request).role in (Role.ADMIN, Role.LEADER) and _can_capture(request, path)


@login_required
@module_required(Module.NTM)
def index(request: HttpRequest) -> HttpResponse:
    """The district (or any unit's) view: summary, commune × criterion matrix, progress,
    closest communes, most-missing criteria."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    if code:
        on = _day(request.GET.get("on"), today())
    else:
        found = _default_unit(request)
        if found is None:
            return render(request, "ntm/index.html", {"m": None})
        code, default_on = found
        on = _day(request.GET.get("on"), default_on)
    unit = unit_resolve(code=code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    years = assessment_years(units=communes)
    default_year = max((y for y in years if y <= on.year), default=on.year)
    year = _year(request.GET.get("year"), default_year)
    m = matrix(scope=scope, unit_code=code, on=on, year=year)
    by_level: dict[str, int] = {}
    for r in m.rows:
        if r.level:
            by_level[r.level] = by_level.get(r.level, 0) + 1
    steps = progress(scope=scope, unit_code=code, on=on, years=years) if years else []
    width = 300
    bars = [
        {
            "p": p,
            "y": 22 * i,
            "w": round(width * p.recognised / len(communes)) if communes else 0,
            "avg": format_number(p.met_average, 1) if p.met_average is not None else "—",
        }
        for i, p in enumerate(steps)
    ]
    parts = formed_from_many(units=[r.unit for r in m.rows], scope=scope)
    merged = [(r.unit, parts[r.unit.pk]) for r in m.rows if r.unit.pk in parts]
    status_class = {
        Status.MET: "ntm-met",
        Status.NOT_MET: "ntm-not-met",
        Status.NO_DATA: "ntm-no-data",
    }
    query = request.GET.get("q", "").strip()
    rows = [
        {
            "row": r,
            "cells": [
                {"criterion": c, "status": s, "css": status_class[s]}
                for c, s in zip(m.criteria, r.statuses, strict=True)
            ],
            "level_label": Level(r.level).label if r.level else "",
        }
        for r in m.rows
        if matches(query, r.unit.name)
    ]
    return render(
        request,
        "ntm/index.html",
        {
            "m": m,
            "rows": rows,
            "query": query,
            "tallies": tally_by_parent(m),
            "unit": unit,
            "on": on,
            "year": year,
            "years": years,
            "by_level": [(Level(k).label, v) for k, v in sorted(by_level.items())],
            "closest": m.closest(),
            "most_missing": m.most_missing(),
            "met_average": m.met_average,
            "bars": bars,
            "bar_width": width,
            "bars_height": 22 * len(bars),
            "merged": merged,
            "column_met": m.column_met,
        },
    )


@login_required
@module_required(Module.NTM)
def commune(request: HttpRequest, code: str) -> HttpResponse:
    """A commune: its recognitions (add, revoke), assessments by year, what it was formed from."""
    scope = request_scope(request)
    on = _day(request.GET.get("on"), today())
    unit = unit_resolve(code=code, on=on, scope=scope)
    years = assessment_years(units=[unit])
    levels = unit_levels_on(units=[unit], day=on)
    return render(
        request,
        "ntm/commune.html",
        {
            "unit": unit,
            "on": on,
            "years": years,
            "next_year": min(today().year, (unit.valid_to or today()).year),
            "recognitions": recognitions_of([unit]),
            "level": Level(levels[unit.pk]).label if unit.pk in levels else None,
            "formed_from": formed_from(unit=unit, scope=scope),
            "levels": Level.choices,
            "can_capture": _can_capture(request, unit.path),
            "can_recognise": _can_recognise(request, unit.path),
            "today": today(),
        },
    )


def _assessment_url(code: str, year: int, on: datetime.date) -> str:
    return reverse("ntm:assessment", args=[code, year]) + "?" + urlencode({"on": on.isoformat()})


@login_required
@module_required(Module.NTM)
def assessment(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The assessment form of a commune for a year; POST saves it (all or nothing)."""
    scope = request_scope(request)
    on = _day(request.GET.get("on"), assessment_day(year))
    errors: list[object] = []
    if request.method == "POST":
        view = assessment_view(scope=scope, unit_code=code, on=on, year=year)
        change = AssessmentChange(note=request.POST.get("note", ""), plan_year_given=True)
        plan = request.POST.get("plan_year", "").strip()
        for line in view.lines:
            for i in line.indicators:
                key = f"v-{i.indicator.code}"
                change.values[i.indicator.code] = ValueInput(
                    request.POST.get(key, ""), request.POST.get(f"n-{i.indicator.code}", "")
                )
            declared = request.POST.get(f"tc-{line.criterion.number}", "")
            change.results[line.criterion.number] = ResultInput(
                None if not declared else declared == "met",
                request.POST.get(f"tcn-{line.criterion.number}", ""),
            )
        try:
            change.plan_year = int(plan) if plan else None
            version = int(request.POST.get("version", "0"))
        except ValueError:
            raise ValidationFailed(_("The planned year must be a year, e.g. 2023.")) from None
        try:
            assessment_save(
                actor=request_user(request),
                scope=scope,
                unit_code=code,
                year=year,
                change=change,
                expected_version=version,
                on=on,
                set_code=view.criteria_set.code,
                upload=request.FILES.get("attachment"),
            )
        except AssessmentInvalid as exc:
            errors = list(exc.problems)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(_assessment_url(code, year, on))
    view = assessment_view(scope=scope, unit_code=code, on=on, year=year)
    posted = request.POST if errors else None
    return render(
        request,
        "ntm/assessment.html",
        {
            "view": view,
            "region_label": Region(view.region).label if view.region else "",
            "on": on,
            "year": year,
            "errors": errors,
            "posted": posted,
            "can_capture": _can_capture(request, view.unit.path),
        },
        status=400 if errors else 200,
    )


@login_required
@module_required(Module.NTM)
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = attachment_get(scope=request_scope(request), pk=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


@login_required
@module_required(Module.NTM)
@require_POST
def recognition_create(request: HttpRequest, code: str) -> HttpResponse:
    scope = request_scope(request)
    on = _day(request.POST.get("on"), today())
    decided = _day(request.POST.get("decision_date"), today())
    rec = recognition_add(
        actor=request_user(request),
        scope=scope,
        unit_code=code,
        on=on,
        level=request.POST.get("level", ""),
        decision_number=request.POST.get("decision_number", ""),
        decision_date=decided,
        year=_year(request.POST.get("year"), decided.year),
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
        revoked_on=_day(request.POST.get("revoked_on"), today()),
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


@login_required
@module_required(Module.NTM)
def export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    year = _year(request.GET.get("year"), today().year)
    on = _day(request.GET.get("on"), assessment_day(year))
    code = request.GET.get("unit", "").strip()
    if not code:
        raise ValidationFailed(_("Choose a unit."))
    data = assessments_export_xlsx(scope=scope, unit_code=code, on=on, year=year)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ntm-{code}-{year}.xlsx"'
    return response


@login_required
@module_required(Module.NTM)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload the assessment workbook; a file with any bad row imports nothing."""
    context: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationFailed(_("Choose a file."))
        if (upload.size or 0) > IMPORT_MAX_BYTES:
            raise ValidationFailed(_("The file is larger than 10 MB."))
        try:
            written = assessments_import_xlsx(
                actor=request_user(request),
                scope=request_scope(request),
                stream=upload,
                file_name=upload.name or "upload.xlsx",
                dry_run=bool(request.POST.get("dry_run")),
            )
        except ImportRefused as exc:
            status = exc.status_code
            context.update(
                error=exc.render(), problems=exc.problems[:500], problems_total=len(exc.problems)
            )
        else:
            messages.success(request, _("%(count)s assessment(s) imported.") % {"count": written})
            return redirect("ntm:import")
    return render(request, "ntm/import.html", context, status=status)
