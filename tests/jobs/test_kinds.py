"""The kernel's and the domain apps' periodic job kinds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from dieuhanh.jobs.jobs import backups_prune
from dieuhanh.jobs.models import JobState
from dieuhanh.jobs.registry import kinds
from dieuhanh.jobs.services import job_start
from tests.jobs.queue import run_queued


def test_every_scheduled_kind_is_registered(settings: Settings) -> None:
    assert {e["kind"] for e in settings.JOBS_SCHEDULE.values()} <= set(kinds())


def test_pruning_keeps_the_newest_backups(tmp_path: Path) -> None:
    for stamp in ("20261201-030000", "20261202-030000", "20261203-030000"):
        (tmp_path / f"dieuhanh-{stamp}.tar.gz").write_bytes(b"x")
    removed = backups_prune(tmp_path, keep=2)
    assert [p.name for p in removed] == ["dieuhanh-20261201-030000.tar.gz"]
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.django_db(transaction=True)
def test_the_backup_job_writes_a_backup_file(settings: Settings, tmp_path: Path) -> None:
    settings.JOBS_BACKUP_DIR = tmp_path / "backups"
    job = job_start(actor=None, kind="jobs.backup")
    call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error_en
    assert len(list((tmp_path / "backups").glob("dieuhanh-*.tar.gz"))) == 1


@pytest.mark.django_db
def test_the_purge_job_deletes_check_ins_older_than_the_retention_period() -> None:
    from dieuhanh.outbreak.checkin_store import checkins_count, checkins_insert
    from tests.outbreak.factories import at, ep

    checkins_insert([(1, 1, ep(at(9)), ep(at(10)))])  # July 2021: long past 30 days
    job = job_start(actor=None, kind="outbreak.checkins_purge")
    run_queued()
    job.refresh_from_db()
    assert (job.state, job.result["checkins"]) == (JobState.SUCCEEDED, 1)
    assert checkins_count() == 0


@pytest.mark.django_db
def test_the_reminders_job_runs_the_daily_reminders() -> None:
    job = job_start(actor=None, kind="direction.tasks_remind")
    run_queued()
    job.refresh_from_db()
    assert (job.state, job.result) == (JobState.SUCCEEDED, {"sent": 0})


@pytest.mark.django_db
def test_the_compaction_job_runs() -> None:
    job = job_start(actor=None, kind="outbreak.checkins_compact")
    run_queued()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error_en
