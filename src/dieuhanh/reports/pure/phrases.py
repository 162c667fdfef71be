"""The sentences of the review report, composed from figures (cách viết số liệu trong báo cáo).

Pure: plain data in, Vietnamese text out. "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng,
tăng 5,56% so với cùng kỳ năm trước, đạt 43,64% kế hoạch năm."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dieuhanh.vn.numbers import format_number, format_percent, round_half_up
from dieuhanh.vn.phrasing import change_phrase, over, points_phrase

__all__ = [
    "ROUNDING_LOSS_LIMIT",
    "FigureFacts",
    "amount_text",
    "figure_sentence",
    "headline_amount",
    "no_data_sentence",
    "parts_sentence",
]

ROUNDING_LOSS_LIMIT = Decimal("0.02")
""""trên X" may drop at most this share of the figure: 5.716 → "trên 5.700", but 2.193 →
"trên 2.190" (dropping 93 of 2.193 to say "trên 2.100" would understate it by 4%)."""


@dataclass(frozen=True)
class FigureFacts:
    """One indicator's figures for the period, as the report states them."""

    name: str
    """Vietnamese name as it opens a sentence: "Tổng giá trị sản xuất"."""
    unit: str
    """Unit of measure: "tỷ đồng", "ha", "%"."""
    value: Decimal | None
    decimals: int
    estimate: bool
    """ước đạt (estimated) rather than đạt (actual)."""
    previous: Decimal | None = None
    """The same period last year."""
    growth_pct: Decimal | None = None
    plan: Decimal | None = None
    plan_pct: Decimal | None = None
    plan_is_year: bool = True
    """The plan is the year's ("kế hoạch năm"), not the period's own ("kế hoạch")."""


def headline_amount(value: Decimal, decimals: int) -> str:
    """How a figure is written: whole counts and small amounts exactly ("55,16", "1.897");
    large amounts rounded down with "trên" ("trên 5.700"), never dropping more than 2%."""
    if decimals == 0 or value < 1000:
        return format_number(round_half_up(value, decimals), decimals)
    magnitude = value.adjusted()
    for exponent in range(magnitude - 1, -1, -1):
        step = Decimal(10) ** exponent
        dropped = value % step
        if dropped / value < ROUNDING_LOSS_LIMIT:
            return over(value, step)
    return format_number(round_half_up(value, decimals), decimals)


def amount_text(value: Decimal, decimals: int, unit: str) -> str:
    """The figure with its unit: "trên 5.700 tỷ đồng", "6,91%"."""
    number = headline_amount(value, decimals)
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}".strip()


def no_data_sentence(name: str) -> str:
    return f"{name}: chưa có số liệu được ghi nhận trong kỳ."


def _comparison(facts: FigureFacts) -> str | None:
    """ ", tăng 5,56% so với cùng kỳ năm trước" and its variants; None when nothing to say."""
    if facts.value is None:
        return None
    if facts.previous is None:
        return "chưa có số liệu cùng kỳ năm trước để so sánh"
    if facts.unit == "%":
        # A rate moves in percentage points, not in percent of itself.
        shift = points_phrase(facts.value - facts.previous)
        if shift == "không đổi":
            return "bằng cùng kỳ năm trước"
        return f"{shift} so với cùng kỳ năm trước"
    if facts.growth_pct is None:
        before = amount_text(facts.previous, facts.decimals, facts.unit)
        return f"cùng kỳ năm trước là {before}"
    phrase = change_phrase(facts.growth_pct)
    if phrase == "bằng":
        return "bằng cùng kỳ năm trước"
    return f"{phrase} so với cùng kỳ năm trước"


def _plan(facts: FigureFacts) -> str | None:
    if facts.plan_pct is None:
        return None
    which = "kế hoạch năm" if facts.plan_is_year else "kế hoạch"
    return f"đạt {format_percent(facts.plan_pct)} {which}"


def figure_sentence(facts: FigureFacts, *, achievement: bool = True) -> str:
    """One indicator as a sentence of the report.

    "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng, tăng 5,56% so với cùng kỳ năm trước,
    đạt 43,64% kế hoạch năm." — "ước đạt" only for estimates; "tăng/giảm/bằng" by the sign;
    the plan clause only where a plan exists. Without `achievement` (a count or a rate that is
    not an output: cases, poor households) the figure is stated, not "achieved": "Số hộ nghèo
    (ước tính): 1.897 hộ, giảm 16,69% …".
    """
    if facts.value is None:
        return no_data_sentence(facts.name)
    amount = amount_text(facts.value, facts.decimals, facts.unit)
    if achievement:
        verb = "ước đạt" if facts.estimate else "đạt"
        clauses = [f"{facts.name} {verb} {amount}"]
    else:
        clauses = [f"{facts.name}{' (ước tính)' if facts.estimate else ''}: {amount}"]
    for clause in (_comparison(facts), _plan(facts)):
        if clause:
            clauses.append(clause)
    return ", ".join(clauses) + "."


def _short_growth(facts: FigureFacts) -> str:
    if facts.growth_pct is None:
        return ""
    phrase = change_phrase(facts.growth_pct)
    return " (bằng cùng kỳ)" if phrase == "bằng" else f" ({phrase})"


def parts_sentence(parts: Sequence[FigureFacts], *, lead: str = "trong đó") -> str:
    """The parts of a total in one clause: "trong đó ngành nông, lâm, thủy sản ước đạt trên
    1.800 tỷ đồng (tăng 3,07%), công nghiệp - xây dựng trên 2.190 tỷ đồng (tăng 10,20%), …".

    The verb is said once when every part has the same status; a repeated leading word of the
    labels ("ngành") is said once too. Parts without a value are left out; "" when none has.
    """
    present = [p for p in parts if p.value is not None]
    if not present:
        return ""
    same_status = len({p.estimate for p in present}) == 1
    first_word = present[0].name.split(" ", 1)[0]
    shared_word = len(present) > 1 and all(
        p.name.split(" ", 1)[0] == first_word and " " in p.name for p in present
    )
    items = []
    for i, part in enumerate(present):
        label = part.name.split(" ", 1)[1] if shared_word and i > 0 else part.name
        verb = ("ước đạt" if part.estimate else "đạt") if (i == 0 or not same_status) else ""
        assert part.value is not None
        amount = amount_text(part.value, part.decimals, part.unit)
        items.append(" ".join(x for x in (label, verb, amount) if x) + _short_growth(part))
    return f"{lead} " + ", ".join(items)
