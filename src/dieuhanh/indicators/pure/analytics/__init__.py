"""Indicator analytics: comparison figures, aggregation and rule expressions.

Pure Python (standard library only, no Django), Decimal arithmetic throughout.
"""

from dieuhanh.indicators.pure.analytics.aggregate import (
    Method,
    Status,
    aggregate_time,
    aggregate_units,
    combine_status,
    effective_value,
)
from dieuhanh.indicators.pure.analytics.expressions import (
    COMPARISON_OPERATORS,
    MAX_LENGTH,
    MAX_NESTING,
    BinaryOp,
    Expression,
    ExpressionError,
    Negate,
    Number,
    Reference,
    Resolve,
    compare,
    parse,
)
from dieuhanh.indicators.pure.analytics.measures import (
    difference,
    growth_pct,
    plan_met,
    plan_pct,
    share_pct,
    shift_pp,
)

__all__ = [
    "COMPARISON_OPERATORS",
    "MAX_LENGTH",
    "MAX_NESTING",
    "BinaryOp",
    "Expression",
    "ExpressionError",
    "Method",
    "Negate",
    "Number",
    "Reference",
    "Resolve",
    "Status",
    "aggregate_time",
    "aggregate_units",
    "combine_status",
    "compare",
    "difference",
    "effective_value",
    "growth_pct",
    "parse",
    "plan_met",
    "plan_pct",
    "share_pct",
    "shift_pp",
]
