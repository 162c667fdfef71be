"""Reporting completeness and timeliness (tính đầy đủ, kịp thời), as plain numbers: DHIS2's
reporting rate (actual ÷ expected reports) and reporting rate on time."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from dieuhanh.vn import format_number

# What a unit of each level is called in a sentence (1 province, 2 district, 3 commune).
LEVEL_WORDS_VI = {1: "tỉnh", 2: "huyện", 3: "xã"}


def rate_pct(done: int, expected: int) -> Decimal | None:
    """`done` of `expected` in per cent, one decimal; None when nothing was expected."""
    if expected <= 0:
        return None
    return (Decimal(done) * 100 / Decimal(expected)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def reported_phrase(reported: int, expected: int, level: int) -> str:
    """The Vietnamese line every total carries: "18/218 xã đã báo cáo"."""
    word = LEVEL_WORDS_VI.get(level, "đơn vị")
    return f"{format_number(reported)}/{format_number(expected)} {word} đã báo cáo"
