"""The decimal context every analytics computation runs in (precision 28, no silent NaN)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

__all__ = ["PRECISION", "computing", "tidy"]

PRECISION = 28

_CONTEXT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def computing() -> AbstractContextManager[Context]:
    """A fresh copy of the analytics context, independent of the caller's current context."""
    return localcontext(_CONTEXT)


def tidy(value: Decimal) -> Decimal:
    """`value` with a negative zero turned into plain zero (0 × −5 is "0", not "-0")."""
    if value.is_zero() and value.is_signed():
        return value.copy_abs()
    return value
