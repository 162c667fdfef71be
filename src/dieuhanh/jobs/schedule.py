"""The periodic timetable (settings.JOBS_SCHEDULE), run by the worker: no cron.

An entry is `{"kind": "outbreak.checkins_compact", "at": "01:30"}` (every day at that local
time) or `{"kind": ..., "every_minutes": 60}` (slots aligned on the hour of the epoch). On each
tick the worker takes the latest slot that has come (one missed while no worker ran is run
late, once; older ones are not made up) by inserting a `ScheduledRun(name, slot)` row: the
unique pair makes the first worker that inserts it the one that queues the job, so two workers
never run the same slot twice.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dieuhanh.jobs.models import Job, ScheduledRun
from dieuhanh.jobs.services import job_start

logger = logging.getLogger("dieuhanh.jobs")


def latest_slot(entry: dict[str, Any], now: datetime.datetime) -> datetime.datetime:
    """The latest slot of `entry` at or before `now` (aware, in the site's time zone)."""
    if "every_minutes" in entry:
        step = int(entry["every_minutes"]) * 60
        seconds = int(now.timestamp()) // step * step
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)
    hour, minute = (int(part) for part in str(entry["at"]).split(":"))
    local = timezone.localtime(now)
    slot = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if slot > local:
        slot -= datetime.timedelta(days=1)
    return slot


def schedule_tick(*, now: datetime.datetime | None = None) -> list[Job]:
    """Queue the job of every entry whose latest slot no worker has taken yet."""
    now = now or timezone.now()
    started: list[Job] = []
    for name, configured in settings.JOBS_SCHEDULE.items():
        entry: dict[str, Any] = dict(configured)
        if not entry.get("enabled", True):
            continue
        slot = latest_slot(entry, now)
        if ScheduledRun.objects.filter(name=name, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=name, slot=slot)
                job = job_start(actor=None, kind=str(entry["kind"]), params=entry.get("params", {}))
                run.job = job
                run.save(update_fields=["job"])
        except IntegrityError:
            continue  # another worker took the slot
        logger.info("schedule %s: slot %s queued as job %s", name, slot.isoformat(), job.pk)
        started.append(job)
    return started
