"""What a running job is handed: its parameters, its owner's scope, progress, the cancel flag and
the place to write its result file."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.scope import Scope
from dieuhanh.jobs.models import Job


class JobCancelled(Exception):
    """Raised by `JobContext.check_cancel` when the owner asked to stop; inside a transaction it
    rolls the transaction back, so a cancelled job leaves nothing half-written."""


def results_dir() -> Path:
    """Where result files live: under MEDIA_ROOT, so that every node that shares the uploads
    shares them too."""
    return Path(settings.MEDIA_ROOT) / "jobs"


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def input_save(content: bytes, name: str) -> str:
    """Keep an uploaded file for the job that will read it (under the shared results folder, so
    a worker on another node finds it); the path to give the job in its parameters."""
    folder = results_dir() / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"incoming/{uuid.uuid4().hex}-{_SAFE_NAME.sub('_', name)[-80:]}"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(tmp, results_dir() / relative)
    return relative


class JobContext:
    """Handed to a job function. Progress and the cancel flag are read and written with
    single-row updates, so a job that works in chunks shows its progress between them."""

    def __init__(self, job: Job, *, worker_id: str) -> None:
        self.job = job
        self.worker_id = worker_id
        self.params: dict[str, Any] = dict(job.params)

    @property
    def scope(self) -> Scope:
        """The owner's scope as it is now (a grant withdrawn since the start applies); the
        whole system for a periodic job, which has no owner."""
        if self.job.owner is None:
            return Scope.everything()
        return user_scope(user=self.job.owner)

    def _mine(self) -> Any:
        return Job.objects.filter(pk=self.job.pk, worker_id=self.worker_id)

    def progress(self, percent: float, message: str = "") -> None:
        value = max(0, min(100, int(percent)))
        fields: dict[str, Any] = {"progress": value}
        if message:
            fields["message"] = message[:500]
        self._mine().update(**fields)
        self.job.progress = value

    def cancel_requested(self) -> bool:
        return bool(
            Job.objects.filter(pk=self.job.pk).values_list("cancel_requested", flat=True).first()
        )

    def check_cancel(self) -> None:
        """Between chunks: stop here if the owner pressed cancel."""
        if self.cancel_requested():
            raise JobCancelled

    def step(self, done: int, total: int, message: str = "") -> None:
        """Progress `done` of `total`, then the cancel check."""
        self.progress(100 * done / total if total else 100, message)
        self.check_cancel()

    def read_input(self, relative: str) -> bytes:
        """An uploaded file kept by `input_save` for this job."""
        root = results_dir().resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root / "incoming"):
            raise ValueError(f"not a job input: {relative}")
        return path.read_bytes()

    def discard_input(self, relative: str) -> None:
        path = (results_dir() / relative).resolve()
        if path.is_relative_to(results_dir().resolve() / "incoming"):
            path.unlink(missing_ok=True)

    def write_result(self, name: str, content: bytes) -> Path:
        """The job's result file, written beside its place and renamed (never half a file)."""
        folder = results_dir() / str(self.job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        safe = _SAFE_NAME.sub("_", name).strip("._") or "result"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        target = folder / safe
        os.replace(tmp, target)
        relative = f"{self.job.pk}/{safe}"
        self._mine().update(result_path=relative, result_name=name)
        self.job.result_path, self.job.result_name = relative, name
        return target
