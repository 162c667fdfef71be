"""Báo cáo: choose a unit and period, read the review on screen, download it, write the notes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.permissions import Module, require_read
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError
from dieuhanh.core.periods import period_parse
from dieuhanh.core.replica import reads_from_replica
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.review import values_opening
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import Period, PeriodKind
from dieuhanh.reports.models import Section
from dieuhanh.reports.render.files import review_file
from dieuhanh.reports.render.html import render_body
from dieuhanh.reports.selectors import (
    FORMATS,
    ReviewRequest,
    notes_for,
    notes_missing,
    review_document,
    review_notes_missing,
    section_readable,
    section_writable,
)
from dieuhanh.reports.services import NoteConflict, review_batch_start, section_note_save


def _default_period() -> Period:
    return Period.containing(today(), PeriodKind.HALF_YEAR).previous()


def _choice(request: HttpRequest) -> tuple[str, Period]:
    """The unit code and period asked for; by default the user's own unit and the latest
    half-year with data there."""
    scope = request_scope(request)
    code = request.GET.get("unit", "").strip()
    requested = request.GET.get("period", "").strip()
    if not code:
        home, opening = values_opening(user=request_user(request), scope=scope, today=today())
        if home is not None:
            code = home.code
            requested = requested or opening.code
    return code, period_parse(requested or _default_period().code)


def _issued_on(request: HttpRequest) -> datetime.date | None:
    raw = request.GET.get("date", "").strip()
    if not raw:
        return None
    from dieuhanh.core.commands import parse_day

    return parse_day(raw)


@reads_from_replica
@login_required
def review_page(request: HttpRequest) -> HttpResponse:
    require_read(request.user, Module.REPORTS)
    code, period = _choice(request)
    layout = request.GET.get("layout", "party")
    context: dict[str, object] = {
        "code": code,
        "period": period,
        "layout": layout,
        "formats": FORMATS,
        "date": request.GET.get("date", ""),
    }
    if code:
        # The picker shows the unit's name; the document resolves (and refuses) the code itself.
        context["unit"] = unit_resolve(
            code=code, on=period, scope=request_scope(request), policy=UnitPolicy.IN_PERIOD
        )
        document = review_document(
            scope=request_scope(request),
            role=request_user(request).role,
            request=ReviewRequest(code, period.code, layout, _issued_on(request)),
            today=today(),
        )
        # render_body escapes every text it is given; the SVG chart holds no script.
        context["report_html"] = mark_safe(render_body(document))  # noqa: S308
        context["missing_notes"] = review_notes_missing(
            scope=request_scope(request),
            role=request_user(request).role,
            unit_code=code,
            period_code=period.code,
        )
    return render(request, "reports/review.html", context)


@reads_from_replica
@login_required
def review_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_read(request.user, Module.REPORTS)
    if fmt not in FORMATS:
        return HttpResponse(status=404)
    code, period = _choice(request)
    document = review_document(
        scope=request_scope(request),
        role=request_user(request).role,
        request=ReviewRequest(
            code, period.code, request.GET.get("layout", "party"), _issued_on(request)
        ),
        today=today(),
    )
    report = review_file(document, fmt)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


@login_required
@require_POST
def review_batch(request: HttpRequest) -> HttpResponse:
    """The review of every commune of the unit, zipped, as a background job: the user is taken
    to the job's page, which shows the progress and then the download."""
    job = review_batch_start(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=request.POST.get("unit", "").strip(),
        period_code=request.POST.get("period", "").strip(),
        layout=request.POST.get("layout", "party"),
        fmt=request.POST.get("format", "docx"),
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def notes_page(request: HttpRequest) -> HttpResponse:
    """The narrative of each section for a unit and period, for those who write it."""
    require_read(request.user, Module.REPORTS)
    user = request_user(request)
    scope = request_scope(request)
    code, period = _choice(request)
    if request.method == "POST":
        code = request.POST.get("unit", code)
        period = period_parse(request.POST.get("period", period.code))
        section = request.POST.get("section", "")
        raw_version = request.POST.get("version", "")
        try:
            section_note_save(
                actor=user,
                role=user.role,
                scope=scope,
                unit_code=code,
                period_code=period.code,
                section=section,
                text=request.POST.get("text", ""),
                version=int(raw_version) if raw_version.isdigit() else None,
            )
        except NoteConflict as exc:
            messages.error(request, exc.render())
            request.session["reports_conflict"] = {"section": section, "yours": exc.yours}
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{request.path}?unit={code}&period={period.code}#section-{section}")
    unit = (
        unit_resolve(code=code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
        if code
        else None
    )
    notes = notes_for(unit=unit, period=period) if unit else {}
    conflict = request.session.pop("reports_conflict", None)
    sections = []
    for section in Section:
        if not section_readable(user.role, section):
            continue
        note = notes.get(section.value)
        sections.append(
            {
                "key": section.value,
                "label": section.label,
                "note": note,
                "writable": unit is not None
                and section_writable(user.role, section)
                and scope.can_capture_path(unit.path),
                "yours": conflict["yours"]
                if conflict and conflict.get("section") == section.value
                else None,
            }
        )
    missing = notes_missing(notes=notes, role=user.role) if unit else []
    return render(
        request,
        "reports/notes.html",
        {
            "code": code,
            "period": period,
            "unit": unit,
            "sections": sections,
            "missing_notes": missing,
        },
    )
