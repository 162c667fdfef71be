"""The review table (bảng sơ kết) of a unit and period: value, same period last year (on today's
boundaries, from the units a commune was formed from), growth on constant prices, the plan and its
direction, structure and its shift; and the key trends of the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.selectors import home_unit
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.opening import opening_period
from dieuhanh.core.scope import Scope, path_prefix_q
from dieuhanh.indicators.figures_cache import catalogue_cached, figures_cached
from dieuhanh.indicators.models import (
    DataValue,
    DisaggregationOption,
    Indicator,
    IndicatorKind,
    Target,
    ValueRollup,
)
from dieuhanh.indicators.pure.analytics import (
    difference,
    growth_pct,
    plan_met,
    plan_pct,
    share_pct,
    shift_pp,
)
from dieuhanh.indicators.selectors.figures import (
    Figure,
    FigureKey,
    figures_for,
    figures_for_periods,
)
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitSpan
from dieuhanh.periods import Period, PeriodKind


@dataclass
class ReviewRow:
    """One line of the review table (bảng số liệu sơ kết)."""

    indicator: Indicator
    option: DisaggregationOption | None
    value: Decimal | None
    status: str | None
    previous: Decimal | None
    growth_pct: Decimal | None
    """Growth on this row's own price basis (a current-price row: its nominal change); None for
    rates and counts, which change by `change`."""
    growth_basis: str | None
    """The option code the growth is on: this row's own option (None without a price basis)."""
    plan: Decimal | None
    plan_pct: Decimal | None
    """Value / plan × 100, for flows and stocks only (a rate or count is met or not met)."""
    share_pct: Decimal | None
    share_previous_pct: Decimal | None
    share_shift_pp: Decimal | None
    plan_period: str | None = None
    """The period the plan was set for: the year ("2021") or the period itself ("2021S1")."""
    change: Decimal | None = None
    """Value − same period last year, in the indicator's unit (percentage points for a rate)."""
    plan_gap: Decimal | None = None
    """Value − plan, in the indicator's unit (percentage points for a rate)."""
    plan_met: bool | None = None
    """Met (đạt) / not met (chưa đạt) by the indicator's direction; None where no judgement
    holds: direction "none", no plan, or a flow measured mid-way against the year's plan."""


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
    """The active indicators with their disaggregations and options, cached per process at the
    catalogue's version: saved values do not move it (issue 21: three queries and ~100 models
    built on every review table, dashboard and save)."""
    return catalogue_cached(
        "indicators_active",
        lambda: list(
            Indicator.objects.filter(is_active=True)
            .select_related(
                "disaggregation__growth_option", "disaggregation__share_option", "parent"
            )
            .prefetch_related("disaggregation__options")
        ),
    )


def indicator_options(indicator: Indicator) -> list[DisaggregationOption | None]:
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


def review_table_cached(*, unit: OrgUnit, period: Period, scope: Scope) -> ReviewTable:
    """`review_table`, cached between saves: the key holds the figures version, which every
    write of the running totals moves (`figures_cache`), the unit, period, scope and language."""
    return figures_cached(
        ("review_table", unit.pk, period.code, scope, get_language()),
        lambda: review_table(unit=unit, period=period, scope=scope),
    )


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

    parts_of: dict[int, list[Indicator]] = {}
    for ind in indicators:
        if ind.parent_id is not None:
            parts_of.setdefault(ind.parent_id, []).append(ind)

    def parts_sum(
        figs: dict[FigureKey, Figure], parent_id: int, opt_id: int | None
    ) -> Decimal | None:
        """The sum of a total's parts: the denominator of their shares (GSO: the sectors' shares
        add up to 100%; a total that also holds product taxes is not the denominator)."""
        total = Decimal(0)
        for part in parts_of[parent_id]:
            value = val(figs, part, opt_id)
            if value is None:
                return None
            total += value
        return total

    rows = []
    for ind in indicators:
        share_opt = ind.disaggregation.share_option if ind.disaggregation else None
        s_id = share_opt.pk if share_opt else None
        level = ind.kind in (IndicatorKind.FLOW, IndicatorKind.STOCK)
        share_now = (
            share_pct(val(now, ind, s_id), parts_sum(now, ind.parent_id, s_id))
            if ind.parent_id
            else None
        )
        share_before = (
            share_pct(val(before, ind, s_id), parts_sum(before, ind.parent_id, s_id))
            if ind.parent_id
            else None
        )
        for opt in indicator_options(ind):
            # Shares are of the share basis (current prices) and shown on that row only: the
            # constant-price row of a sector does not carry a current-price share (issue 16).
            on_share_basis = (opt.pk if opt else None) == s_id
            key = (ind.pk, opt.pk if opt else None)
            fig = now.get(key, Figure(None, None))
            previous = val(before, ind, key[1])
            plan, plan_period = plans.get(key, (None, None))
            # A flow is summed over the year: half-way it is a share of the year's plan, not yet
            # met or missed; a level (stock, rate, count) is judged against its target any time.
            judged = ind.kind != IndicatorKind.FLOW or plan_period == period.code
            rows.append(
                ReviewRow(
                    indicator=ind,
                    option=opt,
                    value=fig.value,
                    status=fig.status,
                    previous=previous,
                    # Each row's growth on its own price basis: a current-price row never
                    # carries the constant-price growth (issue 16).
                    growth_pct=growth_pct(fig.value, previous) if level else None,
                    growth_basis=opt.code if opt else None,
                    plan=plan,
                    plan_pct=plan_pct(fig.value, plan) if level else None,
                    share_pct=share_now if on_share_basis else None,
                    share_previous_pct=share_before if on_share_basis else None,
                    share_shift_pp=shift_pp(share_now, share_before) if on_share_basis else None,
                    plan_period=plan_period,
                    change=difference(fig.value, previous),
                    plan_gap=difference(fig.value, plan),
                    plan_met=plan_met(fig.value, plan, ind.direction) if judged else None,
                )
            )
    return ReviewTable(unit, period, previous_period, rows, previous_sources)


def rounded(value: Decimal | None, places: int) -> float | None:
    return None if value is None else float(round(value, places))


def review_row_dict(table: ReviewTable, row: ReviewRow) -> dict[str, object]:
    """One row of `dieuhanh values --json` and GET /api/values (docs/design.md §3)."""
    ind = row.indicator
    return {
        "indicator": ind.code,
        "option": row.option.code if row.option else None,
        "name": ind.name_vi,
        "name_en": ind.name_en,
        "unit": ind.unit_of_measure,
        "kind": ind.kind,
        "direction": ind.direction,
        "orgunit": table.unit.code,
        "period": table.period.code,
        "value": rounded(row.value, ind.decimals),
        "status": row.status,
        "previous": rounded(row.previous, ind.decimals),
        "previous_period": table.previous_period.code,
        "previous_from_predecessors": table.previous_from_predecessors,
        "growth_pct": rounded(row.growth_pct, 2),
        "growth_basis": row.growth_basis,
        "change": rounded(row.change, ind.decimals),
        "plan": rounded(row.plan, ind.decimals),
        "plan_pct": rounded(row.plan_pct, 2),
        "plan_period": row.plan_period,
        "plan_gap": rounded(row.plan_gap, ind.decimals),
        "plan_met": row.plan_met,
        "share_pct": rounded(row.share_pct, 2),
        "share_previous_pct": rounded(row.share_previous_pct, 2),
        "share_shift_pp": rounded(row.share_shift_pp, 2),
    }


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


def newest_value(
    *, scope: Scope, unit: OrgUnit | None = None
) -> tuple[OrgUnit | None, date | None]:
    """The unit and last day of the newest value the scope sees (under `unit` when given): what
    a page of values opens on (`core.opening`)."""
    qs = DataValue.objects.filter(scope.view_q("unit__path"))
    if unit is not None:
        qs = qs.filter(path_prefix_q("unit__path", unit.path))
    last = qs.select_related("unit").order_by("-period_end", "unit__path").first()
    return (last.unit, last.period_end) if last else (None, None)


def newest_day(*, scope: Scope, unit: OrgUnit) -> date | None:
    """The last day of the newest value the scope sees under `unit` (the unit included).

    When the scope sees the whole subtree (a granted unit, an administrator), it is read from
    the running totals (one indexed read of the unit's rollup rows) and the unit's own values,
    not by sorting every value below: 13,000 values of a district took 50 ms on PostgreSQL."""
    if not scope.can_view_path(unit.path):
        return newest_value(scope=scope, unit=unit)[1]
    below = ValueRollup.objects.filter(ancestor=unit, n_values__gt=0).aggregate(
        last=Max("period_end")
    )["last"]
    own = DataValue.objects.filter(unit=unit).aggregate(last=Max("period_end"))["last"]
    days = [d for d in (below, own) if d is not None]
    return max(days) if days else None


def values_opening(
    *,
    user: AbstractBaseUser | AnonymousUser,
    scope: Scope,
    today: date,
    kind: PeriodKind = PeriodKind.HALF_YEAR,
) -> tuple[OrgUnit | None, Period]:
    """Where a page of values opens without a query string (`core.opening`): the user's own
    unit (administrators: the top of the tree above the newest value), and the period of `kind`
    holding the newest value under it."""
    # The newest value's unit only places a user without grants: looked for only then.
    home = home_unit(
        user=user, scope=scope, on=today, data_unit=lambda: newest_value(scope=scope)[0]
    )
    newest = newest_day(scope=scope, unit=home) if home is not None else None
    valid_to = home.valid_to if home is not None else None
    return home, opening_period(today=today, newest=newest, kind=kind, valid_to=valid_to)


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
