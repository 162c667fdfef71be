"""Expressions over indicator codes (indicators/pure/analytics/expressions.py): reading,
canonical text, evaluation, comparison; and every way an expression can be unreadable, with its
position and both languages."""

import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dieuhanh.indicators.pure.analytics import (
    MAX_LENGTH,
    MAX_NESTING,
    BinaryOp,
    Expression,
    ExpressionError,
    Negate,
    Number,
    Reference,
    compare,
    parse,
)

D = Decimal
Env = dict[tuple[str, str | None], Decimal | None]


def env(**values: int | str | None) -> Callable[[str, str | None], Decimal | None]:
    """A resolver for codes without option; `A=1` gives A the value 1."""

    def resolve(code: str, option: str | None) -> Decimal | None:
        value = values.get(code) if option is None else None
        return None if value is None else D(value)

    return resolve


def value_of(text: str, **values: int | str | None) -> Decimal | None:
    return parse(text).evaluate(env(**values))


# -- reading -----------------------------------------------------------------------------------


def test_parse_a_code() -> None:
    assert parse("GTSX") == Reference("GTSX")


def test_parse_a_code_with_option_normalises_both_to_upper_case() -> None:
    assert parse("gtsx[current]") == Reference("GTSX", "CURRENT")


def test_parse_codes_are_case_insensitive() -> None:
    assert parse("Von_Dau_Tu + a1") == parse("VON_DAU_TU + A1")


def test_parse_a_number() -> None:
    assert parse("0.5") == Number(D("0.5"))


def test_parse_a_number_keeps_its_digits_exactly() -> None:
    assert value_of("1234567890.123456789") == D("1234567890.123456789")


def test_parse_accepts_whitespace_anywhere_between_tokens() -> None:
    assert parse(" \tA\n+ B [ opt ]*( 2 ) ") == parse("A+B[OPT]*(2)")


def test_parse_accepts_a_no_break_space() -> None:
    assert parse("A\u00a0+\u00a0B") == parse("A + B")


def test_references_lists_each_code_and_option_once() -> None:
    expression = parse("A + a * B[X] - B[x] / C + 3")
    assert expression.references() == {("A", None), ("B", "X"), ("C", None)}


def test_references_of_a_constant_expression_is_empty() -> None:
    assert parse("1 + 2").references() == frozenset()


# -- precedence and associativity --------------------------------------------------------------


def test_multiplication_binds_tighter_than_addition() -> None:
    assert value_of("1 + 2 * 3") == 7


def test_parentheses_override_precedence() -> None:
    assert value_of("(1 + 2) * 3") == 9


def test_subtraction_is_left_associative() -> None:
    assert value_of("A - B - C", A=10, B=3, C=2) == 5


def test_division_and_multiplication_are_left_associative() -> None:
    assert value_of("A / B * C", A=8, B=2, C=4) == 16


def test_division_chain_is_left_associative() -> None:
    assert value_of("A / B / C", A=8, B=2, C=4) == 1


def test_unary_minus_binds_tighter_than_multiplication() -> None:
    assert parse("-A * B") == BinaryOp("*", Negate(Reference("A")), Reference("B"))


def test_unary_minus_after_a_binary_operator() -> None:
    assert value_of("2 - -3") == 5


def test_double_negation() -> None:
    assert value_of("--A", A=4) == 4


def test_negated_parentheses() -> None:
    assert value_of("-(A - B)", A=1, B=3) == 2


# -- canonical text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("a-b-c", "A - B - C"),
        ("a-(b-c)", "A - (B - C)"),
        ("(a*b)+c", "A * B + C"),
        ("a*(b+c)", "A * (B + C)"),
        ("a/(b*c)", "A / (B * C)"),
        ("-a*-b", "-A * (-B)"),
        ("--a", "-(-A)"),
        ("-(a+b)", "-(A + B)"),
        ("gtsx[current] / gtsx[constant2010]*100", "GTSX[CURRENT] / GTSX[CONSTANT2010] * 100"),
        ("007 + 1.50", "7 + 1.50"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    assert str(parse(text)) == canonical


def test_canonical_text_of_a_negative_number_node_reads_back_to_the_same_value() -> None:
    tree = BinaryOp("-", Reference("A"), Number(D(-5)))
    assert parse(str(tree)).evaluate(env(A=1)) == 6


def test_canonical_text_writes_numbers_without_exponent() -> None:
    assert str(Number(D("1E+3"))) == "1000"


def test_repr_shows_the_canonical_text() -> None:
    assert repr(parse("a+1")) == "<BinaryOp: A + 1>"


def test_equal_expressions_have_equal_hashes() -> None:
    assert hash(parse("a + b*2")) == hash(parse("A+(B*2)"))


def test_differently_grouped_expressions_are_not_equal() -> None:
    assert parse("A + B + C") != parse("A + (B + C)")


# -- evaluation --------------------------------------------------------------------------------


def test_evaluate_resolves_codes_with_options() -> None:
    values: Env = {("GTSX", "CURRENT"): D(300), ("GTSX", "CONSTANT"): D(200)}
    result = parse("GTSX[current] / GTSX[constant] * 100").evaluate(
        lambda code, option: values.get((code, option))
    )
    assert result == 150


def test_evaluate_missing_value_skips_by_default() -> None:
    assert value_of("A + B", A=1) is None


def test_evaluate_missing_value_skips_even_when_multiplied_by_zero() -> None:
    assert value_of("0 * B") is None


def test_evaluate_missing_value_as_zero() -> None:
    assert parse("A + B").evaluate(env(A=1), missing="zero") == 1


def test_evaluate_rejects_an_unknown_missing_mode() -> None:
    with pytest.raises(ValueError, match="missing"):
        parse("A").evaluate(env(A=1), missing="ignore")


def test_evaluate_division_by_zero_is_none() -> None:
    assert value_of("A / B", A=1, B=0) is None


def test_evaluate_division_by_zero_anywhere_makes_the_result_none() -> None:
    assert value_of("1 + A / (B - B)", A=1, B=2) is None


def test_evaluate_division_by_a_missing_value_as_zero_is_none() -> None:
    assert parse("A / B").evaluate(env(A=1), missing="zero") is None


def test_evaluate_calls_resolve_once_per_distinct_reference() -> None:
    calls: list[tuple[str, str | None]] = []

    def resolve(code: str, option: str | None) -> Decimal:
        calls.append((code, option))
        return D(2)

    parse("A * A + A[X] + a").evaluate(resolve)
    assert calls == [("A", None), ("A", "X")]


def test_evaluate_keeps_28_significant_digits() -> None:
    assert value_of("1 / 3") == D("0.3333333333333333333333333333")


def test_evaluate_never_gives_negative_zero() -> None:
    assert str(value_of("0 * -5")) == "0"


def test_evaluate_a_long_chain_of_additions() -> None:
    text = "+".join(["A1"] * 333)
    assert value_of(text, A1=1) == 333


def test_evaluate_a_long_chain_of_negations() -> None:
    assert value_of("-" * (MAX_LENGTH - 1) + "A", A=3) == -3


def test_str_of_a_long_chain_of_negations() -> None:
    text = "-" * (MAX_LENGTH - 1) + "A"
    assert str(parse(text)).count("A") == 1


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "(" * MAX_NESTING + "A" + ")" * MAX_NESTING
    assert parse(text) == Reference("A")


# -- nodes -------------------------------------------------------------------------------------


def test_reference_rejects_a_lower_case_code() -> None:
    with pytest.raises(ValueError, match="gtsx"):
        Reference("gtsx")


def test_reference_rejects_an_invalid_option() -> None:
    with pytest.raises(ValueError, match="2010"):
        Reference("GTSX", "2010")


def test_binary_op_rejects_an_unknown_operator() -> None:
    with pytest.raises(ValueError, match="%"):
        BinaryOp("%", Number(D(1)), Number(D(2)))


def test_number_rejects_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        Number(D("NaN"))


def test_expressions_survive_pickling() -> None:
    expression = parse("-(A + B[X]) * 2 / 3")
    assert pickle.loads(pickle.dumps(expression)) == expression


def test_nodes_are_immutable() -> None:
    node = Reference("A")
    with pytest.raises(AttributeError):
        node.code = "B"  # type: ignore[misc]  # a frozen node: the test expects the refusal


# -- the error type ----------------------------------------------------------------------------


def test_expression_error_str_is_vietnamese_then_english() -> None:
    error = ExpressionError("Lỗi.", "Error.", 3)
    assert str(error) == "Lỗi. / Error."


def test_expression_error_is_a_value_error() -> None:
    assert issubclass(ExpressionError, ValueError)


def test_expression_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(ExpressionError("Lỗi.", "Error.", 3)))
    assert (error.message_vi, error.message_en, error.position) == ("Lỗi.", "Error.", 3)


# -- compare -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "operator", "right", "expected"),
    [
        ("1", "==", "1.00", True),
        ("1", "==", "2", False),
        ("1", "!=", "2", True),
        ("1", "!=", "1", False),
        ("1", "<=", "1", True),
        ("2", "<=", "1", False),
        ("1", "<", "2", True),
        ("1", "<", "1", False),
        ("1", ">=", "1", True),
        ("1", ">=", "2", False),
        ("2", ">", "1", True),
        ("1", ">", "1", False),
    ],
)
def test_compare_without_tolerance(left: str, operator: str, right: str, expected: bool) -> None:
    assert compare(D(left), operator, D(right)) is expected


@pytest.mark.parametrize(
    ("left", "operator", "right", "expected"),
    [
        ("100.4", "==", "100", True),
        ("100.6", "==", "100", False),
        ("99.6", "==", "100", True),
        ("100.4", "!=", "100", False),
        ("100.6", "!=", "100", True),
        ("100.5", "<=", "100", True),
        ("100.6", "<=", "100", False),
        ("100.4", "<", "100", True),
        ("100.5", "<", "100", False),
        ("99.5", ">=", "100", True),
        ("99.4", ">=", "100", False),
        ("99.6", ">", "100", True),
        ("99.5", ">", "100", False),
    ],
)
def test_compare_with_tolerance(left: str, operator: str, right: str, expected: bool) -> None:
    assert compare(D(left), operator, D(right), D("0.5")) is expected


@pytest.mark.parametrize(("left", "right"), [(None, D(1)), (D(1), None), (None, None)])
def test_compare_is_none_when_a_side_is_missing(
    left: Decimal | None, right: Decimal | None
) -> None:
    assert compare(left, "==", right) is None


def test_compare_rejects_an_unknown_operator() -> None:
    with pytest.raises(ValueError, match="=<"):
        compare(D(1), "=<", D(1))


def test_compare_rejects_an_unknown_operator_even_when_a_side_is_missing() -> None:
    with pytest.raises(ValueError, match="="):
        compare(None, "=", D(1))


def test_compare_rejects_a_negative_tolerance() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        compare(D(1), "==", D(1), D("-0.1"))


# -- properties --------------------------------------------------------------------------------

CODES = ("A", "B", "GTSX", "X_1")
OPTIONS = (None, "CURRENT", "C2010")
REFERENCES = [(code, option) for code in CODES for option in OPTIONS]

small_numbers = st.integers(min_value=0, max_value=20).map(lambda n: Number(D(n)))
references = st.builds(Reference, st.sampled_from(CODES), st.sampled_from(OPTIONS))
environments = st.fixed_dictionaries(
    {reference: st.integers(min_value=-20, max_value=20).map(Decimal) for reference in REFERENCES}
)
partial_environments = st.fixed_dictionaries(
    {
        reference: st.none() | st.integers(min_value=-20, max_value=20).map(Decimal)
        for reference in REFERENCES
    }
)


def trees_with(operators: str) -> st.SearchStrategy[Expression]:
    def extend(children: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
        binary = st.builds(BinaryOp, st.sampled_from(operators), children, children)
        return children.map(Negate) | binary

    return st.recursive(small_numbers | references, extend, max_leaves=10)


def resolver(values: Env) -> Callable[[str, str | None], Decimal | None]:
    return lambda code, option: values[(code, option)]


def exact(tree: Expression, values: Env) -> Fraction | None:
    """The exact value with fractions; None on division by zero (values are never None here)."""
    if isinstance(tree, Number):
        return Fraction(tree.value)
    if isinstance(tree, Reference):
        value = values[(tree.code, tree.option)]
        assert value is not None
        return Fraction(value)
    if isinstance(tree, Negate):
        operand = exact(tree.operand, values)
        return None if operand is None else -operand
    assert isinstance(tree, BinaryOp)
    left, right = exact(tree.left, values), exact(tree.right, values)
    if left is None or right is None:
        return None
    if tree.op == "+":
        return left + right
    if tree.op == "-":
        return left - right
    if tree.op == "*":
        return left * right
    return None if right == 0 else left / right


@given(trees_with("+-*/"))
def test_canonical_text_reads_back_to_an_equal_tree(tree: Expression) -> None:
    assert parse(str(tree)) == tree


@given(trees_with("+-*/"), partial_environments)
def test_canonical_text_reads_back_to_the_same_value(tree: Expression, values: Env) -> None:
    resolve = resolver(values)
    assert parse(str(tree)).evaluate(resolve) == tree.evaluate(resolve)


@given(trees_with("+-*"), environments)
def test_evaluate_without_division_is_exact(tree: Expression, values: Env) -> None:
    result = tree.evaluate(resolver(values))
    assert result is not None
    assert Fraction(result) == exact(tree, values)


def with_exact_divisions(tree: Expression) -> st.SearchStrategy[Expression]:
    divisor = st.sampled_from((0, 1, 2, 5, 10)).map(lambda n: Number(D(n)))
    return st.builds(BinaryOp, st.just("/"), st.just(tree), divisor)


@given(
    trees_with("+-*").flatmap(with_exact_divisions).filter(lambda tree: len(str(tree)) < 60),
    environments,
)
def test_evaluate_division_matches_fractions_and_zero_divisors_give_none(
    tree: Expression, values: Env
) -> None:
    result = tree.evaluate(resolver(values))
    expected = exact(tree, values)
    assert (None if result is None else Fraction(result)) == expected


@given(trees_with("+-*/"), partial_environments)
def test_missing_values_skip_exactly_when_a_reference_has_none(
    tree: Expression, values: Env
) -> None:
    assume(any(values[reference] is None for reference in tree.references()))
    assert tree.evaluate(resolver(values)) is None


def parse_or_error(text: str) -> Expression | ExpressionError:
    try:
        return parse(text)
    except ExpressionError as error:
        return error


@given(st.text(alphabet="AbGx_019.+-*/()[] ,\t@Đ", max_size=40))
def test_parse_fails_only_with_expression_error_inside_the_text(text: str) -> None:
    outcome = parse_or_error(text)
    position = outcome.position if isinstance(outcome, ExpressionError) else 0
    assert 0 <= position <= len(text)


# -- unreadable text: the position, both languages ---------------------------------------------


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
