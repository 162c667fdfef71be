"""Base model and the append-only audit log (nhật ký thao tác)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which object, and what changed. Rows are only ever inserted; the one change
    made to them is erasure (`core.services.audit_erase`), which replaces personal values by a
    marker and keeps the event."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes: models.JSONField[Any, Any] = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class DataVersion(models.Model):
    """The data version of one module (issue 21): what a page caches from that module's rows is
    keyed by it, and it moves in the same transaction as every write of those rows
    (`core.versions`), so a cached card or report section is never read after its data
    changed. One row per `name` (a module: "ntm", "direction", "outbreak"); never deleted;
    every value is random, not the last plus one, so a rolled-back transaction or a restored
    database never meets an entry cached for another state under the same number."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
