"""The review table's comparison figures (chỉ số so sánh): growth, share, plan attainment, shift.

Every function keeps full precision (a decimal context of precision 28, independent of the
caller's); rounding for display is the caller's business. A figure that cannot be computed —
a missing input or a zero base — is None, shown as a blank cell, never as zero.
"""

from __future__ import annotations

from decimal import Decimal

from dieuhanh.indicators.pure.analytics._decimal import computing, tidy

__all__ = ["difference", "growth_pct", "plan_met", "plan_pct", "share_pct", "shift_pp"]

_HUNDRED = Decimal(100)


def _ratio_pct(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator.is_zero():
        return None
    with computing():
        return tidy(numerator / denominator * _HUNDRED)


def growth_pct(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Growth over the previous value in percent (tăng trưởng): (current / previous − 1) × 100.

    110 against 100 is 10; 90 against 100 is −10. None when either value is missing or the
    previous value is zero. A negative previous value is not special-cased: the formula applies.
    """
    if current is None or previous is None or previous.is_zero():
        return None
    with computing():
        return tidy((current / previous - 1) * _HUNDRED)


def share_pct(part: Decimal | None, total: Decimal | None) -> Decimal | None:
    """The part's share of the total in percent (cơ cấu, tỷ trọng): part / total × 100.

    None when the part is missing or the total is missing or zero.
    """
    return _ratio_pct(part, total)


def plan_pct(value: Decimal | None, plan: Decimal | None) -> Decimal | None:
    """Attainment of the plan in percent (so với kế hoạch): value / plan × 100.

    None when the value is missing or the plan is missing or zero.
    """
    return _ratio_pct(value, plan)


def shift_pp(share_now: Decimal | None, share_before: Decimal | None) -> Decimal | None:
    """Change of a share in percentage points (điểm phần trăm): share_now − share_before.

    Both shares are percentages (as from `share_pct`). None when either is missing.
    """
    if share_now is None or share_before is None:
        return None
    with computing():
        return tidy(share_now - share_before)


def difference(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Absolute change (chênh lệch): current − previous, in the indicator's own unit (points for
    a rate, units for a count). None when either value is missing."""
    if current is None or previous is None:
        return None
    with computing():
        return tidy(current - previous)


def plan_met(value: Decimal | None, plan: Decimal | None, direction: str) -> bool | None:
    """Whether a figure meets its target (đạt / chưa đạt kế hoạch) by the indicator's direction:
    at or above for "higher_better", at or below for "lower_better". None when either value is
    missing or the direction is "none" (no judgement)."""
    if value is None or plan is None or direction not in ("higher_better", "lower_better"):
        return None
    return value >= plan if direction == "higher_better" else value <= plan
