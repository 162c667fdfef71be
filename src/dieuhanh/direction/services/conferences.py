"""Conferences (hội nghị), their documents, and the resolutions and directives they issue, each
point a task can come from."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.uploads import MiB, UploadLimits, attachment_guard
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import (
    Body,
    Conference,
    ConferenceDocument,
    Decision,
    DecisionKind,
    DecisionPoint,
)
from dieuhanh.direction.versions import bump as direction_bump
from dieuhanh.orgunits.selectors import unit_resolve

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

ATTACHMENT_LIMITS = UploadLimits(max_bytes=ATTACHMENT_MAX_BYTES, max_unpacked_bytes=64 * MiB)

ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".jpg", ".jpeg", ".png")


@transaction.atomic
def conference_create(
    *,
    actor: User,
    scope: Scope,
    unit_code: str,
    body: str,
    held_on: datetime.date,
    number: int | None = None,
    term: int | None = None,
    extended: bool = False,
    title: str = "",
    agenda: str = "",
    participants: str = "",
    documents: str = "",
) -> Conference:
    """Record a conference (hội nghị) of `body` of the unit `unit_code` (resolved on `held_on`)."""
    require_write(actor, Module.DIRECTION)
    unit = unit_resolve(code=unit_code, on=held_on, scope=scope)
    check_write(
        actor=actor, scope=scope, modules=Module.DIRECTION, unit_path=unit.path, unit_name=unit.name
    )
    conference = Conference(
        unit=unit,
        body=choice_value(body, Body, _("body")),
        number=number,
        term=term,
        extended=extended,
        held_on=held_on,
        title=title.strip(),
        agenda=agenda.strip(),
        participants=participants.strip(),
        documents=documents.strip(),
        created_by=actor,
    )
    clean_or_raise(conference, exclude=["created_by"])
    conference.save()
    audit_record(actor=actor, action="direction.conference_create", obj=conference)
    return conference


@transaction.atomic
def conference_document_add(
    *, actor: User, scope: Scope, conference_id: int, title: str, file: UploadedFile
) -> ConferenceDocument:
    """Attach a file (PDF, Word, Excel, image; at most 10 MB) to a conference."""
    from dieuhanh.direction.selectors.conferences import conference_get

    require_write(actor, Module.DIRECTION)
    conference = conference_get(scope=scope, conference_id=conference_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.DIRECTION,
        unit_path=conference.unit.path,
        unit_name=conference.unit.name,
    )
    attachment_check(file)
    document = ConferenceDocument(
        conference=conference,
        title=text_value(title or (file.name or ""), _("title")),
        uploaded_by=actor,
    )
    document.file.save(file.name or "document", file, save=False)
    clean_or_raise(document, exclude=["uploaded_by"])
    document.save()
    audit_record(actor=actor, action="direction.conference_document_add", obj=document)
    return document


@transaction.atomic
def decision_create(
    *,
    actor: User,
    scope: Scope,
    kind: str,
    title: str,
    issued_on: datetime.date,
    points: Sequence[str],
    number: str = "",
    conference_id: int | None = None,
    unit_code: str = "",
) -> Decision:
    """A resolution or conclusion of a conference, or a directive of a unit, with its points
    (numbered 1, 2, … in the order given; blank points are dropped)."""
    require_write(actor, Module.DIRECTION)
    from dieuhanh.direction.selectors.conferences import conference_get

    conference = None
    if conference_id is not None:
        conference = conference_get(scope=scope, conference_id=conference_id)
        unit = conference.unit
    elif unit_code:
        unit = unit_resolve(code=unit_code, on=issued_on, scope=scope)
    else:
        raise ValidationFailed(_("Give the conference or the issuing unit."))
    check_write(
        actor=actor, scope=scope, modules=Module.DIRECTION, unit_path=unit.path, unit_name=unit.name
    )
    texts = [p.strip() for p in points if p.strip()]
    if not texts:
        raise ValidationFailed(_("A resolution needs at least one point."))
    if conference is not None and issued_on < conference.held_on:
        raise ValidationFailed(
            _("Issued on %(issued)s: before the conference (%(held)s)."),
            issued=issued_on.isoformat(),
            held=conference.held_on.isoformat(),
        )
    decision = Decision(
        unit=unit,
        conference=conference,
        kind=choice_value(kind, DecisionKind, _("kind")),
        number=number.strip(),
        title=text_value(title, _("title")),
        issued_on=issued_on,
    )
    clean_or_raise(decision)
    decision.save()
    DecisionPoint.objects.bulk_create(
        DecisionPoint(decision=decision, number=i, text=t) for i, t in enumerate(texts, 1)
    )
    direction_bump()  # bulk_create sends no signal
    audit_record(
        actor=actor,
        action="direction.decision_create",
        obj=decision,
        changes={"points": len(texts)},
    )
    return decision


def attachment_check(attachment: UploadedFile | None) -> None:
    if attachment is None:
        return
    name = (attachment.name or "").lower()
    if not name.endswith(ATTACHMENT_TYPES):
        raise ValidationFailed(
            _("Attachment %(name)s: only %(types)s files are accepted."),
            name=attachment.name or "",
            types=", ".join(ATTACHMENT_TYPES),
        )
    if (attachment.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationFailed(
            _("Attachment %(name)s is larger than 10 MB."), name=attachment.name or ""
        )
    attachment_guard(attachment, file_name=attachment.name or "", limits=ATTACHMENT_LIMITS)
