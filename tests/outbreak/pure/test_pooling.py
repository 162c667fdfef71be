"""Dorfman pooling and positivity (outbreak/pure/pooling.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.pooling import dorfman_best, dorfman_tests_per_person, positivity


def test_dorfman_formula_at_one_percent_and_pools_of_ten() -> None:
    assert dorfman_tests_per_person(0.01, 10) == pytest.approx(0.1 + 1 - 0.99**10)


def test_dorfman_individual_testing_costs_one_test() -> None:
    assert dorfman_tests_per_person(0.3, 1) == 1.0


def test_dorfman_best_size_at_one_percent_is_eleven() -> None:
    # Classic result: p = 1% gives k = 11 with about 0.196 tests per person.
    advice = dorfman_best(0.01)
    assert (advice.pool_size, round(advice.tests_per_person, 3)) == (11, 0.196)


def test_dorfman_best_at_high_positivity_is_individual_testing() -> None:
    # Above about 30% pooling never saves tests.
    assert dorfman_best(0.35).individual


def test_dorfman_best_with_no_positives_is_the_largest_pool() -> None:
    assert dorfman_best(0.0, max_size=20).pool_size == 20


def test_dorfman_refuses_a_positivity_outside_zero_one() -> None:
    with pytest.raises(ValueError):
        dorfman_best(1.5)


@given(st.floats(min_value=0.0, max_value=1.0), st.integers(min_value=1, max_value=30))
def test_dorfman_best_is_never_worse_than_any_size(p: float, k: int) -> None:
    assert dorfman_best(p).tests_per_person <= dorfman_tests_per_person(p, k) + 1e-12


def test_positivity_without_tests_is_unknown() -> None:
    assert positivity(tested=0, positive=0) is None


def test_positivity_is_the_positive_share() -> None:
    assert positivity(tested=200, positive=3) == 0.015
