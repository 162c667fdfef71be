"""Data quality (chất lượng số liệu): what a form field is checked against (the previous period,
the same period last year, the unit's history; pure/quality.py holds the rule), the messages
of the flags, the follow-up list of flagged values, and what changed in a form for its approver."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.models import (
    DataSetIndicator,
    DataSetReport,
    DataValue,
    DataValueChange,
    DisaggregationOption,
    Indicator,
)
from dieuhanh.indicators.pure.quality import (
    HISTORY_SIZE,
    Bounds,
    Flag,
    bounds_for,
    flags_parse,
)
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, PeriodError, parse_period
from dieuhanh.vn import format_number

FieldKey = tuple[int, int | None]
"""(indicator id, option id or None)"""


@dataclass(frozen=True)
class FieldQuality:
    """A field's neighbours in time and the bounds its value is checked against."""

    previous: Decimal | None  # kỳ trước
    last_year: Decimal | None  # cùng kỳ năm trước
    bounds: Bounds


def _kind_of(code: str) -> Period | None:
    try:
        return parse_period(code)
    except PeriodError:
        return None


def field_quality(
    *, unit: OrgUnit, period: Period, fields: list[tuple[Indicator, DisaggregationOption | None]]
) -> dict[FieldKey, FieldQuality]:
    """For every (indicator, option) field at the unit: the previous period's value, the same
    period last year and the bounds (pure.quality). Only periods of the same kind count as
    history (a month is not compared with a year)."""
    if not fields:
        return {}
    years = HISTORY_SIZE * period.kind.months // 12 + 2
    earliest = datetime.date(period.start.year - years, 1, 1)
    history: dict[FieldKey, list[tuple[datetime.date, str, Decimal]]] = defaultdict(list)
    # A few dozen period codes over hundreds of history rows: each parsed once (issue 21: the
    # parsing was half of a form's read).
    kinds: dict[str, Period | None] = {}
    for ind, opt, code, start, value in DataValue.objects.filter(
        unit=unit,
        indicator_id__in={i.pk for i, _o in fields},
        period_start__gte=earliest,
        period_start__lt=period.start,
    ).values_list("indicator_id", "option_id", "period", "period_start", "value"):
        if code not in kinds:
            kinds[code] = _kind_of(code)
        parsed = kinds[code]
        if parsed is not None and parsed.kind == period.kind:
            history[(ind, opt)].append((start, code, value))
    previous_code = period.previous().code
    last_year_code = period.same_period_last_year().code
    result: dict[FieldKey, FieldQuality] = {}
    for indicator, option in fields:
        key = (indicator.pk, option.pk if option else None)
        rows = sorted(history.get(key, []))
        values = {code: value for _start, code, value in rows}
        result[key] = FieldQuality(
            previous=values.get(previous_code),
            last_year=values.get(last_year_code),
            bounds=bounds_for(
                may_be_negative=indicator.may_be_negative,
                min_value=indicator.min_value,
                max_value=indicator.max_value,
                history=[v for _s, _c, v in rows],
                last_year=values.get(last_year_code),
            ),
        )
    return result


def field_neighbours(
    *,
    unit: OrgUnit,
    period: Period,
    fields: Sequence[tuple[Indicator, DisaggregationOption | None]],
) -> dict[FieldKey, tuple[Decimal | None, Decimal | None]]:
    """For every field: (the previous period's value, the same period last year's) — what
    `field_quality` says of them, read from those two periods alone (issue 21: the form API
    shows these two, not the bounds, and reading the unit's whole history for them was a
    quarter of a form read)."""
    previous_code = period.previous().code
    last_year_code = period.same_period_last_year().code
    found: dict[tuple[int, int | None, str], Decimal] = {
        (ind, opt, code): value
        for ind, opt, code, value in DataValue.objects.filter(
            unit=unit,
            indicator_id__in={i.pk for i, _o in fields},
            period__in=[previous_code, last_year_code],
        ).values_list("indicator_id", "option_id", "period", "value")
    }
    result: dict[FieldKey, tuple[Decimal | None, Decimal | None]] = {}
    for indicator, option in fields:
        key = (indicator.pk, option.pk if option else None)
        result[key] = (found.get((*key, previous_code)), found.get((*key, last_year_code)))
    return result


def _n(value: Decimal | None) -> str:
    return format_number(value) if value is not None else "—"


def flag_label(flag: Flag) -> str:
    """Why a value was flagged, without the figures (the follow-up list)."""
    if flag == Flag.NEGATIVE:
        return _("may not be negative")
    if flag == Flag.BELOW_MIN:
        return _("below the smallest plausible value")
    if flag == Flag.ABOVE_MAX:
        return _("above the largest plausible value")
    if flag == Flag.OUTLIER:
        return _("far from this unit's usual values")
    return _("more than 3 times or under a third of the same period last year")


def flag_message(flag: Flag, bounds: Bounds | None = None) -> str:
    """Why a value was flagged, in the user's language, with the figures of `bounds` (without
    them: flag_label)."""
    if bounds is None:
        return flag_label(flag)
    b = bounds
    if flag == Flag.NEGATIVE:
        return _("may not be negative")
    if flag == Flag.BELOW_MIN:
        return _("below the smallest plausible value (%(min)s)") % {"min": _n(b.min_value)}
    if flag == Flag.ABOVE_MAX:
        return _("above the largest plausible value (%(max)s)") % {"max": _n(b.max_value)}
    if flag == Flag.OUTLIER:
        return _("far from this unit's usual values (%(low)s – %(high)s)") % {
            "low": _n(b.learned_low),
            "high": _n(b.learned_high),
        }
    return _("more than 3 times or under a third of the same period last year (%(value)s)") % {
        "value": _n(b.last_year)
    }


def flags_message(flags: list[Flag], bounds: Bounds | None = None) -> str:
    return "; ".join(flag_message(f, bounds) for f in flags)


@dataclass(frozen=True)
class FlaggedValue:
    """A row of the follow-up list (danh sách cần xem lại)."""

    unit: OrgUnit
    period: str
    indicator: Indicator
    option: DisaggregationOption | None
    value: Decimal
    flags: list[Flag]
    comment: str
    updated_at: datetime.datetime
    data_set: str | None  # the code of the form the value is entered through

    @property
    def flag_labels(self) -> list[str]:
        return [flag_label(f) for f in self.flags]

    @property
    def period_label(self) -> str:
        parsed = _kind_of(self.period)
        return parsed.label_vi() if parsed is not None else self.period


def flagged_values(*, scope: Scope, unit: OrgUnit, period: Period) -> list[FlaggedValue]:
    """Values confirmed despite a quality flag, of `unit` and the units below it, whose period
    lies within `period`: what a leader follows up."""
    if not scope.can_view_path(unit.path):
        raise AccessDenied(
            gettext_lazy("Unit %(code)s is outside the units you are allowed to see."),
            code=unit.code,
        )
    rows = (
        DataValue.objects.exclude(flags="")
        .filter(scope.view_q("unit__path"), unit__path__startswith=unit.path)
        .filter(period_start__gte=period.start, period_end__lte=period.end)
        .select_related("unit", "indicator", "option")
        .order_by("unit__sort_key", "period_start", "indicator__sort_order", "option_id")
    )
    values = list(rows)
    forms: dict[tuple[int, int, str], str] = {}
    for member in DataSetIndicator.objects.filter(
        indicator_id__in={dv.indicator_id for dv in values}
    ).select_related("data_set"):
        ds = member.data_set
        forms.setdefault((member.indicator_id, ds.unit_level, ds.period_type), ds.code)
    return [
        FlaggedValue(
            dv.unit,
            dv.period,
            dv.indicator,
            dv.option,
            dv.value,
            flags_parse(dv.flags),
            dv.comment,
            dv.updated_at,
            forms.get((dv.indicator_id, dv.unit.level, _period_type(dv.period))),
        )
        for dv in values
    ]


def _period_type(code: str) -> str:
    """The DataSet.period_type of a period code (PeriodKind values are the same words)."""
    parsed = _kind_of(code)
    return parsed.kind.value if parsed is not None else ""


def flagged_dict(row: FlaggedValue) -> dict[str, object]:
    """The JSON of a follow-up row (numbers as numbers, never localised)."""
    return {
        "unit": row.unit.code,
        "unit_name": row.unit.name,
        "period": row.period,
        "indicator": row.indicator.code,
        "indicator_name": row.indicator.name_vi,
        "option": row.option.code if row.option else None,
        "value": float(row.value),
        "flags": [f.value for f in row.flags],
        "comment": row.comment,
    }


@dataclass(frozen=True)
class FieldChange:
    """A value changed since the form was last approved (or ever): what the approver checks."""

    key: FieldKey
    before: Decimal | None  # None: the value is new
    after: Decimal | None  # None: the value was deleted


def form_changes(
    *, report: DataSetReport | None, unit: OrgUnit, period: Period
) -> dict[FieldKey, FieldChange]:
    """Per field, its value before the first change since the last approval and its value now
    (the caller checked the unit against the scope when it loaded the form)."""
    qs = DataValueChange.objects.filter(unit=unit, period=period.code)
    if report is not None and report.approved_at is not None:
        qs = qs.filter(at__gt=report.approved_at)
    first: dict[FieldKey, DataValueChange] = {}
    last: dict[FieldKey, DataValueChange] = {}
    for change in qs.order_by("at", "id"):
        key = (change.indicator_id, change.option_id)
        first.setdefault(key, change)
        last[key] = change
    return {
        key: FieldChange(key, first[key].old_value, last[key].new_value)
        for key in first
        if first[key].old_value != last[key].new_value
    }
