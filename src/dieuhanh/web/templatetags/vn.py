"""Template filters for Vietnamese number formatting (5.700,5)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from dieuhanh.vn import format_number

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(value, decimals)
