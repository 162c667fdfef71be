"""A job's page (its progress polled with htmx), its result file, the cancel button, my jobs."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import request_user
from dieuhanh.core.replica import ReplicaMiddleware, replica_configured
from dieuhanh.jobs.selectors import job_get, job_result_path, jobs_of
from dieuhanh.jobs.services import job_cancel


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "jobs/list.html", {"jobs": jobs_of(user=request_user(request), limit=50)}
    )


@login_required
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = job_get(user=request_user(request), job_id=job_id)
    if job.finished and replica_configured():  # the worker wrote for this user: read them back
        ReplicaMiddleware.remember_write(request)
    return render(request, "jobs/detail.html", {"job": job})


@login_required
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The status block alone, which the page fetches every second until the job ends."""
    job = job_get(user=request_user(request), job_id=job_id)
    if job.finished and replica_configured():
        ReplicaMiddleware.remember_write(request)
    return render(request, "jobs/_status.html", {"job": job})


@login_required
def job_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = job_get(user=request_user(request), job_id=job_id)
    return FileResponse(
        job_result_path(job).open("rb"), as_attachment=True, filename=job.result_name
    )


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job_cancel(actor=request_user(request), job_id=str(job_id))
    return redirect("jobs:detail", job_id=job_id)
