"""What every format shares: the row read from a file, the row written to one, the problems of a
file in both languages, numbers as machine formats write them (dot decimal), the status words, text
decoding."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, NamedTuple

from dieuhanh.vn import VnNumberError, fold, parse_number

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

CSV_MIN_COLUMNS: Final = 6  # dataelement … value; the rest may be left off

EXTENSIONS: Final = {".json": "dhis2-json", ".csv": "dhis2-csv", ".xlsx": "xlsx"}

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


_MACHINE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

MACHINE_EXPONENT_LIMIT: Final = 30  # far beyond what any value column stores (10^14)

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
    number = Decimal(body)
    # `adjusted()` reads the exponent without arithmetic: 1E+999999999 would overflow the
    # first comparison made with it (decimal.Overflow) instead of being refused here.
    if number and not -MACHINE_EXPONENT_LIMIT <= number.adjusted() <= MACHINE_EXPONENT_LIMIT:
        raise ValueProblem(
            f"Số “{body}” quá lớn hoặc quá nhỏ để là số liệu.",
            f"The number “{body}” is too large or too small to be a figure.",
        )
    return number


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


STATUS_LABELS: Final = {ESTIMATE: "ước", ACTUAL: "thực hiện"}


def decode_text(content: bytes) -> str:
    """UTF-8, with or without a byte order mark; any other encoding is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExchangeError.whole(
            "Tệp được lưu ở bảng mã UTF-16; chỉ nhận UTF-8. Hãy lưu lại dưới dạng “CSV UTF-8”.",
            "The file is UTF-16; only UTF-8 is accepted. Save it again as “CSV UTF-8”.",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        byte = content[exc.start]
        raise ExchangeError.whole(
            f"Tệp không ở bảng mã UTF-8 (byte 0x{byte:02X} ở dòng {line}); các bảng mã khác "
            "(Windows-1258, TCVN3, Latin-1) không được nhận. Hãy lưu lại dưới dạng “CSV UTF-8”.",
            f"The file is not UTF-8 (byte 0x{byte:02X} on line {line}); other encodings "
            "(Windows-1258, TCVN3, Latin-1) are refused. Save it again as “CSV UTF-8”.",
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        # PostgreSQL cannot store a NUL in text: refused here with its line, not by the database.
        line = text.count("\n", 0, nul) + 1
        raise ExchangeError(
            [
                Problem(
                    line,
                    "",
                    "Dòng có ký tự NUL (mã 0): tệp văn bản không chứa ký tự này.",
                    "The line holds a NUL character (code 0), which no text file holds.",
                )
            ]
        )
    return text
