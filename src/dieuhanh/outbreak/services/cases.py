"""Writes of cases (ca bệnh F0): confirm, update, and the places a case visited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import check_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import check_aware, clean_or_raise
from dieuhanh.outbreak.models import Case, Contact, ContactStatus, Person, Venue, Visit
from dieuhanh.outbreak.services.persons import RECORD_MODULES
from dieuhanh.outbreak.versions import bump as outbreak_bump


@transaction.atomic
def case_confirm(
    *,
    actor: User | None,
    scope: Scope,
    person: Person,
    confirmed_at: datetime.datetime,
    onset_date: datetime.date | None = None,
    sampled_at: datetime.datetime | None = None,
    isolated_at: datetime.datetime | None = None,
    place: str = "",
    code: str = "",
) -> Case:
    """Confirm a case (F0) for `person`. A person is confirmed once per disease."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=person.unit_path)
    for name, value in (
        ("confirmed_at", confirmed_at),
        ("sampled_at", sampled_at),
        ("isolated_at", isolated_at),
    ):
        check_aware(value, name)
    if sampled_at is not None and sampled_at > confirmed_at:
        raise ValidationFailed(_("The sample cannot be taken after the confirmation."))
    if onset_date is not None and onset_date > timezone.localdate(confirmed_at):
        raise ValidationFailed(_("The onset date cannot be after the confirmation."))
    if Case.objects.filter(person=person, disease="covid19").exists():
        raise Conflict(_("This person is already a confirmed case."))
    case = Case(
        person=person,
        code=code.strip(),
        onset_date=onset_date,
        sampled_at=sampled_at,
        confirmed_at=confirmed_at,
        isolated_at=isolated_at,
        place=place.strip(),
        unit_path=person.unit_path,
    )
    clean_or_raise(case)
    case.save()
    Contact.objects.filter(person=person, status=ContactStatus.FOLLOWING).update(
        status=ContactStatus.BECAME_CASE
    )
    outbreak_bump()  # the update sends no signal
    audit_record(actor=actor, action="outbreak.case.confirm", obj=case)
    return case


@transaction.atomic
def case_update(
    *, actor: User | None, scope: Scope, case: Case, version: int, **fields: Any
) -> Case:
    """Change a case's dates, place or outcome; `version` guards concurrent edits."""
    allowed = {"isolated_at", "place", "outcome", "outcome_date", "onset_date", "code"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s."), fields=", ".join(sorted(unknown)))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=locked.unit_path)
    if locked.version != version:
        raise Conflict(_("Someone else changed this case meanwhile: reload and try again."))
    for key, value in fields.items():
        setattr(locked, key, value)
    check_aware(locked.isolated_at, "isolated_at")
    clean_or_raise(locked)
    locked.version += 1
    locked.save()
    audit_record(actor=actor, action="outbreak.case.update", obj=locked)
    return locked


@transaction.atomic
def visit_add(
    *,
    actor: User | None,
    scope: Scope,
    case: Case,
    place: str,
    start: datetime.datetime,
    end: datetime.datetime,
    venue: Venue | None = None,
    note: str = "",
) -> Visit:
    """Add a place and time the case visited (mốc dịch tễ)."""
    check_write(actor=actor, scope=scope, modules=RECORD_MODULES, unit_path=case.unit_path)
    check_aware(start, "start")
    check_aware(end, "end")
    if end <= start:
        raise ValidationFailed(_("A visit must end after it starts."))
    visit = Visit(
        case=case,
        venue=venue,
        place=(place or (venue.name if venue else "")).strip(),
        start=start,
        end=end,
        note=note,
    )
    clean_or_raise(visit, exclude=["case", "venue"])
    visit.save()
    audit_record(actor=actor, action="outbreak.visit.add", obj=visit)
    return visit
