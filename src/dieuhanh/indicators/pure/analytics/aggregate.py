"""Aggregation of indicator values over time (sub-periods) and over units (the hierarchy).

Methods follow the indicator catalogue: over time an indicator is summed (output of each
month adds up to the year), averaged (a rate) or takes its last value (a stock at period end);
over units it is summed, averaged, or not aggregated at all ("none": a figure such as a
provincial ratio that cannot be derived from the districts' figures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dieuhanh.indicators.pure.analytics._decimal import computing, tidy

__all__ = [
    "Method",
    "Status",
    "aggregate_time",
    "aggregate_units",
    "combine_status",
    "effective_value",
]


class Method(StrEnum):
    """How values are combined; the values match the catalogue's aggregation choices."""

    SUM = "sum"
    AVERAGE = "average"
    LAST = "last"
    NONE = "none"


class Status(StrEnum):
    """Whether a value is an estimate (ước tính) or an actual (thực hiện)."""

    ESTIMATE = "estimate"
    ACTUAL = "actual"


_TIME_METHODS = frozenset({Method.SUM, Method.AVERAGE, Method.LAST})
_UNIT_METHODS = frozenset({Method.SUM, Method.AVERAGE, Method.NONE})


def _method(method: str, allowed: frozenset[Method], over: str) -> Method:
    if method not in allowed:
        choices = ", ".join(sorted(allowed))
        raise ValueError(f"{method!r} is not a method of aggregation over {over} ({choices})")
    return Method(method)


def _sum(values: Sequence[Decimal]) -> Decimal:
    with computing():
        total = Decimal(0)
        for value in values:
            total += value
        return tidy(total)


def _mean(values: Sequence[Decimal]) -> Decimal:
    total = _sum(values)
    with computing():
        return tidy(total / len(values))


def aggregate_time(points: Sequence[tuple[date, Decimal]], method: str) -> Decimal | None:
    """The value of a period from the values of its sub-periods.

    `points` are (sub-period start, value) for the sub-periods that have a value, in any
    order. "sum" adds them, "average" is the arithmetic mean of the points present (missing
    sub-periods are not counted as zero), "last" is the value with the latest date (on a tie,
    the one that comes last in `points`). None when there are no points.

    Raises ValueError for "none" or an unknown method.
    """
    chosen = _method(method, _TIME_METHODS, "time")
    if not points:
        return None
    if chosen is Method.LAST:
        latest_date, latest_value = points[0]
        for when, value in points[1:]:
            if when >= latest_date:
                latest_date, latest_value = when, value
        return latest_value
    values = [value for _, value in points]
    return _sum(values) if chosen is Method.SUM else _mean(values)


def aggregate_units(values: Sequence[Decimal], method: str) -> Decimal | None:
    """The value of a unit from its sub-units' values.

    "sum" adds them, "average" is their arithmetic mean, "none" means the indicator is not
    aggregated over units and always gives None. None for no values.

    Raises ValueError for "last" or an unknown method.
    """
    chosen = _method(method, _UNIT_METHODS, "units")
    if not values or chosen is Method.NONE:
        return None
    return _sum(values) if chosen is Method.SUM else _mean(values)


def effective_value(
    own: Decimal | None,
    children: Sequence[Decimal | None],
    *,
    method: str,
    own_overrides: bool,
) -> Decimal | None:
    """The value shown for a unit in the hierarchy: its own entered value or its rollup.

    The rule, in order:

    1. With method "none" (not aggregated over units) the rollup never exists: the unit's
       own value, or None.
    2. An own value is shown when `own_overrides` is set (the indicator's "a value entered at
       a higher unit replaces the rollup") or when no child has a value (no children at all,
       or all None).
    3. Otherwise the rollup: `aggregate_units` over the children that have a value; the own
       value, if any, is then ignored.
    4. None when there is neither an own value nor any child value.

    Raises ValueError for "last" or an unknown method, even when the own value is shown.
    """
    chosen = _method(method, _UNIT_METHODS, "units")
    if chosen is Method.NONE:
        return own
    present = [value for value in children if value is not None]
    if own is not None and (own_overrides or not present):
        return own
    return aggregate_units(present, chosen)


def combine_status(statuses: Iterable[str]) -> str | None:
    """The status of a figure built from values with these statuses.

    "estimate" if any value is an estimate, else "actual" if there is any value, None for none.
    Raises ValueError for a status other than "estimate" or "actual".
    """
    seen: set[Status] = set()
    for status in statuses:
        try:
            seen.add(Status(status))
        except ValueError:
            raise ValueError(f"{status!r} is not a value status (estimate, actual)") from None
    if Status.ESTIMATE in seen:
        return Status.ESTIMATE.value
    if Status.ACTUAL in seen:
        return Status.ACTUAL.value
    return None
