"""The trace of a case (F1, F2), two hundred rows a page."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.pure.stays import LOCAL_TZ
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.outbreak.views.common import has_personal_data


def trace_depth(request: HttpRequest) -> int:
    return 2 if request.GET.get("depth", request.POST.get("depth", "1")) == "2" else 1


TRACE_PAGE_SIZE = 200
"""Rows of the trace page: names, venues and the access log are read for these only."""


def _trace_generation(request: HttpRequest, depth: int) -> int | None:
    """The generation filter of the trace page: 1, 2 (at depth 2) or None (all)."""
    value = request.GET.get("gen", "")
    if value == "1" or (value == "2" and depth == 2):
        return int(value)
    return None


def _trace_page_number(request: HttpRequest) -> int:
    """The requested page (1 when missing or not a positive whole number)."""
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


def _trace_link(case_id: int, depth: int, generation: int | None, page: int) -> str:
    query: dict[str, object] = {"depth": depth}
    if generation is not None:
        query["gen"] = generation
    query["page"] = page
    return reverse("outbreak:case_trace", kwargs={"case_id": case_id}) + "?" + urlencode(query)


@login_required
@module_required(Module.OUTBREAK)
def case_trace(request: HttpRequest, case_id: int) -> HttpResponse:
    """The traced F1 (F2) list of a case, a page at a time (an HTMX fragment, or a page).

    Counts of F1/F2 persons and of entries cover the whole trace; names and venues are looked
    up, and the personal-data access logged, for the persons of the page shown only."""
    scope = request_scope(request)
    user = request.user
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    depth = trace_depth(request)
    generation = _trace_generation(request, depth)
    result = tracing_sel.trace_case(case=case, depth=depth)
    size = TRACE_PAGE_SIZE
    wanted = _trace_page_number(request)
    page = tracing_sel.trace_page(
        result, offset=(wanted - 1) * size, limit=size, generation=generation
    )
    pages = max((page.total + size - 1) // size, 1)
    number = min(wanted, pages)
    if number != wanted:  # past the end: show the last page
        page = tracing_sel.trace_page(
            result, offset=(number - 1) * size, limit=size, generation=generation
        )
    shown = {e.person_id for e in page.exposures} | {e.via for e in page.exposures}
    names = persons_sel.persons_names(user=user, scope=scope, ids=shown)
    if names:
        persons_svc.person_access_log(
            actor=user, persons=list(names), action=PersonalDataAction.LIST
        )
    venues = tracing_sel.venue_names(ids={e.venue_id for e in page.exposures})
    rows = [
        {
            "person_id": e.person_id,
            "name": names.get(e.person_id, ""),
            "generation": e.generation,
            "via_id": e.via,
            "via_name": names.get(e.via, ""),
            "venue": venues.get(e.venue_id, f"#{e.venue_id}"),
            "start": datetime.datetime.fromtimestamp(e.overlap_start, tz=LOCAL_TZ),
            "end": datetime.datetime.fromtimestamp(e.overlap_end, tz=LOCAL_TZ),
        }
        for e in page.exposures
    ]

    def link(target: int, gen: int | None = generation) -> str:
        return _trace_link(case.pk, depth, gen, target)

    filters = [{"label": _("All"), "url": link(1, None), "active": generation is None}]
    filters.append({"label": "F1", "url": link(1, 1), "active": generation == 1})
    if depth == 2:
        filters.append({"label": "F2", "url": link(1, 2), "active": generation == 2})
    context = {
        "case": case,
        "rows": rows,
        "depth": depth,
        "generation": generation,
        "page": page,
        "f1": page.f1,
        "f2": page.f2,
        "persons": page.f1 + page.f2,
        "number": number,
        "pages": pages,
        "first_row": page.offset + 1 if rows else 0,
        "last_row": page.offset + len(rows),
        "filters": filters,
        "first_url": link(1) if number > 1 else "",
        "previous_url": link(number - 1) if number > 1 else "",
        "next_url": link(number + 1) if number < pages else "",
        "last_url": link(pages) if number < pages else "",
        "trace_url": reverse("outbreak:case_trace", kwargs={"case_id": case.pk}),
        "can_identities": has_personal_data(user),
        "purge_notice": (
            tracing_sel.purge_notice(result.purged_before) if result.purged_before else ""
        ),
    }
    template = (
        "outbreak/_trace.html" if request.headers.get("HX-Request") else "outbreak/trace.html"
    )
    return render(request, template, context)
