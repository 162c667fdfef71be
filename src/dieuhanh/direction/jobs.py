"""The direction module's background jobs: the daily task reminders."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.direction.services.reminders import tasks_remind
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind


@job_kind("direction.tasks_remind", label=_("Task reminders"))
def remind(ctx: JobContext) -> dict[str, Any]:
    """`dieuhanh tasks remind`, daily: each task gets at most one message of each kind a day, so a
    rerun sends nothing twice."""
    sent = tasks_remind(today=timezone.localdate(), remind_days=int(ctx.params.get("days", 3)))
    return {"sent": len(sent)}
