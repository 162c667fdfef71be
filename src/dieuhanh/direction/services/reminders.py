"""Reminders and escalations (nhắc việc): a task near its deadline reminds its assignees; an overdue
one escalates to the leaders; each sent once."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from dieuhanh.accounts.models import Access, Role, User, UserScope
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Task, TaskAlert
from dieuhanh.direction.pure.status import Alert, task_alert


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
