"""Small pieces of report Vietnamese: dates, counts, lists."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from dieuhanh.vn.numbers import format_number

__all__ = ["count_text", "day_text", "join_items", "number_text"]


def day_text(day: datetime.date) -> str:
    """ "15/6/2021", as reports write a date inside a sentence."""
    return f"{day.day}/{day.month}/{day.year}"


def number_text(value: float | int | Decimal, decimals: int = 0) -> str:
    return format_number(Decimal(str(value)), decimals)


def count_text(n: int, noun: str) -> str:
    """ "1.234 trường hợp"."""
    return f"{number_text(n)} {noun}"


def join_items(items: Sequence[str]) -> str:
    """ "a, b và c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]
