"""Task status, working days and alerts (direction/pure/status.py, pure rules)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.direction.pure.status import (
    Alert,
    TaskStatus,
    add_working_days,
    is_working_day,
    local_day,
    roman,
    task_alert,
    task_status,
    working_days_between,
)
from tests.direction.factories import D

DEADLINE = D(2021, 9, 30)


def status(completed: datetime.date | None, percent: int, today: datetime.date) -> TaskStatus:
    return task_status(deadline=DEADLINE, completed_on=completed, percent=percent, today=today)


def test_a_task_without_progress_before_its_deadline_is_new() -> None:
    assert status(None, 0, D(2021, 9, 1)) == TaskStatus.NEW


def test_a_task_with_progress_before_its_deadline_is_in_progress() -> None:
    assert status(None, 40, D(2021, 9, 1)) == TaskStatus.IN_PROGRESS


def test_the_deadline_day_itself_is_still_in_time() -> None:
    assert status(None, 40, DEADLINE) == TaskStatus.IN_PROGRESS


def test_the_day_after_the_deadline_an_unfinished_task_is_overdue() -> None:
    assert status(None, 90, D(2021, 10, 1)) == TaskStatus.OVERDUE


def test_completed_on_the_deadline_is_done() -> None:
    assert status(DEADLINE, 100, D(2022, 1, 1)) == TaskStatus.DONE


def test_completed_after_the_deadline_is_done_late() -> None:
    assert status(D(2021, 10, 4), 100, D(2022, 1, 1)) == TaskStatus.DONE_LATE


def test_a_completion_after_today_is_not_known_yet() -> None:
    assert status(D(2021, 10, 4), 100, D(2021, 10, 2)) == TaskStatus.OVERDUE


def test_percent_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        status(None, 101, DEADLINE)


def test_the_local_day_is_the_day_in_ho_chi_minh_city() -> None:
    # 30 Sep 2021 18:30 UTC is already 1 October 01:30 in Viet Nam: the task is overdue there.
    moment = datetime.datetime(2021, 9, 30, 18, 30, tzinfo=datetime.UTC)
    assert local_day(moment) == D(2021, 10, 1)
    assert status(None, 50, local_day(moment)) == TaskStatus.OVERDUE


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        local_day(datetime.datetime(2021, 9, 30, 12))


def test_one_working_day_after_a_friday_is_the_monday() -> None:
    assert add_working_days(D(2021, 7, 23), 1) == D(2021, 7, 26)


def test_working_days_skip_the_national_day_holidays() -> None:
    # 2 and 3 September 2021 (Thu, Fri) were holidays: from Wed 1 Sep, 1 working day is Mon 6 Sep.
    assert add_working_days(D(2021, 9, 1), 1) == D(2021, 9, 6)


def test_working_days_skip_tet() -> None:
    # Tết 2021: 10–16 February off. From Tue 9 Feb, the first working day is Wed 17 Feb.
    assert add_working_days(D(2021, 2, 9), 1) == D(2021, 2, 17)


def test_ten_working_days_from_the_demo_assignment() -> None:
    assert add_working_days(D(2021, 7, 20), 10) == D(2021, 8, 3)


def test_holidays_are_not_working_days() -> None:
    assert not is_working_day(D(2021, 4, 30))
    assert not is_working_day(D(2021, 5, 1))
    assert is_working_day(D(2021, 5, 4))


@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_adding_working_days_then_counting_them_gives_the_same_number(
    start: datetime.date, days: int
) -> None:
    end = add_working_days(start, days)
    assert working_days_between(start, end) == days
    assert days == 0 or is_working_day(end)


@given(
    deadline=st.dates(min_value=D(2020, 1, 1), max_value=D(2027, 12, 31)),
    today=st.dates(min_value=D(2020, 1, 1), max_value=D(2027, 12, 31)),
    percent=st.integers(min_value=0, max_value=99),
)
def test_an_unfinished_task_is_overdue_exactly_when_today_is_past_its_deadline(
    deadline: datetime.date, today: datetime.date, percent: int
) -> None:
    s = task_status(deadline=deadline, completed_on=None, percent=percent, today=today)
    assert (s == TaskStatus.OVERDUE) == (today > deadline)


def test_a_reminder_within_the_working_days_ahead() -> None:
    # Fri 24 Sep 2021 → Thu 30 Sep: 4 working days left.
    kw = {"deadline": DEADLINE, "completed_on": None, "today": D(2021, 9, 24)}
    assert task_alert(remind_days=4, **kw) == Alert.REMINDER  # type: ignore[arg-type]  # kw: a dict[str, object]
    assert task_alert(remind_days=3, **kw) is None  # type: ignore[arg-type]  # kw: a dict[str, object]


def test_an_escalation_once_overdue_and_nothing_once_done() -> None:
    assert (
        task_alert(deadline=DEADLINE, completed_on=None, today=D(2021, 10, 1), remind_days=3)
        == Alert.ESCALATION
    )
    assert (
        task_alert(deadline=DEADLINE, completed_on=DEADLINE, today=D(2021, 10, 1), remind_days=3)
        is None
    )


def test_conference_numbers_are_roman() -> None:
    assert (roman(5), roman(10), roman(14), roman(2021)) == ("V", "X", "XIV", "MMXXI")
