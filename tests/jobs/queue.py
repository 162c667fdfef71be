"""Run what is queued, in the test's process and transaction.

The library's worker loop (`dieuhanh worker --batch`) calls `close_old_connections()`, which
closes a connection inside a test's transaction on PostgreSQL; this claims each ready task as the
loop does and hands it to the worker's own `run_task`. Tests of the command itself use
`django_db(transaction=True)` or a child process."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued(worker_id: str = "test-worker") -> int:
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker_id)
        worker.run_task(task)
        ran += 1
    return ran
