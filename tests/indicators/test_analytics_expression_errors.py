"""Every way an expression can be unreadable, with its position and both languages."""

import pytest

from dieuhanh.indicators.pure.analytics import MAX_LENGTH, MAX_NESTING, ExpressionError, parse


def error_of(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "position", "vietnamese", "english"),
    [
        pytest.param("", 0, "trống", "empty", id="empty"),
        pytest.param(" \t\n", 0, "trống", "empty", id="only whitespace"),
        pytest.param("A + @", 4, "Ký tự không hợp lệ: '@'", "Invalid character: '@'", id="@"),
        pytest.param("Đ + 1", 0, "Ký tự không hợp lệ: 'Đ'", "Invalid character: 'Đ'", id="đ"),
        pytest.param("A == B", 2, "Ký tự không hợp lệ: '='", "Invalid character", id="="),
        pytest.param("A ** 2", 3, "Thiếu toán hạng", "is missing before '*'", id="**"),
        pytest.param("A.B", 1, "Ký tự không hợp lệ: '.'", "Invalid character", id="attr"),
        pytest.param("1,5", 1, "dấu phẩy", "Commas", id="comma"),
        pytest.param("1.", 0, "Số không hợp lệ", "Invalid number: '1.'", id="1."),
        pytest.param("A * .5", 4, "Số không hợp lệ", "Invalid number: '.5'", id=".5"),
        pytest.param("1.2.3", 0, "Số không hợp lệ", "Invalid number: '1.2.3'", id="1.2.3"),
        pytest.param("2 + 3A", 4, "Số không hợp lệ", "Invalid number: '3A'", id="3A"),
        pytest.param("1e5", 0, "Số không hợp lệ", "Invalid number", id="exponent"),
        pytest.param("(A + B", 0, "Dấu mở ngoặc", "never closed", id="unclosed ("),
        pytest.param("A * ((B + C)", 4, "Dấu mở ngoặc", "never closed", id="inner unclosed ("),
        pytest.param("A + B)", 5, "Dấu đóng ngoặc", "no matching opening", id="stray )"),
        pytest.param("(A) + B)", 7, "Dấu đóng ngoặc", "no matching opening", id="late stray )"),
        pytest.param("A +", 3, "Thiếu toán hạng", "missing at the end", id="trailing +"),
        pytest.param("A + * B", 4, "Thiếu toán hạng", "missing before '*'", id="operand"),
        pytest.param("* A", 0, "Thiếu toán hạng", "missing before '*'", id="leading *"),
        pytest.param("+A", 0, "Thiếu toán hạng", "missing before '+'", id="unary plus"),
        pytest.param("()", 1, "Thiếu toán hạng", "missing before ')'", id="empty ()"),
        pytest.param("A B", 2, "Thừa 'B'", "an operator", id="two operands"),
        pytest.param("2 (A)", 2, "Thừa '('", "an operator", id="implicit product"),
        pytest.param("SUM(A)", 3, "Thừa '('", "an operator", id="function call"),
        pytest.param("(A B)", 3, "Thừa 'B'", "or ')'", id="two operands in ()"),
        pytest.param("GTSX[]", 4, "Tùy chọn trong [] bị trống", "option in [] is empty", id="[]"),
        pytest.param("GTSX[ ]", 4, "bị trống", "is empty", id="[ ]"),
        pytest.param("GTSX[CURRENT", 4, "Dấu '['", "never closed", id="unclosed ["),
        pytest.param("GTSX[A B]", 4, "Dấu '['", "never closed", id="two options"),
        pytest.param("GTSX[2010]", 5, "Tùy chọn '2010'", "Invalid option '2010'", id="[2010]"),
        pytest.param("GTSX[+]", 5, "Tùy chọn '+'", "Invalid option '+'", id="[+]"),
        pytest.param("A[X][Y]", 4, "Thừa '['", "an operator", id="[X][Y]"),
        pytest.param("(A)[X]", 3, "Thừa '['", "an operator", id="option after ()"),
        pytest.param("A + [X]", 4, "Thiếu toán hạng", "missing before '['", id="option alone"),
        pytest.param("A]", 1, "Dấu ']'", "no matching '['", id="stray ]"),
    ],
)
def test_parse_error(text: str, position: int, vietnamese: str, english: str) -> None:
    error = error_of(text)
    assert (error.position, vietnamese in error.message_vi, english in error.message_en) == (
        position,
        True,
        True,
    )


def test_parse_error_str_has_both_languages() -> None:
    error = error_of("A +")
    assert str(error) == f"{error.message_vi} / {error.message_en}"


def test_parse_rejects_text_over_the_length_limit() -> None:
    error = error_of("A" * (MAX_LENGTH + 1))
    assert (error.position, str(MAX_LENGTH) in str(error)) == (MAX_LENGTH, True)


def test_parse_accepts_text_at_the_length_limit() -> None:
    assert parse("A" * MAX_LENGTH).references() == {("A" * MAX_LENGTH, None)}


def test_parse_rejects_nesting_over_the_limit() -> None:
    text = "(" * (MAX_NESTING + 1) + "A" + ")" * (MAX_NESTING + 1)
    assert error_of(text).position == MAX_NESTING


def test_parse_reports_deep_nesting_instead_of_recursion_error() -> None:
    error = error_of("(" * (MAX_LENGTH // 2) + ")" * (MAX_LENGTH // 2))
    assert "nested" in error.message_en
