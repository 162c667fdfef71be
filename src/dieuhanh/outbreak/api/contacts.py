"""A trace turned into contacts, the contacts answered a page at a time."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.api.common import TRACE_LIMIT, page_bounds
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.services import contacts as contacts_svc

router = Router(tags=["outbreak"])


class ContactOut(Schema):
    id: int
    person_id: int
    generation: int
    via: int | None
    last_exposure_at: datetime.datetime
    follow_up_until: datetime.date
    status: str


class ContactsOut(Schema):
    created: int
    updated: int
    exposures: int
    total: int
    offset: int
    limit: int
    contacts: list[ContactOut]


class JobRef(Schema):
    id: str
    state: str
    url: str


@router.post(
    "/outbreak/cases/{case_id}/contacts-from-trace",
    response={200: ContactsOut, 202: JobRef},
)
@module_required(Module.OUTBREAK)
def cases_contacts_from_trace(
    request: HttpRequest,
    case_id: int,
    depth: int = 1,
    offset: int = 0,
    limit: int = TRACE_LIMIT,
    background: bool = False,
) -> dict[str, object] | Status[dict[str, object]]:
    """Turn the traced list into contacts to follow up (idempotent).

    With `background=true` (a large trace takes minutes) the work is queued as a job: 202 and
    the job's resource (`GET /api/jobs/{id}`), whose result holds the counts.

    `total` counts the traced persons (each now a contact), `created` and `updated` what
    changed; `contacts` are those of the persons `offset…offset+limit` by person id (limit
    1000 by default, at most 10 000)."""
    if depth not in (1, 2):
        raise ValidationFailed(_("depth must be 1 or 2."))
    page_bounds(offset, limit)
    scope = request_scope(request)
    case = cases_sel.case_get(user=request_user(request), scope=scope, case_id=case_id)
    if background:
        job = contacts_svc.contacts_from_trace_start(
            actor=request_user(request), scope=scope, case=case, depth=depth
        )
        return Status(202, {"id": str(job.pk), "state": job.state, "url": f"/api/jobs/{job.pk}"})
    done = contacts_svc.contacts_from_trace(
        actor=request_user(request), scope=scope, case=case, depth=depth
    )
    page = tracing_sel.contacts_of_persons(
        case=case, person_ids=done.person_ids[offset : offset + limit]
    )
    return {
        "created": done.created,
        "updated": done.updated,
        "exposures": done.exposures,
        "total": done.total,
        "offset": offset,
        "limit": limit,
        "contacts": [
            ContactOut(
                id=c.pk,
                person_id=c.person_id,
                generation=c.generation,
                via=c.via_id,
                last_exposure_at=c.last_exposure_at,
                follow_up_until=c.follow_up_until,
                status=c.status,
            )
            for c in page
        ],
    }
