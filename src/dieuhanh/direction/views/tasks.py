"""The leaders' table of tasks, assigning a task, one task with its progress, rescheduling,
attachments."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError, NotFound
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.access import modules_of, units_under
from dieuhanh.direction.forms import get_date, get_int, req_date, req_int
from dieuhanh.direction.models import Priority, TaskProgress
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors import common as common_sel
from dieuhanh.direction.selectors import conferences as conferences_sel
from dieuhanh.direction.selectors import tasks as tasks_sel
from dieuhanh.direction.services import tasks as tasks_svc
from dieuhanh.direction.views.common import day_for, page_context, unit_and_day


@login_required
@module_required(Module.DIRECTION)
def tasks_page(request: HttpRequest) -> HttpResponse:
    """The leaders' table per unit and the task list (filters: status, words, assignee)."""
    scope = request_scope(request)
    unit, on = unit_and_day(request)
    if unit is None:
        return render(
            request, "direction/tasks.html", page_context(request, "tasks", unit=None, on=on)
        )
    status = request.GET.get("status", "")
    if status and status not in TaskStatus.__members__.values():
        status = ""
    query = request.GET.get("q", "")
    assignee = request.GET.get("assignee", "")
    all_rows = tasks_sel.task_rows(scope=scope, unit=unit, today=on)
    rows = tasks_sel.task_rows(
        scope=scope, unit=unit, today=on, status=status, query=query, assignee=assignee
    )
    return render(
        request,
        "direction/tasks.html",
        page_context(
            request,
            "tasks",
            unit=unit,
            on=on,
            table=tasks_sel.tasks_table(scope=scope, unit=unit, today=on, rows=all_rows),
            rows=rows,
            status=status,
            query=query,
            assignee=assignee,
            statuses=[(s.value, common_sel.status_label(s)) for s in TaskStatus],
            decisions=conferences_sel.decisions_visible(scope=scope).filter(unit=unit)[:20],
            direction_summary=tasks_sel.direction_dashboard(scope=scope, today=on),
        ),
    )


@login_required
@module_required(Module.DIRECTION)
def task_new(request: HttpRequest) -> HttpResponse:
    """Assign a task from a resolution point or a directive."""
    scope = request_scope(request)
    decision = conferences_sel.decision_get(
        scope=scope, decision_id=req_int(request.GET, "decision", "id")
    )
    on = today()
    data: Mapping[str, str] = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            assigned_on = req_date(request.POST, "assigned_on", _("assigned on"))
            task = tasks_svc.task_assign(
                actor=request_user(request),
                scope=scope,
                decision_id=decision.pk,
                point_number=get_int(request.POST, "point", _("point"), required=False),
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                lead_unit_code=request.POST.get("lead_unit", ""),
                lead_agency=request.POST.get("lead_agency", ""),
                cooperating_codes=request.POST.getlist("cooperating"),
                cooperating_agencies=request.POST.get("cooperating_agencies", ""),
                assigned_on=assigned_on,
                deadline=get_date(request.POST, "deadline", _("deadline"), required=False),
                deadline_working_days=get_int(
                    request.POST, "working_days", _("deadline in working days"), required=False
                ),
                expected_result=request.POST.get("expected_result", ""),
                priority=request.POST.get("priority", Priority.NORMAL),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Task assigned."))
            return redirect("direction:task", task_id=task.pk)
    return render(
        request,
        "direction/task_new.html",
        page_context(
            request,
            "tasks",
            decision=decision,
            units=units_under(
                decision.unit, max(decision.issued_on, min(on, decision.unit.valid_to or on)), scope
            ),
            priorities=Priority.choices,
            data=data,
            default_day=day_for(decision.unit, on, decision.issued_on).isoformat(),
        ),
    )


@login_required
@module_required(Module.DIRECTION)
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    return _task_page(request, task_id)


def _task_page(request: HttpRequest, task_id: int, status: int = 200) -> HttpResponse:
    """The task, its progress and its forms; a refused report shows it again with `status`."""
    scope = request_scope(request)
    task = tasks_sel.task_get(scope=scope, task_id=task_id)
    on = get_date(request.GET, "on", _("as of"), required=False) or today()
    user = request_user(request)
    can_report = scope.can_capture_path(task.lead_unit.path) and modules_of(user)["direction_write"]
    return render(
        request,
        "direction/task.html",
        page_context(
            request,
            "tasks",
            task=task,
            row=tasks_sel.task_row(task, today=on),
            progress=tasks_sel.task_progress(scope=scope, task_id=task_id),
            can_report=can_report and task.completed_on is None,
            can_reschedule=task.completed_on is None
            and modules_of(user)["direction_write"]
            and scope.can_capture_path(task.decision.unit.path),
            alerts=task.alerts.all()[:20],
            priorities=Priority.choices,
            default_day=day_for(
                task.lead_unit,
                today(),
                min(task.deadline, task.lead_unit.valid_to or task.deadline),
            ).isoformat(),
        ),
        status=status,
    )


@login_required
@module_required(Module.DIRECTION)
@require_POST
def task_progress(request: HttpRequest, task_id: int) -> HttpResponse:
    scope = request_scope(request)
    try:
        tasks_svc.task_progress_report(
            actor=request_user(request),
            scope=scope,
            task_id=task_id,
            version=req_int(request.POST, "version", "version"),
            percent=req_int(request.POST, "percent", _("percent done"), low=0, high=100),
            reported_on=req_date(request.POST, "reported_on", _("reported on")),
            note=request.POST.get("note", ""),
            attachment=request.FILES.get("attachment"),
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
        return _task_page(request, task_id, status=exc.status_code)
    else:
        messages.success(request, _("Progress reported."))
    return redirect("direction:task", task_id=task_id)


@login_required
@module_required(Module.DIRECTION)
@require_POST
def task_reschedule(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        tasks_svc.task_reschedule(
            actor=request_user(request),
            scope=request_scope(request),
            task_id=task_id,
            version=req_int(request.POST, "version", "version"),
            deadline=req_date(request.POST, "deadline", _("deadline")),
            reason=request.POST.get("reason", ""),
            priority=request.POST.get("priority") or None,
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Deadline changed."))
    return redirect("direction:task", task_id=task_id)


@login_required
@module_required(Module.DIRECTION)
def progress_attachment(request: HttpRequest, progress_id: int) -> FileResponse:
    """The file attached to a progress report, to users who see its task's unit."""
    scope = request_scope(request)
    progress = (
        TaskProgress.objects.filter(scope.view_q("task__lead_unit__path"), pk=progress_id)
        .exclude(attachment="")
        .first()
    )
    if progress is None:
        raise NotFound(_("No attachment %(id)s among the units you may see."), id=progress_id)
    name = progress.attachment.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        progress.attachment.open("rb"), as_attachment=True, filename=name, content_type=kind
    )
