"""Data-entry forms (biểu nhập): the form of a unit and period with its fields and state, the forms
of a unit, those awaiting approval, the periods a form is due for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.scope import Scope
from dieuhanh.indicators.figures_cache import catalogue_cached
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    DataSetReport,
    DataValue,
    DisaggregationOption,
    FormState,
    Indicator,
)
from dieuhanh.indicators.selectors.review import indicator_options
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, PeriodKind


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
        """Approved: only unlocking (mở khóa) reopens it."""
        return self.state == FormState.APPROVED

    @property
    def read_only(self) -> bool:
        """Submitted or approved: nobody saves values until it is returned or unlocked."""
        return self.state != FormState.OPEN

    @property
    def return_reason(self) -> str:
        """Why the form was last returned, while it is open again (else empty)."""
        if self.report is None or self.state != FormState.OPEN:
            return ""
        return str(self.report.return_reason)


def data_set_get(*, code: str) -> DataSet:
    """The data set of `code`, cached per catalogue version (every form read asks for it; a GET
    request reads that version once). The object is shared: read it only."""
    # All data sets under one entry (a few), not one per code asked: codes from a URL that name
    # no data set would otherwise each keep an entry in every process.
    data_set = next(
        (
            d
            for d in catalogue_cached("data_sets", lambda: list(DataSet.objects.all()))
            if d.code == code
        ),
        None,
    )
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
    shape = _form_shape(data_set)
    stored = _stored(unit, period, shape)
    fields = [FormField(i, o, stored.get((i.pk, o.pk if o else None))) for i, o in shape]
    report = DataSetReport.objects.filter(data_set=data_set, unit=unit, period=period.code).first()
    can_capture = role_can_write(role, Module.INDICATORS) and scope.can_capture_path(unit.path)
    can_approve = role == Role.ADMIN or (
        role == Role.LEADER and unit.parent is not None and scope.can_capture_path(unit.parent.path)
    )
    return DataEntryForm(data_set, unit, period, fields, report, can_capture, can_approve)


def data_entry_form_reread(form: DataEntryForm) -> DataEntryForm:
    """The same form with its values and state read again (after a save): the unit, period,
    fields and rights do not change with a save, so they are not looked up twice (issue 21)."""
    shape = [(f.indicator, f.option) for f in form.fields]
    stored = _stored(form.unit, form.period, shape)
    fields = [FormField(i, o, stored.get((i.pk, o.pk if o else None))) for i, o in shape]
    report = DataSetReport.objects.filter(
        data_set=form.data_set, unit=form.unit, period=form.period.code
    ).first()
    return replace(form, fields=fields, report=report)


FieldShape = tuple[Indicator, DisaggregationOption | None]


def _form_shape(data_set: DataSet) -> list[FieldShape]:
    """The (indicator, option) fields of a form in their order: catalogue only (members,
    indicators, options), so cached per process at the catalogue's version (issue 21: two
    queries and a hundred models on every form read and save). The objects are shared: read
    them, never change them."""

    def compute() -> list[FieldShape]:
        members = (
            DataSetIndicator.objects.filter(data_set_id=data_set.pk)
            .select_related("indicator__disaggregation")
            .prefetch_related("indicator__disaggregation__options")
        )
        return [(m.indicator, opt) for m in members for opt in indicator_options(m.indicator)]

    return catalogue_cached(f"form_shape:{data_set.pk}", compute)


def _stored(
    unit: OrgUnit, period: Period, shape: list[FieldShape]
) -> dict[tuple[int, int | None], DataValue]:
    return {
        (v.indicator_id, v.option_id): v
        for v in DataValue.objects.filter(
            unit=unit, period=period.code, indicator_id__in={i.pk for i, _o in shape}
        )
    }


def data_sets_for_unit(*, unit: OrgUnit) -> list[DataSet]:
    return list(DataSet.objects.filter(unit_level=unit.level).order_by("code"))


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


def form_periods(*, data_set: DataSet, period: Period) -> list[Period]:
    """The periods of a data set's forms within `period` (2021S1, monthly: its six months), or
    the one form period containing it when the data set's period is longer."""
    kind = PeriodKind(data_set.period_type)
    if kind.months <= period.kind.months:
        return period.subperiods(kind)
    return [period.parent(kind)]


@dataclass(frozen=True)
class FormDue:
    """A form a unit must still submit (an item of the inbox)."""

    data_set: DataSet
    unit: OrgUnit
    period: Period
    due: datetime.date
    overdue: bool
    return_reason: str  # set when a leader returned it


DUE_AHEAD_DAYS = 15
"""The inbox lists an open form from this many days before its deadline."""
DUE_LOOKBACK_MONTHS = 12
"""…and the open forms of periods up to this many months back (older ones: the forms page)."""


def forms_to_submit(*, units: list[OrgUnit], scope: Scope, today: datetime.date) -> list[FormDue]:
    """Open forms of `units` (those the scope captures for) whose deadline — the period's
    Decree 09 cut-off plus the data set's `deadline_days` — is past or within
    `DUE_AHEAD_DAYS`, over the last `DUE_LOOKBACK_MONTHS` of each unit's life; the latest
    deadline first (the form being worked on now, then the most recently missed)."""
    candidates: list[tuple[DataSet, OrgUnit, Period, datetime.date]] = []
    for unit in units:
        if not scope.can_capture_path(unit.path):
            continue
        anchor = min(today, unit.valid_to) if unit.valid_to else today
        for data_set in data_sets_for_unit(unit=unit):
            kind = PeriodKind(data_set.period_type)
            period = Period.containing(anchor, kind)
            for _step in range(max(1, DUE_LOOKBACK_MONTHS // kind.months) + 1):
                due = period.cutoff_window()[1] + datetime.timedelta(days=data_set.deadline_days)
                if period.end < unit.valid_from:  # a period belongs to the unit at its end
                    break
                if due <= today + datetime.timedelta(days=DUE_AHEAD_DAYS) and (
                    unit.valid_to is None or period.end <= unit.valid_to
                ):
                    candidates.append((data_set, unit, period, due))
                period = period.previous()
    if not candidates:
        return []
    reports = {
        (r.data_set_id, r.unit_id, r.period): r
        for r in DataSetReport.objects.filter(
            unit__in={c[1] for c in candidates}, period__in={c[2].code for c in candidates}
        )
    }
    result = []
    for data_set, unit, period, due in candidates:
        report = reports.get((data_set.pk, unit.pk, period.code))
        if report is not None and report.state != FormState.OPEN:
            continue
        reason = report.return_reason if report is not None else ""
        result.append(FormDue(data_set, unit, period, due, due < today, reason))
    result.sort(key=lambda f: (f.unit.sort_key, f.data_set.code))
    result.sort(key=lambda f: f.due, reverse=True)
    return result
