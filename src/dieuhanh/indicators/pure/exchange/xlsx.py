"""The Excel template officials fill (one sheet per form, values typed the Vietnamese way), written
and read back; a workbook that is not the system's template, or unpacks to too much, is refused."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dieuhanh.core.cells import neutralise, unneutralise
from dieuhanh.indicators.pure.exchange.common import (
    STATUS_LABELS,
    ExchangeError,
    Problem,
    RawValue,
    format_machine_number,
)
from dieuhanh.vn import fold

TEMPLATE_KIND: Final = "dieuhanh-values-template"

META_SHEET: Final = "_dieuhanh"

HEADER_ROW: Final = 3

FIRST_ROW: Final = 4

COLUMNS: Final = (
    ("Mã chỉ tiêu", 16),
    ("Phân tổ", 15),
    ("Tên chỉ tiêu", 48),
    ("Đơn vị tính", 12),
    ("Giá trị", 16),
    ("Tình trạng (ước / thực hiện)", 16),
    ("Ghi chú", 36),
)

_COL_CODE, _COL_OPTION, _COL_NAME, _COL_UOM, _COL_VALUE, _COL_STATUS, _COL_COMMENT = range(7)

_MAX_UNPACKED: Final = 64 * 1024 * 1024  # the upload guard (core.uploads) refuses first


@dataclass(frozen=True)
class TemplateRow:
    indicator: str
    option: str
    name: str
    unit_of_measure: str
    value: Decimal | None = None
    status: str = ""
    comment: str = ""
    decimals: int = 2


@dataclass(frozen=True)
class TemplateSheet:
    period: str
    label: str
    rows: list[TemplateRow] = field(default_factory=list)


@dataclass(frozen=True)
class Template:
    """A data set's form for one unit and period: one sheet per form period."""

    data_set: str
    data_set_name: str
    unit: str
    unit_name: str
    period: str
    period_label: str
    sheets: list[TemplateSheet] = field(default_factory=list)


def _set_text(cell: Any, text: str) -> None:
    cell.value = neutralise(text)
    cell.data_type = "s"


def write_values_xlsx(template: Template) -> bytes:
    """The workbook officials fill: one sheet per form period (named by its code), a row per
    indicator and option with its current value, and a hidden sheet saying what it is for."""
    book = Workbook()
    default = book.active
    book.remove(default)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for sheet in template.sheets:
        ws = book.create_sheet(sheet.period)
        _set_text(
            ws.cell(1, 1),
            f"{template.data_set_name} — {template.unit_name} ({template.unit}) — {sheet.label}",
        )
        ws.cell(1, 1).font = Font(bold=True, size=13)
        _set_text(
            ws.cell(2, 1),
            "Nhập số vào cột “Giá trị” (ô số, hoặc viết kiểu Việt Nam: 1.234,5); để trống "
            "những chỉ tiêu chưa có số. Không sửa các cột mã.",
        )
        ws.cell(2, 1).font = Font(italic=True)
        for col, (title, width) in enumerate(COLUMNS, start=1):
            cell = ws.cell(HEADER_ROW, col)
            _set_text(cell, title)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate(sheet.rows, start=FIRST_ROW):
            _set_text(ws.cell(r, 1 + _COL_CODE), row.indicator)
            _set_text(ws.cell(r, 1 + _COL_OPTION), row.option)
            _set_text(ws.cell(r, 1 + _COL_NAME), row.name)
            _set_text(ws.cell(r, 1 + _COL_UOM), row.unit_of_measure)
            value = ws.cell(r, 1 + _COL_VALUE)
            if row.value is not None:
                value.value = row.value
            value.number_format = "#,##0" + ("." + "0" * row.decimals if row.decimals else "")
            value.fill = fill
            _set_text(ws.cell(r, 1 + _COL_STATUS), STATUS_LABELS.get(row.status, ""))
            ws.cell(r, 1 + _COL_STATUS).fill = fill
            _set_text(ws.cell(r, 1 + _COL_COMMENT), row.comment)
        last = FIRST_ROW + max(len(sheet.rows), 1) - 1
        status_col = get_column_letter(1 + _COL_STATUS)
        choices = DataValidation(type="list", formula1='"ước,thực hiện"', allow_blank=True)
        choices.add(f"{status_col}{FIRST_ROW}:{status_col}{last}")
        ws.add_data_validation(choices)
        ws.freeze_panes = ws.cell(FIRST_ROW, 1).coordinate
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for record in (
        ("kind", TEMPLATE_KIND),
        ("version", "1"),
        ("data_set", template.data_set),
        ("unit", template.unit),
        ("period", template.period),
        *(("sheet", s.period, s.period) for s in template.sheets),
    ):
        meta.append([neutralise(x) for x in record])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell_value(value: object) -> tuple[str, bool] | None:
    """(text, typed the Vietnamese way) of a value cell; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value), True  # refused when parsed: not a number
    if isinstance(value, int):
        return str(value), False
    if isinstance(value, float):
        return format_machine_number(Decimal(repr(value))), False
    if isinstance(value, Decimal):
        return format_machine_number(value), False
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(), True  # a date where a number belongs: refused when parsed
    text = str(value).strip()
    return (text, True) if text else None


def _open_workbook(content: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise ExchangeError.whole(
            "Tệp không phải bảng tính Excel .xlsx.", "The file is not an Excel .xlsx workbook."
        ) from None
    if unpacked > _MAX_UNPACKED:
        raise ExchangeError.whole(
            "Bảng tính quá lớn khi giải nén.", "The workbook is too large once unpacked."
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExchangeError.whole(
            f"Không mở được bảng tính Excel: {exc}.", f"Cannot open the Excel workbook: {exc}."
        ) from None


def _not_a_template() -> ExchangeError:
    return ExchangeError.whole(
        "Bảng tính không phải biểu mẫu của hệ thống (thiếu trang ẩn “_dieuhanh”): hãy tải "
        "biểu mẫu Excel từ trang Nhập liệu rồi điền vào đó.",
        "The workbook is not one of the system's templates (its hidden “_dieuhanh” sheet is "
        "missing): download the Excel template from the data entry page and fill that in.",
    )


def read_values_xlsx(content: bytes) -> list[RawValue]:
    """The values filled into a template from `write_values_xlsx`; rows left blank are skipped.

    The unit and the periods come from the hidden sheet; row numbers are the sheet's.
    """
    book = _open_workbook(content)
    try:
        if META_SHEET not in book.sheetnames:
            raise _not_a_template()
        meta: dict[str, str] = {}
        sheets: dict[str, str] = {}
        for record in book[META_SHEET].iter_rows(values_only=True):
            cells = [_cell_text(c) for c in record]
            if len(cells) >= 3 and cells[0] == "sheet":
                sheets[cells[1]] = cells[2]
            elif len(cells) >= 2 and cells[0]:
                meta[cells[0]] = cells[1]
        if meta.get("kind") != TEMPLATE_KIND or not meta.get("unit") or not sheets:
            raise _not_a_template()
        unit = meta["unit"]
        rows: list[RawValue] = []
        problems: list[Problem] = []
        for title, period in sheets.items():
            if title not in book.sheetnames:
                problems.append(
                    Problem(
                        None,
                        "",
                        f"Thiếu trang tính “{title}” của biểu mẫu.",
                        f"The template's sheet “{title}” is missing.",
                        title,
                    )
                )
                continue
            rows.extend(_read_sheet(book[title], title, unit, period, problems))
    finally:
        book.close()
    if problems:
        raise ExchangeError(problems)
    return rows


def _read_sheet(
    ws: Any, title: str, unit: str, period: str, problems: list[Problem]
) -> Iterator[RawValue]:
    width = len(COLUMNS)
    for number, record in enumerate(
        ws.iter_rows(min_row=HEADER_ROW, values_only=True), start=HEADER_ROW
    ):
        cells = [*record[:width], *([None] * (width - len(record)))]
        if number == HEADER_ROW:
            found = [fold(_cell_text(c)) for c in cells]
            if found[_COL_CODE] != fold(COLUMNS[_COL_CODE][0]) or found[_COL_VALUE] != fold(
                COLUMNS[_COL_VALUE][0]
            ):
                problems.append(
                    Problem(
                        number,
                        "",
                        "Các cột của biểu mẫu đã bị thay đổi (cột A phải là “Mã chỉ tiêu”, "
                        "cột E là “Giá trị”).",
                        "The template's columns were changed (column A must be “Mã chỉ tiêu”, "
                        "column E “Giá trị”).",
                        title,
                    )
                )
                return
            continue
        value = _cell_value(cells[_COL_VALUE])
        if value is None:
            continue
        text, typed = value
        yield RawValue(
            number,
            unneutralise(_cell_text(cells[_COL_CODE])),
            period,
            unit,
            unneutralise(_cell_text(cells[_COL_OPTION])),
            text,
            unneutralise(_cell_text(cells[_COL_COMMENT])),
            "",
            _cell_text(cells[_COL_STATUS]),
            title,
            typed,
        )
