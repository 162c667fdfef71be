"""Check-in and case imports (CSV uploads; a refused file imports nothing)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.services import imports as imports_svc

router = Router(tags=["outbreak"])


class ImportOut(Schema):
    file: str
    rows: int
    created: int
    dry_run: bool


class CheckinsImportOut(ImportOut):
    persons_registered: int
    venues_registered: int


@router.post("/outbreak/checkins/import", response=CheckinsImportOut)
@module_required(Module.OUTBREAK)
def checkins_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = False,
    columns: str = "",
    person_kind: str = "auto",
    venue_kind: str = "auto",
    unit: str = "",
) -> dict[str, object]:
    """CSV person_id,venue_id,checked_in_at,checked_out_at (ISO 8601 with offset), or the
    file's own header named by `columns` (person=so_dien_thoai,venue=ma_qr,…). Persons and
    venues are internal ids or external identifiers (`person_kind`, `venue_kind`; auto tells
    each value); unknown persons are registered pseudonymously in `unit` (a unit code; by
    default your one unit), unknown venues from the file."""
    scope = request_scope(request)
    home = (
        unit_resolve(
            code=unit, on=timezone.localdate(), scope=scope, policy=UnitPolicy.LATEST_VISIBLE
        )
        if unit
        else None
    )
    done = imports_svc.checkins_import(
        actor=request_user(request),
        scope=scope,
        content=file,
        file_name=file.name or "checkins.csv",
        dry_run=dry_run,
        columns=columns,
        person_kind=person_kind,
        venue_kind=venue_kind,
        unit=home,
    )
    return done.as_dict()


@router.post("/outbreak/cases/import", response=ImportOut)
@module_required(Module.OUTBREAK)
def cases_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: bool = False,
    columns: str = "",
    person_kind: str = "auto",
) -> dict[str, object]:
    """CSV person_id,confirmed_at,onset_date,sampled_at,isolated_at; `columns` names the file's
    own header (person=so_dien_thoai,…); the person column holds internal ids or identifiers of
    registered persons (`person_kind`, auto by default)."""
    done = imports_svc.cases_import(
        actor=request_user(request),
        scope=request_scope(request),
        content=file,
        file_name=file.name or "cases.csv",
        dry_run=dry_run,
        columns=columns,
        person_kind=person_kind,
    )
    return done.as_dict()
