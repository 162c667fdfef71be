"""Jobs over the API: one job's state and progress, cancel it, the caller's own jobs."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from dieuhanh.accounts.access import request_user
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.models import Job
from dieuhanh.jobs.selectors import job_get, job_result_path, jobs_of
from dieuhanh.jobs.services import job_cancel

router = Router(tags=["jobs"])


class JobOut(Schema):
    id: str
    kind: str
    title: str
    state: str
    progress: int
    message: str
    unit: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    cancel_requested: bool
    attempts: int
    result: dict[str, Any]
    result_url: str | None
    error: dict[str, str] | None


def job_document(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "title": job.title,
        "state": job.state,
        "progress": job.progress,
        "message": job.message,
        "unit": job.unit.code if job.unit else None,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "cancel_requested": job.cancel_requested,
        "attempts": job.attempts,
        "result": job.result,
        "result_url": f"/api/jobs/{job.pk}/result"
        if job.result_path and job.state == "succeeded"
        else None,
        "error": {"vi": job.error_vi, "en": job.error_en} if job.error_vi else None,
    }


@router.get("/jobs", response=list[JobOut], summary="The caller's background jobs, newest first")
def jobs_list(request: HttpRequest, limit: int = 50) -> list[dict[str, Any]]:
    """`limit` 1…200 (default 50)."""
    if not 1 <= limit <= 200:
        raise ValidationFailed(_("limit must be between 1 and 200."))
    return [job_document(j) for j in jobs_of(user=request_user(request), limit=limit)]


@router.get("/jobs/{job_id}", response=JobOut, summary="A background job: state, progress, result")
def jobs_detail(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    """Only the person who started the job (or an administrator) sees it; 404 for anyone else."""
    return job_document(job_get(user=request_user(request), job_id=job_id))


@router.post("/jobs/{job_id}/cancel", response=JobOut, summary="Ask a background job to stop")
def jobs_cancel(request: HttpRequest, job_id: uuid.UUID) -> dict[str, Any]:
    """A queued job ends at once; a running one at its next check between chunks."""
    return job_document(job_cancel(actor=request_user(request), job_id=str(job_id)))


@router.get(
    "/jobs/{job_id}/result",
    response={200: bytes},
    summary="The result file of a finished background job",
)
def jobs_result(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = job_get(user=request_user(request), job_id=job_id)
    return FileResponse(
        job_result_path(job).open("rb"), as_attachment=True, filename=job.result_name
    )
