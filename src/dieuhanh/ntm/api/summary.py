"""The district's summary and matrix, and the review report's new-rural section."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.selectors.summary import matrix, ntm_review_section, summary

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
