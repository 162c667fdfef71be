"""Endpoints of tasks: the list, the leaders' table, one task, assigning, progress; the direction
dashboard."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.responses import Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.api.common import plain_record
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors import tasks as tasks_sel
from dieuhanh.direction.services import tasks as tasks_svc
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["direction"])


class TaskOut(Schema):
    id: int
    title: str
    source: str
    conference: str
    point: int | None
    lead_unit: str
    lead_unit_name: str
    assignee: str
    cooperating: str
    assigned_on: str
    deadline: str
    deadline_working_days: int | None
    priority: str
    percent: int
    completed_on: str | None
    status: str
    expected_result: str
    version: int


class UnitRowOut(Schema):
    unit: str
    unit_name: str
    assignee: str
    total: int
    on_time: int
    late: int
    overdue: int
    in_progress: int


class TableOut(Schema):
    unit: str
    on: str
    rows: list[UnitRowOut]
    total: UnitRowOut


@router.get("/direction/tasks", response=list[TaskOut], summary="Tasks led within a unit")
@module_required(Module.DIRECTION)
def tasks_list(
    request: HttpRequest, unit: str, on: datetime.date | None = None, status: str = ""
) -> list[dict[str, object]]:
    """Statuses are computed on `on` (default today, Asia/Ho_Chi_Minh)."""
    scope = request_scope(request)
    day = on or today()
    if status and status not in {s.value for s in TaskStatus}:
        raise ValidationFailed(_("Unknown status %(status)s."), status=status)
    u = unit_resolve(code=unit, on=day, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    return [
        tasks_sel.task_dict(r)
        for r in tasks_sel.task_rows(scope=scope, unit=u, today=day, status=status)
    ]


@router.get("/direction/tasks/table", response=TableOut, summary="The leaders' table of a unit")
@module_required(Module.DIRECTION)
def tasks_table(request: HttpRequest, unit: str, on: datetime.date | None = None) -> dict[str, Any]:
    scope = request_scope(request)
    day = on or today()
    u = unit_resolve(code=unit, on=day, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    table = tasks_sel.tasks_table(scope=scope, unit=u, today=day)
    return {
        "unit": u.code,
        "on": day.isoformat(),
        "rows": [tasks_sel.unit_row_dict(r) for r in table.rows],
        "total": tasks_sel.unit_row_dict(table.total),
    }


@router.get("/direction/tasks/{task_id}", response=TaskOut, summary="One task")
@module_required(Module.DIRECTION)
def task_detail(
    request: HttpRequest, task_id: int, on: datetime.date | None = None
) -> dict[str, object]:
    task = tasks_sel.task_get(scope=request_scope(request), task_id=task_id)
    return tasks_sel.task_dict(tasks_sel.task_row(task, today=on or today()))


class TaskIn(Schema):
    decision: int
    point: int | None = None
    title: str
    description: str = ""
    lead_unit: str
    lead_agency: str = ""
    cooperating_units: list[str] = []
    cooperating_agencies: str = ""
    assigned_on: datetime.date
    deadline: datetime.date | None = None
    deadline_working_days: int | None = None
    expected_result: str = ""
    priority: str = "normal"


@router.post("/direction/tasks", response={201: TaskOut}, summary="Assign a task")
@module_required(Module.DIRECTION)
def task_create(request: HttpRequest, payload: TaskIn) -> Status[Any]:
    task = tasks_svc.task_assign(
        actor=request_user(request),
        scope=request_scope(request),
        decision_id=payload.decision,
        point_number=payload.point,
        title=payload.title,
        description=payload.description,
        lead_unit_code=payload.lead_unit,
        lead_agency=payload.lead_agency,
        cooperating_codes=payload.cooperating_units,
        cooperating_agencies=payload.cooperating_agencies,
        assigned_on=payload.assigned_on,
        deadline=payload.deadline,
        deadline_working_days=payload.deadline_working_days,
        expected_result=payload.expected_result,
        priority=payload.priority,
    )
    return Status(201, tasks_sel.task_dict(tasks_sel.task_row(task, today=today())))


class ProgressIn(Schema):
    version: int
    percent: int
    reported_on: datetime.date
    note: str = ""


@router.post("/direction/tasks/{task_id}/progress", response=TaskOut, summary="Report progress")
@module_required(Module.DIRECTION)
def task_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> dict[str, object]:
    """`version` is the task's version you read; 409 when someone reported meanwhile."""
    task = tasks_svc.task_progress_report(
        actor=request_user(request),
        scope=request_scope(request),
        task_id=task_id,
        version=payload.version,
        percent=payload.percent,
        reported_on=payload.reported_on,
        note=payload.note,
    )
    return tasks_sel.task_dict(tasks_sel.task_row(task, today=today()))


@router.get("/direction/dashboard", summary="Tasks due soon and overdue")
@module_required(Module.DIRECTION)
def dashboard(request: HttpRequest, on: datetime.date | None = None) -> dict[str, Any] | None:
    summary = tasks_sel.direction_dashboard(scope=request_scope(request), today=on or today())
    return plain_record(summary)
