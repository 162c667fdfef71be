"""Writes of the reports: the narrative notes per section and period."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, require_read
from dieuhanh.core.errors import AccessDenied, Conflict, ValidationFailed
from dieuhanh.core.periods import period_parse
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import clean_or_raise
from dieuhanh.jobs.models import Job
from dieuhanh.jobs.services import job_start
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.reports.models import Section, SectionNote
from dieuhanh.reports.pure.layout import LAYOUTS
from dieuhanh.reports.selectors import FORMATS, batch_units, section_writable

NOTE_MAX_CHARS = 20_000


class NoteConflict(Conflict):
    """Someone else saved the note since the user opened it: both texts are kept in the error."""

    def __init__(self, theirs: str, yours: str) -> None:
        self.theirs = theirs
        self.yours = yours
        super().__init__(
            _(
                "Someone else saved this section's text while you were editing it. Their text "
                "is shown; copy what you need from yours and save again."
            )
        )


def section_note_save(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    role: str,
    scope: Scope,
    unit_code: str,
    period_code: str,
    section: str,
    text: str,
    version: int | None,
) -> SectionNote:
    """Save the narrative of one section. `version` is the note's version the user started from
    (None for a new note); a different current version is a conflict, never an overwrite."""
    if section not in Section.values:
        raise ValidationFailed(
            _("Unknown section “%(section)s”: use one of %(known)s."),
            section=section,
            known=", ".join(Section.values),
        )
    if not section_writable(role, section):
        raise AccessDenied(_("Your role may not write this section of the report."))
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationFailed(
            _("The text is too long: %(n)s characters, at most %(max)s."),
            n=len(text),
            max=NOTE_MAX_CHARS,
        )
    period = period_parse(period_code)
    unit = unit_resolve(code=unit_code, on=period, scope=scope, policy=UnitPolicy.IN_PERIOD)
    if not scope.can_capture_path(unit.path):
        raise AccessDenied(
            _("You may not write the report of %(unit)s: it is outside your units."),
            unit=unit.name,
        )
    clean = text.replace("\r\n", "\n").strip()
    # AUTH_USER_MODEL is accounts.User: an authenticated actor is one.
    user = actor if isinstance(actor, User) and actor.is_authenticated else None
    with transaction.atomic():
        note = (
            SectionNote.objects.select_for_update()
            .filter(unit=unit, period=period.code, section=section)
            .first()
        )
        if note is None:
            if version not in (None, 0):
                raise NoteConflict(theirs="", yours=clean)
            note = SectionNote(unit=unit, period=period.code, section=section, text=clean)
            note.updated_by = user
            clean_or_raise(note)
            note.save()
            before = ""
        else:
            if version != note.version:
                raise NoteConflict(theirs=note.text, yours=clean)
            before = note.text
            if before == clean:
                return note
            note.text = clean
            note.version += 1
            note.updated_by = user
            clean_or_raise(note)
            note.save(update_fields=["text", "version", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="reports.note_save",
            obj=note,
            changes={"section": section, "period": period.code, "before": before, "after": clean},
        )
    return note


def review_batch_start(
    *, actor: User, scope: Scope, unit_code: str, period_code: str, layout: str, fmt: str
) -> Job:
    """Queue the reviews of every commune of a unit, zipped (a background job): the request is
    checked now (the role reads the reports, the unit and its communes are in the scope, the
    format and layout exist), and again by the job when it runs."""
    require_read(actor, Module.REPORTS)
    if fmt not in FORMATS:
        raise ValidationFailed(
            _("Unknown format “%(format)s”: use md, html, docx or pdf."), format=fmt
        )
    if layout not in LAYOUTS:
        raise ValidationFailed(_("Unknown layout “%(layout)s”: use party or admin."), layout=layout)
    unit, communes = batch_units(scope=scope, unit_code=unit_code, period_code=period_code)
    return job_start(
        actor=actor,
        kind="reports.review_batch",
        params={"unit": unit.code, "period": period_code, "layout": layout, "format": fmt},
        unit_id=unit.pk,
        title=str(_("Reviews of %(n)s communes of %(unit)s, %(period)s (%(format)s)"))
        % {"n": len(communes), "unit": unit.name, "period": period_code, "format": fmt.upper()},
    )
