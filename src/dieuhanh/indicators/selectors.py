"""Reads of indicators: live figures over the hierarchy and across mergers, the review table,
validation, the data-entry form. Every selector that takes a user's request takes its scope.

No precomputed analytics tables: every figure is aggregated from the stored values when asked
(DHIS2 shows new data only after its nightly analytics job).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import Case, Count, IntegerField, Max, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.errors import AccessDenied, DomainError, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.indicators.analytics import growth_pct, plan_pct, share_pct, shift_pp
from dieuhanh.indicators.analytics.expressions import ExpressionError, compare, parse
from dieuhanh.indicators.exchange import (
    FORMATS,
    ExportValue,
    Template,
    TemplateRow,
    TemplateSheet,
    write_dhis2_csv,
    write_dhis2_json,
    write_values_xlsx,
)
from dieuhanh.indicators.models import (
    DataSet,
    DataSetReport,
    DataValue,
    DataValueChange,
    DisaggregationOption,
    FormState,
    Indicator,
    Target,
    TimeAggregation,
    UnitAggregation,
    ValidationRule,
    ValueRollup,
    ValueStatus,
)
from dieuhanh.indicators.rollups import rollup_sums
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitSpan, unit_sources
from dieuhanh.periods import Period, PeriodKind

FigureKey = tuple[int, int | None]  # (indicator id, option id or None)
_T = TypeVar("_T")


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
    """Every indicator's figure for `unit` over [start, end], live, across reorganisations."""
    spans = unit_sources(unit=unit, start=start, end=end)
    by_id = {i.pk: i for i in indicators}
    merged: dict[FigureKey, dict[tuple[datetime.date, datetime.date], list[Decimal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    estimates: set[FigureKey] = set()
    for span in spans:
        for key, points in _span_points(span, indicators).items():
            indicator = by_id[key[0]]
            for when, point in points.items():
                value = _point_value(point, indicator)
                if value is not None:
                    merged[key][when].append(value)
                    if point.estimate:
                        estimates.add(key)
    return _figures(merged, estimates, by_id), spans


_Merged = dict[FigureKey, dict[tuple[datetime.date, datetime.date], list[Decimal]]]


def _figures(
    merged: _Merged, estimates: set[FigureKey], by_id: dict[int, Indicator]
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
        status = ValueStatus.ESTIMATE if key in estimates else ValueStatus.ACTUAL
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
    estimates: list[set[FigureKey]] = [set() for _ in periods]

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
                        estimates[i].add(key)
    return [_figures(merged[i], estimates[i], by_id) for i in range(len(periods))]


@dataclass
class ReviewRow:
    """One line of the review table (bảng số liệu sơ kết)."""

    indicator: Indicator
    option: DisaggregationOption | None
    value: Decimal | None
    status: str | None
    previous: Decimal | None
    growth_pct: Decimal | None
    growth_basis: str | None
    plan: Decimal | None
    plan_pct: Decimal | None
    share_pct: Decimal | None
    share_previous_pct: Decimal | None
    share_shift_pp: Decimal | None
    plan_period: str | None = None
    """The period the plan was set for: the year ("2021") or the period itself ("2021S1")."""


@dataclass
class ReviewTable:
    unit: OrgUnit
    period: Period
    previous_period: Period
    rows: list[ReviewRow]
    previous_sources: list[UnitSpan] = field(default_factory=list)

    @property
    def previous_from_predecessors(self) -> bool:
        return any(s.unit.pk != self.unit.pk for s in self.previous_sources)


def indicators_active() -> list[Indicator]:
    return list(
        Indicator.objects.filter(is_active=True)
        .select_related("disaggregation__growth_option", "disaggregation__share_option", "parent")
        .prefetch_related("disaggregation__options")
    )


def _options(indicator: Indicator) -> list[DisaggregationOption | None]:
    if indicator.disaggregation is None:
        return [None]
    return list(indicator.disaggregation.options.all())


def _targets(unit: OrgUnit, period: Period) -> dict[FigureKey, tuple[Decimal, str]]:
    """The plan a figure is measured against, with the period it was set for: the period's own
    target (a half-year's), else the year's."""
    codes = [str(period.year), period.code]
    found: dict[FigureKey, tuple[Decimal, str]] = {}
    for t in Target.objects.filter(unit=unit, period__in=codes).order_by("period"):
        key = (t.indicator_id, t.option_id)
        if t.period == period.code or key not in found:
            found[key] = (t.value, t.period)
    return found


def review_table(*, unit: OrgUnit, period: Period, scope: Scope) -> ReviewTable:
    """Value, same period last year, growth, plan and shares for every indicator of a unit."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    indicators = indicators_active()
    previous_period = period.same_period_last_year()
    now, _spans = figures_for(unit=unit, start=period.start, end=period.end, indicators=indicators)
    before, previous_sources = figures_for(
        unit=unit, start=previous_period.start, end=previous_period.end, indicators=indicators
    )
    plans = _targets(unit, period)

    def val(
        figs: dict[FigureKey, Figure], ind: Indicator | None, opt_id: int | None
    ) -> Decimal | None:
        if ind is None:
            return None
        fig = figs.get((ind.pk, opt_id))
        return fig.value if fig else None

    rows = []
    for ind in indicators:
        growth_opt = ind.disaggregation.growth_option if ind.disaggregation else None
        share_opt = ind.disaggregation.share_option if ind.disaggregation else None
        g_id = growth_opt.pk if growth_opt else None
        s_id = share_opt.pk if share_opt else None
        growth = growth_pct(val(now, ind, g_id), val(before, ind, g_id))
        share_now = (
            share_pct(val(now, ind, s_id), val(now, ind.parent, s_id)) if ind.parent else None
        )
        share_before = (
            share_pct(val(before, ind, s_id), val(before, ind.parent, s_id)) if ind.parent else None
        )
        for opt in _options(ind):
            key = (ind.pk, opt.pk if opt else None)
            fig = now.get(key, Figure(None, None))
            plan, plan_period = plans.get(key, (None, None))
            rows.append(
                ReviewRow(
                    indicator=ind,
                    option=opt,
                    value=fig.value,
                    status=fig.status,
                    previous=val(before, ind, key[1]),
                    growth_pct=growth,
                    growth_basis=growth_opt.code if growth_opt else None,
                    plan=plan,
                    plan_pct=plan_pct(fig.value, plan),
                    share_pct=share_now,
                    share_previous_pct=share_before,
                    share_shift_pp=shift_pp(share_now, share_before),
                    plan_period=plan_period,
                )
            )
    return ReviewTable(unit, period, previous_period, rows, previous_sources)


def _round(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(round(value, places))


def review_row_dict(table: ReviewTable, row: ReviewRow) -> dict[str, object]:
    """One row of `dieuhanh values --json` and GET /api/values (DESIGN.md §3)."""
    ind = row.indicator
    return {
        "indicator": ind.code,
        "option": row.option.code if row.option else None,
        "name": ind.name_vi,
        "name_en": ind.name_en,
        "unit": ind.unit_of_measure,
        "orgunit": table.unit.code,
        "period": table.period.code,
        "value": _round(row.value, ind.decimals),
        "status": row.status,
        "previous": _round(row.previous, ind.decimals),
        "previous_period": table.previous_period.code,
        "previous_from_predecessors": table.previous_from_predecessors,
        "growth_pct": _round(row.growth_pct, 2),
        "growth_basis": row.growth_basis,
        "plan": _round(row.plan, ind.decimals),
        "plan_pct": _round(row.plan_pct, 2),
        "plan_period": row.plan_period,
        "share_pct": _round(row.share_pct, 2),
        "share_previous_pct": _round(row.share_previous_pct, 2),
        "share_shift_pp": _round(row.share_shift_pp, 2),
    }


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    left: Decimal | None
    right: Decimal | None
    unit: OrgUnit
    period: Period


def rule_violations(*, unit: OrgUnit, period: Period, scope: Scope) -> list[Violation]:
    """The active rules that fail on the unit's live figures for the period."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    indicators = indicators_active()
    by_code = {i.code.upper(): i for i in indicators}
    options: dict[tuple[int | None, str], int] = {
        (o.disaggregation_id, o.code.upper()): o.pk for o in DisaggregationOption.objects.all()
    }
    figs, _spans = figures_for(unit=unit, start=period.start, end=period.end, indicators=indicators)

    def resolve(code: str, option: str | None) -> Decimal | None:
        ind = by_code.get(code)
        if ind is None:
            return None
        opt_id = None
        if option is not None:
            opt_id = options.get((ind.disaggregation_id, option))
            if opt_id is None:
                return None
        fig = figs.get((ind.pk, opt_id))
        return fig.value if fig else None

    found = []
    for rule in ValidationRule.objects.filter(is_active=True).order_by("code"):
        try:
            left = parse(rule.left).evaluate(resolve)
            right = parse(rule.right).evaluate(resolve)
        except ExpressionError:
            continue  # refused when the rule was saved; an edited-in-admin rule is skipped
        if compare(left, rule.operator, right, rule.tolerance) is False:
            found.append(Violation(rule, left, right, unit, period))
    return found


def violation_dict(v: Violation) -> dict[str, object]:
    return {
        "rule": v.rule.code,
        "name": v.rule.name_vi,
        "name_en": v.rule.name_en,
        "severity": v.rule.severity,
        "expression": f"{v.rule.left} {v.rule.operator} {v.rule.right}",
        "left": _round(v.left, 6),
        "right": _round(v.right, 6),
        "unit": v.unit.code,
        "period": v.period.code,
    }


# --- data entry -------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    indicator: Indicator
    option: DisaggregationOption | None
    value: DataValue | None

    @property
    def name(self) -> str:
        """The form field's name: v-<indicator id>-<option id or 0>."""
        return f"v-{self.indicator.pk}-{self.option.pk if self.option else 0}"


@dataclass(frozen=True)
class DataEntryForm:
    data_set: DataSet
    unit: OrgUnit
    period: Period
    fields: list[FormField]
    report: DataSetReport | None
    can_capture: bool
    """The caller may enter values here (role and units)."""
    can_approve: bool
    """The caller leads the unit above (or administers), so may approve and unlock."""

    @property
    def state(self) -> str:
        return self.report.state if self.report else FormState.OPEN

    @property
    def state_label(self) -> str:
        return str(FormState(self.state).label)

    @property
    def locked(self) -> bool:
        return self.state == FormState.APPROVED


def data_set_get(*, code: str) -> DataSet:
    data_set = DataSet.objects.filter(code=code).first()
    if data_set is None:
        raise NotFound(_("Unknown data set: %(code)s."), code=code)
    return data_set


def data_entry_form(
    *, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope, role: str
) -> DataEntryForm:
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    members = list(
        data_set.members.select_related("indicator__disaggregation").prefetch_related(
            "indicator__disaggregation__options"
        )
    )
    stored = {
        (v.indicator_id, v.option_id): v
        for v in DataValue.objects.filter(
            unit=unit, period=period.code, indicator__in=[m.indicator for m in members]
        )
    }
    fields = [
        FormField(m.indicator, opt, stored.get((m.indicator.pk, opt.pk if opt else None)))
        for m in members
        for opt in _options(m.indicator)
    ]
    report = DataSetReport.objects.filter(data_set=data_set, unit=unit, period=period.code).first()
    can_capture = role_can_write(role, Module.INDICATORS) and scope.can_capture_path(unit.path)
    can_approve = role == Role.ADMIN or (
        role == Role.LEADER and unit.parent is not None and scope.can_capture_path(unit.parent.path)
    )
    return DataEntryForm(data_set, unit, period, fields, report, can_capture, can_approve)


def data_sets_for_unit(*, unit: OrgUnit) -> list[DataSet]:
    return list(DataSet.objects.filter(unit_level=unit.level).order_by("code"))


def value_history(*, unit: OrgUnit, scope: Scope, limit: int = 50) -> list[DataValueChange]:
    """The newest changes of a unit's values (who, when, from what to what), newest first.

    The creation of a value by an import that has not been changed since is recorded by the
    import (ValueImport), not by a history row: it is shown here as the row the import would
    have written — the import's time and user, action "import", no old value."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    changes = list(
        DataValueChange.objects.filter(unit=unit)
        .select_related("indicator", "option", "user")
        .order_by("-at", "-id")[:limit]
    )
    imported = [
        DataValueChange(
            data_value=dv,
            indicator=dv.indicator,
            option=dv.option,
            unit=unit,
            period=dv.period,
            at=dv.created_by_import.at,
            user=dv.created_by_import.user,
            action="import",
            old_value=None,
            new_value=dv.value,
            old_status="",
            new_status=dv.status,
        )
        for dv in DataValue.objects.filter(unit=unit, created_by_import__isnull=False)
        .select_related("indicator", "option", "created_by_import__user")
        .order_by("-created_by_import__at", "-id")[:limit]
        if dv.created_by_import is not None
    ]
    if not imported:
        return changes
    # Newest first; at the same time an import's creations come after (below) later rows.
    return sorted(
        [*changes, *imported], key=lambda c: (c.at, c.pk is not None, c.pk or 0), reverse=True
    )[:limit]


def reports_awaiting_approval(*, scope: Scope) -> list[DataSetReport]:
    """Submitted forms of units whose parent the scope may capture for (what a leader approves)."""
    return list(
        DataSetReport.objects.filter(state=FormState.SUBMITTED, unit__parent__isnull=False)
        .filter(scope.capture_q("unit__parent__path"))
        .select_related("data_set", "unit")
        .order_by("period", "unit__sort_key")
    )


@dataclass(frozen=True)
class FormStatus:
    period: Period
    state: str
    values: int
    due: datetime.date
    """The Decree 09 cut-off of the period plus the data set's deadline days."""
    overdue: bool

    @property
    def state_label(self) -> str:
        return str(FormState(self.state).label)


def form_states(
    *, data_set: DataSet, unit: OrgUnit, periods: list[Period], scope: Scope, today: datetime.date
) -> list[FormStatus]:
    """State and number of values of one data set's forms for a unit over several periods."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    codes = [p.code for p in periods]
    states = dict(
        DataSetReport.objects.filter(data_set=data_set, unit=unit, period__in=codes).values_list(
            "period", "state"
        )
    )
    counts = dict(
        DataValue.objects.filter(
            unit=unit, period__in=codes, indicator__in=data_set.indicators.all()
        )
        .values("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    result = []
    for p in periods:
        state = states.get(p.code, FormState.OPEN)
        due = p.cutoff_window()[1] + datetime.timedelta(days=data_set.deadline_days)
        result.append(
            FormStatus(
                p, state, counts.get(p.code, 0), due, state == FormState.OPEN and today > due
            )
        )
    return result


@dataclass(frozen=True)
class Trend:
    """A key indicator's figures over consecutive periods, for the dashboard's sparklines."""

    indicator: Indicator
    option: DisaggregationOption | None
    periods: list[Period]
    values: list[Decimal | None]

    @property
    def last(self) -> Decimal | None:
        return self.values[-1] if self.values else None


def latest_period_with_data(*, unit: OrgUnit, kind: PeriodKind) -> Period | None:
    """The period of `kind` holding the newest value stored under the unit."""
    last = DataValue.objects.filter(path_prefix_q("unit__path", unit.path)).aggregate(
        last=Max("period_end")
    )["last"]
    return Period.containing(last, kind) if last else None


def key_trends(*, unit: OrgUnit, period: Period, count: int, scope: Scope) -> list[Trend]:
    """The dashboard indicators' figures for `count` periods ending with `period`."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )
    indicators = [i for i in indicators_active() if i.is_key]
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    per_period = figures_for_periods(unit=unit, periods=periods, indicators=indicators)
    trends = []
    for ind in indicators:
        opt = ind.disaggregation.share_option if ind.disaggregation else None
        key = (ind.pk, opt.pk if opt else None)
        values = [figs[key].value if key in figs else None for figs in per_period]
        trends.append(Trend(ind, opt, periods, values))
    return trends


# --- data exchange (DESIGN.md §3) -------------------------------------------------------


def _chunks(items: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def units_for_periods(
    *, keys: Iterable[tuple[str, Period]], scope: Scope
) -> dict[tuple[str, Period], OrgUnit | DomainError]:
    """`unit_for_period` for many (code, period) pairs at once, with one query per 500 codes:
    the version valid at each period's end (else at its start), or why there is none."""
    wanted = set(keys)
    versions: dict[str, list[OrgUnit]] = defaultdict(list)
    for chunk in _chunks(sorted({code for code, _p in wanted}), 500):
        for version in OrgUnit.objects.filter(code__in=chunk).order_by("valid_from"):
            versions[version.code].append(version)
    found: dict[tuple[str, Period], OrgUnit | DomainError] = {}
    spans = {p: (p.start, p.end) for _c, p in wanted}
    for code, period in wanted:
        candidates = versions.get(code)
        if not candidates:
            found[(code, period)] = NotFound(
                _("Unknown administrative unit code: %(code)s."), code=code
            )
            continue
        start, end = spans[period]
        unit = next((u for u in candidates if u.is_valid_on(end)), None) or next(
            (u for u in candidates if u.is_valid_on(start)), None
        )
        if unit is None:
            found[(code, period)] = NotFound(
                _("Unit code %(code)s exists, but no version of it is valid on %(day)s."),
                code=code,
                day=start.isoformat(),
            )
        elif not scope.can_view_path(unit.path):
            found[(code, period)] = AccessDenied(
                _("Unit %(code)s is outside the units you are allowed to see."), code=code
            )
        else:
            found[(code, period)] = unit
    return found


def _check_view(unit: OrgUnit, scope: Scope) -> None:
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            _("Unit %(code)s is outside the units you are allowed to see."), code=unit.code
        )


def values_export(*, unit: OrgUnit, period: Period, scope: Scope) -> list[ExportValue]:
    """Every value stored for `unit` and the units under it whose period lies within `period`
    (2021S1: the half-year's own values, its quarters' and its months')."""
    _check_view(unit, scope)
    rows = (
        DataValue.objects.filter(
            unit_id__in=OrgUnit.objects.filter(path_prefix_q("path", unit.path)).values("id"),
            period_start__gte=period.start,
            period_end__lte=period.end,
        )
        .order_by(
            "unit__path",
            "period_start",
            "-period_end",
            "indicator__sort_order",
            "indicator__code",
            "option__sort_order",
            "option__code",
        )
        .values_list(
            "indicator__code",
            "period",
            "unit__code",
            "option__code",
            "value",
            "updated_by__username",
            "updated_at",
            "comment",
        )
    )
    return [
        ExportValue(ind, per, code, opt or "", value, user or "", at, comment)
        for ind, per, code, opt, value, user, at, comment in rows.iterator(chunk_size=5000)
    ]


def form_periods(*, data_set: DataSet, period: Period) -> list[Period]:
    """The periods of a data set's forms within `period` (2021S1, monthly: its six months), or
    the one form period containing it when the data set's period is longer."""
    kind = PeriodKind(data_set.period_type)
    if kind.months <= period.kind.months:
        return period.subperiods(kind)
    return [period.parent(kind)]


def values_template(*, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope) -> Template:
    """A data set's Excel form for a unit: a sheet per form period, its stored values filled in."""
    _check_view(unit, scope)
    members = list(
        data_set.members.select_related("indicator__disaggregation").prefetch_related(
            "indicator__disaggregation__options"
        )
    )
    periods = form_periods(data_set=data_set, period=period)
    stored = {
        (v.indicator_id, v.option_id, v.period): v
        for v in DataValue.objects.filter(
            unit=unit,
            period__in=[p.code for p in periods],
            indicator__in=[m.indicator for m in members],
        )
    }
    sheets = []
    for p in periods:
        rows = []
        for m in members:
            ind = m.indicator
            for opt in _options(ind):
                dv = stored.get((ind.pk, opt.pk if opt else None, p.code))
                rows.append(
                    TemplateRow(
                        indicator=ind.code,
                        option=opt.code if opt else "",
                        name=f"{ind.name_vi} — {opt.name_vi}" if opt else ind.name_vi,
                        unit_of_measure=ind.unit_of_measure,
                        value=dv.value if dv else None,
                        status=dv.status if dv else "",
                        comment=dv.comment if dv else "",
                        decimals=ind.decimals,
                    )
                )
        sheets.append(TemplateSheet(p.code, p.label_vi(), rows))
    return Template(
        data_set=data_set.code,
        data_set_name=data_set.name_vi,
        unit=unit.code,
        unit_name=unit.name,
        period=period.code,
        period_label=period.label_vi(),
        sheets=sheets,
    )


def values_template_xlsx(
    *, data_set: DataSet, unit: OrgUnit, period: Period, scope: Scope
) -> bytes:
    """The Excel workbook of `values_template`."""
    return write_values_xlsx(
        values_template(data_set=data_set, unit=unit, period=period, scope=scope)
    )


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    file_name: str
    content_type: str


_CONTENT_TYPES = {
    "dhis2-json": ("json", "application/json"),
    "dhis2-csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _export_data_set(unit: OrgUnit, code: str | None) -> DataSet:
    if code:
        return data_set_get(code=code)
    candidates = data_sets_for_unit(unit=unit)
    if len(candidates) != 1:
        raise ValidationFailed(
            _("Name the data set of the Excel export (one of: %(codes)s)."),
            codes=", ".join(d.code for d in candidates) or "—",
        )
    return candidates[0]


def values_export_file(
    *, unit: OrgUnit, period: Period, fmt: str, scope: Scope, data_set: str | None = None
) -> ExportFile:
    """The export of `values_export` as a file: DHIS2 JSON or CSV of the unit's subtree, or
    the unit's Excel form of a data set filled with its stored values."""
    if fmt not in _CONTENT_TYPES:
        raise ValidationFailed(
            _("Unknown format %(format)s: use one of %(formats)s."),
            format=fmt,
            formats=", ".join(FORMATS),
        )
    extension, content_type = _CONTENT_TYPES[fmt]
    if fmt == "xlsx":
        ds = _export_data_set(unit, data_set)
        content = values_template_xlsx(data_set=ds, unit=unit, period=period, scope=scope)
        name = f"{ds.code}-{unit.code}-{period.code}.{extension}"
    else:
        values = values_export(unit=unit, period=period, scope=scope)
        content = write_dhis2_json(values) if fmt == "dhis2-json" else write_dhis2_csv(values)
        name = f"dieuhanh-{unit.code}-{period.code}.{extension}"
    return ExportFile(content, name, content_type)
