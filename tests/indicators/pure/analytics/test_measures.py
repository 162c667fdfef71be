"""The review table's comparison figures: growth, share, plan attainment, shift."""

from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dieuhanh.indicators.pure.analytics import (
    difference,
    growth_pct,
    plan_met,
    plan_pct,
    share_pct,
    shift_pp,
)

D = Decimal
nonzero = st.integers(min_value=-(10**12), max_value=10**12).filter(bool).map(Decimal)
amounts = st.integers(min_value=-(10**12), max_value=10**12).map(Decimal)

# -- growth_pct --------------------------------------------------------------------------------


def test_growth_pct_of_an_increase() -> None:
    assert growth_pct(D(110), D(100)) == D(10)


def test_growth_pct_of_a_decrease_is_negative() -> None:
    assert growth_pct(D("90"), D("100")) == D(-10)


def test_growth_pct_of_an_unchanged_value_is_zero() -> None:
    assert growth_pct(D("5.5"), D("5.5")) == 0


@pytest.mark.parametrize(("current", "previous"), [(None, D(1)), (D(1), None), (None, None)])
def test_growth_pct_is_none_when_a_value_is_missing(
    current: Decimal | None, previous: Decimal | None
) -> None:
    assert growth_pct(current, previous) is None


def test_growth_pct_is_none_against_zero() -> None:
    assert growth_pct(D(5), D("0.00")) is None


def test_growth_pct_keeps_full_precision() -> None:
    assert growth_pct(D(2), D(3)) == D("-33.33333333333333333333333333")


def test_growth_pct_ignores_the_callers_context() -> None:
    with localcontext(prec=3):
        assert growth_pct(D(2), D(3)) == D("-33.33333333333333333333333333")


@given(amounts, nonzero)
def test_growth_pct_applied_to_previous_gives_current(current: Decimal, previous: Decimal) -> None:
    growth = growth_pct(current, previous)
    assert growth is not None
    tolerance = (abs(current) + abs(previous)) * D("1e-24")
    assert abs(previous * (1 + growth / 100) - current) <= tolerance


# -- share_pct ---------------------------------------------------------------------------------


def test_share_pct_of_a_quarter() -> None:
    assert share_pct(D(25), D(100)) == D(25)


def test_share_pct_is_none_for_a_zero_total() -> None:
    assert share_pct(D(1), D(0)) is None


@pytest.mark.parametrize(("part", "total"), [(None, D(10)), (D(1), None)])
def test_share_pct_is_none_when_a_value_is_missing(
    part: Decimal | None, total: Decimal | None
) -> None:
    assert share_pct(part, total) is None


def test_share_pct_of_zero_is_plain_zero() -> None:
    assert str(share_pct(D(0), D(-4))) == "0"


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8))
def test_share_pct_of_all_parts_adds_up_to_a_hundred(parts: list[int]) -> None:
    total = D(sum(parts))
    assume(total != 0)
    shares = [share_pct(D(part), total) or D(0) for part in parts]
    assert abs(sum(shares, D(0)) - 100) <= D("1e-20")


# -- plan_pct ----------------------------------------------------------------------------------


def test_plan_pct_above_plan() -> None:
    assert plan_pct(D(120), D(100)) == D(120)


def test_plan_pct_is_none_without_a_plan() -> None:
    assert plan_pct(D(120), None) is None


def test_plan_pct_is_none_for_a_zero_plan() -> None:
    assert plan_pct(D(120), D(0)) is None


def test_plan_pct_is_none_without_a_value() -> None:
    assert plan_pct(None, D(100)) is None


# -- shift_pp ----------------------------------------------------------------------------------


def test_shift_pp_is_the_difference_in_points() -> None:
    assert shift_pp(D("42.5"), D("40.25")) == D("2.25")


def test_shift_pp_of_a_falling_share_is_negative() -> None:
    assert shift_pp(D(30), D(35)) == D(-5)


@pytest.mark.parametrize(("now", "before"), [(None, D(1)), (D(1), None)])
def test_shift_pp_is_none_when_a_share_is_missing(
    now: Decimal | None, before: Decimal | None
) -> None:
    assert shift_pp(now, before) is None


# -- difference and plan_met ------------------------------------------------------------------


def test_difference_is_current_minus_previous() -> None:
    assert difference(D("6.91"), D("8.43")) == D("-1.52")


def test_difference_is_none_when_a_value_is_missing() -> None:
    assert difference(D(1), None) is None


def test_higher_better_is_met_at_or_above_the_plan() -> None:
    assert (plan_met(D(10), D(10), "higher_better"), plan_met(D(9), D(10), "higher_better")) == (
        True,
        False,
    )


def test_lower_better_is_met_at_or_below_the_plan() -> None:
    assert (
        plan_met(D("5.8"), D("5.8"), "lower_better"),
        plan_met(D("6.91"), D("5.8"), "lower_better"),
    ) == (
        True,
        False,
    )


def test_no_direction_is_never_judged() -> None:
    assert plan_met(D(1), D(2), "none") is None


def test_no_plan_is_never_judged() -> None:
    assert plan_met(D(1), None, "higher_better") is None
