"""The kernel's own job kinds: the scheduled backup of the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.backup import backup_create
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind

BACKUP_PREFIX = "dieuhanh-"


def backups_prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups this job wrote in `folder`."""
    files = sorted(folder.glob(f"{BACKUP_PREFIX}*.tar.gz"), key=lambda p: p.name, reverse=True)
    removed = files[keep:]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


@job_kind("jobs.backup", label=_("Backup of the database"))
def backup(ctx: JobContext) -> dict[str, Any]:
    """`dieuhanh backup` on a timetable: SQLite's VACUUM INTO or pg_dump into
    JOBS_BACKUP_DIR (var/backups), keeping the newest JOBS_BACKUP_KEEP files."""
    folder = Path(settings.JOBS_BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    ctx.progress(5, str(_("Backing up")))
    info = backup_create(output=folder / f"{BACKUP_PREFIX}{stamp}.tar.gz")
    removed = backups_prune(folder, int(settings.JOBS_BACKUP_KEEP))
    return {**info.as_dict(), "removed": [p.name for p in removed]}
