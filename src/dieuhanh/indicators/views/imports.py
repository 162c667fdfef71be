"""Import of a file of values (DHIS2 JSON/CSV, the Excel template) and the template to fill."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.imports import ImportRefused
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.pure.exchange.common import FORMATS
from dieuhanh.indicators.selectors.forms import data_set_get
from dieuhanh.indicators.selectors.imports import values_export_file
from dieuhanh.indicators.services.imports import (
    IMPORT_MAX_BYTES,
    values_import_file,
    values_import_start,
)
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


@login_required
@module_required(Module.INDICATORS)
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a DHIS2 file or a filled Excel template: every faulty row, or the counts."""
    context: dict[str, object] = {"formats": FORMATS, "max_mb": IMPORT_MAX_BYTES // 2**20}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format") or None
        dry_run = bool(request.POST.get("dry_run"))
        context.update(chosen_format=fmt or "", dry_run=dry_run)
        try:
            if upload is None:
                raise ValidationFailed(_("Choose a file to import."))
            if not dry_run and (upload.size or 0) > settings.JOBS_IMPORT_INLINE_BYTES:
                # A large file: a background job, whose page shows the progress and the result.
                job = values_import_start(
                    actor=request_user(request),
                    scope=request_scope(request),
                    content=upload,
                    file_name=upload.name or "upload",
                    fmt=fmt,
                )
                return redirect("jobs:detail", job_id=job.pk)
            result = values_import_file(
                actor=request_user(request),
                scope=request_scope(request),
                content=upload,
                file_name=upload.name or "upload",
                fmt=fmt,
                dry_run=dry_run,
            )
        except ImportRefused as exc:
            status = exc.status_code
            context.update(
                error=exc.render(),
                problems=exc.problems[:500],
                problems_total=len(exc.problems),
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise
            status = exc.status_code
            context.update(error=exc.render())
        else:
            context.update(result=result)
    return render(request, "indicators/import.html", context, status=status)


@login_required
@module_required(Module.INDICATORS)
def template_download(request: HttpRequest, data_set: str, unit: str, period: str) -> HttpResponse:
    """The Excel form of a data set for a unit and period, with its stored values."""
    p = period_parse(period)
    scope = request_scope(request)
    export = values_export_file(
        unit=unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD),
        period=p,
        fmt="xlsx",
        scope=scope,
        data_set=data_set_get(code=data_set).code,
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response
