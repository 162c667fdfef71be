"""What the exchange formats share (indicators/pure/exchange/common.py), as plain data (no
database): machine numbers, statuses in Vietnamese or English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.indicators.pure.exchange.common import (
    ValueProblem,
    parse_machine_number,
    parse_status,
)


@pytest.mark.parametrize("text", ["1,5", "1.234,5", "1 000", "NaN", "inf", "abc", ""])
def test_machine_numbers_refuse_what_is_not_a_plain_dot_decimal(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_machine_number(text)


@pytest.mark.parametrize(
    ("text", "value"), [("1234.5", "1234.5"), (" -0.25 ", "-0.25"), ("7", "7"), ("1e3", "1000")]
)
def test_machine_numbers_read_a_dot_decimal(text: str, value: str) -> None:
    assert parse_machine_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1E+999999999", "-1e31", "1e-999999999"])
def test_machine_numbers_refuse_an_exponent_no_figure_has(text: str) -> None:
    """1E+999999999 would raise decimal.Overflow at its first comparison (a 500)."""
    with pytest.raises(ValueProblem) as refused:
        parse_machine_number(text)
    assert "quá lớn" in refused.value.message_vi


def test_zero_with_any_exponent_is_zero() -> None:
    assert parse_machine_number("0e99") == 0


def test_statuses_are_read_in_vietnamese_or_english() -> None:
    assert [parse_status(t) for t in ["ước", "Thực hiện", "actual", " "]] == [
        "estimate",
        "actual",
        "actual",
        "",
    ]
