"""Completeness and timeliness of reporting (tính đầy đủ và kịp thời của báo cáo): how many units
reported the figures a total is made of, and the reporting-rate summary of a data set (units ×
periods: expected, reported, on time, rate), like DHIS2's Reporting Rate Summary.

A unit is *expected* to report a period when it exists during it (its version overlaps the
period) and lies under the unit asked for, in the caller's scope. It has *reported* when it holds
at least one value of the data set's indicators (for a total: of any indicator) for that period
or a sub-period of it, or its form was submitted. It reported *on time* when its form was
submitted (or approved) by the due day: the Decree 09 cut-off of the period plus the data set's
deadline days. Values entered without a submitted form count as reported, never as on time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.indicators.models import DataSet, DataSetReport, DataValue, FormState
from dieuhanh.indicators.pure.completeness import rate_pct, reported_phrase
from dieuhanh.indicators.selectors.forms import form_periods
from dieuhanh.orgunits.models import OrgUnit, UnitLevel
from dieuhanh.periods import Period, PeriodKind

REPORTING_LEVEL = UnitLevel.COMMUNE
"""The level whose units enter the figures a total is made of (the commune form)."""


def _check(unit: OrgUnit, scope: Scope) -> None:
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )


def _existing_during(start: datetime.date, end: datetime.date) -> Q:
    return Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=start))


def expected_units(
    *, unit: OrgUnit, level: int, start: datetime.date, end: datetime.date, scope: Scope
) -> QuerySet[OrgUnit]:
    """Units of `level` under `unit` (itself when it is of that level) existing between `start`
    and `end`, in the scope, in Vietnamese order."""
    return (
        OrgUnit.objects.filter(path_prefix_q("path", unit.path), level=level)
        .filter(_existing_during(start, end))
        .filter(scope.view_q())
        .order_by("sort_key", "code")
    )


@dataclass(frozen=True)
class Completeness:
    """How many units reported the figures of a total (18/218 xã đã báo cáo)."""

    unit: OrgUnit
    period: Period
    level: int
    expected: int
    reported: int

    @property
    def rate_pct(self) -> Decimal | None:
        return rate_pct(self.reported, self.expected)

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected

    @property
    def level_label(self) -> str:
        return str(UnitLevel(self.level).label)

    def sentence_vi(self) -> str:
        """The line the report prints: "18/218 xã đã báo cáo"."""
        return reported_phrase(self.reported, self.expected, self.level)


def completeness(*, unit: OrgUnit, period: Period, scope: Scope) -> Completeness:
    """How many of the reporting units (communes) under `unit` hold values for `period` (any
    indicator, any sub-period); a commune counts itself."""
    _check(unit, scope)
    level = max(unit.level, REPORTING_LEVEL)
    units = expected_units(unit=unit, level=level, start=period.start, end=period.end, scope=scope)
    expected = units.count()
    reported = (
        DataValue.objects.filter(unit__in=units.values("pk"))
        .filter(period_start__gte=period.start, period_end__lte=period.end)
        .values("unit_id")
        .distinct()
        .count()
    )
    return Completeness(unit, period, level, expected, reported)


@dataclass(frozen=True)
class RateCell:
    """One unit × period of the summary."""

    expected: bool
    reported: bool = False
    on_time: bool = False
    submitted_on: datetime.date | None = None


@dataclass(frozen=True)
class RateTotal:
    period: Period | None
    """None: the whole span."""
    expected: int
    reported: int
    on_time: int

    @property
    def rate_pct(self) -> Decimal | None:
        return rate_pct(self.reported, self.expected)

    @property
    def on_time_pct(self) -> Decimal | None:
        return rate_pct(self.on_time, self.expected)


@dataclass(frozen=True)
class RateRow:
    unit: OrgUnit
    cells: list[RateCell]
    total: RateTotal


@dataclass
class ReportingRates:
    """DHIS2's Reporting Rate Summary of one data set under one unit over a span."""

    data_set: DataSet
    unit: OrgUnit
    period: Period
    periods: list[Period]
    due: list[datetime.date]
    rows: list[RateRow] = field(default_factory=list)
    totals: list[RateTotal] = field(default_factory=list)
    total: RateTotal | None = None


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def reporting_rates(
    *, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope
) -> ReportingRates:
    """Expected, reported and on-time reports of `data_set` for every unit of its level under
    `unit` and every period of its kind within `period` (2021, monthly: twelve columns)."""
    _check(unit, scope)
    periods = form_periods(data_set=data_set, period=period)
    start, end = periods[0].start, periods[-1].end
    units = list(
        expected_units(unit=unit, level=data_set.unit_level, start=start, end=end, scope=scope)
    )
    codes = [p.code for p in periods]
    ids = [u.pk for u in units]
    with_values = set(
        DataValue.objects.filter(
            unit_id__in=ids, period__in=codes, indicator__in=data_set.indicators.all()
        )
        .values_list("unit_id", "period")
        .distinct()
    )
    forms = {
        (unit_id, code): submitted_at
        for unit_id, code, submitted_at in DataSetReport.objects.filter(
            data_set=data_set,
            unit_id__in=ids,
            period__in=codes,
            state__in=[FormState.SUBMITTED, FormState.APPROVED],
        ).values_list("unit_id", "period", "submitted_at")
    }
    due = [p.cutoff_window()[1] + datetime.timedelta(days=data_set.deadline_days) for p in periods]
    result = ReportingRates(data_set, unit, period, periods, due)
    for u in units:
        cells = []
        for p, day in zip(periods, due, strict=True):
            # a form of a period is the unit's in force at its end (check_unit_period)
            if not (u.valid_from <= p.end and (u.valid_to is None or u.valid_to >= p.end)):
                cells.append(RateCell(expected=False))
                continue
            key = (u.pk, p.code)
            submitted = forms.get(key)
            submitted_on = _local_day(submitted) if submitted else None
            cells.append(
                RateCell(
                    expected=True,
                    reported=key in with_values or key in forms,
                    on_time=submitted_on is not None and submitted_on <= day,
                    submitted_on=submitted_on,
                )
            )
        result.rows.append(RateRow(u, cells, _sum(None, cells)))
    result.totals = [_sum(p, [row.cells[i] for row in result.rows]) for i, p in enumerate(periods)]
    result.total = _sum(None, [c for row in result.rows for c in row.cells])
    return result


def _sum(period: Period | None, cells: list[RateCell]) -> RateTotal:
    return RateTotal(
        period,
        sum(1 for c in cells if c.expected),
        sum(1 for c in cells if c.expected and c.reported),
        sum(1 for c in cells if c.expected and c.on_time),
    )


def rates_defaults(*, unit: OrgUnit, period: Period) -> tuple[DataSet | None, Period]:
    """What the reporting-rate page shows for a unit without a data set asked: the data set
    entered by the units below it (by itself, for a commune), over the year of `period`."""
    data_sets = list(DataSet.objects.order_by("-unit_level", "code"))
    below = [d for d in data_sets if d.unit_level > unit.level]
    own = [d for d in data_sets if d.unit_level == unit.level]
    candidates = below or own or data_sets
    chosen = candidates[0] if candidates else None
    return chosen, Period.containing(period.start, PeriodKind.YEAR)


def rates_document(rates: ReportingRates) -> dict[str, object]:
    """The summary as plain data (API, `dieuhanh rates`): numbers never localised."""

    def total(t: RateTotal) -> dict[str, object]:
        return {
            "period": t.period.code if t.period else None,
            "expected": t.expected,
            "reported": t.reported,
            "on_time": t.on_time,
            "rate_pct": float(t.rate_pct) if t.rate_pct is not None else None,
            "on_time_pct": float(t.on_time_pct) if t.on_time_pct is not None else None,
        }

    return {
        "data_set": rates.data_set.code,
        "unit": rates.unit.code,
        "period": rates.period.code,
        "periods": [p.code for p in rates.periods],
        "due": [d.isoformat() for d in rates.due],
        "rows": [
            {
                "unit": row.unit.code,
                "name": row.unit.name,
                "cells": [
                    {
                        "expected": c.expected,
                        "reported": c.reported,
                        "on_time": c.on_time,
                        "submitted_on": c.submitted_on.isoformat() if c.submitted_on else None,
                    }
                    for c in row.cells
                ],
                "total": total(row.total),
            }
            for row in rates.rows
        ],
        "totals": [total(t) for t in rates.totals],
        "total": total(rates.total) if rates.total else None,
    }
