"""The job a person can watch, and the runs of the periodic timetable."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class Job(models.Model):
    """One piece of background work (công việc chạy nền) and what its owner sees of it.

    The queue row itself is django-tasks-db's `DBTaskResult` (`task_id`); this row carries what
    the library does not: who started it, for which unit, the progress, the message, the result
    file, the error in both languages, the cancel request, and the lease that tells a worker
    killed mid-way from one still working.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("job kind"), max_length=64, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    params: models.JSONField[Any, Any] = models.JSONField(_("parameters"), default=dict)
    state = models.CharField(
        _("job state"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    # The result file, under VAR_DIR/jobs/<id>/ (a relative path), and the name it downloads as.
    result_path = models.CharField(_("result file"), max_length=255, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    result: models.JSONField[Any, Any] = models.JSONField(_("result"), default=dict, blank=True)
    error_vi = models.TextField(_("error (Vietnamese)"), blank=True)
    error_en = models.TextField(_("error (English)"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("queue task"), max_length=64, blank=True, db_index=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent"),
            models.Index(fields=["state", "lease_until"], name="jobs_state_lease"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="jobs_progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


class ScheduledRun(models.Model):
    """One slot of the periodic timetable, taken by the first worker that inserts it: the unique
    (name, slot) pair is what keeps two workers from running the same night's compaction."""

    name = models.CharField(_("schedule entry"), max_length=64)
    slot = models.DateTimeField(_("slot"))
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-slot"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="jobs_one_run_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot:%Y-%m-%d %H:%M}"
