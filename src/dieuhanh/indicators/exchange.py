"""Exchange formats of indicator values, as plain data in and bytes out (no Django).

- DHIS2 `dataValueSets` JSON and CSV (DESIGN.md §3 "Data exchange"), matched by code. Values
  in these machine formats use a dot as the decimal separator, as DHIS2 writes them.
- The Excel workbook officials fill (one sheet per form period), whose numbers people type the
  Vietnamese way ("1.234,5") or as numeric cells.

Readers return `RawValue` rows and leave every check that needs the catalogue, the units or
the user to the import service; a file that cannot be read at all (wrong encoding, not JSON,
not a template, rows of the wrong width) raises `ExchangeError` listing every problem found.
Writers neutralise text cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final, NamedTuple

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dieuhanh.core.cells import neutralise, unneutralise
from dieuhanh.vn import VnNumberError, fold, parse_number

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExchangeError",
    "ExportValue",
    "Problem",
    "RawValue",
    "Template",
    "TemplateRow",
    "TemplateSheet",
    "ValueProblem",
    "format_for_name",
    "format_machine_number",
    "neutralise",
    "parse_machine_number",
    "parse_status",
    "parse_value",
    "read_dhis2_csv",
    "read_dhis2_json",
    "read_values",
    "read_values_xlsx",
    "write_dhis2_csv",
    "write_dhis2_json",
    "write_values_xlsx",
]

FORMATS: Final = ("dhis2-json", "dhis2-csv", "xlsx")
CSV_COLUMNS: Final = (
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
)
_CSV_MIN_COLUMNS: Final = 6  # dataelement … value; the rest may be left off
_EXTENSIONS: Final = {".json": "dhis2-json", ".csv": "dhis2-csv", ".xlsx": "xlsx"}
ESTIMATE: Final = "estimate"
ACTUAL: Final = "actual"


class RawValue(NamedTuple):
    """One value as a file gives it, before anything is looked up.

    `row` is the CSV record number (the header counts), the JSON entry number, or the
    spreadsheet row of `sheet`. `decimal_comma` marks a value typed by a person the Vietnamese
    way; machine formats use a dot. `status` is "", "estimate" or "actual" as written
    (Vietnamese words accepted, see `parse_status`).
    """

    row: int
    indicator: str
    period: str
    orgunit: str
    option: str
    value_text: str
    comment: str = ""
    attribute: str = ""
    status: str = ""
    sheet: str = ""
    decimal_comma: bool = False


class ExportValue(NamedTuple):
    """One stored value to write out."""

    indicator: str
    period: str
    orgunit: str
    option: str
    value: Decimal
    stored_by: str = ""
    last_updated: datetime.datetime | None = None
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file cannot be read; `row` is None for the file as a whole."""

    row: int | None
    field: str
    message_vi: str
    message_en: str
    sheet: str = ""


class ExchangeError(ValueError):
    """A file that cannot be read; every problem found, in Vietnamese and English."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        super().__init__(first.message_en if first else "unreadable file")

    @classmethod
    def whole(cls, message_vi: str, message_en: str) -> ExchangeError:
        return cls([Problem(None, "", message_vi, message_en)])


class ValueProblem(ValueError):
    """A value that is not a number (or not a status) in this format."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


# --- numbers ---------------------------------------------------------------------------

_MACHINE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})


def parse_machine_number(text: str) -> Decimal:
    """A number as machine formats write it: "1234.5", "-0.25", "1e3". No thousands
    separators, no decimal comma, nothing that is not a finite number."""
    body = text.strip()
    if not body:
        raise ValueProblem("Thiếu giá trị.", "The value is missing.")
    if _MACHINE_NUMBER.fullmatch(body) is None:
        if body.lower().lstrip("+-") in _NOT_FINITE:
            raise ValueProblem(
                f"“{body}” không phải là một số hữu hạn.", f"“{body}” is not a finite number."
            )
        if "," in body or " " in body or "\u00a0" in body:
            raise ValueProblem(
                f"Không đọc được số “{body}”: trong tệp DHIS2 số dùng dấu chấm thập phân và "
                "không có dấu phân cách hàng nghìn (ví dụ 1234.5), không dùng dấu phẩy.",
                f"Cannot read the number “{body}”: DHIS2 files use a decimal dot and no "
                "thousands separators (e.g. 1234.5), never a comma.",
            )
        raise ValueProblem(
            f"Không đọc được số “{body}” (ví dụ hợp lệ: 1234.5).",
            f"Cannot read the number “{body}” (a valid example: 1234.5).",
        )
    return Decimal(body)


def parse_value(raw: RawValue) -> Decimal:
    """The value of a row: the Vietnamese way when a person typed it, else the machine way."""
    if raw.decimal_comma:
        try:
            return parse_number(raw.value_text)
        except VnNumberError as exc:
            raise ValueProblem(exc.message_vi, exc.message_en) from exc
    return parse_machine_number(raw.value_text)


def format_machine_number(value: Decimal) -> str:
    """Plain dot-decimal text without exponent or trailing zeros: 55.160000 → "55.16"."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


_STATUS_WORDS: Final = {
    "": "",
    "uoc": ESTIMATE,
    "uoc tinh": ESTIMATE,
    "uoc dat": ESTIMATE,
    "estimate": ESTIMATE,
    "estimated": ESTIMATE,
    "thuc hien": ACTUAL,
    "actual": ACTUAL,
}


def parse_status(text: str) -> str:
    """ "ước" → "estimate", "thực hiện" → "actual" (accents and case ignored); blank → ""."""
    found = _STATUS_WORDS.get(fold(text))
    if found is None:
        raise ValueProblem(
            f"Tình trạng “{text.strip()}” không hợp lệ: ghi “ước” hoặc “thực hiện”.",
            f"Unknown status “{text.strip()}”: write “ước” (estimate) or “thực hiện” (actual).",
        )
    return found


_STATUS_LABELS: Final = {ESTIMATE: "ước", ACTUAL: "thực hiện"}

# --- text cells ---------------------------------------------------------------------------

# neutralise / unneutralise: dieuhanh.core.cells (shared by every app that exports cells).


# --- decoding -----------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    """UTF-8, with or without a byte order mark; any other encoding is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExchangeError.whole(
            "Tệp được lưu ở bảng mã UTF-16; chỉ nhận UTF-8. Hãy lưu lại dưới dạng “CSV UTF-8”.",
            "The file is UTF-16; only UTF-8 is accepted. Save it again as “CSV UTF-8”.",
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        byte = content[exc.start]
        raise ExchangeError.whole(
            f"Tệp không ở bảng mã UTF-8 (byte 0x{byte:02X} ở dòng {line}); các bảng mã khác "
            "(Windows-1258, TCVN3, Latin-1) không được nhận. Hãy lưu lại dưới dạng “CSV UTF-8”.",
            f"The file is not UTF-8 (byte 0x{byte:02X} on line {line}); other encodings "
            "(Windows-1258, TCVN3, Latin-1) are refused. Save it again as “CSV UTF-8”.",
        ) from None


# --- DHIS2 CSV ----------------------------------------------------------------------------


def _header_problem(row: int, cells: list[str]) -> Problem:
    expected = ",".join(CSV_COLUMNS)
    found = ",".join(cells)
    return Problem(
        row,
        "header",
        f"Dòng tiêu đề “{found}” không đúng; cần các cột (theo thứ tự, không phân biệt hoa "
        f"thường, tối thiểu 6 cột đầu): {expected}.",
        f"The header “{found}” does not match; expected the columns (in this order, any case, "
        f"at least the first 6): {expected}.",
    )


def read_dhis2_csv(content: bytes) -> list[RawValue]:
    """DHIS2 CSV: dataelement, period, orgunit, catoptcombo, attroptcombo, value, storedby,
    lastupdated, comment, followup. The header row is optional; when present it must name
    these columns (any case) and every row must have as many cells. Blank lines are skipped."""
    text = _decode(content)
    rows: list[RawValue] = []
    problems: list[Problem] = []
    width: int | None = None
    first = True
    reader = csv.reader(io.StringIO(text, newline=""))
    append = rows.append
    make = tuple.__new__  # a RawValue without the keyword-default wrapper: all 11 fields given
    try:
        for number, cells in enumerate(reader, start=1):
            if not cells or not (cells[0].strip() or any(c.strip() for c in cells)):
                continue
            if first:
                first = False
                lowered = [c.strip().lower() for c in cells]
                if any(c in CSV_COLUMNS for c in lowered):
                    n = len(lowered)
                    if (
                        not _CSV_MIN_COLUMNS <= n <= len(CSV_COLUMNS)
                        or tuple(lowered) != CSV_COLUMNS[:n]
                    ):
                        raise ExchangeError([_header_problem(number, cells)])
                    width = n
                    continue
            n = len(cells)
            if width is not None and n != width:
                problems.append(_width_problem(number, n, f"{width}", n > width))
                continue
            if width is None and not _CSV_MIN_COLUMNS <= n <= len(CSV_COLUMNS):
                expected = f"{_CSV_MIN_COLUMNS}–{len(CSV_COLUMNS)}"
                problems.append(_width_problem(number, n, expected, n > len(CSV_COLUMNS)))
                continue
            if n > 6 and cells[6].strip().isdigit() and _split_decimal(cells[5], cells[6]):
                problems.append(_split_problem(number, cells[5], cells[6]))
                continue
            comment = cells[8].strip() if n > 8 else ""
            append(
                make(
                    RawValue,
                    (
                        number,
                        cells[0].strip(),
                        cells[1].strip(),
                        cells[2].strip(),
                        cells[3].strip(),
                        cells[5],
                        unneutralise(comment) if comment else "",
                        cells[4].strip(),
                        "",
                        "",
                        False,
                    ),
                )
            )
    except csv.Error as exc:
        problems.append(
            Problem(
                reader.line_num,
                "",
                f"Tệp CSV hỏng ở dòng {reader.line_num}: {exc}.",
                f"The CSV file is malformed on line {reader.line_num}: {exc}.",
            )
        )
    if problems:
        raise ExchangeError(problems)
    return rows


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _split_decimal(value: str, stored_by: str) -> bool:
    """A number followed by a "storedby" of digits only: almost surely a value with a decimal
    comma ("1,5", "1.234,5") written without quotes and split in two."""
    return bool(_PLAIN_NUMBER.fullmatch(value.strip())) and stored_by.strip().isdigit()


def _split_problem(row: int, value: str, stored_by: str) -> Problem:
    joined = f"{value.strip()},{stored_by.strip()}"
    return Problem(
        row,
        "value",
        f"Giá trị “{joined}” có vẻ dùng dấu phẩy thập phân nên bị tách làm hai cột: trong tệp "
        f"DHIS2 hãy viết số với dấu chấm ({joined.replace(',', '.')}).",
        f"The value “{joined}” seems to use a decimal comma and was split into two columns: "
        f"DHIS2 files write numbers with a dot ({joined.replace(',', '.')}).",
    )


def _width_problem(row: int, found: int, expected: str, too_many: bool) -> Problem:
    hint_vi = hint_en = ""
    if too_many:
        hint_vi = (
            " Một số có dấu phẩy thập phân (1,5) không đặt trong ngoặc kép sẽ bị tách làm hai "
            "ô: trong tệp DHIS2 hãy dùng dấu chấm (1.5)."
        )
        hint_en = (
            " A number with a decimal comma (1,5) outside quotes splits into two cells: DHIS2 "
            "files use a dot (1.5)."
        )
    return Problem(
        row,
        "",
        f"Dòng có {found} cột, cần {expected}.{hint_vi}",
        f"The row has {found} columns; {expected} expected.{hint_en}",
    )


def write_dhis2_csv(values: Iterable[ExportValue]) -> bytes:
    """DHIS2 CSV with its header, UTF-8; text cells neutralised against formula injection."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(
        (
            neutralise(v.indicator),
            neutralise(v.period),
            neutralise(v.orgunit),
            neutralise(v.option),
            "",
            format_machine_number(v.value),
            neutralise(v.stored_by),
            v.last_updated.isoformat(timespec="seconds") if v.last_updated else "",
            neutralise(v.comment),
            "false",
        )
        for v in values
    )
    return out.getvalue().encode("utf-8")


# --- DHIS2 JSON ---------------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _json_text(item: dict[str, Any], key: str, default: str = "") -> str:
    value = item.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        raise TypeError(key)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return value
    raise TypeError(key)


def read_dhis2_json(content: bytes) -> list[RawValue]:
    """DHIS2 `dataValueSets` JSON: `{"dataValues": [{"dataElement", "period", "orgUnit",
    "categoryOptionCombo", "attributeOptionCombo", "value", "comment", …}]}`; a top-level
    "period", "orgUnit" or "attributeOptionCombo" applies to entries without one."""
    text = _decode(content)
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeError.whole(
            f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.",
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}.",
        ) from None
    except ValueError as exc:
        raise ExchangeError.whole(
            f"Tệp JSON có giá trị không phải số hữu hạn: {exc}.",
            f"The JSON file holds a value that is not a finite number: {exc}.",
        ) from None
    entries = document.get("dataValues") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ExchangeError.whole(
            "Tệp JSON phải là một đối tượng có danh sách “dataValues” (DHIS2 dataValueSets).",
            "The JSON file must be an object with a “dataValues” list (DHIS2 dataValueSets).",
        )
    assert isinstance(document, dict)
    try:
        period = _json_text(document, "period")
        orgunit = _json_text(document, "orgUnit")
        attribute = _json_text(document, "attributeOptionCombo")
    except TypeError as exc:
        raise ExchangeError.whole(
            f"Trường “{exc}” ở đầu tệp phải là chuỗi ký tự.",
            f"The top-level field “{exc}” must be a text.",
        ) from None
    rows: list[RawValue] = []
    problems: list[Problem] = []
    for number, item in enumerate(entries, start=1):
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    number,
                    "",
                    "Mỗi phần tử của “dataValues” phải là một đối tượng.",
                    "Each entry of “dataValues” must be an object.",
                )
            )
            continue
        try:
            rows.append(
                RawValue(
                    number,
                    _json_text(item, "dataElement").strip(),
                    _json_text(item, "period", period).strip(),
                    _json_text(item, "orgUnit", orgunit).strip(),
                    _json_text(item, "categoryOptionCombo").strip(),
                    _json_text(item, "value"),
                    _json_text(item, "comment").strip(),
                    _json_text(item, "attributeOptionCombo", attribute).strip(),
                )
            )
        except TypeError as exc:
            problems.append(
                Problem(
                    number,
                    str(exc),
                    f"Trường “{exc}” phải là chuỗi ký tự hoặc số.",
                    f"The field “{exc}” must be a text or a number.",
                )
            )
    if problems:
        raise ExchangeError(problems)
    return rows


def write_dhis2_json(values: Iterable[ExportValue]) -> bytes:
    """DHIS2 `dataValueSets` JSON (UTF-8); the default option combination is left out."""
    entries = []
    for v in values:
        entry: dict[str, object] = {
            "dataElement": v.indicator,
            "period": v.period,
            "orgUnit": v.orgunit,
        }
        if v.option:
            entry["categoryOptionCombo"] = v.option
        entry["value"] = format_machine_number(v.value)
        if v.stored_by:
            entry["storedBy"] = v.stored_by
        if v.last_updated:
            entry["lastUpdated"] = v.last_updated.isoformat(timespec="seconds")
        if v.comment:
            entry["comment"] = v.comment
        entry["followup"] = False
        entries.append(entry)
    return json.dumps({"dataValues": entries}, ensure_ascii=False, indent=1).encode("utf-8")


# --- Excel --------------------------------------------------------------------------------

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
_MAX_UNPACKED: Final = 200 * 1024 * 1024


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
            _set_text(ws.cell(r, 1 + _COL_STATUS), _STATUS_LABELS.get(row.status, ""))
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


# --- dispatch -----------------------------------------------------------------------------


def format_for_name(file_name: str) -> str | None:
    """The format a file name's extension implies: .json, .csv, .xlsx; None otherwise."""
    lowered = file_name.lower()
    for extension, name in _EXTENSIONS.items():
        if lowered.endswith(extension):
            return name
    return None


def read_values(content: bytes, fmt: str) -> list[RawValue]:
    if fmt == "dhis2-json":
        return read_dhis2_json(content)
    if fmt == "dhis2-csv":
        return read_dhis2_csv(content)
    if fmt == "xlsx":
        return read_values_xlsx(content)
    raise ExchangeError.whole(
        f"Định dạng không hỗ trợ: “{fmt}” (chỉ có {', '.join(FORMATS)}).",
        f"Unsupported format “{fmt}” (one of {', '.join(FORMATS)}).",
    )
