"""Tasks (nhiệm vụ): assigned from a resolution's point to a lead unit with cooperating units and a
deadline (in working days, Vietnamese holidays skipped), rescheduled with a reason, and progress
reported with an attachment."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, check_write, require_write
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.core.validation import choice_value, clean_or_raise, text_value
from dieuhanh.direction.models import Priority, Task, TaskProgress
from dieuhanh.direction.pure.status import add_working_days
from dieuhanh.direction.selectors.conferences import decision_get
from dieuhanh.direction.selectors.tasks import task_get
from dieuhanh.direction.services.conferences import attachment_check
from dieuhanh.orgunits.selectors import unit_resolve


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
    attachment_check(attachment)
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
