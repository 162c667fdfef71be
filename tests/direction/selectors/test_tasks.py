"""Task selectors (direction/selectors/tasks.py): the leaders' table, the review for the report,
the dashboard, a commune formed in 2025 answering for its predecessors."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.direction.selectors.tasks import (
    direction_dashboard,
    task_rows,
    tasks_review,
    tasks_table,
)
from tests.conftest import MakeUser, unit_on
from tests.direction.factories import D, DecisionFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_the_leaders_table_counts_on_time_late_overdue_and_in_progress() -> None:
    today = D(2021, 10, 1)
    TaskFactory.create(deadline=D(2021, 9, 30), completed_on=D(2021, 9, 20), percent=100)
    TaskFactory.create(deadline=D(2021, 9, 30), completed_on=D(2021, 9, 30), percent=100)
    TaskFactory.create(deadline=D(2021, 9, 1), completed_on=D(2021, 9, 15), percent=100)
    TaskFactory.create(deadline=D(2021, 9, 1), percent=70)
    TaskFactory.create(deadline=D(2021, 12, 1), percent=10)
    TaskFactory.create(
        deadline=D(2021, 12, 1), lead_unit=unit_on("23965"), lead_agency="UBND xã Dun"
    )
    table = tasks_table(scope=Scope.everything(), unit=unit_on("633"), today=today)
    rows = {r.assignee: (r.total, r.on_time, r.late, r.overdue, r.in_progress) for r in table.rows}
    assert rows == {"UBND xã Ia Blang": (5, 2, 1, 1, 1), "UBND xã Dun": (1, 0, 0, 0, 1)}
    assert (table.total.total, table.total.overdue) == (6, 1)


def test_the_table_shows_only_the_units_in_scope(commune_party: User) -> None:
    TaskFactory.create()
    TaskFactory.create(lead_unit=unit_on("23965"), lead_agency="UBND xã Dun")
    table = tasks_table(
        scope=user_scope(user=commune_party), unit=unit_on("23962"), today=D(2021, 8, 1)
    )
    assert [r.assignee for r in table.rows] == ["UBND xã Ia Blang"]


def test_the_review_counts_statuses_and_lists_the_second_half_tasks(demo: int) -> None:
    review = tasks_review(
        scope=Scope.everything(),
        unit_code="633",
        start=D(2021, 1, 1),
        end=D(2021, 6, 30),
        today=D(2021, 10, 15),
    )
    assert review is None  # the conference of July assigned nothing before 30 June
    review = tasks_review(
        scope=Scope.everything(),
        unit_code="633",
        start=D(2021, 7, 1),
        end=D(2021, 12, 31),
        today=D(2021, 10, 15),
    )
    assert review is not None
    assert review.total == 12
    assert review.counts["done"] == 3 and review.counts["done_late"] == 1
    assert review.counts["overdue"] == 1
    assert len(review.second_half) == 12  # all assigned by the July conference
    assert sum(r.total for r in review.units) == 12


def test_the_review_of_a_unit_outside_the_scope_is_refused(commune_party: User, demo: int) -> None:
    with pytest.raises(AccessDenied):
        tasks_review(
            scope=user_scope(user=commune_party),
            unit_code="633",
            start=D(2021, 7, 1),
            end=D(2021, 12, 31),
            today=D(2021, 12, 31),
        )


def test_the_review_of_a_commune_is_its_own_tasks(commune_party: User, demo: int) -> None:
    review = tasks_review(
        scope=user_scope(user=commune_party),
        unit_code="23962",
        start=D(2021, 7, 1),
        end=D(2021, 12, 31),
        today=D(2022, 1, 31),
    )
    assert review is not None
    assert {r.assignee for r in review.tasks} == {"UBND xã Ia Blang"}
    assert review.timeliness == {"on_time": 0, "late": 1, "overdue": 1, "in_progress": 0}


def test_the_dashboard_lists_due_soon_and_overdue() -> None:
    TaskFactory.create(deadline=D(2021, 9, 30), percent=50)  # 4 working days ahead of 24 Sep
    TaskFactory.create(deadline=D(2021, 9, 1))
    TaskFactory.create(deadline=D(2021, 12, 31))
    summary = direction_dashboard(scope=Scope.everything(), today=D(2021, 9, 24), remind_days=5)
    assert summary is not None
    assert (summary.due_soon_count, summary.overdue_count, summary.open_count) == (1, 1, 3)


def test_the_dashboard_is_none_without_tasks() -> None:
    assert direction_dashboard(scope=Scope.everything(), today=D(2021, 9, 24)) is None


def test_decisions_without_tasks_leave_the_review_empty() -> None:
    DecisionFactory.create()
    assert (
        tasks_review(
            scope=Scope.everything(),
            unit_code="633",
            start=D(2021, 7, 1),
            end=D(2021, 12, 31),
            today=D(2021, 12, 31),
        )
        is None
    )


def test_the_commune_formed_in_2025_answers_for_its_predecessors_open_tasks(
    make_user: MakeUser, demo: int
) -> None:
    from dieuhanh.accounts.models import Role
    from tests.conftest import AFTER

    leader_2025 = make_user(Role.LEADER, capture=("23941",), on=AFTER)
    rows = task_rows(
        scope=user_scope(user=leader_2025), unit=unit_on("23941", AFTER), today=D(2026, 1, 5)
    )
    # Thị trấn Chư Sê (23941 until 30 June 2025) went into Xã Chư Sê: its task is listed.
    assert {r.lead_unit_name for r in rows} >= {"Thị trấn Chư Sê"}


def test_the_overdue_rows_are_the_tasks_past_deadline_not_completed_by_today() -> None:
    today = D(2021, 10, 1)
    TaskFactory.create(title="late, open", deadline=D(2021, 9, 1), percent=70)
    TaskFactory.create(
        title="late, done later", deadline=D(2021, 9, 1), completed_on=D(2021, 10, 5)
    )
    TaskFactory.create(title="done late", deadline=D(2021, 9, 1), completed_on=D(2021, 9, 15))
    TaskFactory.create(title="due today", deadline=today)
    rows = task_rows(scope=Scope.everything(), unit=unit_on("633"), today=today, status="overdue")
    assert sorted(r.title for r in rows) == ["late, done later", "late, open"]
