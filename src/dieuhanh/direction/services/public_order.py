"""The public-order log (an ninh chính trị, trật tự xã hội): events recorded and followed up;
restricted to the security role."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import Conflict
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import EventState, OrderCategory, PublicOrderEvent, Severity
from dieuhanh.direction.selectors.public_order import event_get
from dieuhanh.orgunits.selectors import unit_resolve


@transaction.atomic
def event_record(
    *,
    actor: User,
    scope: Scope,
    unit_code: str,
    occurred_on: datetime.date,
    category: str,
    severity: str,
    title: str,
    state: str = EventState.OPEN,
    description: str = "",
    measures: str = "",
) -> PublicOrderEvent:
    """Log a public-order event (an ninh chính trị, tôn giáo, an ninh nông thôn, TTATXH)."""
    require_write(actor, Module.PUBLIC_ORDER)
    unit = unit_resolve(code=unit_code, on=occurred_on, scope=scope)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.PUBLIC_ORDER,
        unit_path=unit.path,
        unit_name=unit.name,
    )
    event = PublicOrderEvent(
        unit=unit,
        occurred_on=occurred_on,
        category=choice_value(category, OrderCategory, _("category")),
        severity=choice_value(severity, Severity, _("severity")),
        state=choice_value(state, EventState, _("status")),
        title=text_value(title, _("event")),
        description=description.strip(),
        measures=measures.strip(),
        created_by=actor,
    )
    clean_or_raise(event, exclude=["created_by"])
    event.save()
    audit_record(actor=actor, action="direction.event_record", obj=event)
    return event


@transaction.atomic
def event_update(
    *,
    actor: User,
    scope: Scope,
    event_id: int,
    version: int,
    state: str,
    severity: str,
    measures: str,
) -> PublicOrderEvent:
    require_write(actor, Module.PUBLIC_ORDER)
    event = event_get(scope=scope, event_id=event_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.PUBLIC_ORDER,
        unit_path=event.unit.path,
        unit_name=event.unit.name,
    )
    state = choice_value(state, EventState, _("status"))
    severity = choice_value(severity, Severity, _("severity"))
    locked = PublicOrderEvent.objects.select_for_update().get(pk=event.pk)
    if locked.version != version:
        raise Conflict(
            _("Someone else updated this event meanwhile (version %(theirs)s, you had %(yours)s)."),
            theirs=locked.version,
            yours=version,
        )
    changes = {"state": [locked.state, state], "severity": [locked.severity, severity]}
    locked.state, locked.severity, locked.measures = state, severity, measures.strip()
    locked.version += 1
    clean_or_raise(locked, exclude=["created_by"])
    locked.save()
    audit_record(actor=actor, action="direction.event_update", obj=locked, changes=changes)
    return locked
