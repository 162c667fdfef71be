"""Recognitions (công nhận đạt chuẩn): the decision that a commune meets the standard (advanced,
model) and its revocation, recorded by the district's leaders."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.permissions import Module, check_write
from dieuhanh.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.ntm.models import Level, Recognition
from dieuhanh.ntm.selectors.criteria_sets import criteria_set_get
from dieuhanh.ntm.services.assessments import commune_resolve
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import data_start

RECOGNITION_ROLES = (Role.ADMIN, Role.LEADER)


def _require_recognition_rights(actor: User | None, scope: Scope, unit: OrgUnit) -> None:
    """Recognitions are recorded by the district's leaders (and administrators), not by a
    commune's data officer."""
    if actor is not None and actor.role not in RECOGNITION_ROLES:
        raise AccessDenied(_("Only leaders and administrators record recognitions."))
    check_write(
        actor=actor, scope=scope, modules=Module.NTM, unit_path=unit.path, unit_name=unit.name
    )


def recognition_add(
    *,
    actor: User | None,
    scope: Scope,
    unit_code: str,
    on: datetime.date,
    level: str,
    decision_number: str,
    decision_date: datetime.date,
    year: int,
    issuer: str = "",
    note: str = "",
    set_code: str | None = None,
) -> Recognition:
    """Record a decision recognising a commune (the unit version valid on `on`)."""
    unit = commune_resolve(scope=scope, unit_code=unit_code, on=on)
    _require_recognition_rights(actor, scope, unit)
    decision_number = " ".join(decision_number.split())
    if level not in Level.values:
        raise ValidationFailed(_("Unknown recognition level: %(level)s."), level=level)
    if not decision_number:
        raise ValidationFailed(_("The decision number is required."))
    existed = unit.is_valid_on(decision_date) or (
        # the dataset starts in 2019: a unit valid from its start may be older than that
        unit.valid_from == data_start() and decision_date < unit.valid_from
    )
    if not existed:
        raise ValidationFailed(
            _("%(unit)s did not exist on the decision date %(day)s."),
            unit=unit.name,
            day=decision_date.isoformat(),
        )
    if decision_date > timezone.localdate():
        raise ValidationFailed(_("The decision date %(day)s is in the future."), day=decision_date)
    if not decision_date.year - 1 <= year <= decision_date.year:
        raise ValidationFailed(
            _("The year recognised (%(year)s) must be the decision's year or the year before."),
            year=year,
        )
    cset = criteria_set_get(code=set_code) if set_code else None
    with transaction.atomic():
        if level != Level.STANDARD and not _holds_standard(unit, decision_date):
            raise ValidationFailed(
                _(
                    "%(unit)s must hold the new-rural standard on %(day)s before an advanced "
                    "or model recognition."
                ),
                unit=unit.name,
                day=decision_date.isoformat(),
            )
        if Recognition.objects.filter(
            unit=unit, level=level, decision_number=decision_number
        ).exists():
            raise Conflict(
                _("Decision %(number)s is already recorded for %(unit)s."),
                number=decision_number,
                unit=unit.name,
            )
        rec = Recognition(
            unit=unit,
            level=level,
            decision_number=decision_number,
            decision_date=decision_date,
            year=year,
            issuer=issuer.strip(),
            note=note.strip(),
            criteria_set=cset,
        )
        clean_or_raise(rec)
        try:
            with transaction.atomic():
                rec.save()
        except IntegrityError:  # the same decision recorded at the same moment by another
            raise Conflict(
                _("Decision %(number)s is already recorded for %(unit)s."),
                number=decision_number,
                unit=unit.name,
            ) from None
        audit_record(
            actor=actor,
            action="ntm.recognition_add",
            obj=rec,
            changes={
                "level": level,
                "decision": decision_number,
                "date": decision_date.isoformat(),
            },
        )
    return rec


def _holds_standard(unit: OrgUnit, day: datetime.date) -> bool:
    return (
        Recognition.objects.filter(unit=unit, level=Level.STANDARD, decision_date__lte=day)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .exists()
    )


def recognition_revoke(
    *,
    actor: User | None,
    scope: Scope,
    recognition_id: int,
    revoked_on: datetime.date,
    decision: str,
    reason: str,
    expected_version: int,
) -> Recognition:
    """Revoke a recognition (thu hồi) from `revoked_on`; the record stays, with the decision."""
    with transaction.atomic():
        rec = (
            Recognition.objects.select_for_update()
            .select_related("unit")
            .filter(pk=recognition_id)
            .first()
        )
        if rec is None or not scope.can_view_path(rec.unit.path):
            raise NotFound(_("No such recognition."))
        _require_recognition_rights(actor, scope, rec.unit)
        decision = " ".join(decision.split())
        if not decision:
            raise ValidationFailed(_("The revocation decision number is required."))
        if rec.revoked_on is not None:
            raise Conflict(
                _("This recognition was already revoked on %(day)s."), day=rec.revoked_on
            )
        if rec.version != expected_version:
            raise Conflict(_("The recognition was changed by someone else. Reload the page."))
        if revoked_on < rec.decision_date:
            raise ValidationFailed(
                _("A recognition cannot be revoked before its decision date (%(day)s)."),
                day=rec.decision_date.isoformat(),
            )
        if revoked_on > timezone.localdate():
            raise ValidationFailed(
                _("The revocation date %(day)s is in the future."), day=revoked_on
            )
        rec.revoked_on = revoked_on
        rec.revocation_decision = decision
        rec.revocation_reason = reason.strip()[:300]
        rec.version += 1
        clean_or_raise(rec)
        rec.save()
        audit_record(
            actor=actor,
            action="ntm.recognition_revoke",
            obj=rec,
            changes={"revoked_on": revoked_on.isoformat(), "decision": decision},
        )
    return rec
