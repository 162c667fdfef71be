"""The plausibility rule (indicators/pure/quality.py): sign, min–max, median ± 3 MAD of the
unit's history, ×/÷ 3 of the same period last year."""

from __future__ import annotations

from decimal import Decimal as D

from dieuhanh.indicators.pure.quality import (
    Bounds,
    Flag,
    bounds_for,
    check,
    flags_parse,
    flags_text,
    learned_band,
    median,
)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median([D(4), D(1), D(3), D(2)]) == D("2.5")


def test_no_learned_band_from_fewer_than_five_values() -> None:
    assert learned_band([D(1), D(2), D(3), D(4)]) is None


def test_no_learned_band_from_a_constant_history() -> None:
    assert learned_band([D(5)] * 8) is None


def test_learned_band_is_median_plus_minus_three_mad() -> None:
    # median 30, deviations 2 1 0 1 2 → MAD 1
    assert learned_band([D(28), D(29), D(30), D(31), D(32)]) == (D(27), D(33))


def test_a_negative_value_is_flagged_when_the_indicator_may_not_be_negative() -> None:
    assert check(D(-5), Bounds(may_be_negative=False)) == [Flag.NEGATIVE]


def test_a_negative_value_passes_when_the_indicator_may_be_negative() -> None:
    assert check(D(-5), Bounds(may_be_negative=True)) == []


def test_values_outside_min_and_max_are_flagged() -> None:
    bounds = Bounds(may_be_negative=False, min_value=D(10), max_value=D(20))
    assert (check(D(9), bounds), check(D(21), bounds), check(D(15), bounds)) == (
        [Flag.BELOW_MIN],
        [Flag.ABOVE_MAX],
        [],
    )


def test_a_value_outside_the_learned_band_is_an_outlier() -> None:
    bounds = bounds_for(
        may_be_negative=False,
        min_value=None,
        max_value=None,
        history=[D(28), D(29), D(30), D(31), D(32)],
        last_year=None,
    )
    assert (check(D(34), bounds), check(D(32), bounds)) == ([Flag.OUTLIER], [])


def test_the_issue_figure_is_flagged_against_last_year() -> None:
    # sown area 36,83 → 1.234,5 ha (33×)
    assert check(D("1234.5"), Bounds(may_be_negative=False, last_year=D("36.83"))) == [
        Flag.LAST_YEAR
    ]


def test_a_third_of_last_year_is_flagged_and_a_half_is_not() -> None:
    bounds = Bounds(may_be_negative=False, last_year=D(90))
    assert (check(D(29), bounds), check(D(45), bounds)) == ([Flag.LAST_YEAR], [])


def test_zero_is_not_compared_with_last_year() -> None:
    assert check(D(0), Bounds(may_be_negative=False, last_year=D(90))) == []


def test_flags_are_stored_as_codes_and_read_back() -> None:
    flags = [Flag.ABOVE_MAX, Flag.LAST_YEAR]
    assert flags_parse(flags_text(flags)) == flags
