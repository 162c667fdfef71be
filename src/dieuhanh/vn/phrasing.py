"""How Vietnamese reports round and describe figures (cách diễn đạt số liệu).

"trên 5.700" (over), "gần 5.800" (nearly), "khoảng 5.700" (about), "tăng 5,56%" (up 5.56%),
"giảm 0,50 điểm phần trăm" (down 0.50 percentage points).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

from dieuhanh.vn.numbers import (
    NumberLike,
    VnNumberError,
    format_number,
    format_percent,
    round_half_up,
    to_decimal,
)

__all__ = [
    "about",
    "auto_step",
    "change_phrase",
    "change_word",
    "curly_quotes",
    "nearly",
    "over",
    "points_phrase",
    "unit_name_mid_sentence",
]


def auto_step(value: NumberLike) -> Decimal:
    """A rounding step for a headline figure: two significant digits from 1 up, one below 1.

    The step is a power of ten: 5712 → 100 ("5.700"), 1834 → 100, 55,16 → 1, 5,5 → 0,1,
    0,8 → 0,1, 0,05 → 0,01. The sign is ignored; 0 gives 1.
    """
    number = to_decimal(value)
    if number.is_zero():
        return Decimal(1)
    magnitude = number.adjusted()  # power of ten of the leading digit
    exponent = magnitude - 1 if magnitude >= 0 else magnitude
    return Decimal(10**exponent) if exponent >= 0 else Decimal((0, (1,), exponent))


def _bracket(value: NumberLike, step: NumberLike | None) -> tuple[Decimal, Decimal, Decimal]:
    """(multiple of step at or below value, the next multiple above, remainder); value >= 0."""
    number = to_decimal(value)
    size = auto_step(number) if step is None else to_decimal(step)
    if size <= 0:
        raise VnNumberError(
            f"Bước làm tròn phải là số dương, không phải {format_number(size)}.",
            f"The rounding step must be positive, not {format_number(size)}.",
        )
    if number < 0:
        raise VnNumberError(
            f"Chỉ diễn đạt làm tròn cho số không âm, không phải {format_number(number)}; "
            "với mức giảm hãy dùng giá trị tuyệt đối sau chữ “giảm”.",
            f"Rounded phrasing is for non-negative figures, not {format_number(number)}; "
            "for a decrease use the absolute value after “giảm”.",
        )
    with decimal.localcontext() as ctx:
        # Exact arithmetic: enough digits for the value at the step's resolution.
        ctx.prec = max(28, number.adjusted() - size.adjusted() + 30)
        remainder = number % size
        lower = number - remainder
        return lower, lower + size, remainder


def over(value: NumberLike, step: NumberLike | None = None) -> str:
    """Over: "trên 5.700" for 5712 with step 100; just "5.700" for an exact multiple of step.

    Without `step`, `auto_step(value)` is used (same for `nearly` and `about`).
    """
    lower, _, remainder = _bracket(value, step)
    text = format_number(lower)
    return text if remainder.is_zero() else f"trên {text}"


def nearly(value: NumberLike, step: NumberLike | None = None) -> str:
    """Nearly: "gần 5.800" for 5712 with step 100 (the next multiple up); exact → "5.700"."""
    lower, upper, remainder = _bracket(value, step)
    if remainder.is_zero():
        return format_number(lower)
    return f"gần {format_number(upper)}"


def about(value: NumberLike, step: NumberLike | None = None) -> str:
    """About: "khoảng 5.700" for 5712 with step 100 (nearest multiple, half up); exact → "5.700"."""
    lower, upper, remainder = _bracket(value, step)
    if remainder.is_zero():
        return format_number(lower)
    nearest = upper if remainder * 2 >= upper - lower else lower
    return f"khoảng {format_number(nearest)}"


def change_word(delta: NumberLike) -> str:
    """The verb of a change: "tăng" (up) if positive, "giảm" (down) if negative, "bằng" if 0."""
    number = to_decimal(delta)
    if number > 0:
        return "tăng"
    if number < 0:
        return "giảm"
    return "bằng"


def change_phrase(pct: NumberLike, decimals: int = 2) -> str:
    """A change in percent: "tăng 5,56%", "giảm 1,20%"; "bằng" when it rounds to zero."""
    rounded = round_half_up(pct, decimals)
    if rounded.is_zero():
        return "bằng"
    return f"{change_word(rounded)} {format_percent(abs(rounded), decimals)}"


def points_phrase(pp: NumberLike, decimals: int = 2) -> str:
    """A shift in percentage points: "tăng 0,50 điểm phần trăm"; "không đổi" when it rounds to 0."""
    rounded = round_half_up(pp, decimals)
    if rounded.is_zero():
        return "không đổi"
    return f"{change_word(rounded)} {format_number(abs(rounded), decimals)} điểm phần trăm"


# Administrative kinds that open a unit's name, longest first ("Thị xã" before "Thị trấn" does
# not matter, but "Thành phố" must not be cut to "Thành").
_UNIT_KINDS = (
    "Thành phố",
    "Thị trấn",
    "Thị xã",
    "Đặc khu",
    "Phường",
    "Huyện",
    "Tỉnh",
    "Quận",
    "Xã",
)


def unit_name_mid_sentence(name: str) -> str:
    """A unit's name as it is written inside a sentence: the kind word in lower case, the proper
    name as it is ("Xã Ia Blang" → "xã Ia Blang", "Thị trấn Chư Sê" → "thị trấn Chư Sê"); a name
    that does not open with a kind is returned unchanged."""
    for kind in _UNIT_KINDS:
        if name.startswith(kind + " "):
            return kind.lower() + name[len(kind) :]
    return name


def curly_quotes(text: str) -> str:
    """Straight double quotes as Vietnamese typography writes them, in pairs: "5K" → “5K”. An
    unpaired last quote is left straight (it cannot be told opening from closing)."""
    parts = text.split('"')
    if len(parts) < 3:
        return text
    out = [parts[0]]
    pairs = (len(parts) - 1) // 2
    for i, part in enumerate(parts[1:], start=1):
        if i > pairs * 2:
            out.append('"' + part)
        else:
            out.append(("“" if i % 2 else "”") + part)
    return "".join(out)
