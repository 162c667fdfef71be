"""A commune's assessment for a year: read, save, add evidence."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.selectors.assessments import AssessmentView, assessment_view
from dieuhanh.ntm.selectors.exchange import target_text, value_text
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    ResultInput,
    ValueInput,
    assessment_day,
    assessment_save,
    attachment_add,
)

router = Router(tags=["ntm"])


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
    file: File[UploadedFile],
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
