"""Writes of indicators: recording values (with conflict detection and history), the form's
submit → approve (lock) → unlock cycle, and validation rules.

Every write checks the actor's role and scope, validates everything before writing, and
writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.errors import (
    AccessDenied,
    BilingualInvalid,
    Conflict,
    DomainError,
    ValidationFailed,
)
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.indicators.analytics.expressions import ExpressionError, parse
from dieuhanh.indicators.models import (
    DataSet,
    DataSetReport,
    DataValue,
    DataValueChange,
    DisaggregationOption,
    FormState,
    Indicator,
    ValidationRule,
    ValueStatus,
    ValueType,
)
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period
from dieuhanh.vn import VnNumberError, format_number, parse_number


@dataclass(frozen=True)
class Entry:
    """One value typed into a form: the text as typed, the version the user started from."""

    indicator: Indicator
    option: DisaggregationOption | None
    text: str
    status: str = ValueStatus.ACTUAL
    comment: str = ""
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


def _check_capture(actor: User, scope: Scope, unit: OrgUnit) -> None:
    if not role_can_write(actor.role, Module.INDICATORS):
        raise AccessDenied(_("Your role may not enter indicator values."))
    if not scope.can_capture_path(unit.path):
        raise AccessDenied(
            _("You may not enter data for %(unit)s: it is outside your units."), unit=unit.name
        )


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
    return value


def _form_locked(data_set: DataSet | None, unit: OrgUnit, period: Period) -> bool:
    reports = DataSetReport.objects.filter(unit=unit, period=period.code, state=FormState.APPROVED)
    if data_set is not None:
        reports = reports.filter(data_set=data_set)
    return reports.exists()


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
    _check_capture(actor, scope, unit)
    _check_unit_period(unit, period)
    if _form_locked(data_set, unit, period):
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
        for dv in DataValue.objects.select_for_update()
        .select_related("indicator")
        .filter(unit=unit, period=period.code, indicator_id__in=[k[0] for k in keys])
    }
    conflicts = []
    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        seen = entry.expected_version
        if current is not None and seen != current.version:
            if value is None or current.value != value:
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

    for (entry, value), key in zip(parsed, keys, strict=True):
        current = existing.get(key)
        if value is None:
            if current is not None:
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
                        comment=entry.comment[:500],
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
            entry.comment[:500],
        ):
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
            current.comment = entry.comment[:500]
            current.version += 1
            current.updated_by = actor
            current.updated_at = now
            current.save(
                update_fields=["value", "status", "comment", "version", "updated_by", "updated_at"]
            )
        saved.append(current)
    DataValueChange.objects.bulk_create(history)
    if data_set is not None:
        DataSetReport.objects.get_or_create(data_set=data_set, unit=unit, period=period.code)
    return saved


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
    _check_capture(actor, scope, unit)
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
    if actor.role not in {Role.LEADER, Role.ADMIN}:
        raise AccessDenied(_("Only a leader may approve or unlock a form."))
    parent_path = unit.parent.path if unit.parent else unit.path
    if not scope.can_capture_path(parent_path):
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
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="indicators.rule_save", obj=rule)
    return rule
