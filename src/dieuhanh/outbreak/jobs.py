"""The outbreak module's background jobs: a trace turned into contacts, and the nightly
compaction and purge of the check-in store."""

from __future__ import annotations

import logging
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.jobs.context import JobContext
from dieuhanh.jobs.registry import job_kind
from dieuhanh.outbreak.checkin_store import checkins_compact
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.services import contacts as contacts_svc
from dieuhanh.outbreak.services.retention import checkins_purge
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


@job_kind("outbreak.checkins_purge", label=_("Check-in purge"))
def purge(ctx: JobContext) -> dict[str, Any]:
    """`dieuhanh checkins purge`, nightly: check-ins and health declarations older than
    DIEUHANH_CHECKIN_RETENTION_DAYS (30) days, in one transaction (services.retention)."""
    ctx.progress(1, str(_("Purging check-ins")))
    return checkins_purge().as_dict()
