"""The assessment workbook (Excel) imported back: every row checked first (sheet, row, column
named), nothing written when any is wrong, a changed version a conflict."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_import
from dieuhanh.core.cells import unneutralise
from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    NotFound,
    ValidationFailed,
)
from dieuhanh.core.imports import ImportRefused, ImportTooLarge, RowProblem
from dieuhanh.core.scope import Scope
from dieuhanh.core.uploads import MiB, UploadLimits, rows_checked, upload_bytes
from dieuhanh.ntm.services.assessments import (
    AssessmentChange,
    AssessmentInvalid,
    ResultInput,
    ValueInput,
    assessment_save,
    parse_answer,
)

IMPORT_MAX_BYTES = 10 * 1024 * 1024
# A commune-year holds ~60 rows; a province's year ~200 communes. The cap bounds the one write
# transaction (~1.5 ms per assessment: ≤ 1.5 s, far below the 20 s other writers wait).
MAX_ASSESSMENTS = 1_000
UPLOAD_LIMITS = UploadLimits(
    max_bytes=IMPORT_MAX_BYTES, max_rows=100_000, max_columns=32, max_unpacked_bytes=64 * MiB
)

XLSX_HEADERS = (
    "Mã xã",
    "Tên xã",
    "Năm",
    "Bộ tiêu chí",
    "Mục",
    "Nội dung",
    "Chỉ tiêu",
    "Kết quả",
    "Ghi chú / minh chứng",
    "Phiên bản",
)

PLAN_ITEM = "NAM_DAT_CHUAN"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | int | Decimal):
        return str(value).replace(".", ",")
    return unneutralise(str(value).strip())


def _blank(change: AssessmentChange) -> bool:
    return (
        not any(v.text.strip() or v.note.strip() for v in change.values.values())
        and not any(r.met is not None or r.note.strip() for r in change.results.values())
        and change.plan_year is None
    )


def assessments_import_xlsx(
    *,
    actor: User | None,
    scope: Scope,
    stream: IO[bytes],
    file_name: str = "assessments.xlsx",
    dry_run: bool = False,
) -> int:
    """Import the assessment workbook (the layout `assessments_export_xlsx` writes).

    Every row is checked first; a file with any bad row imports nothing and names each
    (sheet, row, column). A `Phiên bản` that differs from the stored version is a conflict.
    Returns how many assessments were written.
    """
    from openpyxl import load_workbook

    require_import(actor, scope, Module.NTM)
    content = upload_bytes(stream, file_name=file_name, limits=UPLOAD_LIMITS)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationFailed(
            _("The file is not an Excel workbook (.xlsx): %(error)s"), error=exc
        ) from exc
    sheet = book.worksheets[0]
    rows = rows_checked(
        sheet.iter_rows(values_only=True),
        file_name=file_name,
        limits=UPLOAD_LIMITS,
        sheet=sheet.title,
    )
    header_row = 0
    problems: list[RowProblem] = []
    groups: dict[tuple[str, int, str], tuple[AssessmentChange, int | None, int]] = {}
    for index, raw in enumerate(rows, start=1):
        cells = [_cell(v) for v in raw]
        if not header_row:
            if cells[: len(XLSX_HEADERS)] == list(XLSX_HEADERS):
                header_row = index
            continue
        if not any(cells):
            continue
        cells += [""] * (len(XLSX_HEADERS) - len(cells))
        code, _name, year_text, set_code, item, _desc, _target, result, note, version = cells[:10]
        try:
            year = int(year_text)
        except ValueError:
            problems.append(
                RowProblem(
                    file_name,
                    index,
                    "Năm",
                    BilingualInvalid("năm không hợp lệ", "invalid year"),
                    sheet.title,
                )
            )
            continue
        key = (code, year, set_code)
        if key not in groups and len(groups) >= MAX_ASSESSMENTS:
            raise ImportTooLarge(
                _(
                    "%(file)s holds more than %(limit)s assessments (commune, year, criteria "
                    "set): split it into smaller files."
                ),
                file=file_name,
                limit=MAX_ASSESSMENTS,
            )
        change, expected, _first = groups.get(key, (AssessmentChange(), None, index))
        if version:
            try:
                expected = int(version)
            except ValueError:
                problems.append(
                    RowProblem(
                        file_name,
                        index,
                        "Phiên bản",
                        BilingualInvalid("không phải số", "not a number"),
                        sheet.title,
                    )
                )
        if item == PLAN_ITEM:
            change.plan_year_given = True
            if result:
                try:
                    change.plan_year = int(result)
                except ValueError:
                    problems.append(
                        RowProblem(
                            file_name,
                            index,
                            "Kết quả",
                            BilingualInvalid("năm không hợp lệ", "invalid year"),
                            sheet.title,
                        )
                    )
        elif item.upper().startswith("TC"):
            try:
                number = int(item[2:])
                met = parse_answer(result)
            except ValueError:
                problems.append(
                    RowProblem(
                        file_name,
                        index,
                        item,
                        BilingualInvalid("cần Đạt/Chưa đạt", "expected Đạt/Chưa đạt"),
                        sheet.title,
                    )
                )
                continue
            change.results[number] = ResultInput(met, note)
        elif item:
            change.values[item] = ValueInput(result, note)
        groups[key] = (change, expected, _first)
    if not header_row:
        raise ValidationFailed(
            _("No header row found: the first sheet must have the columns %(columns)s."),
            columns=", ".join(XLSX_HEADERS),
        )
    if problems:
        raise ImportRefused(file_name, problems)
    written = 0
    with transaction.atomic():
        for (code, year, set_code), (change, expected, first) in groups.items():
            if not expected and _blank(change):
                continue  # a commune left empty in the workbook: nothing to record
            try:
                assessment_save(
                    actor=actor,
                    scope=scope,
                    unit_code=code,
                    year=year,
                    change=change,
                    expected_version=expected,
                    set_code=set_code or None,
                )
            except AssessmentInvalid as exc:
                problems += [
                    RowProblem(
                        file_name,
                        first,
                        f"{code}/{year} {p.field}",
                        BilingualInvalid(p.message_vi, p.message_en),
                        sheet.title,
                    )
                    for p in exc.problems
                ]
            except (ValidationFailed, NotFound, AccessDenied, Conflict) as exc:
                problems.append(RowProblem(file_name, first, f"{code}/{year}", exc, sheet.title))
            else:
                written += 1
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused(file_name, problems)
        if dry_run:
            transaction.set_rollback(True)
    return written
