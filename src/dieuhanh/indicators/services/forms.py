"""The cycle of a data-entry form (biểu nhập): the unit's officer submits it (read-only from then),
a leader of the unit above approves it (locking it) or returns it with a reason (trả lại: open
again), an administrator or that leader unlocks an approved form with a reason (mở khóa)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.indicators.models import DataSet, DataSetReport, FormState
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period


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
    # A return's reason is answered by this submission (the audit log keeps it): it must not
    # reappear on the form or in the inbox after a later approval and unlock.
    report.return_reason, report.returned_at, report.returned_by = "", None, None
    report.save(
        update_fields=[
            "state",
            "submitted_at",
            "submitted_by",
            "return_reason",
            "returned_at",
            "returned_by",
            "updated_at",
        ]
    )
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
def form_return(
    *, actor: User, scope: Scope, data_set: DataSet, unit: OrgUnit, period: Period, reason: str
) -> DataSetReport:
    """A leader of the parent unit sends a submitted form back to its unit (trả lại), open for
    changes again; the reason is kept on the form (shown to the officer) and audited."""
    _check_leader_of_parent(actor, scope, unit)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for returning the form."))
    report = _report_for_update(data_set, unit, period)
    if report.state != FormState.SUBMITTED:
        raise Conflict(
            _("Only a submitted form can be returned (this one is %(state)s)."),
            state=report.get_state_display(),
        )
    report.state = FormState.OPEN
    report.returned_at = timezone.now()
    report.returned_by = actor
    report.return_reason = reason[:500]
    report.save(
        update_fields=["state", "returned_at", "returned_by", "return_reason", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="indicators.form_return",
        obj=report,
        changes={"reason": report.return_reason},
    )
    return report


@transaction.atomic
def form_unlock(
    *, actor: User, scope: Scope, data_set: DataSet, unit: OrgUnit, period: Period, reason: str
) -> DataSetReport:
    """Reopen an approved (locked) form. Audited with the leader's reason. A submitted form is
    returned instead (form_return)."""
    _check_leader_of_parent(actor, scope, unit)
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for unlocking."))
    report = _report_for_update(data_set, unit, period)
    if report.state != FormState.APPROVED:
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
