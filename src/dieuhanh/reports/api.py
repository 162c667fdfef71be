"""REST endpoints of the reports: the review as a file or its text, and the section notes."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_read
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.reports.models import Section
from dieuhanh.reports.render.files import review_file
from dieuhanh.reports.selectors import (
    FORMATS,
    ReviewRequest,
    review_document,
    review_notes_missing,
)
from dieuhanh.reports.services import review_batch_start, section_note_save

router = Router(tags=["reports"])


def _role(request: HttpRequest) -> str:
    user = request.user
    return user.role if isinstance(user, User) else ""


@router.get(
    "/reports/review",
    summary="The review of a unit and period as md, html, docx or pdf",
    response={200: bytes},
)
def review(
    request: HttpRequest,
    unit: str,
    period: str,
    format: str = "md",
    layout: str = "party",
    date: datetime.date | None = None,
) -> HttpResponse:
    if format not in FORMATS:
        raise ValidationFailed(
            _("Unknown format “%(format)s”: use md, html, docx or pdf."), format=format
        )
    document = review_document(
        scope=request_scope(request),
        role=_role(request),
        request=ReviewRequest(unit, period, layout, date),
        today=today(),
    )
    report = review_file(document, format)
    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


class NoteIn(Schema):
    unit: str
    period: str
    section: str
    text: str
    version: int | None = None


class NoteOut(Schema):
    unit: str
    period: str
    section: str
    text: str
    version: int


@router.put("/reports/notes", response=NoteOut, summary="Save the narrative of one section")
def note_save(request: HttpRequest, payload: NoteIn) -> NoteOut:
    user = request.user
    note = section_note_save(
        actor=user,
        role=_role(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        period_code=payload.period,
        section=payload.section,
        text=payload.text,
        version=payload.version,
    )
    return NoteOut(
        unit=note.unit.code,
        period=note.period,
        section=note.section,
        text=note.text,
        version=note.version,
    )


class MissingNoteOut(Schema):
    section: str
    label: str


@router.get(
    "/reports/notes/missing",
    response=list[MissingNoteOut],
    summary="The parts the review leaves out until their text is written",
)
def notes_missing(request: HttpRequest, unit: str, period: str) -> list[MissingNoteOut]:
    require_read(request.user, Module.REPORTS)
    return [
        MissingNoteOut(section=s.value, label=str(Section(s).label))
        for s in review_notes_missing(
            scope=request_scope(request), role=_role(request), unit_code=unit, period_code=period
        )
    ]


class BatchIn(Schema):
    unit: str
    period: str
    layout: str = "party"
    format: str = "docx"


class JobRef(Schema):
    id: str
    state: str
    url: str


@router.post(
    "/reports/review/batch",
    response={202: JobRef},
    summary="Start the reviews of every commune of a unit, zipped (a background job)",
)
def review_batch(request: HttpRequest, payload: BatchIn) -> Status[dict[str, str]]:
    """The job's resource (`GET /api/jobs/{id}`) shows its progress, then the zip's link."""
    job = review_batch_start(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        period_code=payload.period,
        layout=payload.layout,
        fmt=payload.format,
    )
    return Status(202, {"id": str(job.pk), "state": job.state, "url": f"/api/jobs/{job.pk}"})
