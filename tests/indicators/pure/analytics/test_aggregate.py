"""Aggregation over sub-periods and over units, the hierarchy's shown value, combined status."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.indicators.pure.analytics import (
    Method,
    aggregate_time,
    aggregate_units,
    combine_status,
    effective_value,
)

D = Decimal
JAN, FEB, MAR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)
values = st.lists(st.integers(min_value=-(10**9), max_value=10**9).map(Decimal), max_size=12)

# -- Method ------------------------------------------------------------------------------------


def test_method_values_match_the_catalogue_choices() -> None:
    assert [method.value for method in Method] == ["sum", "average", "last", "none"]


# -- aggregate_time ----------------------------------------------------------------------------


def test_aggregate_time_sum() -> None:
    assert aggregate_time([(JAN, D(1)), (FEB, D("2.5")), (MAR, D(3))], "sum") == D("6.5")


def test_aggregate_time_average_counts_only_the_points_present() -> None:
    assert aggregate_time([(JAN, D(1)), (MAR, D(4))], "average") == D("2.5")


def test_aggregate_time_average_keeps_full_precision() -> None:
    points = [(JAN, D(1)), (FEB, D(1)), (MAR, D(2))]
    assert aggregate_time(points, Method.AVERAGE) == D("1.333333333333333333333333333")


def test_aggregate_time_last_takes_the_latest_date_in_any_order() -> None:
    assert aggregate_time([(MAR, D(30)), (JAN, D(10)), (FEB, D(20))], "last") == D(30)


def test_aggregate_time_last_on_a_date_tie_takes_the_later_point() -> None:
    assert aggregate_time([(FEB, D(1)), (FEB, D(2)), (JAN, D(3))], "last") == D(2)


@pytest.mark.parametrize("method", ["sum", "average", "last"])
def test_aggregate_time_of_no_points_is_none(method: str) -> None:
    assert aggregate_time([], method) is None


def test_aggregate_time_rejects_none() -> None:
    with pytest.raises(ValueError, match="time"):
        aggregate_time([(JAN, D(1))], "none")


def test_aggregate_time_rejects_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="median"):
        aggregate_time([(JAN, D(1))], "median")


@given(values)
def test_aggregate_time_sum_equals_the_python_sum(amounts: list[Decimal]) -> None:
    points = [(date(2025, 1, day + 1), amount) for day, amount in enumerate(amounts)]
    expected = sum(amounts, D(0)) if amounts else None
    assert aggregate_time(points, "sum") == expected


# -- aggregate_units ---------------------------------------------------------------------------


def test_aggregate_units_sum() -> None:
    assert aggregate_units([D(1), D(2), D("0.5")], "sum") == D("3.5")


def test_aggregate_units_average() -> None:
    assert aggregate_units([D(1), D(2)], "average") == D("1.5")


def test_aggregate_units_none_is_not_aggregated() -> None:
    assert aggregate_units([D(1), D(2)], "none") is None


def test_aggregate_units_of_no_values_is_none() -> None:
    assert aggregate_units([], "sum") is None


def test_aggregate_units_rejects_last() -> None:
    with pytest.raises(ValueError, match="units"):
        aggregate_units([D(1)], "last")


def test_aggregate_units_sum_of_zero_and_negative_zero_is_plain_zero() -> None:
    assert str(aggregate_units([D("-0"), D("-0")], "sum")) == "0"


@given(values.filter(bool))
def test_aggregate_units_average_lies_between_min_and_max(amounts: list[Decimal]) -> None:
    average = aggregate_units(amounts, "average")
    assert average is not None
    assert min(amounts) <= average <= max(amounts)


# -- effective_value ---------------------------------------------------------------------------


def test_effective_value_of_a_leaf_is_its_own_value() -> None:
    assert effective_value(D(7), [], method="sum", own_overrides=False) == D(7)


def test_effective_value_rolls_up_children_over_an_own_value() -> None:
    assert effective_value(D(7), [D(1), D(2)], method="sum", own_overrides=False) == D(3)


def test_effective_value_own_value_overrides_when_configured() -> None:
    assert effective_value(D(7), [D(1), D(2)], method="sum", own_overrides=True) == D(7)


def test_effective_value_own_value_when_no_child_has_a_value() -> None:
    assert effective_value(D(7), [None, None], method="sum", own_overrides=False) == D(7)


def test_effective_value_skips_children_without_a_value() -> None:
    assert effective_value(None, [D(4), None, D(2)], method="average", own_overrides=False) == 3


def test_effective_value_without_own_or_child_values_is_none() -> None:
    assert effective_value(None, [None], method="sum", own_overrides=True) is None


def test_effective_value_without_own_value_rolls_up_even_when_own_overrides() -> None:
    assert effective_value(None, [D(1), D(2)], method="sum", own_overrides=True) == D(3)


def test_effective_value_not_aggregated_shows_the_own_value() -> None:
    assert effective_value(D(7), [D(1), D(2)], method="none", own_overrides=False) == D(7)


def test_effective_value_not_aggregated_without_own_value_is_none() -> None:
    assert effective_value(None, [D(1), D(2)], method="none", own_overrides=False) is None


def test_effective_value_rejects_last_even_when_own_value_is_shown() -> None:
    with pytest.raises(ValueError, match="last"):
        effective_value(D(7), [], method="last", own_overrides=True)


# -- combine_status ----------------------------------------------------------------------------


def test_combine_status_any_estimate_makes_an_estimate() -> None:
    assert combine_status(["actual", "estimate", "actual"]) == "estimate"


def test_combine_status_all_actual_is_actual() -> None:
    assert combine_status(["actual", "actual"]) == "actual"


def test_combine_status_of_nothing_is_none() -> None:
    assert combine_status([]) is None


def test_combine_status_accepts_a_generator() -> None:
    assert combine_status(status for status in ("actual",)) == "actual"


def test_combine_status_rejects_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="draft"):
        combine_status(["actual", "draft"])
