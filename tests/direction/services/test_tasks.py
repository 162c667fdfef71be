"""Assigning tasks and reporting progress (direction/services/tasks.py): deadlines in working
days, attachments, conflicts, scope, moving a deadline with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.direction.models import Task, TaskProgress
from dieuhanh.direction.selectors.tasks import task_get, task_rows
from dieuhanh.direction.services.tasks import task_assign, task_progress_report
from tests.conftest import MakeUser, unit_on
from tests.direction.factories import D, PointFactory

pytestmark = pytest.mark.django_db


def assign(user: User, **kw: object) -> Task:
    point = PointFactory.create()
    args: dict[str, object] = {
        "actor": user,
        "scope": user_scope(user=user),
        "decision_id": point.decision.pk,
        "point_number": point.number,
        "title": "Kiện toàn tổ COVID cộng đồng",
        "lead_unit_code": "23962",
        "lead_agency": "UBND xã Ia Blang",
        "assigned_on": D(2021, 7, 20),
        "deadline": D(2021, 8, 31),
    }
    args.update(kw)
    return task_assign(**args)  # type: ignore[arg-type]  # args: a dict[str, object]


AUG_10 = D(2021, 8, 10)


def report(user: User, task: Task, percent: int, day: datetime.date = AUG_10) -> Task:
    return task_progress_report(
        actor=user,
        scope=user_scope(user=user),
        task_id=task.pk,
        version=task.version,
        percent=percent,
        reported_on=day,
    )


def test_a_leader_assigns_a_task_with_its_point_and_an_audit_event(leader: User) -> None:
    task = assign(leader, cooperating_codes=["23965"])
    assert (task.point is not None, task.lead_unit.code, task.percent) == (True, "23962", 0)
    assert [u.code for u in task.cooperating_units.all()] == ["23965"]
    assert AuditEvent.objects.filter(
        action="direction.task_assign", object_id=str(task.pk)
    ).exists()


def test_a_deadline_in_working_days_skips_weekends_and_holidays(leader: User) -> None:
    task = assign(leader, deadline=None, deadline_working_days=10)
    assert task.deadline == D(2021, 8, 3)


def test_a_deadline_before_the_assignment_is_refused(leader: User) -> None:
    with pytest.raises(ValidationFailed):
        assign(leader, deadline=D(2021, 7, 1))
    assert not Task.objects.exists()


def test_both_a_date_and_working_days_is_refused(leader: User) -> None:
    with pytest.raises(ValidationFailed):
        assign(leader, deadline_working_days=5)


def test_an_unknown_point_is_refused(leader: User) -> None:
    with pytest.raises(ValidationFailed):
        assign(leader, point_number=99)


def test_a_data_officer_may_not_assign(data_officer: User) -> None:
    with pytest.raises(AccessDenied):
        assign(data_officer)


def test_a_commune_may_not_assign_from_the_district_resolution(commune_party: User) -> None:
    with pytest.raises((AccessDenied, NotFound)):
        assign(commune_party)


def test_the_assignee_reports_progress_and_the_status_follows(
    leader: User, commune_party: User
) -> None:
    task = assign(leader)
    task = report(commune_party, task, 40)
    rows = task_rows(scope=Scope.everything(), unit=unit_on("633"), today=D(2021, 8, 20))
    assert (rows[0].percent, rows[0].status) == (40, "in_progress")
    task = report(commune_party, task, 100, D(2021, 9, 2))
    assert task.completed_on == D(2021, 9, 2)
    assert task_rows(scope=Scope.everything(), unit=unit_on("633"), today=D(2021, 9, 3))[
        0
    ].status == ("done_late")
    assert TaskProgress.objects.filter(task=task).count() == 2


def test_a_progress_report_with_an_attachment(leader: User, commune_party: User) -> None:
    task = assign(leader)
    task_progress_report(
        actor=commune_party,
        scope=user_scope(user=commune_party),
        task_id=task.pk,
        version=task.version,
        percent=50,
        reported_on=D(2021, 8, 10),
        attachment=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"),
    )
    assert TaskProgress.objects.get(task=task).attachment.name.endswith(".pdf")


def test_an_executable_attachment_is_refused(leader: User, commune_party: User) -> None:
    task = assign(leader)
    with pytest.raises(ValidationFailed):
        task_progress_report(
            actor=commune_party,
            scope=user_scope(user=commune_party),
            task_id=task.pk,
            version=task.version,
            percent=50,
            reported_on=D(2021, 8, 10),
            attachment=SimpleUploadedFile("virus.exe", b"MZ"),
        )
    assert not TaskProgress.objects.exists()


def test_a_stale_version_is_a_conflict_not_an_overwrite(leader: User, commune_party: User) -> None:
    task = assign(leader)
    report(commune_party, task, 40)  # `task` still holds the old version
    with pytest.raises(Conflict):
        report(leader, task, 10)
    assert Task.objects.get(pk=task.pk).percent == 40


def test_percent_above_100_is_refused(leader: User) -> None:
    task = assign(leader)
    with pytest.raises(ValidationFailed):
        report(leader, task, 120)


def test_another_commune_may_not_report_or_even_see_the_task(
    leader: User, make_user: MakeUser
) -> None:
    from dieuhanh.accounts.models import Role

    dun = make_user(Role.PARTY_OFFICE, capture=("23965",))
    task = assign(leader)
    with pytest.raises(NotFound):
        report(dun, task, 40)
    with pytest.raises(NotFound):
        task_get(scope=user_scope(user=dun), task_id=task.pk)


def test_the_assigning_leader_moves_a_deadline_with_a_reason(
    leader: User, commune_party: User
) -> None:
    from dieuhanh.direction.services.tasks import task_reschedule

    task = assign(leader)
    moved = task_reschedule(
        actor=leader,
        scope=user_scope(user=leader),
        task_id=task.pk,
        version=task.version,
        deadline=D(2021, 9, 30),
        reason="Chờ hướng dẫn của tỉnh",
    )
    assert moved.deadline == D(2021, 9, 30)
    event = AuditEvent.objects.get(action="direction.task_reschedule")
    assert event.changes["deadline"] == ["2021-08-31", "2021-09-30"]


def test_the_assignee_may_not_move_its_own_deadline(leader: User, commune_party: User) -> None:
    from dieuhanh.direction.services.tasks import task_reschedule

    task = assign(leader)
    with pytest.raises(AccessDenied):
        task_reschedule(
            actor=commune_party,
            scope=user_scope(user=commune_party),
            task_id=task.pk,
            version=task.version,
            deadline=D(2021, 12, 31),
            reason="Xin gia hạn",
        )
    assert Task.objects.get(pk=task.pk).deadline == D(2021, 8, 31)


def test_a_deadline_change_needs_a_reason(leader: User) -> None:
    from dieuhanh.direction.services.tasks import task_reschedule

    task = assign(leader)
    with pytest.raises(ValidationFailed):
        task_reschedule(
            actor=leader,
            scope=user_scope(user=leader),
            task_id=task.pk,
            version=task.version,
            deadline=D(2021, 9, 30),
            reason=" ",
        )
