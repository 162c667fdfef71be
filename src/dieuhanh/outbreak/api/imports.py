"""Check-in and case imports (CSV uploads; a refused file imports nothing)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.services import imports as imports_svc

router = Router(tags=["outbreak"])


class ImportOut(Schema):
    file: str
    rows: int
    created: int
    dry_run: bool


@router.post("/outbreak/checkins/import", response=ImportOut)
@module_required(Module.OUTBREAK)
def checkins_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = False,
) -> dict[str, object]:
    """CSV person_id,venue_id,checked_in_at,checked_out_at (ISO 8601 with offset)."""
    done = imports_svc.checkins_import(
        actor=request_user(request),
        scope=request_scope(request),
        content=file,
        file_name=file.name or "checkins.csv",
        dry_run=dry_run,
    )
    return done.as_dict()


@router.post("/outbreak/cases/import", response=ImportOut)
@module_required(Module.OUTBREAK)
def cases_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = False,
) -> dict[str, object]:
    """CSV person_id,confirmed_at,onset_date,sampled_at,isolated_at."""
    done = imports_svc.cases_import(
        actor=request_user(request),
        scope=request_scope(request),
        content=file,
        file_name=file.name or "cases.csv",
        dry_run=dry_run,
    )
    return done.as_dict()
