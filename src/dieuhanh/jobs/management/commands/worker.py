"""`dieuhanh worker [--batch] [--no-schedule] [--interval S] [--worker-id ID]`: run background jobs.

The worker of django-tasks-db (it claims queued tasks with SELECT … FOR UPDATE SKIP LOCKED on
PostgreSQL, an exclusive transaction on SQLite), plus, in a thread of its own, the clean-up of
jobs a dead worker left running and the periodic timetable (settings.JOBS_SCHEDULE).

SIGTERM or Ctrl+C: the job in progress finishes, then the worker exits; a second signal stops
the job at once (its transaction rolls back; the next worker queues it again).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from dieuhanh.core.commands import DomainCommand
from dieuhanh.jobs.registry import kinds
from dieuhanh.jobs.schedule import schedule_tick
from dieuhanh.jobs.services import jobs_reap

logger = logging.getLogger("dieuhanh.jobs")


def housekeeping(*, schedule: bool) -> None:
    """Once: requeue or fail the jobs of dead workers, queue the timetable's due slots."""
    jobs_reap()
    if schedule:
        schedule_tick()


class _Housekeeper(threading.Thread):
    def __init__(self, *, schedule: bool, every: float) -> None:
        super().__init__(name="jobs-housekeeping", daemon=True)
        self.schedule, self.every = schedule, every
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                close_old_connections()  # a long-lived thread: drop a dead connection
                try:
                    housekeeping(schedule=self.schedule)
                except Exception:
                    logger.exception("jobs housekeeping failed; trying again next tick")
        finally:
            connection.close()


class Command(DomainCommand):
    help = "Run background jobs (and the periodic timetable) until stopped."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued, then exit (no timetable)"
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="do not queue the periodic jobs"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )
        parser.add_argument("--worker-id", default="", help="unique among the workers")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("dieuhanh.jobs", "django_tasks_db"):
            log = logging.getLogger(name)
            log.setLevel(logging.INFO)
            if not log.handlers:
                log.addHandler(logging.StreamHandler(sys.stdout))
            log.propagate = False
        known = sorted(kinds())  # imports every app's jobs.py now, not during the first job
        schedule = not options["no_schedule"] and not options["batch"]
        housekeeping(schedule=schedule)
        worker = Worker(
            queue_names=["*"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=options["worker_id"] or get_random_string(20),
            excluded_queue_names=[],
        )
        self.stdout.write(
            f"Worker {worker.worker_id}: {len(known)} job kinds, timetable "
            f"{len(settings.JOBS_SCHEDULE) if schedule else 'off'} (Ctrl+C to stop)"
        )
        self.stdout.flush()
        keeper = None
        if not options["batch"]:
            keeper = _Housekeeper(schedule=schedule, every=settings.JOBS_TICK_SECONDS)
            keeper.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            if keeper is not None:
                keeper.stopped.set()
