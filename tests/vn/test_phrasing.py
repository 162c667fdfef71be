"""Report phrasing of rounded figures and changes."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn import (
    VnNumberError,
    about,
    auto_step,
    change_phrase,
    change_word,
    nearly,
    over,
    parse_number,
    points_phrase,
)
from dieuhanh.vn.phrasing import curly_quotes, unit_name_mid_sentence

# -- over / nearly / about -------------------------------------------------------------------


def test_over_names_the_multiple_below() -> None:
    assert over(5712, 100) == "trên 5.700"


def test_over_an_exact_multiple_has_no_word() -> None:
    assert over(5700, 100) == "5.700"


def test_over_with_a_fractional_step() -> None:
    assert over(Decimal("0.87"), Decimal("0.1")) == "trên 0,8"


def test_over_with_a_float_step_uses_its_shortest_repr() -> None:
    assert over(0.87, 0.1) == "trên 0,8"


def test_over_defaults_to_auto_step() -> None:
    assert over(5712) == "trên 5.700"


def test_over_below_the_first_step_is_over_zero() -> None:
    assert over(40, 100) == "trên 0"


def test_nearly_names_the_multiple_above() -> None:
    assert nearly(5712, 100) == "gần 5.800"


def test_nearly_an_exact_multiple_has_no_word() -> None:
    assert nearly(5800, 100) == "5.800"


def test_nearly_rolls_into_a_new_thousand() -> None:
    assert nearly(Decimal("999.2"), 100) == "gần 1.000"


def test_about_rounds_to_the_nearest_multiple() -> None:
    assert about(5712, 100) == "khoảng 5.700"


def test_about_rounds_half_up() -> None:
    assert about(5750, 100) == "khoảng 5.800"


def test_about_rounds_up_above_half() -> None:
    assert about(5751, 100) == "khoảng 5.800"


def test_about_an_exact_multiple_has_no_word() -> None:
    assert about(5700, 100) == "5.700"


def test_about_with_a_decimal_figure() -> None:
    assert about(Decimal("55.16")) == "khoảng 55"


@pytest.mark.parametrize("phrase", [over, nearly, about])
def test_rounded_phrases_refuse_negative_values(phrase: Callable[[int, int], str]) -> None:
    with pytest.raises(VnNumberError):
        phrase(-5712, 100)


@pytest.mark.parametrize("step", [0, -100, Decimal("NaN")])
def test_rounded_phrases_refuse_a_step_that_is_not_positive(step: Decimal | int) -> None:
    with pytest.raises(VnNumberError):
        over(5712, step)


# -- auto_step -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "step"),
    [
        (5712, Decimal(100)),
        (1834, Decimal(100)),
        (Decimal("55.16"), Decimal(1)),
        (Decimal("0.8"), Decimal("0.1")),
        (Decimal("5.5"), Decimal("0.1")),
        (Decimal("0.05"), Decimal("0.01")),
        (10, Decimal(1)),
        (99, Decimal(1)),
        (100, Decimal(10)),
        (1234567, Decimal(100000)),
        (-5712, Decimal(100)),
        (0, Decimal(1)),
    ],
)
def test_auto_step(value: Decimal | int, step: Decimal) -> None:
    assert auto_step(value) == step


def test_auto_step_is_written_plainly() -> None:
    assert str(auto_step(5712)) == "100"


@given(st.decimals(min_value=1, max_value=10**12, places=3))
def test_auto_step_keeps_two_significant_digits_from_one_up(value: Decimal) -> None:
    step = auto_step(value)
    assert 10 * step <= value < 100 * step


@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.9999"), places=4))
def test_auto_step_keeps_one_significant_digit_below_one(value: Decimal) -> None:
    step = auto_step(value)
    assert step <= value < 10 * step


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.sampled_from([1, 10, 100, 1000]))
def test_over_nearly_about_bracket_the_value(value: Decimal, step: int) -> None:
    def figure(phrase: str) -> Decimal:
        return parse_number(phrase.split(" ")[-1])

    assert figure(over(value, step)) <= figure(about(value, step)) <= figure(nearly(value, step))


# -- changes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "word"), [(5, "tăng"), (Decimal("-0.01"), "giảm"), (0, "bằng"), (0.0, "bằng")]
)
def test_change_word(delta: Decimal | int | float, word: str) -> None:
    assert change_word(delta) == word


def test_change_phrase_for_an_increase() -> None:
    assert change_phrase(Decimal("5.555")) == "tăng 5,56%"


def test_change_phrase_for_a_decrease_uses_the_absolute_value() -> None:
    assert change_phrase(Decimal("-1.2")) == "giảm 1,20%"


def test_change_phrase_for_no_change() -> None:
    assert change_phrase(0) == "bằng"


def test_change_phrase_that_rounds_to_zero_is_no_change() -> None:
    assert change_phrase(Decimal("-0.004")) == "bằng"


def test_change_phrase_with_other_decimals() -> None:
    assert change_phrase(Decimal("12.35"), 1) == "tăng 12,4%"


def test_points_phrase_for_an_increase() -> None:
    assert points_phrase(Decimal("0.5")) == "tăng 0,50 điểm phần trăm"


def test_points_phrase_for_a_decrease() -> None:
    assert points_phrase(Decimal("-1.25"), 1) == "giảm 1,3 điểm phần trăm"


def test_points_phrase_for_no_change() -> None:
    assert points_phrase(0) == "không đổi"


def test_points_phrase_that_rounds_to_zero_is_no_change() -> None:
    assert points_phrase(Decimal("0.001")) == "không đổi"


def test_change_phrase_refuses_nan() -> None:
    with pytest.raises(VnNumberError):
        change_phrase(Decimal("NaN"))


def test_a_commune_mid_sentence_starts_lower_case() -> None:
    assert unit_name_mid_sentence("Xã Ia Blang") == "xã Ia Blang"


def test_a_township_mid_sentence_starts_lower_case() -> None:
    assert unit_name_mid_sentence("Thị trấn Chư Sê") == "thị trấn Chư Sê"


def test_a_city_keeps_its_whole_kind() -> None:
    assert unit_name_mid_sentence("Thành phố Pleiku") == "thành phố Pleiku"


def test_a_name_without_a_kind_is_unchanged() -> None:
    assert unit_name_mid_sentence("Ia Blang") == "Ia Blang"


def test_a_kind_word_inside_a_proper_name_is_not_a_kind() -> None:
    assert unit_name_mid_sentence("Xãhội") == "Xãhội"


def test_straight_quotes_become_curly_in_pairs() -> None:
    assert curly_quotes('thông điệp "5K" và "4 tại chỗ"') == "thông điệp “5K” và “4 tại chỗ”"


def test_an_unpaired_quote_stays_straight() -> None:
    assert curly_quotes('a "b" c "d') == 'a “b” c "d'


def test_text_without_quotes_is_unchanged() -> None:
    assert curly_quotes("không có") == "không có"
