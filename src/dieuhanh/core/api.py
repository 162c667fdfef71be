"""Reporting periods over the API: span, Decree 09/2019 cut-off window, same period last year."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from dieuhanh.core.periods import period_document, period_parse

router = Router(tags=["periods"])


class PeriodOut(Schema):
    code: str
    kind: str
    label_vi: str
    label_en: str
    start: str
    end: str
    cutoff_start: str
    cutoff_end: str
    same_period_last_year: str
    previous: str
    next: str
    subperiods: dict[str, list[str]]


@router.get("/periods/{code}", response=PeriodOut, summary="One reporting period (DHIS2 code)")
def period_detail(request: HttpRequest, code: str) -> dict[str, object]:
    return period_document(period_parse(code))
