"""The assessment workbook: export, and import back (a file with any bad row imports nothing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Router
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.selectors.exchange import assessments_export_xlsx
from dieuhanh.ntm.services.assessments import assessment_day
from dieuhanh.ntm.services.exchange import assessments_import_xlsx

router = Router(tags=["ntm"])


@router.get("/ntm/export", summary="The assessment workbook (.xlsx) of a unit for a year")
@module_required(Module.NTM)
def export_get(
    request: HttpRequest, unit: str, year: int, on: datetime.date | None = None
) -> HttpResponse:
    data = assessments_export_xlsx(
        scope=request_scope(request), unit_code=unit, on=on or assessment_day(year), year=year
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ntm-{unit}-{year}.xlsx"'
    return response


@router.post(
    "/ntm/import",
    summary="Import the assessment workbook (multipart `file`); a bad row imports nothing",
)
@module_required(Module.NTM)
def import_post(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = False,
) -> Any:
    written = assessments_import_xlsx(
        actor=request_user(request),
        scope=request_scope(request),
        stream=file,
        file_name=file.name or "upload.xlsx",
        dry_run=dry_run,
    )
    return {"written": written, "dry_run": dry_run}
