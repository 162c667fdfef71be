"""The timetable: the latest slot of an entry, taken once whichever worker ticks."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.test import override_settings

from dieuhanh.jobs.models import Job, ScheduledRun
from dieuhanh.jobs.schedule import latest_slot, schedule_tick

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NIGHTLY = {"compact": {"kind": "test.chunks", "at": "01:30"}}


def test_a_daily_slot_is_today_once_its_time_has_come() -> None:
    now = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=HCM)
    assert latest_slot({"at": "01:30"}, now) == datetime.datetime(2026, 12, 7, 1, 30, tzinfo=HCM)


def test_a_daily_slot_is_yesterdays_before_its_time() -> None:
    now = datetime.datetime(2026, 12, 7, 1, 0, tzinfo=HCM)
    assert latest_slot({"at": "01:30"}, now) == datetime.datetime(2026, 12, 6, 1, 30, tzinfo=HCM)


def test_an_interval_slot_is_aligned() -> None:
    now = datetime.datetime(2026, 12, 7, 10, 47, tzinfo=datetime.UTC)
    assert latest_slot({"every_minutes": 15}, now) == datetime.datetime(
        2026, 12, 7, 10, 45, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
@override_settings(JOBS_SCHEDULE=NIGHTLY)
def test_a_due_slot_queues_one_job() -> None:
    now = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=HCM)
    started = schedule_tick(now=now)
    assert [j.kind for j in started] == ["test.chunks"]
    assert ScheduledRun.objects.get().job == started[0]


@pytest.mark.django_db
@override_settings(JOBS_SCHEDULE=NIGHTLY)
def test_a_second_worker_ticking_the_same_slot_queues_nothing() -> None:
    now = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=HCM)
    schedule_tick(now=now)
    assert schedule_tick(now=now + datetime.timedelta(minutes=5)) == []
    assert Job.objects.count() == 1


@pytest.mark.django_db
@override_settings(JOBS_SCHEDULE=NIGHTLY)
def test_the_next_night_is_a_new_slot() -> None:
    now = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=HCM)
    schedule_tick(now=now)
    assert len(schedule_tick(now=now + datetime.timedelta(days=1))) == 1


@pytest.mark.django_db
@override_settings(JOBS_SCHEDULE=NIGHTLY)
def test_a_slot_row_inserted_by_another_worker_wins() -> None:
    """The unique (name, slot) pair: the insert of the loser fails and it queues nothing."""
    now = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=HCM)
    ScheduledRun.objects.create(name="compact", slot=latest_slot(NIGHTLY["compact"], now))
    assert schedule_tick(now=now) == []
    assert Job.objects.count() == 0
