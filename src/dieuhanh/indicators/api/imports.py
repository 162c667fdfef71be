"""Import (DHIS2 JSON/CSV, the Excel template; a file with any bad row imports nothing) and export
of values."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import request_scope
from dieuhanh.indicators.selectors.imports import values_export_file
from dieuhanh.indicators.services.imports import values_import_file, values_import_start
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["indicators"])


class ImportOut(Schema):
    file: str
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int


class JobRef(Schema):
    id: str
    state: str
    url: str


@router.post(
    "/import",
    response={200: ImportOut, 202: JobRef},
    summary="Import values: DHIS2 JSON or CSV, or a filled Excel template (multipart `file`)",
)
@module_required(Module.INDICATORS)
def import_values(
    request: HttpRequest,
    file: File[UploadedFile],
    format: str | None = None,
    dry_run: bool = False,
) -> dict[str, Any] | Status[dict[str, str]]:
    """A file larger than JOBS_IMPORT_INLINE_BYTES (1 MiB) is imported by a background job:
    202 and the job's resource (`GET /api/jobs/{id}`), whose result holds the counts."""
    user = request_user(request)
    if not dry_run and (file.size or 0) > settings.JOBS_IMPORT_INLINE_BYTES:
        job = values_import_start(
            actor=user,
            scope=request_scope(request),
            content=file,
            file_name=file.name or "upload",
            fmt=format or None,
        )
        return Status(202, {"id": str(job.pk), "state": job.state, "url": f"/api/jobs/{job.pk}"})
    result = values_import_file(
        actor=user,
        scope=request_scope(request),
        content=file,
        file_name=file.name or "upload",
        fmt=format or None,
        dry_run=dry_run,
    )
    return result.as_dict()


@router.get(
    "/export",
    summary="Export values of a unit's subtree and period (dhis2-json, dhis2-csv) or its "
    "filled Excel form (xlsx, with data_set)",
)
@module_required(Module.INDICATORS)
def export_values(
    request: HttpRequest,
    unit: str,
    period: str,
    format: str = "dhis2-json",
    data_set: str | None = None,
) -> HttpResponse:
    p = period_parse(period)
    scope = request_scope(request)
    export = values_export_file(
        unit=unit_resolve(code=unit, on=p, scope=scope, policy=UnitPolicy.IN_PERIOD),
        period=p,
        fmt=format,
        scope=scope,
        data_set=data_set,
    )
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response
