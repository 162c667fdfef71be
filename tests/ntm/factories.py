"""Helpers of the NTM tests: the communes they use (Chư Sê district), the 2016 criteria set,
assessments saved and recognitions recorded through the services, the assessment form's fields,
the exported workbook and a cell of it changed."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

from django.core.management import call_command
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import Level
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    ResultInput,
    ValueInput,
    assessment_save,
)
from dieuhanh.ntm.services.recognitions import recognition_add
from tests.conftest import BEFORE

IA_BLANG = "23962"
DUN = "23965"
IA_KO = "23977"
CHU_SE = "633"
SET_1980 = "qd-1980-2016-xa"
EVERYTHING = Scope.everything()
ON = "on=2021-07-01"


def save(
    code: str,
    values: dict[str, str] | None = None,
    results: Mapping[int, bool | None] | None = None,
    *,
    year: int = 2021,
    version: int | None = None,
    actor: User | None = None,
    scope: Scope | None = None,
    plan_year: int | None = None,
) -> int:
    """Save an assessment as the system (or `actor` with `scope`); returns its version."""
    change = AssessmentChange(
        values={k: ValueInput(v) for k, v in (values or {}).items()},
        results={k: ResultInput(v) for k, v in (results or {}).items()},
        plan_year=plan_year,
        plan_year_given=plan_year is not None,
    )
    a = assessment_save(
        actor=actor,
        scope=scope or Scope.everything(),
        unit_code=code,
        year=year,
        change=change,
        expected_version=version,
        on=BEFORE,
        set_code=SET_1980,
    )
    return a.version


ALL_MET = {n: True for n in range(1, 20)}


def recognise(
    code: str,
    day: datetime.date,
    *,
    level: str = Level.STANDARD,
    number: str = "1/QĐ-UBND",
) -> int:
    rec = recognition_add(
        actor=None,
        scope=Scope.everything(),
        unit_code=code,
        on=BEFORE,
        level=level,
        decision_number=number,
        decision_date=day,
        year=day.year,
    )
    return rec.pk


def form(version: int = 0, **extra: str) -> dict[str, str]:
    return {"version": str(version), "v-12.1": "92,5", "tc-10": "met", **extra}


def exported_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "ntm.xlsx"
    call_command(
        "ntm", "export", "--unit", CHU_SE, "--year", "2021", "--on", "2021-07-01", "-o", str(path)
    )
    return path


def set_cell(path: Path, code: str, item: str, value: str) -> None:
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == code and row[4].value == item:
            row[7].value = value
    book.save(path)
