import pytest

from dieuhanh.outbreak.pure.curve import moving_average


def test_moving_average_is_none_until_the_window_is_full() -> None:
    assert moving_average([7, 7, 7, 7, 7, 7]) == [None] * 6


def test_moving_average_is_the_trailing_mean_of_seven_days() -> None:
    assert moving_average([0, 0, 0, 0, 0, 0, 7, 7, 0]) == [None] * 6 + [1.0, 2.0, 2.0]


def test_moving_average_rounds_to_two_decimals() -> None:
    assert moving_average([1, 0, 0], window=3) == [None, None, 0.33]


def test_moving_average_of_no_days_is_empty() -> None:
    assert moving_average([]) == []


def test_moving_average_refuses_an_empty_window() -> None:
    with pytest.raises(ValueError):
        moving_average([1], window=0)
