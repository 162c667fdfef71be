"""Vietnamese number format (cách viết số): dot for thousands, comma for decimals.

"5.700" is five thousand seven hundred, "5,56" is five and fifty-six hundredths,
"-1.234,5" is minus one thousand two hundred thirty-four and a half.
"""

from __future__ import annotations

import decimal
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "NumberLike",
    "VnNumberError",
    "format_number",
    "format_percent",
    "parse_number",
    "parse_percent",
    "round_half_up",
    "to_decimal",
]

NumberLike = Decimal | int | float

_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \u00a0\u202f")
_SIGNS = {"+": "", "-": "-", "\u2212": "-"}

_CONVENTION_VI = (
    "Cách viết số Việt Nam: dấu chấm (.) phân cách hàng nghìn, dấu phẩy (,) ngăn cách "
    "phần thập phân, ví dụ 1.234,5"
)
_CONVENTION_EN = (
    "Vietnamese number format: a dot (.) separates thousands and a comma (,) marks decimals, "
    "e.g. 1.234,5 for one thousand two hundred thirty-four and a half"
)


class VnNumberError(ValueError):
    """A number that cannot be read or written; the message is in Vietnamese and English."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi, message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def __str__(self) -> str:
        return f"{self.message_vi} / {self.message_en}"


def to_decimal(value: NumberLike) -> Decimal:
    """`value` as a finite Decimal; floats go through their shortest repr (0.1 → Decimal("0.1"))."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        raise VnNumberError(
            f"Giá trị {value!r} không phải là số.",
            f"Value {value!r} is not a number.",
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite(value)
        return Decimal(repr(value))
    if not value.is_finite():
        raise _not_finite(value)
    return value


def _not_finite(value: object) -> VnNumberError:
    return VnNumberError(
        f"Không thể viết giá trị {value} (không phải số hữu hạn).",
        f"Cannot write {value}: it is not a finite number.",
    )


def _check_decimals(decimals: int) -> None:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise VnNumberError(
            f"Số chữ số thập phân phải là số nguyên không âm, không phải {decimals!r}.",
            f"The number of decimals must be a non-negative integer, not {decimals!r}.",
        )


def round_half_up(value: NumberLike, decimals: int) -> Decimal:
    """`value` rounded half up (away from zero at .5, "làm tròn") to exactly `decimals` places."""
    _check_decimals(decimals)
    value = to_decimal(value)
    with decimal.localcontext() as ctx:
        # Enough precision that quantize never fails for large values.
        ctx.prec = max(28, value.adjusted() + decimals + 3)
        ctx.Emax = decimal.MAX_EMAX
        ctx.Emin = decimal.MIN_EMIN
        return value.quantize(Decimal((0, (1,), -decimals)), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_number(value: NumberLike, decimals: int | None = None) -> str:
    """Write `value` the Vietnamese way: "5.700", "5,56", "-1.234,5".

    With `decimals=None` all significant decimals are shown (trailing zeros dropped); otherwise
    the value is rounded half up to exactly `decimals` places, keeping trailing zeros ("5,50").
    Never uses scientific notation; a value that rounds to zero is written without a sign.
    """
    number = to_decimal(value)
    if decimals is not None:
        number = round_half_up(number, decimals)
    sign, digit_tuple, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite, checked by to_decimal
    digits = "".join(map(str, digit_tuple))
    if exponent >= 0:
        integer, fraction = digits + "0" * exponent, ""
    else:
        places = -exponent
        digits = digits.rjust(places + 1, "0")
        integer, fraction = digits[:-places], digits[-places:]
    integer = integer.lstrip("0") or "0"
    if decimals is None:
        fraction = fraction.rstrip("0")
    text = _group_thousands(integer)
    if fraction:
        text += "," + fraction
    if sign and number != 0:
        text = "-" + text
    return text


def format_percent(value: NumberLike, decimals: int | None = 2) -> str:
    """`value` (already in percent) with a percent sign: 5.555 → "5,56%"."""
    return format_number(value, decimals) + "%"


def _refuse(original: str, detail_vi: str, detail_en: str) -> VnNumberError:
    return VnNumberError(
        f"Không đọc được số “{original}”: {detail_vi} {_CONVENTION_VI}.",
        f"Cannot read the number “{original}”: {detail_en} {_CONVENTION_EN}.",
    )


def _check_integer_part(original: str, integer: str) -> str:
    """The digits of the integer part, after checking its thousands grouping."""
    if set(integer) <= _DIGITS:
        return integer
    has_dot = "." in integer
    has_space = any(ch in _SPACES for ch in integer)
    if has_dot and has_space:
        raise _refuse(
            original,
            "dùng lẫn dấu chấm và khoảng trắng để phân cách hàng nghìn.",
            "dots and spaces are mixed as thousands separators.",
        )
    separated = "".join(" " if ch in _SPACES else ch for ch in integer)
    groups = separated.split("." if has_dot else " ")
    if groups[0] == "":
        raise _refuse(
            original,
            "số không được bắt đầu bằng dấu phân cách.",
            "a number cannot start with a separator.",
        )
    if groups[-1] == "":
        raise _refuse(
            original,
            "dấu phân cách hàng nghìn phải có chữ số ở cả hai bên.",
            "a thousands separator needs digits on both sides.",
        )
    if "" in groups:
        raise _refuse(
            original,
            "có hai dấu phân cách liền nhau.",
            "two separators follow each other.",
        )
    if len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        if has_dot:
            raise _refuse(
                original,
                "dấu chấm chỉ dùng để phân cách hàng nghìn và phải đứng trước đúng 3 chữ số "
                "(nhóm đầu 1–3 chữ số); nếu đây là phần thập phân, hãy dùng dấu phẩy (ví dụ 1,23).",
                "a dot only separates thousands and must be followed by exactly 3 digits "
                "(the first group has 1–3 digits); for a decimal use a comma (e.g. 1,23).",
            )
        raise _refuse(
            original,
            "khoảng trắng phân cách hàng nghìn phải tách thành nhóm đúng 3 chữ số "
            "(nhóm đầu 1–3 chữ số).",
            "spaces as thousands separators must split the digits into groups of exactly 3 "
            "(the first group has 1–3 digits).",
        )
    if groups[0].startswith("0"):
        raise _refuse(
            original,
            "số có phân cách hàng nghìn không được bắt đầu bằng chữ số 0 (dễ nhầm với số thập "
            "phân kiểu tiếng Anh như 0.123); hãy viết 0,123 hoặc 123.",
            "a number with thousands separators cannot start with 0 (it looks like an English "
            "decimal such as 0.123); write 0,123 or 123.",
        )
    return "".join(groups)


def parse_number(text: str) -> Decimal:
    """Read a number typed the Vietnamese way: "5.700" → 5700, "5,56" → 5.56, "-1 234,5".

    Thousands may be separated by dots or by (no-break) spaces in groups of exactly three;
    the decimal separator is a comma. Anything ambiguous, such as "1.23" or "1,234.5", is refused
    with a VnNumberError rather than guessed.
    """
    if not isinstance(text, str):
        raise VnNumberError(
            f"Cần một chuỗi ký tự để đọc số, không phải {text!r}.",
            f"A text is needed to read a number, not {text!r}.",
        )
    original = unicodedata.normalize("NFC", text).strip()
    if not original:
        raise VnNumberError("Chưa nhập số.", "No number was entered.")
    body = original
    sign = ""
    if body[0] in _SIGNS:
        sign, body = _SIGNS[body[0]], body[1:]
        if not body:
            raise _refuse(original, "chỉ có dấu, thiếu chữ số.", "there is a sign but no digits.")
        if body[0] in _SPACES:
            raise _refuse(
                original,
                "không được có khoảng trắng giữa dấu và chữ số.",
                "there must be no space between the sign and the digits.",
            )
    for ch in body:
        if ch not in _DIGITS and ch not in _SPACES and ch not in ".,":
            raise _refuse(
                original,
                f"có ký tự không hợp lệ “{ch}”.",
                f"it contains the invalid character “{ch}”.",
            )
    if body.count(",") > 1:
        raise _refuse(
            original,
            "có nhiều hơn một dấu phẩy, trong khi số chỉ có tối đa một dấu phẩy thập phân.",
            "there is more than one comma, but a number has at most one decimal comma.",
        )
    integer, comma, fraction = body.partition(",")
    if comma:
        if "." in fraction:
            raise _refuse(
                original,
                "có vẻ số được viết theo kiểu tiếng Anh (dấu phẩy hàng nghìn, dấu chấm thập phân).",
                "it seems written the English way (comma for thousands, dot for decimals).",
            )
        if not fraction:
            raise _refuse(
                original,
                "thiếu chữ số sau dấu phẩy thập phân.",
                "digits are missing after the decimal comma.",
            )
        if not set(fraction) <= _DIGITS:
            raise _refuse(
                original,
                "phần thập phân (sau dấu phẩy) chỉ được gồm chữ số.",
                "the decimal part (after the comma) may contain digits only.",
            )
        if not integer:
            raise _refuse(
                original,
                "thiếu phần nguyên trước dấu phẩy (hãy viết 0,5 thay vì ,5).",
                "the integer part before the comma is missing (write 0,5 rather than ,5).",
            )
    digits = _check_integer_part(original, integer)
    result = Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    return result.copy_abs() if result.is_zero() else result


def parse_percent(text: str) -> Decimal:
    """Read a percentage: "5,56%", "5,56 %" and "5,56" all give Decimal("5.56")."""
    if not isinstance(text, str):
        return parse_number(text)
    stripped = unicodedata.normalize("NFC", text).strip()
    if stripped.endswith("%"):
        stripped = stripped[:-1].rstrip()
    return parse_number(stripped)
