"""Figures of any unit and period, live: read from the running totals that every write keeps
(rollups.py), so a province's half-year is a few indexed reads, not a sum over its values;
aggregated over time as each indicator says."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Max, Sum, Value, When

from dieuhanh.core.memo import memoised
from dieuhanh.indicators.models import (
    DataValue,
    Indicator,
    TimeAggregation,
    UnitAggregation,
    ValueRollup,
    ValueStatus,
)
from dieuhanh.indicators.rollups import rollup_sums
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitSpan, unit_sources
from dieuhanh.periods import Period

FigureKey = tuple[int, int | None]  # (indicator id, option id or None)
_When = tuple[datetime.date, datetime.date]
_Estimates = set[tuple[FigureKey, _When]]
"""The sub-periods of each figure holding an estimated value (ước tính)."""


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    status: str | None


@dataclass
class _Point:
    """One sub-period's contribution from one span: own value and the values below it."""

    own: Decimal | None = None
    below_sum: Decimal | None = None
    below_n: int = 0
    estimate: bool = False


def _is_linear(indicator: Indicator) -> bool:
    """Summed over units and over time, with no entry replacing the rollup: its figure for a
    span is one sum, which the database can take without returning every sub-period."""
    return (
        indicator.unit_aggregation == UnitAggregation.SUM
        and indicator.time_aggregation == TimeAggregation.SUM
        and not indicator.entered_overrides_rollup
    )


def _span_points(
    span: UnitSpan, indicators: list[Indicator]
) -> dict[FigureKey, dict[tuple[datetime.date, datetime.date], _Point]]:
    """Per indicator, option and stored sub-period: the unit's own value, and the sum and count
    of the values below it, read from the running totals (indexed reads, however large the
    subtree: the totals are kept by every write, see rollups.py).

    Linear indicators (summed over units and time) come back as one point for the whole span,
    summed by the database; the others per sub-period, as their aggregation needs."""
    points: dict[FigureKey, dict[tuple[datetime.date, datetime.date], _Point]] = defaultdict(dict)
    linear = [i.pk for i in indicators if _is_linear(i)]
    detailed = [i.pk for i in indicators if not _is_linear(i)]
    whole_span = (span.start, span.end)
    estimate = Case(
        When(status=ValueStatus.ESTIMATE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    own = DataValue.objects.filter(
        unit_id=span.unit.pk, period_start__gte=span.start, period_end__lte=span.end
    ).order_by()
    reads = ((linear, True), (detailed, False))
    for ids, summed in reads:
        if not ids:
            continue
        per_time = () if summed else ("period_start", "period_end")
        for r in (
            own.filter(indicator_id__in=ids)
            .values("indicator_id", "option_id", *per_time)
            .annotate(total=Sum("value"), est=Max(estimate))
        ):
            when = whole_span if summed else (r["period_start"], r["period_end"])
            point = points[(r["indicator_id"], r["option_id"])].setdefault(when, _Point())
            point.own = r["total"]
            point.estimate = point.estimate or bool(r["est"])
    wanted = {i.pk for i in indicators}
    for indicator_id, option_key, start, end, total, n, n_est in rollup_sums(
        ancestor_id=span.unit.pk, start=span.start, end=span.end
    ):
        if indicator_id not in wanted:
            continue
        when = whole_span if start is None or end is None else (start, end)
        point = points[(indicator_id, option_key or None)].setdefault(when, _Point())
        point.below_sum = total
        point.below_n = n
        point.estimate = point.estimate or n_est > 0
    return points


def _point_value(point: _Point, indicator: Indicator) -> Decimal | None:
    """A unit's value for one sub-period: its own entry where the indicator says it replaces
    the rollup; otherwise its own entry and everything below it, aggregated."""
    method = indicator.unit_aggregation
    if point.own is not None and (
        indicator.entered_overrides_rollup or method == UnitAggregation.NONE
    ):
        return point.own
    if method == UnitAggregation.NONE:
        return None
    total = (point.below_sum or Decimal(0)) + (point.own or Decimal(0))
    count = point.below_n + (1 if point.own is not None else 0)
    if count == 0:
        return None
    return total / count if method == UnitAggregation.AVERAGE else total


def _over_time(
    values: list[tuple[tuple[datetime.date, datetime.date], Decimal]], method: str
) -> Decimal | None:
    if not values:
        return None
    if method == TimeAggregation.LAST:
        return max(values, key=lambda kv: (kv[0][1], kv[0][0]))[1]
    total = sum((v for _, v in values), Decimal(0))
    return total / len(values) if method == TimeAggregation.AVERAGE else total


def figures_for(
    *, unit: OrgUnit, start: datetime.date, end: datetime.date, indicators: list[Indicator]
) -> tuple[dict[FigureKey, Figure], list[UnitSpan]]:
    """Every indicator's figure for `unit` over [start, end], live, across reorganisations.
    Computed once per GET request for the same arguments (core.memo: the review page's table
    and its rule checks read the same figures). The result is shared: read it only."""
    key = ("indicators.figures_for", unit.pk, start, end, tuple(i.pk for i in indicators))
    return memoised(key, lambda: _figures_for(unit, start, end, indicators))


def _figures_for(
    unit: OrgUnit, start: datetime.date, end: datetime.date, indicators: list[Indicator]
) -> tuple[dict[FigureKey, Figure], list[UnitSpan]]:
    spans = unit_sources(unit=unit, start=start, end=end)
    by_id = {i.pk: i for i in indicators}
    merged: dict[FigureKey, dict[tuple[datetime.date, datetime.date], list[Decimal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    estimates: _Estimates = set()
    for span in spans:
        for key, points in _span_points(span, indicators).items():
            indicator = by_id[key[0]]
            for when, point in points.items():
                value = _point_value(point, indicator)
                if value is not None:
                    merged[key][when].append(value)
                    if point.estimate:
                        estimates.add((key, when))
    return _figures(merged, estimates, by_id), spans


_Merged = dict[FigureKey, dict[tuple[datetime.date, datetime.date], list[Decimal]]]


def _is_estimate(
    key: FigureKey, whens: Sequence[_When], estimates: _Estimates, indicator: Indicator
) -> bool:
    """A figure is an estimate only when a value it is made of is one: for "last value" only
    the last sub-period counts (a cumulative count read in June is not an estimate because
    May's was); for sums and averages any sub-period does."""
    if indicator.time_aggregation == TimeAggregation.LAST:
        last = max(whens, key=lambda w: (w[1], w[0]))
        return (key, last) in estimates
    return any((key, w) in estimates for w in whens)


def _figures(
    merged: _Merged, estimates: _Estimates, by_id: dict[int, Indicator]
) -> dict[FigureKey, Figure]:
    """Each indicator's figure from its sub-period values gathered over the source spans."""
    result: dict[FigureKey, Figure] = {}
    for key, per_time in merged.items():
        indicator = by_id[key[0]]
        # Spans cover distinct units: the same sub-period from several spans is combined like units.
        combined = [
            (
                when,
                sum(vals, Decimal(0)) / len(vals)
                if indicator.unit_aggregation == UnitAggregation.AVERAGE
                else sum(vals, Decimal(0)),
            )
            for when, vals in per_time.items()
        ]
        value = _over_time(combined, indicator.time_aggregation)
        estimate = _is_estimate(key, list(per_time), estimates, indicator)
        status = ValueStatus.ESTIMATE if estimate else ValueStatus.ACTUAL
        result[key] = Figure(value, str(status) if value is not None else None)
    return result


def _span_points_itemised(
    span: UnitSpan, indicators: list[Indicator]
) -> dict[FigureKey, dict[tuple[datetime.date, datetime.date], _Point]]:
    """`_span_points` with every indicator per stored sub-period (linear ones included), so one
    read serves several consecutive periods (the dashboard's trends)."""
    points: dict[FigureKey, dict[tuple[datetime.date, datetime.date], _Point]] = defaultdict(dict)
    ids = [i.pk for i in indicators]
    estimate = Case(
        When(status=ValueStatus.ESTIMATE, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    for r in (
        DataValue.objects.filter(
            unit_id=span.unit.pk,
            period_start__gte=span.start,
            period_end__lte=span.end,
            indicator_id__in=ids,
        )
        .order_by()
        .values("indicator_id", "option_id", "period_start", "period_end")
        .annotate(total=Sum("value"), est=Max(estimate))
    ):
        point = points[(r["indicator_id"], r["option_id"])].setdefault(
            (r["period_start"], r["period_end"]), _Point()
        )
        point.own = r["total"]
        point.estimate = point.estimate or bool(r["est"])
    for indicator_id, option_key, start, end, total, n, n_est in ValueRollup.objects.filter(
        ancestor_id=span.unit.pk,
        period_start__gte=span.start,
        period_end__lte=span.end,
        indicator_id__in=ids,
        n_values__gt=0,
    ).values_list(
        "indicator_id",
        "option_key",
        "period_start",
        "period_end",
        "total",
        "n_values",
        "n_estimates",
    ):
        point = points[(indicator_id, option_key or None)].setdefault((start, end), _Point())
        point.below_sum = (point.below_sum or Decimal(0)) + total
        point.below_n += n
        point.estimate = point.estimate or n_est > 0
    return points


def figures_for_periods(
    *, unit: OrgUnit, periods: Sequence[Period], indicators: list[Indicator]
) -> list[dict[FigureKey, Figure]]:
    """`figures_for` of each of several consecutive periods, from one read per source span of
    the whole window instead of a few per period: equal, period by period, to calling
    `figures_for` on each (a test holds them equal over the demo)."""
    if not periods:
        return []
    spans = unit_sources(unit=unit, start=periods[0].start, end=periods[-1].end)
    by_id = {i.pk: i for i in indicators}
    merged: list[_Merged] = [defaultdict(lambda: defaultdict(list)) for _ in periods]
    estimates: list[_Estimates] = [set() for _ in periods]

    def period_index(when: tuple[datetime.date, datetime.date]) -> int | None:
        for i, p in enumerate(periods):
            if p.start <= when[0] and when[1] <= p.end:
                return i
        return None

    for span in spans:
        for key, points in _span_points_itemised(span, indicators).items():
            indicator = by_id[key[0]]
            for when, point in points.items():
                i = period_index(when)
                value = _point_value(point, indicator) if i is not None else None
                if i is not None and value is not None:
                    merged[i][key][when].append(value)
                    if point.estimate:
                        estimates[i].add((key, when))
    return [_figures(merged[i], estimates[i], by_id) for i in range(len(periods))]
