"""Starting, cancelling and running jobs, and the clean-up of jobs whose worker died.

The rules (docs/design.md, "Background jobs"):
- a job is queued as one django-tasks task (`dieuhanh.jobs.tasks.run_job`) naming the `Job` row;
- a worker claims the row with a conditional update (queued → running), so a job runs once
  even if its task were delivered twice, and holds a lease it renews every third of
  JOBS_LEASE_SECONDS while it works;
- a running job whose lease ran out belongs to a dead worker (SIGKILL, power cut): its work is
  in one transaction or idempotent, so nothing of it was kept; it is queued again while it has
  attempts left (JOBS_MAX_ATTEMPTS) and its kind allows it, otherwise it is marked failed;
- cancelling a queued job ends it at once; a running job stops at its next check between
  chunks, rolling back the chunk in progress.
"""

from __future__ import annotations

import datetime
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskContext, task

from dieuhanh.accounts.models import User
from dieuhanh.core.errors import DomainError
from dieuhanh.jobs.context import JobCancelled, JobContext
from dieuhanh.jobs.models import Job, JobState
from dieuhanh.jobs.registry import kind_get
from dieuhanh.jobs.selectors import job_get

logger = logging.getLogger("dieuhanh.jobs")


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(str(job.pk))
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def job_start(
    *,
    actor: User | None,
    kind: str,
    params: dict[str, Any] | None = None,
    unit_id: int | None = None,
    title: str = "",
) -> Job:
    """Queue a job of `kind` for `actor` (None: the system, for the timetable). The caller has
    already checked that the actor may do the work; the job checks it again when it runs."""
    job_kind = kind_get(kind)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            owner=actor,
            unit_id=unit_id,
            params=params or {},
            title=(title or str(job_kind.label))[:255],
        )
        _enqueue(job)
    return job


def job_cancel(*, actor: User, job_id: str) -> Job:
    """Ask a job to stop. Only its owner (or an administrator) may; a finished job stays."""
    job = job_get(user=actor, job_id=job_id)
    if job.finished:
        return job
    now = timezone.now()
    # Queued: nobody works on it yet, it ends here (the claim below skips it).
    ended = Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
        state=JobState.CANCELLED, cancel_requested=True, finished_at=now
    )
    if not ended:
        Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    job.refresh_from_db()
    return job


class _Heartbeat(threading.Thread):
    """Renews the lease of a running job from its own database connection."""

    def __init__(self, job_id: Any, worker_id: str) -> None:
        super().__init__(name=f"job-lease-{job_id}", daemon=True)
        self.job_id, self.worker_id = job_id, worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = max(1.0, settings.JOBS_LEASE_SECONDS / 3)
        try:
            while not self.stopped.wait(interval):
                try:
                    Job.objects.filter(
                        pk=self.job_id, state=JobState.RUNNING, worker_id=self.worker_id
                    ).update(lease_until=timezone.now() + _lease())
                except Exception:  # a busy SQLite writer: the next beat tries again
                    logger.warning("job %s: lease not renewed this time", self.job_id)
        finally:
            connection.close()


def _bilingual(message: Any, **params: Any) -> tuple[str, str]:
    def render(lang: str) -> str:
        with translation.override(lang):
            text = str(message)
            return text % params if params else text

    return render("vi"), render("en")


def job_run(*, job_id: str, worker_id: str) -> dict[str, Any] | None:
    """Run the job `job_id` in this worker (called by the queue's task). Returns what the job
    returned, or None when there was nothing to do (cancelled before it started, or another
    worker holds it)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        worker_id=worker_id,
        started_at=now,
        lease_until=now + _lease(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    mine = Job.objects.filter(pk=job_id, worker_id=worker_id, state=JobState.RUNNING)
    heartbeat = _Heartbeat(job.pk, worker_id)
    heartbeat.start()
    try:
        kind = kind_get(job.kind)
        context = JobContext(job, worker_id=worker_id)
        result = kind.func(context) or {}
    except JobCancelled:
        vi, en = _bilingual(
            _("Cancelled at the owner's request; nothing of the last step was kept.")
        )
        mine.update(state=JobState.CANCELLED, finished_at=timezone.now(), message=vi[:500])
        return None
    except DomainError as exc:
        mine.update(
            state=JobState.FAILED,
            finished_at=timezone.now(),
            error_vi=exc.render("vi"),
            error_en=exc.render("en"),
        )
        return None
    except Exception as exc:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        vi, en = _bilingual(
            _("The job stopped on an unexpected error (%(error)s); nothing of it was saved."),
            error=type(exc).__name__,
        )
        mine.update(state=JobState.FAILED, finished_at=timezone.now(), error_vi=vi, error_en=en)
        raise
    except BaseException:
        # The worker is being stopped (a second Ctrl+C / SIGTERM): the lease ends now, so the
        # next worker treats the job as interrupted (retried or failed) at once.
        mine.update(lease_until=timezone.now())
        raise
    finally:
        heartbeat.stopped.set()
    mine.update(
        state=JobState.SUCCEEDED,
        finished_at=timezone.now(),
        progress=100,
        result=result,
    )
    return result


def jobs_reap(*, now: datetime.datetime | None = None) -> list[Job]:
    """Jobs left running by a dead worker (their lease ran out): queued again while attempts and
    their kind allow it, failed otherwise. Each is changed by a conditional update, so two
    workers reaping at once act on it once."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    changed: list[Job] = []
    stale = Job.objects.filter(state=JobState.RUNNING, lease_until__lt=now)
    for job in stale:
        try:
            retry = kind_get(job.kind).retry
        except DomainError:
            retry = False
        # the library's row of the dead attempt stays "RUNNING" for ever otherwise
        if job.task_id:
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path="dieuhanh.jobs.WorkerDied"
            )
        if retry and job.attempts < settings.JOBS_MAX_ATTEMPTS:
            with transaction.atomic():
                taken = Job.objects.filter(
                    pk=job.pk, state=JobState.RUNNING, lease_until=job.lease_until
                ).update(
                    state=JobState.QUEUED,
                    worker_id="",
                    lease_until=None,
                    progress=0,
                    message=_bilingual(
                        _("The worker stopped during attempt %(n)s; queued again."),
                        n=job.attempts,
                    )[0][:500],
                )
                if taken:
                    job.refresh_from_db()
                    _enqueue(job)
                    logger.warning("job %s: worker died, queued again", job.pk)
                    changed.append(job)
            continue
        vi, en = _bilingual(
            _(
                "The worker stopped during the job (attempt %(n)s); nothing of it was saved. "
                "Start it again."
            ),
            n=job.attempts,
        )
        taken = Job.objects.filter(
            pk=job.pk, state=JobState.RUNNING, lease_until=job.lease_until
        ).update(state=JobState.FAILED, finished_at=now, error_vi=vi, error_en=en)
        if taken:
            logger.warning("job %s: worker died, marked failed", job.pk)
            job.refresh_from_db()
            changed.append(job)
    return changed


@task(takes_context=True)
def run_job(context: TaskContext, job_id: str) -> dict[str, Any] | None:
    """The one django-tasks task of the project: run the `Job` it names."""
    worker_ids = context.task_result.worker_ids
    return job_run(job_id=job_id, worker_id=worker_ids[-1] if worker_ids else "inline")
