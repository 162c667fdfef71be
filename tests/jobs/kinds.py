"""Job kinds of the tests only: work in chunks that can be watched and cancelled."""

from __future__ import annotations

from typing import Any

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.models import Job
from dieuhanh.jobs.registry import job_kind

CHUNKS_DONE: list[int] = []


@job_kind("test.chunks", label="Chunks")
def chunks(ctx: JobContext) -> dict[str, Any]:
    """Four chunks; with `cancel_after`, the owner presses cancel during that chunk."""
    total = 4
    for n in range(1, total + 1):
        CHUNKS_DONE.append(n)
        if ctx.params.get("cancel_after") == n:
            Job.objects.filter(pk=ctx.job.pk).update(cancel_requested=True)
        ctx.step(n, total, f"chunk {n}")
    return {"chunks": total}


@job_kind("test.refused", label="Refused")
def refused(ctx: JobContext) -> dict[str, Any]:
    raise ValidationFailed("Nothing to do for %(who)s.", who="you")


@job_kind("test.file", label="File")
def result_file(ctx: JobContext) -> dict[str, Any]:
    ctx.write_result("kết quả.txt", b"hello")
    return {}
