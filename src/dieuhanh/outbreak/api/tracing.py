"""The trace of a case, paged (offset, limit, generation)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.api.common import TRACE_LIMIT, page_bounds
from dieuhanh.outbreak.models import Case, PersonalDataAction
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import identifiers as identifiers_sel
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.services.identifiers import identifier_miss_log
from dieuhanh.outbreak.services.persons import person_access_log

router = Router(tags=["outbreak"])


class TraceExposureOut(Schema):
    person_id: int
    generation: int
    via: int
    venue_id: int
    overlap_start: str
    overlap_end: str


class TraceOut(Schema):
    case: int
    exposures: list[TraceExposureOut]
    total: int
    f1: int
    f2: int
    offset: int
    limit: int
    generation: int | None
    purged_before: str | None = None
    """The retention horizon (ISO date) when the case's window starts before it: check-ins of
    earlier days were deleted (docs/design.md §3); null otherwise."""
    notice: str | None = None
    """That, as a sentence in the request's language."""


@router.get("/outbreak/cases/{case_id}/trace", response=TraceOut)
@module_required(Module.OUTBREAK)
def cases_trace(
    request: HttpRequest,
    case_id: int,
    depth: int = 1,
    offset: int = 0,
    limit: int = TRACE_LIMIT,
    generation: int | None = None,
) -> dict[str, object]:
    """F1 (depth=1) or F1 and F2 (depth=2) by the tracing rule (docs/design.md §3), paged.

    `exposures` are the entries `offset…offset+limit` (limit 1000 by default, at most 10 000)
    of one `generation` (1 or 2) or of all; `total` counts those entries, `f1` and `f2` the
    persons of the whole trace; `purged_before` and `notice` say that check-ins the window
    needs were deleted under the retention period. No identities: person ids only (the whole
    document, unpaged: `dieuhanh trace PERSON_ID --json`)."""
    case = cases_sel.case_get(user=request.user, scope=request_scope(request), case_id=case_id)
    return _trace(case, depth, offset, limit, generation)


@router.get("/outbreak/trace", response=TraceOut)
@module_required(Module.OUTBREAK)
def person_trace(
    request: HttpRequest,
    person: str,
    kind: str = "auto",
    depth: int = 1,
    offset: int = 0,
    limit: int = TRACE_LIMIT,
    generation: int | None = None,
) -> dict[str, object]:
    """The trace of the case whose person is `person`: an internal id or an external identifier
    (phone, CCCD, CMND, passport, source id; `kind` auto tells it from the value), paged like
    `/outbreak/cases/{case_id}/trace`. A lookup by identifier is for roles that see identities
    (403 otherwise) and is logged in the personal-data access log."""
    user = request_user(request)
    scope = request_scope(request)
    try:
        person_id, external = identifiers_sel.person_resolve(
            user=user, scope=scope, raw=person, kind=kind
        )
    except identifiers_sel.IdentifierNotFound:
        identifier_miss_log(actor=user, raw=person, kind=kind)
        raise
    if external:
        person_access_log(
            actor=user,
            persons=[person_id],
            action=PersonalDataAction.VIEW,
            reason=identifiers_sel.LOOKUP_REASON,
        )
    case = cases_sel.case_for_person(user=user, scope=scope, person_id=person_id)
    return _trace(case, depth, offset, limit, generation)


def _trace(
    case: Case, depth: int, offset: int, limit: int, generation: int | None
) -> dict[str, object]:
    if depth not in (1, 2):
        raise ValidationFailed(_("depth must be 1 or 2."))
    if generation is not None and generation not in (1, 2):
        raise ValidationFailed(_("generation must be 1 or 2."))
    page_bounds(offset, limit)
    result = tracing_sel.trace_case(case=case, depth=depth)
    page = tracing_sel.trace_page(result, offset=offset, limit=limit, generation=generation)
    return {
        "case": result.case.person_id,
        "exposures": tracing_sel.exposure_documents(page.exposures),
        "total": page.total,
        "f1": page.f1,
        "f2": page.f2,
        "offset": page.offset,
        "limit": page.limit,
        "generation": generation,
        "purged_before": result.purged_before.isoformat() if result.purged_before else None,
        "notice": tracing_sel.purge_notice(result.purged_before) if result.purged_before else None,
    }
