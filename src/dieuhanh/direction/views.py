"""Pages of direction: tasks and the leaders' table, conferences and resolutions, Party
inspection and supervision, the public-order log, public opinion and propaganda."""

from __future__ import annotations

import csv
import datetime
import mimetypes
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError, NotFound
from dieuhanh.core.scope import request_scope
from dieuhanh.core.services import audit_record
from dieuhanh.direction.access import (
    default_unit,
    modules_of,
    units_under,
)
from dieuhanh.direction.forms import get_date, get_int, period_bounds, req_date, req_int
from dieuhanh.direction.models import (
    Body,
    Channel,
    DecisionKind,
    EventState,
    InspectionActivity,
    InspectionState,
    InspectionType,
    OpinionTone,
    OrderCategory,
    Priority,
    Severity,
    SubjectKind,
    TaskProgress,
)
from dieuhanh.direction.pure.status import TaskStatus
from dieuhanh.direction.selectors import common as common_sel
from dieuhanh.direction.selectors import conferences as conferences_sel
from dieuhanh.direction.selectors import inspection as inspection_sel
from dieuhanh.direction.selectors import opinion as opinion_sel
from dieuhanh.direction.selectors import public_order as public_order_sel
from dieuhanh.direction.selectors import tasks as tasks_sel
from dieuhanh.direction.services import conferences as conferences_svc
from dieuhanh.direction.services import inspection as inspection_svc
from dieuhanh.direction.services import opinion as opinion_svc
from dieuhanh.direction.services import public_order as public_order_svc
from dieuhanh.direction.services import tasks as tasks_svc
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve


def _context(request: HttpRequest, section: str, **extra: object) -> dict[str, object]:
    return {"section": section, "can": modules_of(request.user), **extra}


def _next(request: HttpRequest, default: str) -> str:
    """The page to go back to: a local path only."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return default


def _unit_and_day(request: HttpRequest) -> tuple[OrgUnit | None, datetime.date]:
    scope = request_scope(request)
    on = get_date(request.GET, "on", _("as of"), required=False) or today()
    code = request.GET.get("unit", "").strip()
    if code:
        return unit_resolve(code=code, on=on, scope=scope, policy=UnitPolicy.LATEST_BEFORE), on
    return default_unit(user=request_user(request), scope=scope, on=on), on


# --- tasks ----------------------------------------------------------------------------------


@login_required
@module_required(Module.DIRECTION)
def tasks_page(request: HttpRequest) -> HttpResponse:
    """The leaders' table per unit and the task list (filters: status, words, assignee)."""
    scope = request_scope(request)
    unit, on = _unit_and_day(request)
    if unit is None:
        return render(request, "direction/tasks.html", _context(request, "tasks", unit=None, on=on))
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
        _context(
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
        _context(
            request,
            "tasks",
            decision=decision,
            units=units_under(
                decision.unit, max(decision.issued_on, min(on, decision.unit.valid_to or on)), scope
            ),
            priorities=Priority.choices,
            data=data,
            default_day=_day_for(decision.unit, on, decision.issued_on).isoformat(),
        ),
    )


def _day_for(unit: OrgUnit, day: datetime.date, fallback: datetime.date) -> datetime.date:
    """`day` when `unit` still exists then; otherwise `fallback` (a 2021 district's records are
    dated while it existed)."""
    return day if unit.is_valid_on(day) else fallback


@login_required
@module_required(Module.DIRECTION)
def task_page(request: HttpRequest, task_id: int) -> HttpResponse:
    scope = request_scope(request)
    task = tasks_sel.task_get(scope=scope, task_id=task_id)
    on = get_date(request.GET, "on", _("as of"), required=False) or today()
    user = request_user(request)
    can_report = scope.can_capture_path(task.lead_unit.path) and modules_of(user)["direction_write"]
    return render(
        request,
        "direction/task.html",
        _context(
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
            default_day=_day_for(
                task.lead_unit,
                today(),
                min(task.deadline, task.lead_unit.valid_to or task.deadline),
            ).isoformat(),
        ),
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


# --- conferences and resolutions ------------------------------------------------------------


@login_required
@module_required(Module.DIRECTION)
def conferences_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    unit, _on = _unit_and_day(request)
    data: Mapping[str, str] = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            held_on = req_date(request.POST, "held_on", _("date"))
            conference = conferences_svc.conference_create(
                actor=request_user(request),
                scope=scope,
                unit_code=request.POST.get("unit", ""),
                body=request.POST.get("body", ""),
                held_on=held_on,
                number=get_int(request.POST, "number", _("number"), required=False, low=1, high=99),
                term=get_int(request.POST, "term", _("term"), required=False, low=1, high=99),
                extended=request.POST.get("extended") == "1",
                title=request.POST.get("title", ""),
                agenda=request.POST.get("agenda", ""),
                participants=request.POST.get("participants", ""),
                documents=request.POST.get("documents", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Conference recorded."))
            return redirect("direction:conference", conference_id=conference.pk)
    conferences = conferences_sel.conferences_visible(scope=scope)
    directives = conferences_sel.decisions_visible(scope=scope).filter(conference__isnull=True)
    return render(
        request,
        "direction/conferences.html",
        _context(
            request,
            "conferences",
            unit=unit,
            conferences=conferences[:100],
            directives=directives[:100],
            bodies=Body.choices,
            data=data,
        ),
    )


@login_required
@module_required(Module.DIRECTION)
def conference_page(request: HttpRequest, conference_id: int) -> HttpResponse:
    scope = request_scope(request)
    conference = conferences_sel.conference_get(scope=scope, conference_id=conference_id)
    data: Mapping[str, str] = request.POST if request.method == "POST" else {}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        try:
            conferences_svc.conference_document_add(
                actor=request_user(request),
                scope=scope,
                conference_id=conference.pk,
                title=request.POST.get("title", ""),
                file=upload,
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Document attached."))
            return redirect("direction:conference", conference_id=conference.pk)
    elif request.method == "POST":
        try:
            conferences_svc.decision_create(
                actor=request_user(request),
                scope=scope,
                conference_id=conference.pk,
                kind=request.POST.get("kind", ""),
                number=request.POST.get("number", ""),
                title=request.POST.get("title", ""),
                issued_on=req_date(request.POST, "issued_on", _("issued on")),
                points=request.POST.get("points", "").splitlines(),
            )
        except DomainError as exc:
            messages.error(request, exc.render())
        else:
            messages.success(request, _("Resolution recorded."))
            return redirect("direction:conference", conference_id=conference.pk)
    decisions = conferences_sel.decisions_visible(scope=scope).filter(conference=conference)
    return render(
        request,
        "direction/conference.html",
        _context(
            request,
            "conferences",
            conference=conference,
            decisions=decisions,
            kinds=DecisionKind.choices,
            data=data,
            default_day=conference.held_on.isoformat(),
        ),
    )


@login_required
@module_required(Module.DIRECTION)
def conference_document(request: HttpRequest, document_id: int) -> FileResponse:
    document = conferences_sel.conference_document_get(
        scope=request_scope(request), document_id=document_id
    )
    name = document.file.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=name, content_type=kind
    )


@login_required
@module_required(Module.DIRECTION)
@require_POST
def directive_create(request: HttpRequest) -> HttpResponse:
    """A directive (chỉ thị) issued by a unit without a conference."""
    scope = request_scope(request)
    try:
        decision = conferences_svc.decision_create(
            actor=request_user(request),
            scope=scope,
            unit_code=request.POST.get("unit", ""),
            kind=DecisionKind.DIRECTIVE,
            number=request.POST.get("number", ""),
            title=request.POST.get("title", ""),
            issued_on=req_date(request.POST, "issued_on", _("issued on")),
            points=request.POST.get("points", "").splitlines(),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
        return redirect("direction:conferences")
    messages.success(request, _("Directive recorded."))
    return redirect(reverse("direction:task_new") + f"?decision={decision.pk}")


# --- inspection and supervision -------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    return (
        get_int(request.GET, "year", _("year"), required=False, low=2000, high=2100) or today().year
    )


@login_required
@module_required(Module.PARTY_INSPECTION)
def inspection_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    programmes = list(inspection_sel.programmes_visible(scope=scope).order_by("-year", "id"))
    years = sorted({p.year for p in programmes}, reverse=True)
    year = _year(request) if request.GET.get("year") else (years[0] if years else today().year)
    audit_record(
        actor=request.user,
        action="direction.inspection_read",
        object_type="direction.inspectionprogramme",
        object_repr=str(year),
    )
    shown = [p for p in programmes if p.year == year]
    review = None
    if shown:
        unit = shown[0].unit
        review = inspection_sel.inspection_review(
            scope=scope,
            unit_code=unit.code,
            start=datetime.date(year, 1, 1),
            end=min(datetime.date(year, 12, 31), unit.valid_to or datetime.date(year, 12, 31)),
        )
    items = {
        p.pk: [
            inspection_sel.inspection_row(i) for i in p.items.all().order_by("period_start", "id")
        ]
        for p in shown
    }
    own_unit, _on = _unit_and_day(request)
    return render(
        request,
        "direction/inspection.html",
        _context(
            request,
            "inspection",
            year=year,
            years=years,
            programmes=[(p, items[p.pk]) for p in shown],
            review=review,
            unit=own_unit,
            activities=InspectionActivity.choices,
            subject_kinds=SubjectKind.choices,
            types=InspectionType.choices,
            states=InspectionState.choices,
        ),
    )


@login_required
@module_required(Module.PARTY_INSPECTION)
@require_POST
def inspection_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    year = ""
    try:
        if action == "programme":
            p = inspection_svc.programme_create(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                year=req_int(post, "year", _("year"), low=2000, high=2100),
                title=post.get("title", ""),
                issued_by=post.get("issued_by", ""),
            )
            year = str(p.year)
        elif action == "item":
            item = inspection_svc.inspection_item_add(
                actor=user,
                scope=scope,
                programme_id=req_int(post, "programme", "programme"),
                activity=post.get("activity", ""),
                subject_kind=post.get("subject_kind", ""),
                subject=post.get("subject", ""),
                content=post.get("content", ""),
                kind=post.get("kind", ""),
                period_start=req_date(post, "period_start", _("from")),
                period_end=req_date(post, "period_end", _("to")),
                responsible_body=post.get("responsible_body", ""),
            )
            year = str(item.programme.year)
        elif action == "update":
            item = inspection_svc.inspection_item_update(
                actor=user,
                scope=scope,
                item_id=req_int(post, "item", "item"),
                version=req_int(post, "version", "version"),
                state=post.get("state", ""),
                executed_on=get_date(post, "executed_on", _("carried out on"), required=False),
                conclusion=post.get("conclusion", ""),
                violation_found=post.get("violation_found") == "1",
            )
            year = str(item.programme.year)
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    url = reverse("direction:inspection")
    return redirect(f"{url}?year={year}" if year else url)


def _csv_response(filename: str, header: list[str], rows: list[list[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
@module_required(Module.PARTY_INSPECTION)
def inspection_export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    year = _year(request)
    items = inspection_sel.inspection_items_visible(scope=scope).filter(programme__year=year)
    audit_record(
        actor=request.user,
        action="direction.inspection_export",
        object_type="direction.inspectionitem",
        object_repr=str(year),
    )
    return _csv_response(
        f"kiem-tra-giam-sat-{year}.csv",
        [
            "programme",
            "activity",
            "subject_kind",
            "subject",
            "content",
            "type",
            "from",
            "to",
            "responsible_body",
            "state",
            "executed_on",
            "conclusion",
            "violation_found",
        ],
        [
            [
                i.programme.title,
                i.activity,
                i.subject_kind,
                i.subject,
                i.content,
                i.kind,
                i.period_start.isoformat(),
                i.period_end.isoformat(),
                i.responsible_body,
                i.state,
                i.executed_on.isoformat() if i.executed_on else "",
                i.conclusion,
                int(i.violation_found),
            ]
            for i in items.order_by("period_start", "id")
        ],
    )


# --- public order ---------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date, str]:
    code = request.GET.get("period", "").strip()
    if not code:
        now = today()
        code = f"{now.year}S{1 if now.month <= 6 else 2}"
    return period_bounds(code)


@login_required
@module_required(Module.PUBLIC_ORDER)
def public_order_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    start, end, code = _period(request)
    unit, _on = _unit_and_day(request)
    category = request.GET.get("category", "")
    audit_record(
        actor=request.user,
        action="direction.public_order_read",
        object_type="direction.publicorderevent",
        object_repr=f"{unit.code if unit else ''} {code}",
    )
    if category not in OrderCategory.values:
        category = ""
    review = rows = None
    if unit is not None:
        review = (
            public_order_sel.public_order_review(
                scope=scope, unit_code=unit.code, start=start, end=min(end, unit.valid_to or end)
            )
            if unit.valid_from <= end
            else None
        )
        rows = public_order_sel.event_rows(
            scope=scope, unit=unit, start=start, end=end, category=category
        )
    return render(
        request,
        "direction/public_order.html",
        _context(
            request,
            "public_order",
            unit=unit,
            period=code,
            start=start,
            end=end,
            review=review,
            rows=rows or [],
            category=category,
            categories=OrderCategory.choices,
            severities=Severity.choices,
            states=EventState.choices,
            units=units_under(unit, min(end, unit.valid_to or end), scope) if unit else [],
            default_day=min(today(), end).isoformat(),
        ),
    )


@login_required
@module_required(Module.PUBLIC_ORDER)
@require_POST
def public_order_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    try:
        if action == "record":
            public_order_svc.event_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                occurred_on=req_date(post, "occurred_on", _("date")),
                category=post.get("category", ""),
                severity=post.get("severity", ""),
                state=post.get("state", EventState.OPEN),
                title=post.get("title", ""),
                description=post.get("description", ""),
                measures=post.get("measures", ""),
            )
        elif action == "update":
            public_order_svc.event_update(
                actor=user,
                scope=scope,
                event_id=req_int(post, "event", "event"),
                version=req_int(post, "version", "version"),
                state=post.get("state", ""),
                severity=post.get("severity", ""),
                measures=post.get("measures", ""),
            )
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    return redirect(_next(request, reverse("direction:public_order")))


@login_required
@module_required(Module.PUBLIC_ORDER)
def public_order_export(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    start, end, code = _period(request)
    unit, _on = _unit_and_day(request)
    rows = public_order_sel.event_rows(scope=scope, unit=unit, start=start, end=end) if unit else []
    audit_record(
        actor=request.user,
        action="direction.public_order_export",
        object_type="direction.publicorderevent",
        object_repr=f"{unit.code if unit else ''} {code}",
    )
    return _csv_response(
        f"an-ninh-trat-tu-{code}.csv",
        ["date", "unit", "unit_name", "category", "severity", "status", "event", "measures"],
        [
            [
                r.occurred_on.isoformat(),
                r.unit_code,
                r.unit_name,
                r.category,
                r.severity,
                r.state,
                r.title,
                r.measures,
            ]
            for r in rows
        ],
    )


# --- public opinion and propaganda ----------------------------------------------------------


@login_required
@module_required(Module.DIRECTION)
def opinion_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    start, end, code = _period(request)
    unit, _on = _unit_and_day(request)
    review = None
    if unit is not None and unit.valid_from <= end:
        review = opinion_sel.opinion_review(
            scope=scope, unit_code=unit.code, start=start, end=min(end, unit.valid_to or end)
        )
    return render(
        request,
        "direction/opinion.html",
        _context(
            request,
            "opinion",
            unit=unit,
            period=code,
            review=review,
            tones=OpinionTone.choices,
            channels=Channel.choices,
            units=units_under(unit, min(end, unit.valid_to or end), scope) if unit else [],
            default_day=min(today(), end).isoformat(),
        ),
    )


@login_required
@module_required(Module.DIRECTION)
@require_POST
def opinion_action(request: HttpRequest, action: str) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    post = request.POST
    try:
        if action == "note":
            opinion_svc.opinion_note_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                noted_on=req_date(post, "noted_on", _("date")),
                topic=post.get("topic", ""),
                summary=post.get("summary", ""),
                tone=post.get("tone", ""),
                source=post.get("source", ""),
            )
        elif action == "campaign":
            opinion_svc.campaign_record(
                actor=user,
                scope=scope,
                unit_code=post.get("unit", ""),
                topic=post.get("topic", ""),
                channels=post.getlist("channels"),
                start=req_date(post, "start", _("from")),
                end=req_date(post, "end", _("to")),
                reach=req_int(post, "reach", _("people reached"), low=0),
                note=post.get("note", ""),
            )
        else:
            raise NotFound(_("Unknown action %(action)s."), action=action)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Saved."))
    return redirect(_next(request, reverse("direction:opinion")))
