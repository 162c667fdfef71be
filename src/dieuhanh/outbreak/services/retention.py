"""Retention (thời hạn lưu trữ) of check-ins: older ones are deleted after
`settings.CHECKIN_RETENTION_DAYS` days (30), by `dieuhanh checkins purge` and by the scheduled
job; the store keeps the horizon so a trace reaching before it says so (docs/design.md §3)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dieuhanh.outbreak.checkin_store import checkins_purge_before
from dieuhanh.outbreak.services.checkin_page import declarations_purge


@dataclass(frozen=True)
class PurgeResult:
    """What a purge deleted (or, dry run, would delete): check-ins before 00:00 (Asia/Ho_Chi_Minh)
    of `before`; blocks deleted whole and blocks rewritten without their older check-ins; rows
    of the plain check-in row table."""

    before: datetime.date
    checkins: int
    blocks_deleted: int
    blocks_rewritten: int
    rows_deleted: int
    dry_run: bool
    declarations: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "before": self.before.isoformat(),
            "checkins": self.checkins,
            "blocks_deleted": self.blocks_deleted,
            "blocks_rewritten": self.blocks_rewritten,
            "rows_deleted": self.rows_deleted,
            "declarations": self.declarations,
            "dry_run": self.dry_run,
        }


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The first day kept: `CHECKIN_RETENTION_DAYS` days before today (local)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.CHECKIN_RETENTION_DAYS)


def checkins_purge(*, before: datetime.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete the check-ins that start before 00:00 (Asia/Ho_Chi_Minh) of `before` (default:
    `retention_cutoff()`) from the packed store (blocks, parts) and the row table, in one
    transaction, and record the purge horizon; the check-in page's health declarations made
    before the same day go with them. A plain function for the scheduled job (the system acts:
    no actor, no scope); a dry run counts and writes nothing."""
    before = before or retention_cutoff()
    with transaction.atomic():
        done = checkins_purge_before(before, dry_run=dry_run)
        declarations = declarations_purge(before=before, dry_run=dry_run)
    return PurgeResult(
        before=before,
        checkins=done.checkins,
        blocks_deleted=done.blocks_deleted,
        blocks_rewritten=done.blocks_rewritten,
        rows_deleted=done.rows_deleted,
        dry_run=dry_run,
        declarations=declarations,
    )
