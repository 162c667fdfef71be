"""REST endpoints of direction: tasks and the leaders' table, progress, conferences and
resolutions, Party inspection, the public-order log, public opinion and campaigns. Each endpoint
checks the role's module first, then filters by the caller's scope."""

from __future__ import annotations

import dataclasses
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
from dieuhanh.core.services import audit_record
from dieuhanh.direction.forms import period_bounds
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors import conferences as conferences_sel
from dieuhanh.direction.selectors import inspection as inspection_sel
from dieuhanh.direction.selectors import opinion as opinion_sel
from dieuhanh.direction.selectors import public_order as public_order_sel
from dieuhanh.direction.selectors import tasks as tasks_sel
from dieuhanh.direction.services import conferences as conferences_svc
from dieuhanh.direction.services import inspection as inspection_svc
from dieuhanh.direction.services import public_order as public_order_svc
from dieuhanh.direction.services import tasks as tasks_svc
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve

router = Router(tags=["direction"])


def _plain(obj: Any) -> Any:
    """A dataclass as JSON-ready data (dates as ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj


# --- tasks ----------------------------------------------------------------------------------


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


# --- conferences and resolutions ------------------------------------------------------------


class ConferenceIn(Schema):
    unit: str
    body: str
    held_on: datetime.date
    number: int | None = None
    term: int | None = None
    extended: bool = False
    title: str = ""
    agenda: str = ""
    participants: str = ""
    documents: list[str] = []


class PointOut(Schema):
    number: int
    text: str


class DecisionOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    issued_on: str
    unit: str
    conference: int | None
    points: list[PointOut]


class ConferenceOut(Schema):
    id: int
    unit: str
    body: str
    heading: str
    number: int | None
    term: int | None
    extended: bool
    held_on: str
    title: str
    agenda: str
    participants: str
    documents: list[str]
    decisions: list[DecisionOut]


def _decision_dict(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "number": d.number,
        "title": d.title,
        "issued_on": d.issued_on.isoformat(),
        "unit": d.unit.code,
        "conference": d.conference_id,
        "points": [{"number": p.number, "text": p.text} for p in d.points.all()],
    }


def _conference_dict(c: Any, decisions: list[Any]) -> dict[str, Any]:
    return {
        "id": c.pk,
        "unit": c.unit.code,
        "body": c.body,
        "heading": c.heading,
        "number": c.number,
        "term": c.term,
        "extended": c.extended,
        "held_on": c.held_on.isoformat(),
        "title": c.title,
        "agenda": c.agenda,
        "participants": c.participants,
        "documents": c.documents_list,
        "decisions": [_decision_dict(d) for d in decisions],
    }


@router.get("/direction/conferences", response=list[ConferenceOut], summary="Conferences")
@module_required(Module.DIRECTION)
def conferences(request: HttpRequest) -> list[dict[str, Any]]:
    scope = request_scope(request)
    decisions = list(
        conferences_sel.decisions_visible(scope=scope).filter(conference__isnull=False)
    )
    by_conference: dict[int, list[Any]] = {}
    for d in decisions:
        if d.conference_id is not None:
            by_conference.setdefault(d.conference_id, []).append(d)
    return [
        _conference_dict(c, by_conference.get(c.pk, []))
        for c in conferences_sel.conferences_visible(scope=scope)
    ]


@router.post("/direction/conferences", response={201: ConferenceOut}, summary="Record one")
@module_required(Module.DIRECTION)
def conference_create(request: HttpRequest, payload: ConferenceIn) -> Status[Any]:
    c = conferences_svc.conference_create(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        body=payload.body,
        held_on=payload.held_on,
        number=payload.number,
        term=payload.term,
        extended=payload.extended,
        title=payload.title,
        agenda=payload.agenda,
        participants=payload.participants,
        documents="\n".join(payload.documents),
    )
    return Status(201, _conference_dict(c, []))


class DecisionIn(Schema):
    kind: str
    title: str
    issued_on: datetime.date
    points: list[str]
    number: str = ""
    conference: int | None = None
    unit: str = ""


@router.post("/direction/decisions", response={201: DecisionOut}, summary="Resolution/directive")
@module_required(Module.DIRECTION)
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status[Any]:
    d = conferences_svc.decision_create(
        actor=request_user(request),
        scope=request_scope(request),
        kind=payload.kind,
        title=payload.title,
        issued_on=payload.issued_on,
        points=payload.points,
        number=payload.number,
        conference_id=payload.conference,
        unit_code=payload.unit,
    )
    return Status(201, _decision_dict(d))


# --- inspection and supervision -------------------------------------------------------------


@router.get("/direction/inspection", summary="Inspection and supervision of a unit and year")
@module_required(Module.PARTY_INSPECTION)
def inspection(request: HttpRequest, unit: str, year: int) -> dict[str, Any] | None:
    """The review of the year (null when nothing is recorded): counts, progress, items."""
    scope = request_scope(request)
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is outside 2000–2100."), year=year)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    audit_record(
        actor=request.user,
        action="direction.inspection_read",
        object_type="direction.inspectionprogramme",
        object_repr=f"{u.code} {year} (API)",
    )
    review = inspection_sel.inspection_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return _plain(review)  # type: ignore[no-any-return]


class InspectionUpdateIn(Schema):
    version: int
    state: str
    executed_on: datetime.date | None = None
    conclusion: str = ""
    violation_found: bool = False


@router.post("/direction/inspection/items/{item_id}", summary="Record execution and conclusion")
@module_required(Module.PARTY_INSPECTION)
def inspection_update(
    request: HttpRequest, item_id: int, payload: InspectionUpdateIn
) -> dict[str, Any]:
    item = inspection_svc.inspection_item_update(
        actor=request_user(request),
        scope=request_scope(request),
        item_id=item_id,
        version=payload.version,
        state=payload.state,
        executed_on=payload.executed_on,
        conclusion=payload.conclusion,
        violation_found=payload.violation_found,
    )
    return _plain(inspection_sel.inspection_row(item))  # type: ignore[no-any-return]


# --- public order ---------------------------------------------------------------------------


@router.get("/direction/public-order", summary="Public-order situation of a unit and period")
@module_required(Module.PUBLIC_ORDER)
def public_order(request: HttpRequest, unit: str, period: str) -> dict[str, Any] | None:
    """Events of the period with counts per category and severity (null when none)."""
    scope = request_scope(request)
    start, end, _code = period_bounds(period)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    audit_record(
        actor=request.user,
        action="direction.public_order_read",
        object_type="direction.publicorderevent",
        object_repr=f"{u.code} {period} (API)",
    )
    review = public_order_sel.public_order_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return _plain(review)  # type: ignore[no-any-return]


class EventIn(Schema):
    unit: str
    occurred_on: datetime.date
    category: str
    severity: str
    title: str
    state: str = "open"
    description: str = ""
    measures: str = ""


@router.post("/direction/public-order/events", response={201: dict}, summary="Log an event")
@module_required(Module.PUBLIC_ORDER)
def event_create(request: HttpRequest, payload: EventIn) -> Status[Any]:
    event = public_order_svc.event_record(
        actor=request_user(request),
        scope=request_scope(request),
        unit_code=payload.unit,
        occurred_on=payload.occurred_on,
        category=payload.category,
        severity=payload.severity,
        state=payload.state,
        title=payload.title,
        description=payload.description,
        measures=payload.measures,
    )
    return Status(201, _plain(public_order_sel.event_row(event)))


# --- public opinion -------------------------------------------------------------------------


@router.get("/direction/opinion", summary="Public opinion notes and campaigns of a period")
@module_required(Module.DIRECTION)
def opinion(request: HttpRequest, unit: str, period: str) -> dict[str, Any] | None:
    scope = request_scope(request)
    start, end, _code = period_bounds(period)
    u = unit_resolve(code=unit, on=end, scope=scope, policy=UnitPolicy.LATEST_BEFORE)
    review = opinion_sel.opinion_review(
        scope=scope, unit_code=u.code, start=start, end=min(end, u.valid_to or end)
    )
    return _plain(review)  # type: ignore[no-any-return]


@router.get("/direction/dashboard", summary="Tasks due soon and overdue")
@module_required(Module.DIRECTION)
def dashboard(request: HttpRequest, on: datetime.date | None = None) -> dict[str, Any] | None:
    summary = tasks_sel.direction_dashboard(scope=request_scope(request), today=on or today())
    return _plain(summary)  # type: ignore[no-any-return]
