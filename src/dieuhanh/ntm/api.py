"""REST endpoints of ntm: summary, matrix, assessments (read, save), recognitions, export."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Level
from dieuhanh.ntm.selectors import (
    AssessmentView,
    assessment_view,
    assessments_export_xlsx,
    communes_under,
    matrix,
    ntm_review_section,
    recognitions_of,
    summary,
    target_text,
    value_text,
)
from dieuhanh.ntm.services import (
    IMPORT_MAX_BYTES,
    AssessmentChange,
    ResultInput,
    ValueInput,
    assessment_day,
    assessment_save,
    assessments_import_xlsx,
    attachment_add,
    recognition_add,
    recognition_revoke,
)
from dieuhanh.orgunits.selectors import unit_resolve

router = Router(tags=["ntm"])


class RecognitionBriefOut(Schema):
    level: str
    decision_number: str
    decision_date: str
    revoked_on: str | None


class FormedFromOut(Schema):
    code: str
    name: str
    date: str
    basis: str
    level_at_merger: str | None
    recognitions: list[RecognitionBriefOut]


class CommuneOut(Schema):
    code: str
    name: str
    in_programme: bool
    criteria_met: int | None
    criteria_no_data: int | None
    level: str | None
    plan_year: int | None
    formed_from: list[FormedFromOut]


class SummaryOut(Schema):
    unit: str
    name: str
    on: str
    year: int
    criteria_set: str | None
    criteria_total: int
    communes: int
    rural_communes: int
    recognised: int
    recognised_by_level: dict[str, int]
    per_commune: list[CommuneOut]


@router.get(
    "/ntm/summary",
    response=SummaryOut,
    summary="Communes, recognised communes and criteria met of a unit",
)
@module_required(Module.NTM)
def summary_get(request: HttpRequest, unit: str, on: datetime.date | None = None) -> Any:
    return summary(scope=request_scope(request), unit_code=unit, on=on or today())


@router.get("/ntm/matrix", summary="Commune × criterion statuses of a unit for a year")
@module_required(Module.NTM)
def matrix_get(
    request: HttpRequest, unit: str, on: datetime.date | None = None, year: int | None = None
) -> Any:
    m = matrix(scope=request_scope(request), unit_code=unit, on=on or today(), year=year)
    return {
        "unit": m.unit.code,
        "on": m.on.isoformat(),
        "year": m.year,
        "criteria_set": m.criteria_set.code if m.criteria_set else None,
        "criteria": [{"number": c.number, "name": c.name} for c in m.criteria],
        "rows": [
            {
                "code": r.unit.code,
                "name": r.unit.name,
                "statuses": [str(s) for s in r.statuses],
                "met": r.met if r.assessment else None,
                "level": r.level,
                "plan_year": r.plan_year,
            }
            for r in m.rows
        ],
        "column_met": m.column_met,
    }


def _assessment_dict(view: AssessmentView) -> dict[str, Any]:
    return {
        "unit": view.unit.code,
        "name": view.unit.name,
        "year": view.year,
        "criteria_set": view.criteria_set.code,
        "region": view.region,
        "version": view.version,
        "plan_year": view.assessment.plan_year if view.assessment else None,
        "note": view.assessment.note if view.assessment else "",
        "criteria_met": view.met,
        "criteria_total": view.total,
        "criteria": [
            {
                "number": line.criterion.number,
                "name": line.criterion.name,
                "status": str(line.status),
                "source": str(line.source),
                "declared": line.declared,
                "note": line.note,
                "indicators": [
                    {
                        "code": i.indicator.code,
                        "name": i.indicator.name,
                        "kind": i.indicator.kind,
                        "target": target_text(i.indicator, i.target),
                        "value": value_text(i.indicator.kind, i.value),
                        "note": i.note,
                        "met": i.met,
                    }
                    for i in line.indicators
                ],
            }
            for line in view.lines
        ],
        "attachments": [a.name for a in view.attachments],
    }


@router.get("/ntm/assessments/{code}/{year}", summary="A commune's assessment for a year")
@module_required(Module.NTM)
def assessment_get(
    request: HttpRequest, code: str, year: int, on: datetime.date | None = None
) -> Any:
    view = assessment_view(
        scope=request_scope(request), unit_code=code, on=on or assessment_day(year), year=year
    )
    return _assessment_dict(view)


class ValueIn(Schema):
    value: str  # as typed: "92,5", "Đạt", "Chưa đạt"; blank clears
    note: str = ""


class ResultIn(Schema):
    met: bool | None = None
    note: str = ""


class AssessmentIn(Schema):
    version: int  # the version read (0: none existed)
    values: dict[str, ValueIn] = {}
    results: dict[int, ResultIn] = {}
    plan_year: int | None = None
    note: str | None = None


@router.put("/ntm/assessments/{code}/{year}", summary="Save a commune's assessment for a year")
@module_required(Module.NTM)
def assessment_put(
    request: HttpRequest, code: str, year: int, body: AssessmentIn, on: datetime.date | None = None
) -> Any:
    scope = request_scope(request)
    day = on or assessment_day(year)
    current = assessment_view(scope=scope, unit_code=code, on=day, year=year)
    change = AssessmentChange(
        values={k: ValueInput(v.value, v.note) for k, v in body.values.items()},
        results={k: ResultInput(v.met, v.note) for k, v in body.results.items()},
        plan_year=body.plan_year,
        plan_year_given="plan_year" in body.model_fields_set,
        note=body.note,
    )
    assessment_save(
        actor=request_user(request),
        scope=scope,
        unit_code=code,
        year=year,
        change=change,
        expected_version=body.version,
        on=day,
        set_code=current.criteria_set.code,
    )
    return _assessment_dict(assessment_view(scope=scope, unit_code=code, on=day, year=year))


@router.post(
    "/ntm/assessments/{code}/{year}/attachments",
    summary="Attach a file of evidence to a commune's assessment (multipart `file`)",
)
@module_required(Module.NTM)
def attachment_post(
    request: HttpRequest,
    code: str,
    year: int,
    file: UploadedFile = File(...),  # noqa: B008
    on: datetime.date | None = None,
) -> Any:
    scope = request_scope(request)
    view = assessment_view(scope=scope, unit_code=code, on=on or assessment_day(year), year=year)
    if view.assessment is None:
        raise ValidationFailed(_("Save the assessment before attaching evidence."))
    attachment = attachment_add(
        actor=request_user(request), scope=scope, assessment_id=view.assessment.pk, upload=file
    )
    return {"id": attachment.pk, "name": attachment.name}


def _recognition_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "unit": r.unit.code,
        "name": r.unit.name,
        "level": r.level,
        "level_label": str(Level(r.level).label),
        "decision_number": r.decision_number,
        "decision_date": r.decision_date.isoformat(),
        "year": r.year,
        "issuer": r.issuer,
        "revoked_on": r.revoked_on.isoformat() if r.revoked_on else None,
        "revocation_decision": r.revocation_decision,
        "version": r.version,
    }


@router.get("/ntm/recognitions", summary="Recognitions of the communes under a unit")
@module_required(Module.NTM)
def recognitions_get(request: HttpRequest, unit: str, on: datetime.date | None = None) -> Any:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope)
    return [
        _recognition_dict(r) for r in recognitions_of(communes_under(unit=u, on=day, scope=scope))
    ]


class RecognitionIn(Schema):
    unit: str
    on: datetime.date | None = None
    level: str
    decision_number: str
    decision_date: datetime.date
    year: int
    issuer: str = ""
    note: str = ""


@router.post("/ntm/recognitions", summary="Record a recognition decision")
@module_required(Module.NTM)
def recognition_post(request: HttpRequest, body: RecognitionIn) -> Any:
    rec = recognition_add(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=body.unit,
        on=body.on or body.decision_date,
        level=body.level,
        decision_number=body.decision_number,
        decision_date=body.decision_date,
        year=body.year,
        issuer=body.issuer,
        note=body.note,
    )
    return _recognition_dict(rec)


class RevokeIn(Schema):
    version: int
    revoked_on: datetime.date
    decision: str
    reason: str = ""


@router.post("/ntm/recognitions/{rid}/revoke", summary="Revoke a recognition")
@module_required(Module.NTM)
def recognition_revoke_post(request: HttpRequest, rid: int, body: RevokeIn) -> Any:
    rec = recognition_revoke(
        actor=request_user(request),
        scope=request_scope(request),
        recognition_id=rid,
        revoked_on=body.revoked_on,
        decision=body.decision,
        reason=body.reason,
        expected_version=body.version,
    )
    return _recognition_dict(rec)


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
    file: UploadedFile = File(...),  # noqa: B008
    dry_run: bool = False,
) -> Any:
    if file.size is not None and file.size > IMPORT_MAX_BYTES:
        raise ValidationFailed(_("The file is larger than 10 MB."))
    written = assessments_import_xlsx(
        actor=request_user(request),
        scope=request_scope(request),
        stream=file,
        file_name=file.name or "upload.xlsx",
        dry_run=dry_run,
    )
    return {"written": written, "dry_run": dry_run}


@router.get("/ntm/review-section", summary="The new-rural section of the review report")
@module_required(Module.NTM)
def review_section_get(
    request: HttpRequest, unit: str, start: datetime.date, end: datetime.date
) -> Any:
    section = ntm_review_section(scope=request_scope(request), unit_code=unit, start=start, end=end)
    if section is None:
        return None
    doc = asdict(section)
    doc["on"] = section.on.isoformat()
    doc["start"] = section.start.isoformat()
    doc["recognised_in_period"] = [
        {"commune": n, "decision": d, "date": day.isoformat(), "level": lv}
        for n, d, day, lv in section.recognised_in_period
    ]
    doc["closest"] = [{"commune": n, "met": m, "total": t} for n, m, t in section.closest]
    doc["most_missing"] = [{"criterion": n, "communes": c} for n, c in section.most_missing]
    return doc
