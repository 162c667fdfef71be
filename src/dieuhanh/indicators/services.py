"""Writes of indicators: recording values (with conflict detection and history), the form's
submit → approve (lock) → unlock cycle, and validation rules.

Every write checks the actor's role and scope, validates everything before writing, and
writes in one transaction.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    DomainError,
    NotFound,
    ValidationFailed,
)
from dieuhanh.core.imports import ImportRefused, RowProblem
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.indicators.analytics.expressions import ExpressionError, parse
from dieuhanh.indicators.bulk import (
    db_value,
    insert_many,
    insert_rows,
    update_many,
)
from dieuhanh.indicators.exchange import (
    FORMATS,
    ExchangeError,
    RawValue,
    ValueProblem,
    format_for_name,
    parse_status,
    parse_value,
    read_values,
)
from dieuhanh.indicators.models import (
    DataSet,
    DataSetIndicator,
    DataSetReport,
    DataValue,
    DataValueChange,
    DisaggregationOption,
    FormState,
    Indicator,
    ValidationRule,
    ValueImport,
    ValueStatus,
    ValueType,
)
from dieuhanh.indicators.rollups import Delta, ParentSums, is_estimate, rollup_apply
from dieuhanh.indicators.selectors import units_for_periods
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period
from dieuhanh.vn import VnNumberError, format_number, parse_number

_T = TypeVar("_T")


@dataclass(frozen=True)
class Entry:
    """One value typed into a form: the text as typed, the version the user started from."""

    indicator: Indicator
    option: DisaggregationOption | None
    text: str
    status: str = ValueStatus.ACTUAL
    comment: str | None = None  # None: keep the stored comment
    expected_version: int | None = None  # None: the user saw no value


@dataclass(frozen=True)
class FieldError:
    indicator: str
    option: str | None
    error: DomainError

    @property
    def label(self) -> str:
        return f"{self.indicator}[{self.option}]" if self.option else self.indicator

    @property
    def message(self) -> str:
        return self.error.render()


class FormInvalid(ValidationFailed):
    """Several fields are wrong; nothing was saved."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(
            _("%(n)s value(s) could not be saved; nothing was saved: %(detail)s"),
            n=len(errors),
            detail="",
        )

    def render(self, language: str | None = None) -> str:
        self.params["detail"] = "; ".join(
            f"{e.label}: {e.error.render(language)}" for e in self.errors
        )
        return super().render(language)

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "errors": [
                {
                    "indicator": e.indicator,
                    "option": e.option,
                    "message": e.message,
                    "messages": {"vi": e.error.render("vi"), "en": e.error.render("en")},
                }
                for e in self.errors
            ],
        }


class ValueConflict(Conflict):
    """Someone else saved the same value since the user opened the form."""

    def __init__(self, conflicts: list[tuple[DataValue, str]]) -> None:
        self.conflicts = conflicts
        super().__init__(
            _(
                "Another user changed %(n)s value(s) since you opened the form; nothing was saved: "
                "%(detail)s. Reload the form to see their values."
            ),
            n=len(conflicts),
            detail="; ".join(
                f"{dv.indicator.code}: {format_number(dv.value)} ({_('theirs')}) / "
                f"{mine} ({_('yours')})"
                for dv, mine in conflicts
            ),
        )

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "conflicts": [
                {
                    "indicator": dv.indicator.code,
                    "option": dv.option.code if dv.option is not None else None,
                    "theirs": format_number(dv.value) if dv.pk else None,
                    "yours": mine,
                    "version": dv.version if dv.pk else None,
                }
                for dv, mine in self.conflicts
            ],
        }


def _check_unit_period(unit: OrgUnit, period: Period) -> None:
    if unit.valid_from > period.start or (unit.valid_to is not None and unit.valid_to < period.end):
        raise ValidationFailed(
            _("%(unit)s did not exist for the whole of %(period)s (valid %(start)s – %(end)s)."),
            unit=unit.name,
            period=period.code,
            start=unit.valid_from.isoformat(),
            end=unit.valid_to.isoformat() if unit.valid_to else "…",
        )


def parse_entry_value(indicator: Indicator, text: str) -> Decimal:
    """A value as typed the Vietnamese way ("1.234,5"), checked against the indicator's type."""
    try:
        value = parse_number(text)
    except VnNumberError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en) from exc
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        raise ValidationFailed(_("%(code)s takes whole numbers only."), code=indicator.code)
    if indicator.value_type == ValueType.PERCENT and not (Decimal(0) <= value <= Decimal(100)):
        raise ValidationFailed(_("%(code)s is a percentage: 0 to 100."), code=indicator.code)
    if abs(value) >= Decimal(10) ** 14:
        raise ValidationFailed(_("%(code)s: the number is too large."), code=indicator.code)
    if -value.as_tuple().exponent > 6:  # type: ignore[operator]
        raise ValidationFailed(_("%(code)s: at most 6 decimal places."), code=indicator.code)
    return value


def _locked_indicators(unit: OrgUnit, period: Period) -> set[int]:
    """Indicators of the approved forms of the unit and period, whatever form a save comes
    through (THU_NSNN is in both the monthly and the district form). The report rows are
    locked until the end of the transaction, so an approval cannot slip in between."""
    approved = list(
        DataSetReport.objects.select_for_update()
        .filter(unit=unit, period=period.code, state=FormState.APPROVED)
        .values_list("data_set_id", flat=True)
    )
    return set(
        DataSetIndicator.objects.filter(data_set_id__in=approved).values_list(
            "indicator_id", flat=True
        )
    )


def check_form_shape(data_set: DataSet, unit: OrgUnit, period: Period) -> None:
    """A form is entered by units of its level for periods of its type (so no value is stored
    twice at two period lengths and added up)."""
    if unit.level != data_set.unit_level:
        raise ValidationFailed(
            _("%(form)s is not entered by a unit of this level (%(unit)s)."),
            form=data_set.code,
            unit=unit.name,
        )
    if period.kind.value != data_set.period_type:
        raise ValidationFailed(
            _("%(form)s is entered for %(type)s periods, not %(period)s."),
            form=data_set.code,
            type=data_set.get_period_type_display(),
            period=period.code,
        )


@transaction.atomic
def values_record(
    *,
    actor: User,
    scope: Scope,
    unit: OrgUnit,
    period: Period,
    entries: Sequence[Entry],
    data_set: DataSet | None = None,
    action: str = "update",
) -> list[DataValue]:
    """Save a form's values: all or nothing.

    Blank text deletes a stored value. A value whose stored version differs from the one the
    user started from is a conflict (both values are reported; nothing is saved).
    """
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.INDICATORS,
        unit_path=unit.path,
        unit_name=unit.name,
    )
    _check_unit_period(unit, period)
    if data_set is not None:
        check_form_shape(data_set, unit, period)
    locked = _locked_indicators(unit, period)
    if any(e.indicator.pk in locked for e in entries):
        raise Conflict(
            _(
                "The form of %(unit)s for %(period)s is approved and locked. "
                "A leader must unlock it."
            ),
            unit=unit.name,
            period=period.code,
        )
    errors: list[FieldError] = []
    parsed: list[tuple[Entry, Decimal | None]] = []
    for entry in entries:
        if entry.status not in ValueStatus.values:
            errors.append(
                FieldError(entry.indicator.code, None, ValidationFailed(_("unknown status")))
            )
            continue
        if (
            entry.option is not None
            and entry.option.disaggregation_id != entry.indicator.disaggregation_id
        ):
            errors.append(
                FieldError(
                    entry.indicator.code, entry.option.code, ValidationFailed(_("wrong option"))
                )
            )
            continue
        if entry.option is None and entry.indicator.disaggregation_id is not None:
            errors.append(
                FieldError(entry.indicator.code, None, ValidationFailed(_("an option is required")))
            )
            continue
        text = entry.text.strip()
        if not text:
            parsed.append((entry, None))
            continue
        try:
            parsed.append((entry, parse_entry_value(entry.indicator, text)))
        except ValidationFailed as exc:
            errors.append(
                FieldError(entry.indicator.code, entry.option.code if entry.option else None, exc)
            )
    if errors:
        raise FormInvalid(errors)

    keys = [(e.indicator.pk, e.option.pk if e.option else None) for e, _v in parsed]
    existing = {
        (dv.indicator_id, dv.option_id): dv
        for dv in DataValue.objects.select_for_update(of=("self",))
        .select_related("indicator", "created_by_import")
        .filter(unit=unit, period=period.code, indicator_id__in=[k[0] for k in keys])
    }
    conflicts = []
    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        seen = entry.expected_version
        if current is not None and seen != current.version:
            if value is None or (current.value, current.status) != (value, entry.status):
                conflicts.append((current, entry.text.strip() or "∅"))
        elif current is None and seen is not None:
            conflicts.append((DataValue(indicator=entry.indicator, value=Decimal(0)), entry.text))
    if conflicts:
        raise ValueConflict(conflicts)

    saved: list[DataValue] = []
    now = timezone.now()
    history: list[DataValueChange] = []

    def change(entry: Entry, dv: DataValue | None, kind: str, **values: object) -> None:
        history.append(
            DataValueChange(
                data_value=dv,
                indicator=entry.indicator,
                option=entry.option,
                unit=unit,
                period=period.code,
                user=actor,
                action=kind,
                **values,
            )
        )

    origins: list[DataValueChange] = []  # creations by an import, written before a change

    def keep_origin(dv: DataValue, deleted: bool) -> None:
        batch = dv.created_by_import
        if batch is not None:
            origins.append(_import_origin(dv, batch, None if deleted else dv))
            dv.created_by_import = None

    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        if value is None:
            if current is not None:
                keep_origin(current, deleted=True)
                change(entry, None, "delete", old_value=current.value, old_status=current.status)
                current.delete()
            continue
        if current is None:
            try:
                with transaction.atomic():
                    current = DataValue.objects.create(
                        indicator=entry.indicator,
                        option=entry.option,
                        unit=unit,
                        period=period.code,
                        period_start=period.start,
                        period_end=period.end,
                        value=value,
                        status=entry.status,
                        comment=(entry.comment or "")[:500],
                        updated_by=actor,
                    )
            except IntegrityError:
                conflict = DataValue(indicator=entry.indicator, value=value)
                raise ValueConflict([(conflict, entry.text)]) from None
            change(
                entry,
                current,
                "create" if action == "update" else action,
                new_value=value,
                new_status=entry.status,
            )
        elif (current.value, current.status, current.comment) != (
            value,
            entry.status,
            current.comment if entry.comment is None else entry.comment[:500],
        ):
            keep_origin(current, deleted=False)
            change(
                entry,
                current,
                action,
                old_value=current.value,
                new_value=value,
                old_status=current.status,
                new_status=entry.status,
            )
            current.value = value
            current.status = entry.status
            if entry.comment is not None:
                current.comment = entry.comment[:500]
            current.version += 1
            current.updated_by = actor
            current.updated_at = now
            current.save(
                update_fields=[
                    "value",
                    "status",
                    "comment",
                    "version",
                    "updated_by",
                    "updated_at",
                    "created_by_import",
                ]
            )
        saved.append(current)
    _origins_write(origins)  # before the changes: history reads newest first by time, then id
    DataValueChange.objects.bulk_create(history)
    rollup_apply(_deltas(history, period))
    if data_set is not None:
        DataSetReport.objects.get_or_create(data_set=data_set, unit=unit, period=period.code)
    return saved


def _import_origin(dv: DataValue, batch: ValueImport, link: DataValue | None) -> DataValueChange:
    """The history row of an imported value's creation (see ValueImport), as the import would
    have written it: its time and user, no old value, the value as it still stands."""
    return DataValueChange(
        data_value=link,
        indicator_id=dv.indicator_id,
        option_id=dv.option_id,
        unit_id=dv.unit_id,
        period=dv.period,
        at=batch.at,
        user_id=batch.user_id,
        action="import",
        old_value=None,
        new_value=dv.value,
        old_status="",
        new_status=dv.status,
    )


def _origins_write(origins: Sequence[DataValueChange]) -> None:
    """Write creation rows with the import's own time (`at` is set to now by the ORM)."""
    decimal = connection.ops.adapt_decimalfield_value
    insert_many(
        DataValueChange,
        _HISTORY_FIELDS,
        [
            (
                o.data_value_id,
                o.indicator_id,
                o.option_id,
                o.unit_id,
                o.period,
                db_value(DataValueChange, "at", o.at),
                o.user_id,
                o.action,
                None,
                decimal(o.new_value, 20, 6),
                "",
                o.new_status,
            )
            for o in origins
        ],
    )


def _deltas(history: Sequence[DataValueChange], period: Period) -> list[Delta]:
    """What the recorded changes do to the running totals above the unit."""
    deltas = []
    for h in history:
        old = h.old_value if h.old_value is not None else Decimal(0)
        new = h.new_value if h.new_value is not None else Decimal(0)
        count = (h.new_value is not None) - (h.old_value is not None)
        estimates = is_estimate(h.new_status) - is_estimate(h.old_status)
        deltas.append(
            Delta(
                h.unit_id,
                h.indicator_id,
                h.option_id,
                period.start,
                period.end,
                new - old,
                count,
                estimates,
            )
        )
    return deltas


def _report_for_update(data_set: DataSet, unit: OrgUnit, period: Period) -> DataSetReport:
    report, _created = DataSetReport.objects.select_for_update().get_or_create(
        data_set=data_set, unit=unit, period=period.code
    )
    return report


@transaction.atomic
def form_submit(
    *, actor: User, scope: Scope, data_set: DataSet, unit: OrgUnit, period: Period
) -> DataSetReport:
    """The unit's officer declares the form complete (hoàn thành) for the parent to approve."""
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.INDICATORS,
        unit_path=unit.path,
        unit_name=unit.name,
    )
    report = _report_for_update(data_set, unit, period)
    if report.state != FormState.OPEN:
        raise Conflict(_("This form is already %(state)s."), state=report.get_state_display())
    report.state = FormState.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=actor, action="indicators.form_submit", obj=report)
    return report


def _check_leader_of_parent(actor: User, scope: Scope, unit: OrgUnit) -> None:
    """A leader whose units include the unit above (a province's own forms: administrators)."""
    if actor.role not in {Role.LEADER, Role.ADMIN}:
        raise AccessDenied(_("Only a leader may approve or unlock a form."))
    if actor.role != Role.ADMIN and (
        unit.parent is None or not scope.can_capture_path(unit.parent.path)
    ):
        raise AccessDenied(
            _("Only a leader of the unit above %(unit)s may approve or unlock its form."),
            unit=unit.name,
        )


@transaction.atomic
def form_approve(
    *, actor: User, scope: Scope, data_set: DataSet, unit: OrgUnit, period: Period
) -> DataSetReport:
    """A leader of the parent unit approves a submitted form, which locks it."""
    _check_leader_of_parent(actor, scope, unit)
    report = _report_for_update(data_set, unit, period)
    if report.submitted_by_id == actor.pk:
        raise AccessDenied(_("A form is approved by someone other than the one who submitted it."))
    if report.state != FormState.SUBMITTED:
        raise Conflict(
            _("Only a submitted form can be approved (this one is %(state)s)."),
            state=report.get_state_display(),
        )
    report.state = FormState.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = actor
    report.save(update_fields=["state", "approved_at", "approved_by", "updated_at"])
    audit_record(actor=actor, action="indicators.form_approve", obj=report)
    return report


@transaction.atomic
def form_unlock(
    *, actor: User, scope: Scope, data_set: DataSet, unit: OrgUnit, period: Period, reason: str
) -> DataSetReport:
    """Reopen an approved or submitted form. Audited with the leader's reason."""
    _check_leader_of_parent(actor, scope, unit)
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for unlocking."))
    report = _report_for_update(data_set, unit, period)
    if report.state == FormState.OPEN:
        raise Conflict(_("This form is not locked."))
    previous = report.state
    report.state = FormState.OPEN
    report.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="indicators.form_unlock",
        obj=report,
        changes={"from": previous, "reason": reason.strip()[:500]},
    )
    return report


def rule_check_expression(text: str) -> None:
    """Refuse a rule side that does not parse, with the position of the fault."""
    try:
        parse(text)
    except ExpressionError as exc:
        raise BilingualInvalid(exc.message_vi, exc.message_en) from exc


@transaction.atomic
def rule_save(*, actor: User, rule: ValidationRule) -> ValidationRule:
    if actor.role != Role.ADMIN:
        raise AccessDenied(_("Only an administrator may define validation rules."))
    rule_check_expression(rule.left)
    rule_check_expression(rule.right)
    clean_or_raise(rule)
    rule.save()
    audit_record(actor=actor, action="indicators.rule_save", obj=rule)
    return rule


# --- import (DESIGN.md §3 "Data exchange") ----------------------------------------------

IMPORT_MAX_BYTES = 20 * 1024 * 1024  # of an upload (API, page); the console takes any size
_CHUNK = 500
_TOO_LARGE = Decimal(10) ** 14


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rows: int
    dry_run: bool = False
    file_name: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file_name,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


_ImportKey = tuple[int, int | None, int, str]  # indicator, option, unit, period code
_Faults = list[tuple[str, DomainError]]  # (field, error)


class _Planned(NamedTuple):
    """A row that passed every check, resolved to the catalogue and the unit."""

    key: _ImportKey
    period: Period
    value: Decimal
    status: str  # "" keeps the stored status (a new value is actual)
    comment: str


def _value_error(indicator: Indicator, value: Decimal) -> DomainError | None:
    if abs(value) >= _TOO_LARGE:
        return ValidationFailed(_("%(code)s: the number is too large."), code=indicator.code)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        normal = value.normalize().as_tuple().exponent
        if isinstance(normal, int) and normal < -6:
            return ValidationFailed(
                _("%(code)s: at most 6 decimal places are stored."), code=indicator.code
            )
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        return ValidationFailed(_("%(code)s takes whole numbers only."), code=indicator.code)
    if indicator.value_type == ValueType.PERCENT and not (Decimal(0) <= value <= Decimal(100)):
        return ValidationFailed(_("%(code)s is a percentage: 0 to 100."), code=indicator.code)
    return None


def _unit_error(unit: OrgUnit, period: Period, scope: Scope) -> DomainError | None:
    if not scope.can_capture_path(unit.path):
        return AccessDenied(
            _("You may not enter data for %(unit)s: it is outside your units."), unit=unit.name
        )
    try:
        _check_unit_period(unit, period)
    except ValidationFailed as exc:
        return exc
    return None


def _chunked(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _locked(units: set[int], periods: set[str]) -> set[tuple[int, str, int]]:
    """(unit, period, indicator) of the approved forms among these units and periods."""
    reports = [
        (data_set_id, unit_id, period)
        for unit_chunk in _chunked(sorted(units))
        for data_set_id, unit_id, period in DataSetReport.objects.filter(
            state=FormState.APPROVED, unit_id__in=unit_chunk, period__in=sorted(periods)
        ).values_list("data_set_id", "unit_id", "period")
    ]
    if not reports:
        return set()
    members: dict[int, list[int]] = defaultdict(list)
    for data_set_id, indicator_id in DataSetIndicator.objects.filter(
        data_set_id__in={r[0] for r in reports}
    ).values_list("data_set_id", "indicator_id"):
        members[data_set_id].append(indicator_id)
    return {(u, p, i) for d, u, p in reports for i in members[d]}


class _Target(NamedTuple):
    """What a row's indicator and option codes name."""

    indicator: Indicator
    indicator_id: int
    option_id: int | None
    checked: bool  # whole numbers or percentages: checked beyond the number's size


class _Catalogue:
    """Indicator and option codes resolved once per distinct pair of a file."""

    def __init__(self) -> None:
        self.indicators = {
            i.code.upper(): i for i in Indicator.objects.select_related("disaggregation")
        }
        self.options: dict[int, dict[str, DisaggregationOption]] = defaultdict(dict)
        for o in DisaggregationOption.objects.order_by("sort_order", "code"):
            self.options[o.disaggregation_id][o.code.upper()] = o
        self.cache: dict[tuple[str, str], tuple[_Target | None, _Faults]] = {}

    def resolve(self, code: str, option: str) -> tuple[_Target | None, _Faults]:
        found = self.cache.get((code, option))
        if found is None:
            found = self.cache[(code, option)] = self._resolve(code, option)
        return found

    def _resolve(self, code: str, option: str) -> tuple[_Target | None, _Faults]:
        error: DomainError
        indicator = self.indicators.get(code.upper())
        if indicator is None:
            error = NotFound(_("Unknown indicator code %(code)s."), code=code or "∅")
            return None, [("dataelement", error)]
        checked = indicator.value_type != ValueType.NUMBER
        if indicator.disaggregation_id is None:
            if option and option.lower() != "default":
                error = ValidationFailed(
                    _(
                        "%(code)s has no disaggregation: leave catoptcombo blank or write "
                        '"default" (found %(option)s).'
                    ),
                    code=indicator.code,
                    option=option,
                )
                return _Target(indicator, indicator.pk, None, True), [("catoptcombo", error)]
            return _Target(indicator, indicator.pk, None, checked), []
        choices = self.options[indicator.disaggregation_id]
        found = choices.get(option.upper())
        if found is None:
            error = ValidationFailed(
                _("%(code)s needs catoptcombo, one of %(options)s (found %(option)s)."),
                code=indicator.code,
                options=", ".join(o.code for o in choices.values()),
                option=option or "∅",
            )
            return _Target(indicator, indicator.pk, None, True), [("catoptcombo", error)]
        return _Target(indicator, indicator.pk, found.pk, checked), []


class _Place(NamedTuple):
    """The period and unit version a row's period and unit codes name."""

    period: Period
    code: str
    unit_id: int
    unit_name: str


def _places(rows: Sequence[RawValue], scope: Scope) -> dict[tuple[str, str], _Place | _Faults]:
    """Each distinct (period, unit code) of a file: the period and the unit version it is
    reported on, checked against the caller's scope and the unit's lifetime; or the fault."""
    pairs = {(r[2], r[3]) for r in rows}  # (period, orgunit): one pass over the rows
    periods: dict[str, Period | DomainError] = {}
    for text in {text for text, _code in pairs}:
        try:
            periods[text] = period_parse(text)
        except DomainError as exc:
            periods[text] = exc
    found = units_for_periods(
        keys={(code, p) for text, code in pairs if isinstance(p := periods[text], Period)},
        scope=scope,
    )
    places: dict[tuple[str, str], _Place | _Faults] = {}
    for text, code in pairs:
        period = periods[text]
        if isinstance(period, DomainError):
            places[(text, code)] = [("period", period)]
            continue
        unit = found[(code, period)]
        error = unit if isinstance(unit, DomainError) else _unit_error(unit, period, scope)
        if error is not None:
            places[(text, code)] = [("orgunit", error)]
        else:
            assert isinstance(unit, OrgUnit)
            places[(text, code)] = _Place(period, period.code, unit.pk, unit.name)
    return places


# A machine number that needs no more checks than its indicator's type: at most 14 integer
# digits (below 10**14) and 6 decimals, as DataValue stores.
_PLAIN_VALUE = re.compile(r"-?[0-9]{1,14}(?:\.[0-9]{1,6})?")


def _import_plan(scope: Scope, rows: Sequence[RawValue], file_name: str) -> list[_Planned]:
    """Check every row against the catalogue, the units, the caller's scope and the forms'
    locks, with a few queries for the whole file; raise ImportRefused listing every fault.

    Codes are looked up once per distinct value, so the loop over rows does no query."""
    if not rows:
        raise ImportRefused(
            file_name,
            [RowProblem(file_name, None, "", ValidationFailed(_("The file holds no values.")))],
        )
    catalogue = _Catalogue()
    places = _places(rows, scope)
    resolved = [p for p in places.values() if isinstance(p, _Place)]
    locked = _locked({p.unit_id for p in resolved}, {p.code for p in resolved})
    problems: list[RowProblem] = []
    seen: dict[_ImportKey, int] = {}
    planned: list[_Planned] = []
    append = planned.append
    plain = _PLAIN_VALUE.fullmatch
    resolve = catalogue.resolve
    resolved_codes = catalogue.cache
    make = tuple.__new__  # a _Planned without the Python-level constructor
    # Duplicates are found by position in the file, not by row number: rows of two spreadsheet
    # sheets share numbers.
    for position, raw in enumerate(rows):
        fields = raw[:9]
        _row, code, period_text, orgunit, option, value_text, comment, attribute, status = fields
        found = resolved_codes.get((code, option))
        target, faults = found if found is not None else resolve(code, option)
        place = places[(period_text, orgunit)]
        text = value_text.strip()
        # The usual row — known codes, a plain machine number, no status or attribute — takes
        # the short way; any other row takes the long way, which names each fault.
        if (
            not faults
            and type(place) is _Place
            and not attribute
            and not status
            and not raw.decimal_comma
            and plain(text)
        ):
            assert target is not None
            value = Decimal(text)
            if not target.checked or _value_error(target.indicator, value) is None:
                key = (target.indicator_id, target.option_id, place.unit_id, place.code)
                if seen.setdefault(key, position) == position and not (
                    locked and (place.unit_id, place.code, target.indicator_id) in locked
                ):
                    append(make(_Planned, (key, place.period, value, "", comment[:500])))
                    continue
        faults = _row_faults(raw, target, faults, place, text)
        if not faults:
            assert target is not None and isinstance(place, _Place)
            key = (target.indicator_id, target.option_id, place.unit_id, place.code)
            first = seen.setdefault(key, position)
            if first != position:
                faults = [("", _duplicate_error(rows[first].row))]
            elif locked and (place.unit_id, place.code, target.indicator_id) in locked:
                faults = [("period", _locked_error(place))]
            else:
                value = _row_value(raw, text)
                status = parse_status(raw.status) if raw.status else ""
                append(_Planned(key, place.period, value, status, raw.comment[:500]))
                continue
        problems.extend(
            RowProblem(file_name, raw.row, where, error, raw.sheet) for where, error in faults
        )
    if problems:
        raise ImportRefused(file_name, problems)
    return planned


def _row_value(raw: RawValue, text: str) -> Decimal:
    """The value of a row `_row_faults` found nothing wrong with."""
    if not raw.decimal_comma and _PLAIN_VALUE.fullmatch(text):
        return Decimal(text)
    return parse_value(raw)


def _row_faults(
    raw: RawValue, target: _Target | None, faults: _Faults, place: _Place | _Faults, text: str
) -> _Faults:
    """Every fault of one row: its codes, unit, attribute, value and status."""
    if not isinstance(place, _Place):
        faults = [*faults, *place]
    if raw.attribute and raw.attribute.lower() != "default":
        faults = [*faults, ("attroptcombo", _attribute_error(raw.attribute))]
    if not raw.decimal_comma and _PLAIN_VALUE.fullmatch(text):
        value = Decimal(text)
        if target is not None and target.checked:
            error = _value_error(target.indicator, value)
            if error is not None:
                faults = [*faults, ("value", error)]
    else:
        try:
            value = parse_value(raw)
        except ValueProblem as exc:
            faults = [*faults, ("value", BilingualInvalid(exc.message_vi, exc.message_en))]
        else:
            if target is not None and (error := _value_error(target.indicator, value)):
                faults = [*faults, ("value", error)]
    if raw.status:
        try:
            parse_status(raw.status)
        except ValueProblem as exc:
            faults = [*faults, ("status", BilingualInvalid(exc.message_vi, exc.message_en))]
    return faults


def _attribute_error(value: str) -> DomainError:
    return ValidationFailed(
        _(
            "Attribute option combinations are not used: leave attroptcombo "
            'blank or write "default" (found %(value)s).'
        ),
        value=value,
    )


def _duplicate_error(first: int) -> DomainError:
    return ValidationFailed(
        _("The same indicator, option, unit and period as row %(row)s."), row=first
    )


def _locked_error(place: _Place) -> DomainError:
    return Conflict(
        _("The form of %(unit)s for %(period)s is approved and locked. A leader must unlock it."),
        unit=place.unit_name,
        period=place.code,
    )


class _Stored(NamedTuple):
    id: int
    value: Decimal
    status: str
    comment: str
    created_by_import: int | None


def _stored(planned: list[_Planned], lock: bool) -> dict[_ImportKey, _Stored]:
    """The stored values the planned rows would replace, read by the unique keys' indexes:
    one query per 500 units for the values with an option, one for those without."""
    keys = [p[0] for p in planned]
    periods = sorted({k[3] for k in keys})
    with_option = {(k[0], k[1]) for k in keys if k[1] is not None}
    without = sorted({k[0] for k in keys if k[1] is None})
    shapes = []
    if with_option:
        shapes.append(
            Q(
                indicator_id__in=sorted({i for i, _o in with_option}),
                option_id__in=sorted({o for _i, o in with_option}),
            )
        )
    if without:
        shapes.append(Q(indicator_id__in=without, option__isnull=True))
    stored: dict[_ImportKey, _Stored] = {}
    for unit_chunk in _chunked(sorted({k[2] for k in keys})):
        for shape in shapes:
            qs = DataValue.objects.filter(shape, unit_id__in=unit_chunk, period__in=periods)
            if lock:
                qs = qs.select_for_update()
            for pk, ind, opt, unit, period, value, status, comment, batch in qs.values_list(
                "id",
                "indicator_id",
                "option_id",
                "unit_id",
                "period",
                "value",
                "status",
                "comment",
                "created_by_import_id",
            ).iterator(chunk_size=5000):
                stored[(ind, opt, unit, period)] = _Stored(pk, value, status, comment, batch)
    return stored


def values_import(
    *,
    actor: User | None,
    scope: Scope,
    rows: Sequence[RawValue],
    file_name: str,
    dry_run: bool,
    sha256: str = "",
) -> ImportResult:
    """Import values read from a DHIS2 or Excel file: all or nothing.

    Every row is checked before anything is written and every fault is reported (ImportRefused).
    An import overwrites stored values (it has no versions to compare) and records each change
    in the history with the action "import"; the values it creates point at its ValueImport row
    (who, when, which file), which records their creation. `dry_run` reports the counts and
    writes nothing. `sha256` is the file's digest, kept with the import.
    `actor` None is the system (the console without --user), with its unrestricted scope.
    """
    require_write(actor, Module.INDICATORS)
    with _cycles_not_collected():
        if dry_run:
            return _values_import(actor, scope, rows, file_name, "", write=False)
        with transaction.atomic():
            return _values_import(actor, scope, rows, file_name, sha256, write=True)


@contextmanager
def _cycles_not_collected() -> Iterator[None]:
    """Pause Python's cycle collector while an import builds and drops its hundreds of
    thousands of small tuples (none of them in a cycle): every full collection would walk
    them all again. Reference counting still frees them; the collector resumes after.

    Only in a single-threaded process (the console, the benchmarks): in a threaded server the
    pause would hold for every other request of the worker too."""
    if not gc.isenabled() or threading.active_count() > 1:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _values_import(
    actor: User | None,
    scope: Scope,
    rows: Sequence[RawValue],
    file_name: str,
    sha256: str,
    *,
    write: bool,
) -> ImportResult:
    planned = _import_plan(scope, rows, file_name)
    stored = _stored(planned, lock=write)
    creates: list[_Planned] = []
    updates: list[tuple[_Planned, _Stored, str]] = []
    unchanged = 0
    for p in planned if stored else ():
        current = stored.get(p.key)
        if current is None:
            creates.append(p)
            continue
        status = p.status or current.status
        if (current.value, current.status, current.comment) == (p.value, status, p.comment):
            unchanged += 1
        else:
            updates.append((p, current, status))
    if not stored:  # nothing to compare: every row is new
        creates = planned
    result = ImportResult(len(creates), len(updates), unchanged, len(rows), not write, file_name)
    if write:
        batch = ValueImport.objects.create(
            at=timezone.now(),
            user=actor,
            file_name=file_name[:255],
            sha256=sha256,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
        _import_write(actor, batch, creates, updates)
        audit_record(
            actor=actor,
            action="indicators.values_import",
            object_type="indicators.datavalue",
            object_repr=file_name,
            changes=result.as_dict(),
        )
    return result


_NEW_VALUE_FIELDS = (
    "indicator",
    "option",
    "unit",
    "period",
    "period_start",
    "period_end",
    "value",
    "status",
    "comment",
)
_HISTORY_FIELDS = (
    "data_value",
    "indicator",
    "option",
    "unit",
    "period",
    "at",
    "user",
    "action",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
)


def _import_write(
    actor: User | None,
    batch: ValueImport,
    creates: list[_Planned],
    updates: list[tuple[_Planned, _Stored, str]],
) -> None:
    """Insert the new values, pointing at `batch` (their creation's record); update the changed
    values and record each change in the history; add everything to the running totals: a few
    statements in all (see `bulk`)."""
    user = actor.pk if actor is not None else None
    now = db_value(DataValue, "updated_at", timezone.now())
    at = db_value(DataValueChange, "at", timezone.now())
    actual = str(ValueStatus.ACTUAL)
    totals = ParentSums({p[0][2] for p in creates} | {p.key[2] for p, _c, _s in updates})
    parent_of, sums = totals.parent_of, totals.sums
    spans: dict[str, tuple[object, object]] = {}
    params: list[tuple[object, ...]] = []
    add = params.append
    # One pass over the new values: their rows to insert, their sums per parent unit.
    for key, period, value, status, comment in creates:
        span = spans.get(key[3])
        if span is None:
            span = spans[key[3]] = (
                db_value(DataValue, "period_start", period.start),
                db_value(DataValue, "period_end", period.end),
            )
        status = status or actual
        add(key + span + (value, status, comment))
        parent = parent_of.get(key[2])
        if parent is not None:
            total_key = (parent, key[0], key[1] or 0, period.start, period.end)
            acc = sums.get(total_key)
            estimate = 1 if status == "estimate" else 0
            if acc is None:
                sums[total_key] = [value, 1, estimate]
            else:
                acc[0] += value
                acc[1] += 1
                acc[2] += estimate
    decimal = connection.ops.adapt_decimalfield_value
    with _import_cache():
        insert_rows(
            DataValue,
            _NEW_VALUE_FIELDS,
            params,
            constants={
                "version": 1,
                "updated_at": now,
                "updated_by": user,
                "created_by_import": batch.pk,
            },
        )
        # A value another import created is first given its creation row (see ValueImport).
        earlier = {
            b.pk: b
            for b in ValueImport.objects.filter(
                pk__in={c.created_by_import for _p, c, _s in updates if c.created_by_import}
            )
        }
        insert_many(
            DataValueChange,
            _HISTORY_FIELDS,
            [
                (
                    current.id,
                    *p.key,
                    db_value(DataValueChange, "at", earlier[current.created_by_import].at),
                    earlier[current.created_by_import].user_id,
                    "import",
                    None,
                    decimal(current.value, 20, 6),
                    "",
                    current.status,
                )
                for p, current, _status in updates
                if current.created_by_import
            ],
        )
        update_many(
            DataValue,
            ("value", "status", "comment", "updated_by", "updated_at", "created_by_import"),
            (
                (decimal(p.value, 20, 6), status, p.comment, user, now, None, current.id)
                for p, current, status in updates
            ),
            increment="version",
        )
        insert_many(
            DataValueChange,
            _HISTORY_FIELDS,
            (
                (
                    current.id,
                    *p.key,
                    at,
                    user,
                    "import",
                    decimal(current.value, 20, 6),
                    decimal(p.value, 20, 6),
                    current.status,
                    status,
                )
                for p, current, status in updates
            ),
        )
        totals.add(_update_deltas(updates))
        totals.apply()


def _update_deltas(updates: list[tuple[_Planned, _Stored, str]]) -> Iterator[Delta]:
    """What an import's changes of stored values do to the running totals: new − old."""
    for p, current, status in updates:
        yield Delta(
            p.key[2],
            p.key[0],
            p.key[1],
            p.period.start,
            p.period.end,
            p.value - current.value,
            0,
            is_estimate(status) - is_estimate(current.status),
        )


_IMPORT_CACHE_KIB = 256 * 1024


@contextmanager
def _import_cache() -> Iterator[None]:
    """SQLite: a page cache large enough for the value table's indexes while an import writes
    (the default 2 MB makes every index insert of a large file re-read pages)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {before}")


def values_import_file(
    *,
    actor: User | None,
    scope: Scope,
    content: bytes,
    file_name: str,
    fmt: str | None,
    dry_run: bool,
) -> ImportResult:
    """Read a DHIS2 JSON or CSV file or a filled Excel template, then `values_import` it.
    The format is guessed from the file name's extension when `fmt` is None."""
    require_write(actor, Module.INDICATORS)
    chosen = fmt or format_for_name(file_name)
    if chosen not in FORMATS:
        raise ValidationFailed(
            _("Cannot tell the format of %(file)s: give one of %(formats)s."),
            file=file_name,
            formats=", ".join(FORMATS),
        )
    assert chosen is not None
    try:
        with _cycles_not_collected():
            rows = read_values(content, chosen)
    except ExchangeError as exc:
        raise ImportRefused(
            file_name,
            [
                RowProblem(
                    file_name, p.row, p.field, BilingualInvalid(p.message_vi, p.message_en), p.sheet
                )
                for p in exc.problems
            ],
        ) from None
    return values_import(
        actor=actor,
        scope=scope,
        rows=rows,
        file_name=file_name,
        dry_run=dry_run,
        sha256=hashlib.sha256(content).hexdigest(),
    )
