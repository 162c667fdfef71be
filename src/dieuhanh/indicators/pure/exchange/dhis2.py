"""DHIS2 dataValueSets as CSV and JSON, read and written (matched by code; `catoptcombo` carries the
price basis)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from dieuhanh.core.cells import neutralise, unneutralise
from dieuhanh.indicators.pure.exchange.common import (
    CSV_COLUMNS,
    CSV_MIN_COLUMNS,
    ExchangeError,
    ExportValue,
    Problem,
    RawValue,
    decode_text,
    format_machine_number,
)


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
    text = decode_text(content)
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
                        not CSV_MIN_COLUMNS <= n <= len(CSV_COLUMNS)
                        or tuple(lowered) != CSV_COLUMNS[:n]
                    ):
                        raise ExchangeError([_header_problem(number, cells)])
                    width = n
                    continue
            n = len(cells)
            if width is not None and n != width:
                problems.append(_width_problem(number, n, f"{width}", n > width))
                continue
            if width is None and not CSV_MIN_COLUMNS <= n <= len(CSV_COLUMNS):
                expected = f"{CSV_MIN_COLUMNS}–{len(CSV_COLUMNS)}"
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
    text = decode_text(content)
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeError.whole(
            f"Tệp không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}.",
            f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}.",
        ) from None
    except RecursionError:
        # 100,000 "[" exhaust the parser's recursion at once (the interpreter's limit)
        raise ExchangeError.whole(
            "Tệp JSON lồng nhau quá sâu, không phải tệp số liệu.",
            "The JSON file is nested too deeply to be a data file.",
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
