"""Expressions over indicator codes for validation rules and computed indicators.

Grammar (whitespace allowed between any two tokens)::

    expression := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-"* primary
    primary    := NUMBER | reference | "(" expression ")"
    reference  := NAME ("[" NAME "]")?
    NAME       := [A-Za-z_][A-Za-z0-9_]*        (case-insensitive, kept in upper case)
    NUMBER     := [0-9]+ ("." [0-9]+)?           (machine syntax: dot decimal, no separators)

`GTSX[current]` refers to indicator GTSX, disaggregation option CURRENT. Binary operators are
left-associative; `-` in front of an operand negates it. A hand-written tokenizer and
recursive-descent parser: nothing is ever evaluated as Python.

Errors carry Vietnamese and English text and the 0-based position in the text they concern.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Final, TypeVar

from dieuhanh.indicators.pure.analytics._decimal import computing, tidy

__all__ = [
    "COMPARISON_OPERATORS",
    "MAX_LENGTH",
    "MAX_NESTING",
    "BinaryOp",
    "Expression",
    "ExpressionError",
    "Negate",
    "Number",
    "Reference",
    "Resolve",
    "compare",
    "parse",
]

MAX_LENGTH: Final = 1000
"""The longest expression text accepted, in characters."""

MAX_NESTING: Final = 50
"""The deepest nesting of parentheses accepted."""

COMPARISON_OPERATORS: Final = ("==", "!=", "<=", ">=", "<", ">")

Resolve = Callable[[str, str | None], Decimal | None]
"""Looks up the value of (indicator code, option code or None); None when there is none."""

_NAME_START = frozenset(string.ascii_letters + "_")
_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_DIGITS = frozenset(string.digits)
_BINARY_OPERATORS = frozenset("+-*/")

_ALLOWED_VI = "Chỉ dùng mã chỉ tiêu, số, các phép tính + - * / và dấu ngoặc."
_ALLOWED_EN = "Only indicator codes, numbers, the operators + - * / and parentheses are allowed."


class ExpressionError(ValueError):
    """An expression that cannot be read; Vietnamese and English text, 0-based position."""

    def __init__(self, message_vi: str, message_en: str, position: int) -> None:
        super().__init__(message_vi, message_en, position)
        self.message_vi = message_vi
        self.message_en = message_en
        self.position = position

    def __str__(self) -> str:
        return f"{self.message_vi} / {self.message_en}"


# -- the tree ----------------------------------------------------------------------------------

_T = TypeVar("_T")

# Precedence of a node's outermost construct, for minimal parentheses in the canonical text.
_ADDITIVE = 1
_MULTIPLICATIVE = 2
_PREFIX = 3  # negation, and a negative number literal
_ATOM = 4
_Rendered = tuple[str, int]  # canonical text and the precedence of its outermost construct


class Expression:
    """A parsed expression: a tree of `Number`, `Reference`, `Negate` and `BinaryOp` nodes.

    Nodes are immutable, hashable and compare structurally. Every traversal is iterative, so
    deep trees (a long chain of additions) are safe. `str()` gives the canonical text, which
    `parse` reads back to an equal tree.
    """

    __slots__ = ()

    def references(self) -> frozenset[tuple[str, str | None]]:
        """The (indicator code, option code or None) pairs the expression refers to."""
        found: set[tuple[str, str | None]] = set()
        stack: list[Expression] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Reference):
                found.add((node.code, node.option))
            elif isinstance(node, Negate):
                stack.append(node.operand)
            elif isinstance(node, BinaryOp):
                stack.extend((node.left, node.right))
        return frozenset(found)

    def evaluate(self, resolve: Resolve, *, missing: str = "skip") -> Decimal | None:
        """The value of the expression, with `resolve(code, option)` giving each reference's.

        `resolve` is called once for each distinct reference (in sorted order). With
        `missing="skip"` a reference without a value (None) makes the result None (the rule
        does not apply); with `missing="zero"` it counts as 0. Division by zero makes the
        result None. Computed in a decimal context of precision 28.
        """
        if missing not in ("skip", "zero"):
            raise ValueError(f"missing must be 'skip' or 'zero', not {missing!r}")
        values: dict[tuple[str, str | None], Decimal | None] = {}
        for reference in sorted(self.references(), key=lambda pair: (pair[0], pair[1] or "")):
            value = resolve(*reference)
            if value is None:
                if missing == "skip":
                    return None
                value = Decimal(0)
            values[reference] = value

        def leaf(node: Number | Reference) -> Decimal | None:
            if isinstance(node, Number):
                return node.value
            return values[(node.code, node.option)]

        def negate(_node: Negate, operand: Decimal | None) -> Decimal | None:
            return None if operand is None else -operand

        def binary(node: BinaryOp, left: Decimal | None, right: Decimal | None) -> Decimal | None:
            if left is None or right is None:
                return None
            if node.op == "+":
                return left + right
            if node.op == "-":
                return left - right
            if node.op == "*":
                return left * right
            if right.is_zero():
                return None
            return left / right

        with computing():
            result = _fold(self, leaf, negate, binary)
        return None if result is None else tidy(result)

    def _signature(self) -> tuple[object, ...]:
        """The nodes in pre-order; unambiguous because every kind of node has a fixed arity."""
        parts: list[object] = []
        stack: list[Expression] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Number):
                parts.append(("number", node.value))
            elif isinstance(node, Reference):
                parts.append(("reference", node.code, node.option))
            elif isinstance(node, Negate):
                parts.append(("negate",))
                stack.append(node.operand)
            elif isinstance(node, BinaryOp):
                parts.append(("binary", node.op))
                stack.extend((node.right, node.left))
        return tuple(parts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Expression):
            return NotImplemented
        return self._signature() == other._signature()

    def __hash__(self) -> int:
        return hash(self._signature())

    def __str__(self) -> str:
        def leaf(node: Number | Reference) -> _Rendered:
            if isinstance(node, Reference):
                text = node.code if node.option is None else f"{node.code}[{node.option}]"
                return text, _ATOM
            text = format(node.value, "f")
            return text, _PREFIX if node.value.is_signed() else _ATOM

        def negate(_node: Negate, operand: _Rendered) -> _Rendered:
            text, precedence = operand
            return f"-{_wrap(text, precedence <= _PREFIX)}", _PREFIX

        def binary(node: BinaryOp, left: _Rendered, right: _Rendered) -> _Rendered:
            precedence = _ADDITIVE if node.op in "+-" else _MULTIPLICATIVE
            # Left-associative: a left operand of equal precedence needs no parentheses, a right
            # one does; a negation on the right is parenthesised for readability: A - (-B).
            left_text = _wrap(left[0], left[1] < precedence)
            right_text = _wrap(right[0], right[1] <= precedence or right[1] == _PREFIX)
            return f"{left_text} {node.op} {right_text}", precedence

        return _fold(self, leaf, negate, binary)[0]

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self}>"


def _wrap(text: str, needed: bool) -> str:
    return f"({text})" if needed else text


def _is_name(text: str) -> bool:
    return bool(text) and text[0] in _NAME_START and all(char in _NAME_CHARS for char in text)


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Number(Expression):
    """A constant."""

    value: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise ValueError(f"a number must be a finite Decimal, not {self.value!r}")


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Reference(Expression):
    """The value of an indicator (`code`), optionally for one disaggregation option."""

    code: str
    option: str | None = None

    def __post_init__(self) -> None:
        for name in (self.code, self.option):
            if name is not None and (not _is_name(name) or name != name.upper()):
                raise ValueError(f"{name!r} is not an upper-case code")


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Negate(Expression):
    """Unary minus."""

    operand: Expression


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class BinaryOp(Expression):
    """`left op right` with `op` one of + - * /."""

    op: str
    left: Expression
    right: Expression

    def __post_init__(self) -> None:
        if self.op not in _BINARY_OPERATORS:
            raise ValueError(f"{self.op!r} is not one of + - * /")


def _fold(
    root: Expression,
    leaf: Callable[[Number | Reference], _T],
    negate: Callable[[Negate, _T], _T],
    binary: Callable[[BinaryOp, _T, _T], _T],
) -> _T:
    """Combine the tree bottom-up without recursion."""
    results: list[_T] = []
    stack: list[tuple[Expression, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, Negate):
            if children_done:
                results.append(negate(node, results.pop()))
            else:
                stack.extend(((node, True), (node.operand, False)))
        elif isinstance(node, BinaryOp):
            if children_done:
                right = results.pop()
                left = results.pop()
                results.append(binary(node, left, right))
            else:
                stack.extend(((node, True), (node.right, False), (node.left, False)))
        elif isinstance(node, Number | Reference):
            results.append(leaf(node))
        else:
            raise TypeError(f"not an expression node: {node!r}")
    return results[0]


# -- tokens ------------------------------------------------------------------------------------


class _Kind(Enum):
    NUMBER = "number"
    NAME = "name"
    OPERATOR = "operator"
    OPEN = "("
    CLOSE = ")"
    OPEN_OPTION = "["
    CLOSE_OPTION = "]"
    END = "end"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    text: str
    position: int


_PUNCTUATION = {
    "+": _Kind.OPERATOR,
    "-": _Kind.OPERATOR,
    "*": _Kind.OPERATOR,
    "/": _Kind.OPERATOR,
    "(": _Kind.OPEN,
    ")": _Kind.CLOSE,
    "[": _Kind.OPEN_OPTION,
    "]": _Kind.CLOSE_OPTION,
}


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char.isspace():
            index += 1
        elif char in _NAME_START:
            end = index + 1
            while end < len(text) and text[end] in _NAME_CHARS:
                end += 1
            tokens.append(_Token(_Kind.NAME, text[index:end], index))
            index = end
        elif char in _DIGITS or (char == "." and text[index + 1 : index + 2] in _DIGITS):
            end = _number_end(text, index)
            tokens.append(_Token(_Kind.NUMBER, text[index:end], index))
            index = end
        elif char in _PUNCTUATION:
            tokens.append(_Token(_PUNCTUATION[char], char, index))
            index += 1
        else:
            raise _unknown_character(char, index)
    tokens.append(_Token(_Kind.END, "", len(text)))
    return tokens


def _number_end(text: str, start: int) -> int:
    """The end of the number starting at `start`; ExpressionError if it is malformed."""
    end = start
    while end < len(text) and text[end] in _DIGITS:
        end += 1
    well_formed = end > start
    if end < len(text) and text[end] == ".":
        fraction_start = end + 1
        end = fraction_start
        while end < len(text) and text[end] in _DIGITS:
            end += 1
        well_formed = well_formed and end > fraction_start
    if well_formed and (end == len(text) or text[end] not in _NAME_CHARS | {"."}):
        return end
    while end < len(text) and (text[end] in _NAME_CHARS or text[end] == "."):
        end += 1
    shown = text[start:end]
    raise ExpressionError(
        f"Số không hợp lệ: {shown!r}. Số viết theo dạng 1234 hoặc 0.5 "
        "(dấu chấm ngăn phần thập phân, không có dấu phân cách hàng nghìn).",
        f"Invalid number: {shown!r}. Write numbers as 1234 or 0.5 "
        "(a dot before the decimals, no thousands separator).",
        start,
    )


def _unknown_character(char: str, position: int) -> ExpressionError:
    if char == ",":
        return ExpressionError(
            "Không dùng dấu phẩy; số thập phân viết với dấu chấm, ví dụ 0.5.",
            "Commas are not allowed; write decimals with a dot, e.g. 0.5.",
            position,
        )
    return ExpressionError(
        f"Ký tự không hợp lệ: {char!r}. {_ALLOWED_VI} "
        "Mã chỉ tiêu gồm chữ cái không dấu, chữ số và dấu gạch dưới.",
        f"Invalid character: {char!r}. {_ALLOWED_EN} "
        "Indicator codes consist of unaccented letters, digits and underscores.",
        position,
    )


# -- parser ------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self._tokens = tokens
        self._index = 0
        self._nesting = 0

    def _peek(self) -> _Token:
        return self._tokens[self._index]

    def _advance(self) -> _Token:
        token = self._tokens[self._index]
        if token.kind is not _Kind.END:
            self._index += 1
        return token

    def _at_operator(self, operators: str) -> bool:
        token = self._peek()
        return token.kind is _Kind.OPERATOR and token.text in operators

    def parse(self) -> Expression:
        expression = self._expression()
        token = self._peek()
        if token.kind is _Kind.END:
            return expression
        if token.kind is _Kind.CLOSE:
            raise ExpressionError(
                "Dấu đóng ngoặc ')' không có dấu mở ngoặc '(' tương ứng.",
                "This closing parenthesis ')' has no matching opening parenthesis '('.",
                token.position,
            )
        if token.kind is _Kind.CLOSE_OPTION:
            raise _stray_close_option(token)
        raise ExpressionError(
            f"Thừa {token.text!r} sau biểu thức; cần một phép tính (+ - * /) ở đây.",
            f"Unexpected {token.text!r} after an operand; an operator (+ - * /) was expected.",
            token.position,
        )

    def _expression(self) -> Expression:
        result = self._term()
        while self._at_operator("+-"):
            operator = self._advance().text
            result = BinaryOp(operator, result, self._term())
        return result

    def _term(self) -> Expression:
        result = self._unary()
        while self._at_operator("*/"):
            operator = self._advance().text
            result = BinaryOp(operator, result, self._unary())
        return result

    def _unary(self) -> Expression:
        negations = 0
        while self._at_operator("-"):
            self._advance()
            negations += 1
        result = self._primary()
        for _ in range(negations):
            result = Negate(result)
        return result

    def _primary(self) -> Expression:
        token = self._peek()
        if token.kind is _Kind.NUMBER:
            self._advance()
            return Number(Decimal(token.text))
        if token.kind is _Kind.NAME:
            return self._reference()
        if token.kind is _Kind.OPEN:
            return self._parenthesised()
        if token.kind is _Kind.CLOSE_OPTION:
            raise _stray_close_option(token)
        if token.kind is _Kind.END:
            raise ExpressionError(
                "Thiếu toán hạng (mã chỉ tiêu, số hoặc biểu thức trong ngoặc) ở cuối biểu thức.",
                "An operand (indicator code, number or parenthesised expression) is missing "
                "at the end of the expression.",
                token.position,
            )
        raise ExpressionError(
            f"Thiếu toán hạng (mã chỉ tiêu, số hoặc biểu thức trong ngoặc) trước {token.text!r}.",
            "An operand (indicator code, number or parenthesised expression) is missing "
            f"before {token.text!r}.",
            token.position,
        )

    def _parenthesised(self) -> Expression:
        opening = self._advance()
        if self._nesting >= MAX_NESTING:
            raise ExpressionError(
                f"Dấu ngoặc lồng nhau quá {MAX_NESTING} cấp.",
                f"Parentheses are nested more than {MAX_NESTING} levels deep.",
                opening.position,
            )
        self._nesting += 1
        inner = self._expression()
        self._nesting -= 1
        closing = self._peek()
        if closing.kind is _Kind.CLOSE:
            self._advance()
            return inner
        if closing.kind is _Kind.END:
            raise ExpressionError(
                "Dấu mở ngoặc '(' này không có dấu đóng ngoặc ')' tương ứng.",
                "This opening parenthesis '(' is never closed with ')'.",
                opening.position,
            )
        if closing.kind is _Kind.CLOSE_OPTION:
            raise _stray_close_option(closing)
        raise ExpressionError(
            f"Thừa {closing.text!r} trong ngoặc; cần một phép tính (+ - * /) hoặc ')' ở đây.",
            f"Unexpected {closing.text!r} inside parentheses; an operator (+ - * /) or ')' "
            "was expected.",
            closing.position,
        )

    def _reference(self) -> Reference:
        code = self._advance().text.upper()
        if self._peek().kind is not _Kind.OPEN_OPTION:
            return Reference(code)
        opening = self._advance()
        token = self._peek()
        if token.kind is _Kind.CLOSE_OPTION:
            raise ExpressionError(
                "Tùy chọn trong [] bị trống; ghi mã tùy chọn, ví dụ GTSX[CURRENT], "
                "hoặc bỏ cặp ngoặc vuông.",
                "The option in [] is empty; write an option code, e.g. GTSX[CURRENT], "
                "or leave out the brackets.",
                opening.position,
            )
        if token.kind is _Kind.END:
            raise _unclosed_option(opening)
        if token.kind is not _Kind.NAME:
            raise ExpressionError(
                f"Tùy chọn {token.text!r} không hợp lệ; mã tùy chọn gồm chữ cái không dấu, "
                "chữ số và dấu gạch dưới, bắt đầu bằng chữ cái, ví dụ GTSX[CURRENT].",
                f"Invalid option {token.text!r}; an option code consists of unaccented letters, "
                "digits and underscores and starts with a letter, e.g. GTSX[CURRENT].",
                token.position,
            )
        option = self._advance().text.upper()
        if self._peek().kind is not _Kind.CLOSE_OPTION:
            raise _unclosed_option(opening)
        self._advance()
        return Reference(code, option)


def _unclosed_option(opening: _Token) -> ExpressionError:
    return ExpressionError(
        "Dấu '[' này không có dấu ']' tương ứng; tùy chọn viết dạng GTSX[CURRENT].",
        "This '[' is never closed with ']'; write an option as GTSX[CURRENT].",
        opening.position,
    )


def _stray_close_option(token: _Token) -> ExpressionError:
    return ExpressionError(
        "Dấu ']' không có dấu '[' tương ứng ngay sau một mã chỉ tiêu.",
        "This ']' has no matching '[' right after an indicator code.",
        token.position,
    )


def parse(text: str) -> Expression:
    """Read an expression; ExpressionError (Vietnamese / English, 0-based position) if invalid."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"Biểu thức dài {len(text)} ký tự, vượt quá giới hạn {MAX_LENGTH} ký tự.",
            f"The expression is {len(text)} characters long, over the limit of {MAX_LENGTH}.",
            MAX_LENGTH,
        )
    if not text or text.isspace():
        raise ExpressionError("Biểu thức trống.", "The expression is empty.", 0)
    return _Parser(_tokenize(text)).parse()


# -- comparison --------------------------------------------------------------------------------


def compare(
    left: Decimal | None,
    operator: str,
    right: Decimal | None,
    tolerance: Decimal = Decimal(0),
) -> bool | None:
    """Whether `left operator right` holds, allowing `tolerance` for rounding in the data.

    "==" holds when |left − right| ≤ tolerance and "!=" when it does not. The orderings are
    loosened by the tolerance: "<=" holds when left ≤ right + tolerance, "<" when
    left < right + tolerance, ">=" when left ≥ right − tolerance, ">" when
    left > right − tolerance. None when either side is None: the rule does not apply.

    Raises ValueError for an unknown operator or a negative tolerance.
    """
    if operator not in COMPARISON_OPERATORS:
        raise ValueError(f"{operator!r} is not one of {' '.join(COMPARISON_OPERATORS)}")
    if tolerance < 0:
        raise ValueError(f"the tolerance must not be negative, not {tolerance}")
    if left is None or right is None:
        return None
    with computing():
        if operator == "==":
            return abs(left - right) <= tolerance
        if operator == "!=":
            return abs(left - right) > tolerance
        if operator == "<=":
            return left <= right + tolerance
        if operator == "<":
            return left < right + tolerance
        if operator == ">=":
            return left >= right - tolerance
        return left > right - tolerance
