"""Jobs: queued, run by the worker, progress, cancel, errors, and the jobs a dead worker left."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dieuhanh.core.errors import NotFound, ValidationFailed
from dieuhanh.jobs.models import Job, JobState
from dieuhanh.jobs.selectors import job_get
from dieuhanh.jobs.services import job_cancel, job_run, job_start, jobs_reap
from tests.conftest import MakeUser
from tests.jobs import kinds
from tests.jobs.queue import run_queued

pytestmark = pytest.mark.django_db


def _run_queue() -> None:
    run_queued()


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_is_queued_and_exits(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks")
    call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED


def test_a_started_job_is_queued_with_its_task(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks")
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id, status="READY").exists()


def test_an_unknown_kind_is_refused(make_user: MakeUser) -> None:
    with pytest.raises(ValidationFailed):
        job_start(actor=make_user(), kind="no.such.kind")


def test_the_worker_runs_a_queued_job_to_the_end(make_user: MakeUser) -> None:
    kinds.CHUNKS_DONE.clear()
    job = job_start(actor=make_user(), kind="test.chunks")
    _run_queue()
    job.refresh_from_db()
    assert (job.state, job.progress, job.result, job.attempts) == (
        JobState.SUCCEEDED,
        100,
        {"chunks": 4},
        1,
    )
    assert kinds.CHUNKS_DONE == [1, 2, 3, 4]


def test_progress_stays_where_a_cancelled_job_stopped(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks", params={"cancel_after": 2})
    job_run(job_id=str(job.pk), worker_id="w1")
    job.refresh_from_db()
    assert job.progress == 50


def test_the_last_step_message_is_kept(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks")
    job_run(job_id=str(job.pk), worker_id="w1")
    job.refresh_from_db()
    assert job.message == "chunk 4"


def test_a_running_job_stops_at_the_next_check_when_cancelled(make_user: MakeUser) -> None:
    kinds.CHUNKS_DONE.clear()
    job = job_start(actor=make_user(), kind="test.chunks", params={"cancel_after": 2})
    job_run(job_id=str(job.pk), worker_id="w1")
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert kinds.CHUNKS_DONE == [1, 2]


def test_a_queued_job_cancelled_never_runs(make_user: MakeUser) -> None:
    kinds.CHUNKS_DONE.clear()
    owner = make_user()
    job = job_start(actor=owner, kind="test.chunks")
    job_cancel(actor=owner, job_id=str(job.pk))
    _run_queue()
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert kinds.CHUNKS_DONE == []


def test_another_user_cannot_cancel_a_job(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks")
    with pytest.raises(NotFound):
        job_cancel(actor=make_user(), job_id=str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.QUEUED


def test_a_domain_error_is_kept_in_both_languages(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.refused")
    _run_queue()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error_en == "Nothing to do for you."
    assert job.error_vi


def test_only_the_owner_or_an_admin_sees_a_job(make_user: MakeUser) -> None:
    owner = make_user()
    job = job_start(actor=owner, kind="test.chunks")
    assert job_get(user=owner, job_id=job.pk) == job
    assert job_get(user=make_user(role="admin"), job_id=job.pk) == job
    with pytest.raises(NotFound):
        job_get(user=make_user(), job_id=job.pk)


def _orphan(owner_job: Job, *, attempts: int) -> Job:
    """The job as a SIGKILLed worker leaves it: running, its lease run out."""
    Job.objects.filter(pk=owner_job.pk).update(
        state=JobState.RUNNING,
        worker_id="dead",
        attempts=attempts,
        lease_until=timezone.now() - datetime.timedelta(seconds=1),
    )
    DBTaskResult.objects.filter(id=owner_job.task_id).update(status="RUNNING")
    return owner_job


def test_a_job_whose_worker_died_is_queued_again(make_user: MakeUser) -> None:
    job = _orphan(job_start(actor=make_user(), kind="test.chunks"), attempts=1)
    old_task = job.task_id
    assert [j.pk for j in jobs_reap()] == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    assert job.task_id != old_task
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"
    _run_queue()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)


@override_settings(JOBS_MAX_ATTEMPTS=2)
def test_a_job_whose_worker_died_on_its_last_attempt_fails(make_user: MakeUser) -> None:
    job = _orphan(job_start(actor=make_user(), kind="test.chunks"), attempts=2)
    jobs_reap()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "worker stopped" in job.error_en


def test_a_running_job_within_its_lease_is_left_alone(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.chunks")
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, lease_until=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert jobs_reap() == []


def test_a_job_writes_its_result_file(make_user: MakeUser) -> None:
    job = job_start(actor=make_user(), kind="test.file")
    _run_queue()
    job.refresh_from_db()
    assert job.result_name == "kết quả.txt"
    assert job.result_path.endswith("/k_t_qu_.txt")


def test_the_result_of_a_job_that_did_not_succeed_is_not_served(make_user: MakeUser) -> None:
    from dieuhanh.jobs.selectors import job_result_path

    job = job_start(actor=make_user(), kind="test.file")
    _run_queue()
    job.refresh_from_db()
    assert job_result_path(job).is_file()
    Job.objects.filter(pk=job.pk).update(state=JobState.CANCELLED)
    job.refresh_from_db()
    with pytest.raises(NotFound):
        job_result_path(job)
