"""Vietnamese number format: writing, reading and the errors for ambiguous input."""

import pickle
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn import (
    VnNumberError,
    format_number,
    format_percent,
    parse_number,
    parse_percent,
    round_half_up,
)

# -- format_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5700, "5.700"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (1234567, "1.234.567"),
        (-1234, "-1.234"),
        (Decimal("5.56"), "5,56"),
        (Decimal("55.16"), "55,16"),
        (Decimal("5700.5"), "5.700,5"),
        (Decimal("-1234.5"), "-1.234,5"),
        (Decimal("0.05"), "0,05"),
        (Decimal("-0.5"), "-0,5"),
    ],
)
def test_format_number_writes_vietnamese_form(value: Decimal | int, expected: str) -> None:
    assert format_number(value) == expected


def test_format_number_drops_trailing_zeros_without_decimals() -> None:
    assert format_number(Decimal("1.2300")) == "1,23"


def test_format_number_drops_a_zero_fraction_entirely() -> None:
    assert format_number(Decimal("12.000")) == "12"


def test_format_number_keeps_trailing_zeros_with_decimals() -> None:
    assert format_number(Decimal("5.5"), 2) == "5,50"


def test_format_number_pads_an_integer_with_decimals() -> None:
    assert format_number(5700, 1) == "5.700,0"


def test_format_number_rounds_half_up() -> None:
    assert format_number(Decimal("5.555"), 2) == "5,56"


def test_format_number_rounds_half_away_from_zero_for_negatives() -> None:
    assert format_number(Decimal("-2.5"), 0) == "-3"


def test_format_number_rounds_down_below_half() -> None:
    assert format_number(Decimal("5.554"), 2) == "5,55"


def test_format_number_rounding_can_carry_into_a_new_group() -> None:
    assert format_number(Decimal("999.96"), 1) == "1.000,0"


def test_format_number_zero_decimals_has_no_comma() -> None:
    assert format_number(Decimal("1234.5"), 0) == "1.235"


def test_format_number_never_writes_scientific_notation() -> None:
    assert format_number(Decimal("1E+6")) == "1.000.000"


def test_format_number_writes_tiny_values_in_full() -> None:
    assert format_number(Decimal("1E-7")) == "0,0000001"


def test_format_number_takes_floats_by_their_shortest_repr() -> None:
    assert format_number(0.1) == "0,1"


def test_format_number_writes_large_floats_without_exponent() -> None:
    assert format_number(1e20) == "100.000.000.000.000.000.000"


def test_format_number_omits_the_sign_of_negative_zero() -> None:
    assert format_number(Decimal("-0")) == "0"


def test_format_number_omits_the_sign_when_rounding_to_zero() -> None:
    assert format_number(Decimal("-0.001"), 2) == "0,00"


def test_format_number_handles_more_digits_than_the_default_context() -> None:
    value = Decimal("1234567890123456789012345678901234.5")
    assert format_number(value, 2) == "1.234.567.890.123.456.789.012.345.678.901.234,50"


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("Infinity"), float("nan"), float("-inf")]
)
def test_format_number_refuses_non_finite_values(value: Decimal | float) -> None:
    with pytest.raises(VnNumberError):
        format_number(value)


def test_format_number_refuses_negative_decimals() -> None:
    with pytest.raises(VnNumberError):
        format_number(1, -1)


def test_format_number_refuses_booleans() -> None:
    with pytest.raises(VnNumberError):
        format_number(True)


def test_round_half_up_keeps_exactly_the_places() -> None:
    assert str(round_half_up(Decimal("2.345"), 2)) == "2.35"


# -- format_percent --------------------------------------------------------------------------


def test_format_percent_uses_two_decimals_by_default() -> None:
    assert format_percent(Decimal("5.555")) == "5,56%"


def test_format_percent_accepts_other_decimals() -> None:
    assert format_percent(Decimal("12.5"), 0) == "13%"


def test_format_percent_without_rounding() -> None:
    assert format_percent(Decimal("12.5"), None) == "12,5%"


# -- parse_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.700", Decimal(5700)),
        ("1.234", Decimal(1234)),
        ("1,234", Decimal("1.234")),
        ("5,56", Decimal("5.56")),
        ("55,16", Decimal("55.16")),
        ("5.700,5", Decimal("5700.5")),
        ("-1.234,5", Decimal("-1234.5")),
        ("1.234.567,891", Decimal("1234567.891")),
        ("5700", Decimal(5700)),
        ("0", Decimal(0)),
        ("0,5", Decimal("0.5")),
        ("007", Decimal(7)),
        ("+12", Decimal(12)),
        ("\u22125", Decimal(-5)),
    ],
)
def test_parse_number_reads_vietnamese_form(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_parse_number_ignores_surrounding_whitespace() -> None:
    assert parse_number("  \t1.234,5\u00a0\n") == Decimal("1234.5")


def test_parse_number_accepts_spaces_as_thousands_separators() -> None:
    assert parse_number("1 234 567") == Decimal(1234567)


def test_parse_number_accepts_no_break_spaces_as_thousands_separators() -> None:
    assert parse_number("1\u00a0234,5") == Decimal("1234.5")


def test_parse_number_accepts_narrow_no_break_spaces_as_thousands_separators() -> None:
    assert parse_number("-12\u202f345") == Decimal(-12345)


def test_parse_number_keeps_the_written_decimal_places() -> None:
    assert str(parse_number("5,50")) == "5.50"


def test_parse_number_gives_unsigned_zero_for_negative_zero() -> None:
    assert str(parse_number("-0")) == "0"


def test_parse_number_normalises_to_nfc_first() -> None:
    # U+FF0C FULLWIDTH COMMA is not a separator, but NFC keeps it: refused, not misread.
    with pytest.raises(VnNumberError):
        parse_number("1\uff0c5")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.23",
        "1.2345",
        "1,234.5",
        "1.234.5",
        "12.34,5",
        "1,2,3",
        "1,,2",
        "abc",
        "12a",
        "1e5",
        "1..234",
        ".5",
        "5.",
        ",5",
        "5,",
        ".123",
        "1.234,",
        "0.123",
        "1234.567",
        "1 23",
        "1  234",
        "1 234.567",
        "1,2 3",
        "+",
        "- 5",
        "--5",
        "5-",
        "٣",
        "1.234,5.6",
    ],
)
def test_parse_number_refuses_ambiguous_or_malformed_text(text: str) -> None:
    with pytest.raises(VnNumberError):
        parse_number(text)


def test_parse_number_error_for_english_decimal_point_suggests_a_comma() -> None:
    with pytest.raises(VnNumberError) as caught:
        parse_number("1.23")
    assert "1,23" in caught.value.message_vi
    assert "comma" in caught.value.message_en


def test_parse_number_error_for_english_style_says_so() -> None:
    with pytest.raises(VnNumberError) as caught:
        parse_number("1,234.5")
    assert "tiếng Anh" in caught.value.message_vi
    assert "English" in caught.value.message_en


def test_parse_number_error_explains_the_convention_in_both_languages() -> None:
    with pytest.raises(VnNumberError) as caught:
        parse_number("1.2345")
    assert "dấu chấm (.) phân cách hàng nghìn" in caught.value.message_vi
    assert "dot (.) separates thousands" in caught.value.message_en


def test_parse_number_error_names_the_bad_character() -> None:
    with pytest.raises(VnNumberError) as caught:
        parse_number("12x")
    assert "“x”" in caught.value.message_vi
    assert "“x”" in caught.value.message_en


def test_parse_number_error_for_empty_text() -> None:
    with pytest.raises(VnNumberError) as caught:
        parse_number("")
    assert str(caught.value) == "Chưa nhập số. / No number was entered."


def test_number_error_str_joins_both_languages() -> None:
    error = VnNumberError("Sai.", "Wrong.")
    assert str(error) == "Sai. / Wrong."


def test_number_error_is_a_value_error() -> None:
    assert issubclass(VnNumberError, ValueError)


def test_number_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(VnNumberError("Sai.", "Wrong.")))
    assert (error.message_vi, error.message_en) == ("Sai.", "Wrong.")


def test_parse_number_refuses_non_text() -> None:
    with pytest.raises(VnNumberError):
        parse_number(5)  # type: ignore[arg-type]  # not a str, on purpose: the refusal is tested


# -- parse_percent ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["5,56%", "5,56 %", "5,56", " 5,56\u00a0% "])
def test_parse_percent_accepts_with_or_without_the_sign(text: str) -> None:
    assert parse_percent(text) == Decimal("5.56")


def test_parse_percent_refuses_a_bare_percent_sign() -> None:
    with pytest.raises(VnNumberError):
        parse_percent("%")


def test_parse_percent_refuses_english_decimals() -> None:
    with pytest.raises(VnNumberError):
        parse_percent("5.56%")


# -- properties ------------------------------------------------------------------------------

decimals_values = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.integers(min_value=-12, max_value=6),
)


@given(decimals_values, st.integers(min_value=0, max_value=6))
def test_round_trip_with_fixed_decimals(value: Decimal, decimals: int) -> None:
    with localcontext(prec=60):
        expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parse_number(format_number(value, decimals)) == expected


@given(decimals_values)
def test_round_trip_keeps_every_decimal(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_round_trip_of_integers(number: int) -> None:
    assert parse_number(format_number(number)) == number


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_round_trip_of_floats(number: float) -> None:
    assert float(parse_number(format_number(number))) == number


@given(decimals_values, st.integers(min_value=0, max_value=6))
def test_percent_round_trip(value: Decimal, decimals: int) -> None:
    assert parse_percent(format_percent(value, decimals)) == round_half_up(value, decimals)


@given(decimals_values)
def test_formatted_text_has_only_digits_separators_and_sign(value: Decimal) -> None:
    assert set(format_number(value)) <= set("0123456789.,-")


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_groups_have_three_digits(number: int) -> None:
    groups = format_number(number).split(".")
    assert all(len(group) == 3 for group in groups[1:])
