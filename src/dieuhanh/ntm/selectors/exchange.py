"""The assessment workbook exported (one row per indicator, appraised criterion and planned year),
to be filled and imported back."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from dieuhanh.core.cells import neutralise_row
from dieuhanh.core.errors import NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import CriterionIndicator
from dieuhanh.ntm.pure.evaluation import Kind, Target, Value
from dieuhanh.ntm.selectors.assessments import assessments_query, evaluate
from dieuhanh.ntm.selectors.criteria_sets import (
    commune_regions,
    criteria_set_for_year,
    set_criteria,
)
from dieuhanh.ntm.selectors.recognitions import communes_under
from dieuhanh.orgunits.selectors import unit_resolve
from dieuhanh.vn import format_number

EXPORT_HEADERS = (
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

NOT_KNOWN = "chưa đủ dữ liệu"


def target_text(indicator: CriterionIndicator, target: Target | None) -> str:
    """The target as written in the decisions: "≥ 90%", "Đạt"; "chưa đủ dữ liệu" if unknown."""
    if target is None or not target.known:
        return NOT_KNOWN
    if target.kind is Kind.YES_NO:
        return "Đạt" if target.expected else "Không"
    assert target.threshold is not None
    sign = {"<=": "≤", ">=": "≥"}.get(target.op.value, target.op.value)
    suffix = "%" if target.kind is Kind.PERCENT else f" {indicator.unit_label}".rstrip()
    return f"{sign} {format_number(target.threshold.normalize())}{suffix}"


def value_text(kind: str, value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Chưa đạt"
    return format_number(value.normalize())


def assessments_export_rows(
    *, scope: Scope, unit_code: str, on: datetime.date, year: int
) -> list[tuple[object, ...]]:
    """One row per commune × (indicator, criterion result, plan year): the office's form."""
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    communes = communes_under(unit=unit, on=on, scope=scope)
    cset = criteria_set_for_year(year=year)
    if cset is None:
        raise NotFound(_("No criteria set applies to the year %(year)s."), year=year)
    criteria = set_criteria(cset)
    assessments = {
        a.unit_id: a
        for a in assessments_query().filter(unit__in=communes, year=year, criteria_set=cset)
    }
    regions = commune_regions(communes, cset)
    rows: list[tuple[object, ...]] = []
    for c in communes:
        a = assessments.get(c.pk)
        lines = evaluate(criteria=criteria, region=regions.get(c.pk, ""), assessment=a)
        version = a.version if a else 0
        head = (c.code, c.name, year, cset.code)
        for line in lines:
            for i in line.indicators:
                rows.append(
                    (
                        *head,
                        i.indicator.code,
                        i.indicator.name,
                        target_text(i.indicator, i.target),
                        value_text(i.indicator.kind, i.value),
                        i.note,
                        version,
                    )
                )
            declared = "" if line.declared is None else ("Đạt" if line.declared else "Chưa đạt")
            rows.append(
                (
                    *head,
                    f"TC{line.criterion.number}",
                    f"Tiêu chí {line.criterion.number}: {line.criterion.name} (kết quả thẩm định)",
                    "Đạt",
                    declared,
                    line.note,
                    version,
                )
            )
        rows.append(
            (
                *head,
                "NAM_DAT_CHUAN",
                "Năm phấn đấu đạt chuẩn",
                "",
                a.plan_year if a and a.plan_year else "",
                "",
                version,
            )
        )
    return rows


def assessments_export_xlsx(*, scope: Scope, unit_code: str, on: datetime.date, year: int) -> bytes:
    """The assessment workbook of the communes under a unit for a year (import takes it back)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = assessments_export_rows(scope=scope, unit_code=unit_code, on=on, year=year)
    unit = unit_resolve(code=unit_code, on=on, scope=scope)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh gia NTM"
    sheet.append([f"Đánh giá tiêu chí nông thôn mới — {unit.name} — năm {year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            "Kết quả: số theo cách viết Việt Nam (92,5), Đạt/Chưa đạt. Không sửa cột Phiên bản.",
        ]
    )
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(neutralise_row(row))
    for index, width in enumerate((9, 20, 7, 18, 14, 60, 16, 12, 30, 9), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
