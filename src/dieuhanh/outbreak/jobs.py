"""The outbreak module's background jobs: a trace turned into contacts, and the nightly
compaction and purge of the check-in store."""

from __future__ import annotations

import datetime
import importlib
import logging
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind
from dieuhanh.outbreak.checkin_store import checkins_compact
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.services import contacts as contacts_svc
from dieuhanh.vn import format_number

logger = logging.getLogger("dieuhanh.jobs")


@job_kind("outbreak.contacts_from_trace", label=_("Contacts from a trace"))
def contacts_from_trace(ctx: JobContext) -> dict[str, Any]:
    """`contacts_from_trace` for the owner: one transaction (all contacts or none), so a worker
    killed during it leaves nothing and the retry starts clean."""
    owner = ctx.job.owner
    if owner is None:
        raise ValidationFailed(_("This job needs the person who started it."))
    scope = ctx.scope
    case = cases_sel.case_get(user=owner, scope=scope, case_id=int(ctx.params["case_id"]))
    ctx.progress(5, str(_("Tracing")))
    ctx.check_cancel()
    done = contacts_svc.contacts_from_trace(
        actor=owner, scope=scope, case=case, depth=int(ctx.params.get("depth", 1))
    )
    ctx.progress(
        100,
        gettext_now("%(n)s contact(s) to follow up, %(new)s new.")
        % {"n": format_number(done.total), "new": format_number(done.created)},
    )
    return {
        "next_url": reverse("outbreak:case", kwargs={"case_id": case.pk}) + "#contacts",
        "case_id": case.pk,
        "total": done.total,
        "created": done.created,
        "updated": done.updated,
        "exposures": done.exposures,
    }


@job_kind("outbreak.checkins_compact", label=_("Check-in compaction"))
def compact(ctx: JobContext) -> dict[str, Any]:
    """`dieuhanh checkins compact`, nightly: each batch of keys is its own transaction."""
    ctx.progress(1, str(_("Compacting check-ins")))
    done = checkins_compact()
    return {"parts": done.parts, "blocks": done.blocks, "checkins": done.checkins}


# Where the check-in purge (issue 18, `checkins_purge(*, before)`) may live.
_PURGE_MODULES = ("dieuhanh.outbreak.checkin_store", "dieuhanh.outbreak.services.retention")


def _purge_function() -> Any:
    for name in _PURGE_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        purge = getattr(module, "checkins_purge", None)
        if purge is not None:
            return purge
    return None


@job_kind("outbreak.checkins_purge", label=_("Check-in purge"))
def purge(ctx: JobContext) -> dict[str, Any]:
    """Delete check-ins older than DIEUHANH_CHECKIN_RETENTION_DAYS (30), nightly, with the purge
    service of the check-in store when this build has one."""
    purge_fn = _purge_function()
    if purge_fn is None:
        logger.warning(
            "checkins purge: this build has no checkins_purge service (issue 18); nothing purged"
        )
        return {"skipped": "checkins_purge is not available in this build"}
    days = int(getattr(settings, "CHECKIN_RETENTION_DAYS", 30))
    before = timezone.localdate() - datetime.timedelta(days=days)
    ctx.progress(1, str(_("Purging check-ins")))
    result = purge_fn(before=before)
    return {"before": before.isoformat(), "result": str(result)}
