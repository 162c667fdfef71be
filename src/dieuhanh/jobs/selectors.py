"""Reading jobs: only the person who started a job, or an administrator, sees it."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.errors import NotFound
from dieuhanh.jobs.models import Job, JobState


def _is_admin(user: User) -> bool:
    return bool(user.is_superuser or user.role == Role.ADMIN)


def job_get(*, user: User, job_id: str | uuid.UUID) -> Job:
    """The job, if `user` started it or administers the system. Another person's job is "not
    found" (404), as if it did not exist: its id tells nothing."""
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        raise NotFound(_("No such job.")) from None
    jobs = Job.objects.select_related("unit", "owner")
    if not _is_admin(user):
        jobs = jobs.filter(owner=user)
    job = jobs.filter(pk=key).first()
    if job is None:
        raise NotFound(_("No such job."))
    return job


def jobs_of(*, user: User, limit: int = 20) -> QuerySet[Job]:
    """The jobs `user` started, newest first."""
    return Job.objects.filter(owner=user).select_related("unit").order_by("-created_at")[:limit]


def job_result_path(job: Job) -> Path:
    """The job's result file on disk (404 while there is none, when the job did not succeed —
    a failed or cancelled job's file may be partial — or if the row points outside the results
    folder)."""
    if job.state != JobState.SUCCEEDED:
        raise NotFound(_("This job has no result file."))
    root = (Path(settings.MEDIA_ROOT) / "jobs").resolve()
    path = (root / job.result_path).resolve() if job.result_path else None
    if path is None or not path.is_relative_to(root) or not path.is_file():
        raise NotFound(_("This job has no result file."))
    return path
