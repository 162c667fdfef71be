"""Writes of direction: conferences and decisions, task assignment and progress, reminders,
inspection programmes, the public-order log, opinion notes and campaigns.

Each write checks the role (module) and the scope (capture over the unit), validates fully
before writing and runs in one transaction with its audit event. Edits of tasks, inspection
items and events carry the version the user saw; a stale version raises Conflict.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Access, Role, User, UserScope
from dieuhanh.accounts.permissions import Module, check_write, require_write, role_can_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import (
    Body,
    Campaign,
    Channel,
    Conference,
    ConferenceDocument,
    Decision,
    DecisionKind,
    DecisionPoint,
    EventState,
    InspectionActivity,
    InspectionItem,
    InspectionProgramme,
    InspectionState,
    InspectionType,
    OpinionNote,
    OpinionTone,
    OrderCategory,
    Priority,
    PublicOrderEvent,
    Severity,
    SubjectKind,
    Task,
    TaskAlert,
    TaskProgress,
)
from dieuhanh.direction.pure.status import Alert, add_working_days, task_alert
from dieuhanh.direction.selectors import (
    decision_get,
    event_get,
    inspection_item_get,
    programme_get,
    task_get,
)
from dieuhanh.orgunits.selectors import unit_resolve

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
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
    from dieuhanh.direction.selectors import conference_get

    require_write(actor, Module.DIRECTION)
    conference = conference_get(scope=scope, conference_id=conference_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.DIRECTION,
        unit_path=conference.unit.path,
        unit_name=conference.unit.name,
    )
    _check_attachment(file)
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
    from dieuhanh.direction.selectors import conference_get

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
    audit_record(
        actor=actor,
        action="direction.decision_create",
        obj=decision,
        changes={"points": len(texts)},
    )
    return decision


# --- tasks ----------------------------------------------------------------------------------


@transaction.atomic
def task_assign(
    *,
    actor: User,
    scope: Scope,
    decision_id: int,
    title: str,
    lead_unit_code: str,
    assigned_on: datetime.date,
    deadline: datetime.date | None = None,
    deadline_working_days: int | None = None,
    point_number: int | None = None,
    lead_agency: str = "",
    cooperating_codes: Sequence[str] = (),
    cooperating_agencies: str = "",
    description: str = "",
    expected_result: str = "",
    priority: str = Priority.NORMAL,
) -> Task:
    """Assign a task from a resolution point or a directive. The deadline is a date, or a number
    of working days after `assigned_on` (Vietnamese weekends and public holidays skipped)."""
    require_write(actor, Module.DIRECTION)
    decision = decision_get(scope=scope, decision_id=decision_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.DIRECTION,
        unit_path=decision.unit.path,
        unit_name=decision.unit.name,
    )
    lead = unit_resolve(code=lead_unit_code, on=assigned_on, scope=scope)
    check_write(
        actor=actor, scope=scope, modules=Module.DIRECTION, unit_path=lead.path, unit_name=lead.name
    )
    point = None
    if point_number is not None:
        point = decision.points.filter(number=point_number).first()
        if point is None:
            raise ValidationFailed(
                _("%(decision)s has no point %(number)s."),
                decision=str(decision),
                number=point_number,
            )
    if (deadline is None) == (deadline_working_days is None):
        raise ValidationFailed(_("Give either a deadline date or a number of working days."))
    if deadline_working_days is not None:
        if not 1 <= deadline_working_days <= 1000:
            raise ValidationFailed(_("Working days must be between 1 and 1000."))
        deadline = add_working_days(assigned_on, deadline_working_days)
    assert deadline is not None
    if deadline < assigned_on:
        raise ValidationFailed(
            _("Deadline %(deadline)s is before the assignment date %(assigned)s."),
            deadline=deadline.isoformat(),
            assigned=assigned_on.isoformat(),
        )
    if assigned_on < decision.issued_on:
        raise ValidationFailed(
            _("Assigned on %(assigned)s: before %(decision)s was issued (%(issued)s)."),
            assigned=assigned_on.isoformat(),
            decision=str(decision),
            issued=decision.issued_on.isoformat(),
        )
    cooperating = []
    for code in dict.fromkeys(c.strip() for c in cooperating_codes if c.strip()):
        unit = unit_resolve(code=code, on=assigned_on, scope=scope)
        cooperating.append(unit)
    task = Task(
        decision=decision,
        point=point,
        title=text_value(title, _("task")),
        description=description.strip(),
        lead_unit=lead,
        lead_agency=lead_agency.strip(),
        cooperating_agencies=cooperating_agencies.strip(),
        assigned_on=assigned_on,
        deadline=deadline,
        deadline_working_days=deadline_working_days,
        expected_result=expected_result.strip(),
        priority=choice_value(priority, Priority, _("priority")),
        created_by=actor,
    )
    clean_or_raise(task, exclude=["created_by"])
    task.save()
    task.cooperating_units.set(cooperating)
    audit_record(
        actor=actor,
        action="direction.task_assign",
        obj=task,
        changes={"lead_unit": lead.code, "deadline": deadline.isoformat()},
    )
    return task


@transaction.atomic
def task_reschedule(
    *,
    actor: User,
    scope: Scope,
    task_id: int,
    version: int,
    deadline: datetime.date,
    reason: str,
    priority: str | None = None,
) -> Task:
    """The assigning body moves a deadline (gia hạn) or changes the priority, with the reason;
    the old deadline stays in the audit log. Only a actor who may write over the issuing unit."""
    require_write(actor, Module.DIRECTION)
    task = task_get(scope=scope, task_id=task_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.DIRECTION,
        unit_path=task.decision.unit.path,
        unit_name=task.decision.unit.name,
    )
    reason = text_value(reason, _("reason"))
    if deadline < task.assigned_on:
        raise ValidationFailed(
            _("Deadline %(deadline)s is before the assignment date %(assigned)s."),
            deadline=deadline.isoformat(),
            assigned=task.assigned_on.isoformat(),
        )
    if task.completed_on is not None:
        raise ValidationFailed(
            _("The task was completed on %(day)s; its deadline can no longer change."),
            day=task.completed_on.isoformat(),
        )
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.version != version:
        raise Conflict(
            _(
                "Someone else updated this task meanwhile (version %(theirs)s, you had %(yours)s). "
                "Reload it and report again."
            ),
            theirs=locked.version,
            yours=version,
        )
    changes: dict[str, object] = {
        "deadline": [locked.deadline.isoformat(), deadline.isoformat()],
        "reason": reason,
    }
    locked.deadline = deadline
    locked.deadline_working_days = None
    if priority is not None:
        changes["priority"] = [locked.priority, choice_value(priority, Priority, _("priority"))]
        locked.priority = priority
    locked.version += 1
    clean_or_raise(locked, exclude=["created_by"])
    locked.save()
    audit_record(actor=actor, action="direction.task_reschedule", obj=locked, changes=changes)
    return locked


def _check_attachment(attachment: UploadedFile | None) -> None:
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


@transaction.atomic
def task_progress_report(
    *,
    actor: User,
    scope: Scope,
    task_id: int,
    version: int,
    percent: int,
    reported_on: datetime.date,
    note: str = "",
    attachment: UploadedFile | None = None,
) -> Task:
    """The assignee (a actor who may write direction over the lead unit) reports progress;
    100 % completes the task on `reported_on`. `version` is the task's version the actor saw."""
    require_write(actor, Module.DIRECTION)
    task = task_get(scope=scope, task_id=task_id)
    check_write(
        actor=actor,
        scope=scope,
        modules=Module.DIRECTION,
        unit_path=task.lead_unit.path,
        unit_name=task.lead_unit.name,
    )
    if not 0 <= percent <= 100:
        raise ValidationFailed(_("Percent done must be between 0 and 100 (got %(v)s)."), v=percent)
    if reported_on < task.assigned_on:
        raise ValidationFailed(
            _("Reported on %(day)s: before the task was assigned (%(assigned)s)."),
            day=reported_on.isoformat(),
            assigned=task.assigned_on.isoformat(),
        )
    if task.completed_on is not None:
        raise ValidationFailed(
            _("The task was completed on %(day)s; no more progress can be reported."),
            day=task.completed_on.isoformat(),
        )
    _check_attachment(attachment)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.version != version:
        raise Conflict(
            _(
                "Someone else updated this task meanwhile (version %(theirs)s, you had %(yours)s). "
                "Reload it and report again."
            ),
            theirs=locked.version,
            yours=version,
        )
    progress = TaskProgress(
        task=locked,
        reported_on=reported_on,
        percent=percent,
        note=note.strip(),
        reported_by=actor,
    )
    if attachment is not None:
        progress.attachment.save(attachment.name or "attachment", attachment, save=False)
    clean_or_raise(progress, exclude=["attachment", "reported_by"])
    progress.save()
    before = locked.percent
    locked.percent = percent
    locked.completed_on = reported_on if percent == 100 else None
    locked.version += 1
    locked.save(update_fields=["percent", "completed_on", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="direction.task_progress",
        obj=locked,
        changes={"percent": [before, percent], "reported_on": reported_on.isoformat()},
    )
    return locked


# --- reminders and escalations --------------------------------------------------------------


@dataclass(frozen=True)
class AlertSent:
    task_id: int
    task: str
    kind: str
    deadline: datetime.date
    recipients: tuple[str, ...]


def _assignees(task: Task) -> list[User]:
    """Users who may write direction with capture over the lead unit (or an ancestor)."""
    paths = [task.lead_unit.path[: i + 1] for i, ch in enumerate(task.lead_unit.path) if ch == "/"]
    grants = UserScope.objects.filter(access=Access.CAPTURE, unit__path__in=paths).select_related(
        "user"
    )
    users = {g.user for g in grants if g.user.is_active}
    return sorted(
        (u for u in users if role_can_write(u.role, Module.DIRECTION) and u.role != Role.LEADER),
        key=lambda u: u.username,
    )


def _leaders(task: Task) -> list[User]:
    """Leaders over the issuing unit: who receives an escalation."""
    unit_path = task.decision.unit.path
    paths = [unit_path[: i + 1] for i, ch in enumerate(unit_path) if ch == "/"]
    grants = UserScope.objects.filter(access=Access.CAPTURE, unit__path__in=paths).select_related(
        "user"
    )
    return sorted(
        {g.user for g in grants if g.user.is_active and g.user.role == Role.LEADER},
        key=lambda u: u.username,
    )


def _message(task: Task, kind: Alert, today: datetime.date) -> tuple[str, str]:
    if kind == Alert.REMINDER:
        subject = f"[Nhắc việc] {task.title} — hạn {task.deadline:%d/%m/%Y}"
        lead = "Nhiệm vụ sắp đến hạn / Task due soon"
    else:
        days = (today - task.deadline).days
        subject = f"[Quá hạn {days} ngày] {task.title} — hạn {task.deadline:%d/%m/%Y}"
        lead = "Nhiệm vụ quá hạn chưa hoàn thành / Task overdue"
    body = "\n".join(
        [
            lead,
            "",
            f"Nhiệm vụ / Task: {task.title}",
            f"Nguồn / Source: {task.decision}",
            f"Đơn vị chủ trì / Lead: {task.assignee_label} ({task.lead_unit.name})",
            f"Thời hạn / Deadline: {task.deadline:%d/%m/%Y}",
            f"Tiến độ / Progress: {task.percent}%",
            f"Kết quả cần đạt / Expected result: {task.expected_result or '—'}",
        ]
    )
    return subject, body


@transaction.atomic
def tasks_remind(
    *, today: datetime.date, remind_days: int = 3, scope: Scope | None = None
) -> list[AlertSent]:
    """Send today's reminders (deadline within `remind_days` working days) to the assignees and
    escalations (overdue) to the assignees and the leaders over the issuing unit. Each task gets
    at most one message of each kind per day: running twice sends nothing new. E-mail goes
    through Django's mail backend (SMTP when configured, the console otherwise)."""
    qs = Task.objects.filter(completed_on__isnull=True).select_related(
        "lead_unit", "decision__unit"
    )
    if scope is not None:
        qs = qs.filter(scope.view_q("lead_unit__path"))
    sent: list[AlertSent] = []
    for task in qs.order_by("deadline", "id"):
        kind = task_alert(
            deadline=task.deadline,
            completed_on=task.completed_on,
            today=today,
            remind_days=remind_days,
        )
        if kind is None or TaskAlert.objects.filter(task=task, kind=kind, day=today).exists():
            continue
        people = _assignees(task)
        if kind == Alert.ESCALATION:
            people += [u for u in _leaders(task) if u not in people]
        addresses = tuple(u.email for u in people if u.email)
        subject, body = _message(task, kind, today)
        if addresses:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(addresses))
        names = tuple(u.username for u in people)
        TaskAlert.objects.create(task=task, kind=kind, day=today, recipients=", ".join(names))
        sent.append(
            AlertSent(
                task_id=task.pk,
                task=task.title,
                kind=kind.value,
                deadline=task.deadline,
                recipients=addresses or names,
            )
        )
    return sent


# --- Party inspection and supervision -------------------------------------------------------


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


# --- public order ---------------------------------------------------------------------------


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


# --- public opinion and propaganda ----------------------------------------------------------


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
