"""Reporting rates as plain numbers (indicators/pure/completeness.py)."""

from __future__ import annotations

from decimal import Decimal

from dieuhanh.indicators.pure.completeness import rate_pct, reported_phrase


def test_rate_is_one_decimal_per_cent() -> None:
    assert rate_pct(18, 218) == Decimal("8.3")


def test_no_rate_when_nothing_is_expected() -> None:
    assert rate_pct(0, 0) is None


def test_the_phrase_names_the_level_and_formats_thousands() -> None:
    assert reported_phrase(1234, 3321, 3) == "1.234/3.321 xã đã báo cáo"
