"""Party inspection and supervision (kiểm tra, giám sát): the year's programme and its items,
carried out and concluded."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import (
    InspectionActivity,
    InspectionItem,
    InspectionProgramme,
    InspectionState,
    InspectionType,
    SubjectKind,
)
from dieuhanh.direction.selectors.inspection import inspection_item_get, programme_get
from dieuhanh.orgunits.selectors import unit_resolve


@transaction.atomic
def programme_create(
    *, actor: User, scope: Scope, unit_code: str, year: int, title: str, issued_by: str = ""
) -> InspectionProgramme:
    """The year's inspection and supervision programme of a Party committee."""
    require_write(actor, Module.PARTY_INSPECTION)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("Year %(year)s is out of range."), year=year)
    unit = unit_resolve(code=unit_code, on=datetime.date(year, 1, 1), scope=scope)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.PARTY_INSPECTION,
        unit_path=unit.path,
        unit_name=unit.name,
    )
    if InspectionProgramme.objects.filter(unit=unit, year=year).exists():
        raise ValidationFailed(
            _("%(unit)s already has a programme for %(year)s."), unit=unit.name, year=year
        )
    programme = InspectionProgramme(
        unit=unit, year=year, title=text_value(title, _("title")), issued_by=issued_by.strip()
    )
    clean_or_raise(programme)
    programme.save()
    audit_record(actor=actor, action="direction.programme_create", obj=programme)
    return programme


@transaction.atomic
def inspection_item_add(
    *,
    actor: User,
    scope: Scope,
    programme_id: int,
    activity: str,
    subject_kind: str,
    subject: str,
    content: str,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    responsible_body: str,
) -> InspectionItem:
    require_write(actor, Module.PARTY_INSPECTION)
    programme = programme_get(scope=scope, programme_id=programme_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.PARTY_INSPECTION,
        unit_path=programme.unit.path,
        unit_name=programme.unit.name,
    )
    if period_end < period_start:
        raise ValidationFailed(_("The period ends before it starts."))
    if period_start.year != programme.year:
        raise ValidationFailed(
            _("The item starts in %(got)s, outside the programme's year %(year)s."),
            got=period_start.year,
            year=programme.year,
        )
    item = InspectionItem(
        programme=programme,
        activity=choice_value(activity, InspectionActivity, _("activity")),
        subject_kind=choice_value(subject_kind, SubjectKind, _("subject")),
        subject=text_value(subject, _("subject name")),
        content=text_value(content, _("content")),
        kind=choice_value(kind, InspectionType, _("type")),
        period_start=period_start,
        period_end=period_end,
        responsible_body=text_value(responsible_body, _("responsible body")),
    )
    clean_or_raise(item)
    item.save()
    audit_record(actor=actor, action="direction.inspection_item_add", obj=item)
    return item


@transaction.atomic
def inspection_item_update(
    *,
    actor: User,
    scope: Scope,
    item_id: int,
    version: int,
    state: str,
    executed_on: datetime.date | None = None,
    conclusion: str = "",
    violation_found: bool = False,
) -> InspectionItem:
    """Record the execution and conclusion of an item (kết luận kiểm tra, giám sát)."""
    require_write(actor, Module.PARTY_INSPECTION)
    item = inspection_item_get(scope=scope, item_id=item_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.PARTY_INSPECTION,
        unit_path=item.programme.unit.path,
        unit_name=item.programme.unit.name,
    )
    state = choice_value(state, InspectionState, _("state"))
    conclusion = conclusion.strip()
    if state == InspectionState.CONCLUDED and (executed_on is None or not conclusion):
        raise ValidationFailed(_("A concluded item needs its date and its conclusion."))
    if state == InspectionState.PLANNED and (executed_on or conclusion or violation_found):
        raise ValidationFailed(_("A planned item has no execution or conclusion yet."))
    locked = InspectionItem.objects.select_for_update().get(pk=item.pk)
    if locked.version != version:
        raise Conflict(
            _("Someone else updated this item meanwhile (version %(theirs)s, you had %(yours)s)."),
            theirs=locked.version,
            yours=version,
        )
    before = locked.state
    locked.state = state
    locked.executed_on = executed_on
    locked.conclusion = conclusion
    locked.violation_found = violation_found
    locked.version += 1
    clean_or_raise(locked)
    locked.save()
    audit_record(
        actor=actor,
        action="direction.inspection_item_update",
        obj=locked,
        changes={"state": [before, state]},
    )
    return locked
