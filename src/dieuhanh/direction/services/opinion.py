"""Public opinion (dư luận xã hội) noted, and propaganda campaigns (tuyên truyền) recorded."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import Campaign, Channel, OpinionNote, OpinionTone
from dieuhanh.orgunits.selectors import unit_resolve


@transaction.atomic
def opinion_note_record(
    *,
    actor: User,
    scope: Scope,
    unit_code: str,
    noted_on: datetime.date,
    topic: str,
    summary: str,
    tone: str,
    source: str = "",
) -> OpinionNote:
    require_write(actor, Module.DIRECTION)
    unit = unit_resolve(code=unit_code, on=noted_on, scope=scope)
    check_write(
        actor=actor, scope=scope, modules=Module.DIRECTION, unit_path=unit.path, unit_name=unit.name
    )
    note = OpinionNote(
        unit=unit,
        noted_on=noted_on,
        topic=text_value(topic, _("topic")),
        summary=text_value(summary, _("summary")),
        tone=choice_value(tone, OpinionTone, _("tone")),
        source=source.strip(),
        created_by=actor,
    )
    clean_or_raise(note, exclude=["created_by"])
    note.save()
    audit_record(actor=actor, action="direction.opinion_note_record", obj=note)
    return note


@transaction.atomic
def campaign_record(
    *,
    actor: User,
    scope: Scope,
    unit_code: str,
    topic: str,
    channels: Sequence[str],
    start: datetime.date,
    end: datetime.date,
    reach: int,
    note: str = "",
) -> Campaign:
    require_write(actor, Module.DIRECTION)
    unit = unit_resolve(code=unit_code, on=start, scope=scope)
    check_write(
        actor=actor, scope=scope, modules=Module.DIRECTION, unit_path=unit.path, unit_name=unit.name
    )
    picked = list(dict.fromkeys(c.strip() for c in channels if c.strip()))
    if not picked:
        raise ValidationFailed(_("Pick at least one channel."))
    for c in picked:
        choice_value(c, Channel, _("channels"))
    if end < start:
        raise ValidationFailed(_("The campaign ends before it starts."))
    if reach < 0:
        raise ValidationFailed(_("People reached cannot be negative."))
    campaign = Campaign(
        unit=unit,
        topic=text_value(topic, _("topic")),
        channels=",".join(picked),
        start=start,
        end=end,
        reach=reach,
        note=note.strip(),
        created_by=actor,
    )
    clean_or_raise(campaign, exclude=["created_by"])
    campaign.save()
    audit_record(actor=actor, action="direction.campaign_record", obj=campaign)
    return campaign
