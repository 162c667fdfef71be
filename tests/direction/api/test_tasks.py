"""The task endpoints (direction/api/tasks.py): lists with statuses, the table, assignment and
progress, scope, the dashboard."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.direction.models import Task
from tests.auth import bearer
from tests.direction.factories import conclusion

pytestmark = pytest.mark.django_db


def test_the_api_lists_tasks_with_statuses(leader: User, client: Client, demo: int) -> None:
    rows = client.get("/api/direction/tasks?unit=633&on=2021-10-15", **bearer(leader)).json()
    assert len(rows) == 12
    assert {r["status"] for r in rows} == {"done", "done_late", "overdue", "in_progress"}


def test_the_api_table(leader: User, client: Client, demo: int) -> None:
    table = client.get("/api/direction/tasks/table?unit=633&on=2021-10-15", **bearer(leader)).json()
    assert table["total"] == {
        "unit": "",
        "unit_name": "",
        "assignee": "",
        "total": 12,
        "on_time": 3,
        "late": 1,
        "overdue": 1,
        "in_progress": 7,
    }


def test_the_api_assigns_and_the_assignee_reports(
    leader: User, commune_party: User, client: Client, demo: int
) -> None:
    created = client.post(
        "/api/direction/tasks",
        {
            "decision": conclusion().pk,
            "point": 6,
            "title": "Rà soát hộ nghèo",
            "lead_unit": "23962",
            "assigned_on": "2021-08-02",
            "deadline": "2021-09-30",
        },
        content_type="application/json",
        **bearer(leader),
    )
    assert created.status_code == 201
    task = created.json()
    reported = client.post(
        f"/api/direction/tasks/{task['id']}/progress",
        {"version": task["version"], "percent": 30, "reported_on": "2021-08-20"},
        content_type="application/json",
        **bearer(commune_party),
    )
    assert reported.status_code == 200 and reported.json()["percent"] == 30
    stale = client.post(
        f"/api/direction/tasks/{task['id']}/progress",
        {"version": task["version"], "percent": 50, "reported_on": "2021-08-21"},
        content_type="application/json",
        **bearer(commune_party),
    )
    assert stale.status_code == 409
    assert set(stale.json()["messages"]) == {"vi", "en"}


def test_the_api_refuses_a_task_outside_the_scope(
    commune_party: User, client: Client, demo: int
) -> None:
    task = Task.objects.get(lead_agency="Công an huyện")
    response = client.get(f"/api/direction/tasks/{task.pk}", **bearer(commune_party))
    assert response.status_code == 404


def test_the_api_dashboard(leader: User, client: Client, demo: int) -> None:
    summary = client.get("/api/direction/dashboard?on=2021-11-26", **bearer(leader)).json()
    assert (summary["overdue_count"], summary["due_soon_count"]) == (1, 1)
