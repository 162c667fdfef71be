"""Plausibility of a value (kiểm tra tính hợp lý), after DHIS2's min–max and outlier analysis.

The rule (docs/design.md, "Data quality"):

- **Sign**: a value below zero is refused outright when the indicator may not be negative (sums
  of money, areas, counts: the default). No comment makes it acceptable.
- **Range** set on the indicator (`min_value`, `max_value`): a value outside it is *flagged*.
- **Learned from the unit's history** (earlier values of the same indicator, option and period
  kind, at most `HISTORY_SIZE` of them, at least `MIN_HISTORY`): a value outside
  median ± 3 × MAD (median absolute deviation) is flagged. No MAD band when the MAD is 0 (a
  constant history says nothing about how far a value may move).
- **Same period last year**: when both are positive, a value more than 3 times or less than a
  third of last year's is flagged.

A flagged value is saved only when confirmed with a comment; it keeps its flags, so the
follow-up list (danh sách cần xem lại) and the approver see it. Everything here is plain
Decimal arithmetic: the server decides, the page's script only mirrors `Bounds`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MAD_FACTOR = Decimal(3)
RATIO_LAST_YEAR = Decimal(3)
MIN_HISTORY = 5
HISTORY_SIZE = 24


class Flag(StrEnum):
    """Why a value looks wrong. NEGATIVE is a refusal; the others need a comment."""

    NEGATIVE = "negative"
    BELOW_MIN = "below_min"
    ABOVE_MAX = "above_max"
    OUTLIER = "outlier"  # outside median ± 3 MAD of the unit's history
    LAST_YEAR = "last_year"  # more than ×/÷ 3 of the same period last year


@dataclass(frozen=True)
class Bounds:
    """What a value of one field is checked against (also sent to the page for its script)."""

    may_be_negative: bool
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    learned_low: Decimal | None = None  # median - 3 MAD
    learned_high: Decimal | None = None  # median + 3 MAD
    last_year: Decimal | None = None


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of nothing")
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def learned_band(history: Sequence[Decimal]) -> tuple[Decimal, Decimal] | None:
    """median ± 3 MAD of the most recent `HISTORY_SIZE` values (oldest first), or None when
    there are fewer than `MIN_HISTORY` of them or they do not vary."""
    recent = list(history)[-HISTORY_SIZE:]
    if len(recent) < MIN_HISTORY:
        return None
    mid = median(recent)
    mad = median([abs(v - mid) for v in recent])
    if mad == 0:
        return None
    return mid - MAD_FACTOR * mad, mid + MAD_FACTOR * mad


def bounds_for(
    *,
    may_be_negative: bool,
    min_value: Decimal | None,
    max_value: Decimal | None,
    history: Sequence[Decimal],
    last_year: Decimal | None,
) -> Bounds:
    band = learned_band(history)
    return Bounds(
        may_be_negative=may_be_negative,
        min_value=min_value,
        max_value=max_value,
        learned_low=band[0] if band else None,
        learned_high=band[1] if band else None,
        last_year=last_year,
    )


def check(value: Decimal, bounds: Bounds) -> list[Flag]:
    """The flags of `value`, in the order of the rule above (empty: plausible)."""
    flags: list[Flag] = []
    if value < 0 and not bounds.may_be_negative:
        flags.append(Flag.NEGATIVE)
    if bounds.min_value is not None and value < bounds.min_value:
        flags.append(Flag.BELOW_MIN)
    if bounds.max_value is not None and value > bounds.max_value:
        flags.append(Flag.ABOVE_MAX)
    low, high = bounds.learned_low, bounds.learned_high
    if low is not None and high is not None and not low <= value <= high:
        flags.append(Flag.OUTLIER)
    ly = bounds.last_year
    if (
        ly is not None
        and ly > 0
        and value > 0
        and (value > ly * RATIO_LAST_YEAR or value * RATIO_LAST_YEAR < ly)
    ):
        flags.append(Flag.LAST_YEAR)
    return flags


def flags_text(flags: Sequence[Flag]) -> str:
    """Stored form: comma-separated codes."""
    return ",".join(f.value for f in flags)


def flags_parse(text: str) -> list[Flag]:
    return [Flag(code) for code in text.split(",") if code in Flag._value2member_map_]
