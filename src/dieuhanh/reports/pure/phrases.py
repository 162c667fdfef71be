"""The sentences of the review report, composed from figures (cách viết số liệu trong báo cáo).

Pure: plain data in, Vietnamese text out. "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng,
tăng 5,56% so với cùng kỳ năm trước, đạt 43,64% kế hoạch năm."
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from dieuhanh.vn.numbers import format_number, format_percent, round_half_up
from dieuhanh.vn.phrasing import change_phrase, change_word, over

__all__ = [
    "ROUNDING_LOSS_LIMIT",
    "FigureFacts",
    "amount_text",
    "difference_text",
    "figure_sentence",
    "headline_amount",
    "no_data_sentence",
    "parts_sentence",
    "with_note",
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
    """ước đạt (estimated) rather than đạt (actual): only when the value is marked so."""
    previous: Decimal | None = None
    """The same period last year."""
    growth_pct: Decimal | None = None
    """Growth on `growth_basis` (flows and stocks)."""
    plan: Decimal | None = None
    plan_pct: Decimal | None = None
    plan_is_year: bool = True
    """The plan is the year's ("kế hoạch năm"), not the period's own ("kế hoạch")."""
    kind: str = "flow"
    """flow | stock | rate | count (Indicator.kind): how the change and the plan are said."""
    direction: str = "higher_better"
    """higher_better | lower_better | none (Indicator.direction): "đạt" or "chưa đạt"."""
    value_basis: str = ""
    """The price basis of `value` and `plan` ("giá hiện hành"); "" without one."""
    growth_basis: str = ""
    """The price basis of `growth_pct` ("giá so sánh 2010"); "" without one."""
    plan_met: bool | None = None
    """Met or not by `direction` (the review table's judgement); computed when None."""


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


def with_note(name: str, note: str) -> str:
    """A name with a note in one bracket: "Số ca mắc (cộng dồn)" + "ước tính" → "Số ca mắc (cộng
    dồn, ước tính)", never "(cộng dồn) (ước tính)"."""
    if name.endswith(")"):
        return f"{name[:-1]}, {note})"
    return f"{name} ({note})"


def difference_text(delta: Decimal, decimals: int, unit: str) -> str:
    """A difference in the indicator's unit, without sign: "1,11 điểm phần trăm", "2 xã"."""
    rounded = round_half_up(abs(delta), decimals)
    if unit == "%":
        return f"{format_number(rounded, decimals)} điểm phần trăm"
    return f"{format_number(rounded, decimals)} {unit}".strip()


def _change(facts: FigureFacts) -> Decimal | None:
    if facts.value is None or facts.previous is None:
        return None
    return facts.value - facts.previous


def _comparison(facts: FigureFacts) -> str | None:
    """ ", tăng 5,56% so với cùng kỳ năm trước" and its variants by kind; None when nothing to
    say. A rate moves in percentage points, a count by its difference ("tăng 2 xã"), a flow or
    a stock in percent on its growth basis, which is named."""
    change = _change(facts)
    if facts.value is None:
        return None
    if change is None:
        return "chưa có số liệu cùng kỳ năm trước để so sánh"
    if facts.kind in ("rate", "count"):
        rounded = round_half_up(change, 2 if facts.kind == "rate" else facts.decimals)
        if rounded.is_zero():
            return "bằng cùng kỳ năm trước"
        unit = "%" if facts.kind == "rate" else facts.unit
        delta = difference_text(rounded, 2 if facts.kind == "rate" else facts.decimals, unit)
        return f"{change_word(rounded)} {delta} so với cùng kỳ năm trước"
    if facts.growth_pct is None:
        assert facts.previous is not None
        before = amount_text(facts.previous, facts.decimals, facts.unit)
        return f"cùng kỳ năm trước là {before}"
    phrase = change_phrase(facts.growth_pct)
    basis = f" ({facts.growth_basis})" if facts.growth_basis else ""
    if phrase == "bằng":
        return f"bằng cùng kỳ năm trước{basis}"
    return f"{phrase} so với cùng kỳ năm trước{basis}"


def _met(facts: FigureFacts) -> bool | None:
    if facts.plan_met is not None:
        return facts.plan_met
    if facts.value is None or facts.plan is None:
        return None
    if facts.direction == "higher_better":
        return facts.value >= facts.plan
    if facts.direction == "lower_better":
        return facts.value <= facts.plan
    return None


def _plan(facts: FigureFacts) -> str | None:
    """The plan clause by kind × direction (docs/design.md, the phrase table).

    A flow is a share of its plan: "đạt 43,64% kế hoạch năm" (higher better), "bằng 60,00% kế
    hoạch năm" (lower better or no direction: spending is not "achieved"). A level (stock, rate,
    count) is met or not, with its gap in points or units: "chưa đạt kế hoạch năm, cao hơn chỉ
    tiêu 1,11 điểm phần trăm"; without a direction only the target is named."""
    if facts.value is None:
        return None
    which = "kế hoạch năm" if facts.plan_is_year else "kế hoạch"
    if facts.kind == "flow":
        if facts.plan_pct is None:
            return None
        verb = "đạt" if facts.direction == "higher_better" else "bằng"
        return f"{verb} {format_percent(facts.plan_pct)} {which}"
    if facts.plan is None:
        return None
    met = _met(facts)
    if met is None:
        return f"{which} là {amount_text(facts.plan, facts.decimals, facts.unit)}"
    gap = facts.value - facts.plan
    unit = "%" if facts.kind == "rate" else facts.unit
    decimals = 2 if facts.kind == "rate" else facts.decimals
    if round_half_up(gap, decimals).is_zero():
        position = "bằng chỉ tiêu"
    else:
        side = "cao hơn" if gap > 0 else "thấp hơn"
        position = f"{side} chỉ tiêu {difference_text(gap, decimals, unit)}"
    return f"{'đạt' if met else 'chưa đạt'} {which}, {position}"


def figure_sentence(facts: FigureFacts, *, achievement: bool = True) -> str:
    """One indicator as a sentence of the report.

    "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng (giá hiện hành), tăng 5,56% so với cùng kỳ
    năm trước (giá so sánh 2010), đạt 43,64% kế hoạch năm." — "ước đạt" only for estimates; each
    figure with its own price basis; the change and the plan by kind and direction (`_comparison`,
    `_plan`). Without `achievement` (a count or a rate that is not an output: cases, poor
    households) the figure is stated, not "achieved": "Số hộ nghèo (ước tính): 1.897 hộ, …".
    """
    if facts.value is None:
        return no_data_sentence(facts.name)
    amount = amount_text(facts.value, facts.decimals, facts.unit)
    if facts.value_basis:
        amount += f" ({facts.value_basis})"
    if achievement and facts.kind == "flow":
        # Only what is better higher is "achieved"; spending is "carried out" (thực hiện).
        done = "đạt" if facts.direction == "higher_better" else "thực hiện"
        verb = f"ước {done}" if facts.estimate else done
        clauses = [f"{facts.name} {verb} {amount}"]
    else:
        name = with_note(facts.name, "ước tính") if facts.estimate else facts.name
        clauses = [f"{name}: {amount}"]
    for clause in (_comparison(facts), _plan(facts)):
        if clause:
            clauses.append(clause)
    return ", ".join(clauses) + "."


def _short_growth(facts: FigureFacts) -> str:
    if facts.growth_pct is None:
        return ""
    phrase = change_phrase(facts.growth_pct)
    basis = f" theo {facts.growth_basis}" if facts.growth_basis else ""
    return " (bằng cùng kỳ)" if phrase == "bằng" else f" ({phrase}{basis})"


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
