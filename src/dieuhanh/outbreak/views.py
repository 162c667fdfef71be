"""Pages of the epidemic response (tracing part): dashboard, persons, cases, investigation,
tracing, chains. Thin: every read goes through selectors, every write through services."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve, unit_roots
from dieuhanh.outbreak.models import CaseOutcome, ExposureSetting, PersonalDataAction, Sex
from dieuhanh.outbreak.pure.tracing import LOCAL_TZ
from dieuhanh.outbreak.selectors import cases as cases_sel
from dieuhanh.outbreak.selectors import chains as chains_sel
from dieuhanh.outbreak.selectors import dashboard as care_selectors
from dieuhanh.outbreak.selectors import dashboard as dashboard_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.selectors import tracing as tracing_sel
from dieuhanh.outbreak.services import cases as cases_svc
from dieuhanh.outbreak.services import contacts as contacts_svc
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.vn import format_number



def _default_unit_code(request: HttpRequest, scope: Scope) -> str | None:
    code = request.GET.get("unit", "").strip()
    if code:
        return code
    user = request.user
    if isinstance(user, User):
        grants = list(user_scopes(user=user))
        if grants:
            return grants[0].unit.code
    roots = unit_roots(on=today(), scope=scope)
    return roots[0].code if roots else None


def _curve_svg(days: list[dashboard_sel.CurveDay]) -> dict[str, object]:
    """Bars for the epidemic curve: onset (left half) and confirmation (right half) per day."""
    width, height, pad = 720, 180, 24
    if not days:
        return {"bars": [], "width": width, "height": height, "ticks": []}
    top = max(max(d.onset, d.confirmed) for d in days) or 1
    step = (width - 2 * pad) / len(days)
    bar = max(step / 2 - 1, 1)
    bars = []
    ticks = []
    for i, d in enumerate(days):
        x = pad + i * step
        for kind, value, dx in (("onset", d.onset, 0.0), ("confirmed", d.confirmed, bar)):
            h = (height - 2 * pad) * value / top
            bars.append(
                {
                    "x": round(x + dx, 1),
                    "y": round(height - pad - h, 1),
                    "w": round(bar, 1),
                    "h": round(h, 1),
                    "kind": kind,
                    "title": f"{d.day:%d/%m}: {value}",
                }
            )
        if i == 0 or i == len(days) - 1 or d.day.day == 1:
            ticks.append({"x": round(x, 1), "label": f"{d.day:%d/%m}"})
    return {"bars": bars, "width": width, "height": height, "ticks": ticks, "top": top}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Epidemic curve, cumulative cases by unit, contacts and care counts, recent cases."""
    scope = request_scope(request)
    user = request.user
    persons_sel.require_outbreak_read(user)
    counts = dashboard_sel.dashboard_counts(user=user, scope=scope)
    curve = dashboard_sel.epidemic_curve(user=user, scope=scope)
    by_unit = dashboard_sel.cases_by_unit(user=user, scope=scope)
    care = None
    code = _default_unit_code(request, scope)
    on = _date(request.GET.get("on", ""), "on") or today()
    if code:
        try:
            care = care_selectors.care_dashboard_counts(scope=scope, unit_code=code, on=on)
        except DomainError:
            care = None  # the unit does not exist on that day (e.g. a 2021 district today)
    cases = list(cases_sel.cases_visible(user=user, scope=scope).select_related("person__unit"))
    names = persons_sel.persons_names(user=user, scope=scope, ids=[c.person_id for c in cases])
    if names:
        persons_svc.person_access_log(
            actor=user, persons=list(names), action=PersonalDataAction.LIST
        )
    return render(
        request,
        "outbreak/dashboard.html",
        {
            "counts": counts,
            "curve": _curve_svg(curve),
            "by_unit": by_unit,
            "care": care,
            "care_on": on,
            "care_unit": code,
            "cases": cases,
            "names": names,
            "can_identities": _has_personal(user),
            "total_text": format_number(counts.cases),
        },
    )


def _has_personal(user: object) -> bool:
    role = getattr(user, "role", None)
    return isinstance(role, str) and role_can_read(role, Module.PERSONAL_DATA)


# --------------------------------------------------------------------------------------------
# Persons


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationFailed(_("%(value)s is not a whole number."), value=text) from None


@login_required
def persons(request: HttpRequest) -> HttpResponse:
    """Search persons (accent-insensitive) and register a new one."""
    scope = request_scope(request)
    user = request.user
    persons_sel.require_identities(user)
    query = request.GET.get("q", "")
    found = persons_sel.persons_search(user=user, scope=scope, query=query)
    if found:
        persons_svc.person_access_log(actor=user, persons=found, action=PersonalDataAction.LIST)
    error = None
    if request.method == "POST":
        try:
            unit = unit_resolve(
                code=request.POST.get("unit", ""),
                scope=scope,
                on=timezone.localdate(),
                policy=UnitPolicy.LATEST_VISIBLE,
            )
            person = persons_svc.person_register(
                actor=user,
                scope=scope,
                full_name=request.POST.get("full_name", ""),
                unit=unit,
                birth_year=_int_or_none(request.POST.get("birth_year", "")),
                sex=request.POST.get("sex", Sex.UNKNOWN) or Sex.UNKNOWN,
                id_number=request.POST.get("id_number", ""),
                phone=request.POST.get("phone", ""),
                address=request.POST.get("address", ""),
                village=request.POST.get("village", ""),
                allow_duplicate=request.POST.get("allow_duplicate") == "1",
            )
        except DomainError as exc:
            error = exc.render()
        else:
            messages.success(request, _("Person registered."))
            return redirect("outbreak:person", person_id=person.pk)
    return render(
        request,
        "outbreak/persons.html",
        {
            "persons": found,
            "query": query,
            "sexes": Sex.choices,
            "error": error,
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    user = request.user
    person = persons_sel.person_get(user=user, scope=scope, person_id=person_id)
    persons_svc.person_access_log(actor=user, persons=[person], action=PersonalDataAction.VIEW)
    case = person.cases.first()
    return render(
        request,
        "outbreak/person.html",
        {"person": person, "case": case, "sexes": Sex.choices, "now": timezone.localtime()},
    )


def _local_dt(text: str, field: str) -> datetime.datetime | None:
    """A datetime-local input (Asia/Ho_Chi_Minh), or None when blank."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not a date and time."), field=field, value=text
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)


def _date(text: str, field: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not a date."), field=field, value=text
        ) from None


@login_required
@require_POST
def person_correct(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=person_id)
    try:
        persons_svc.person_correct(
            actor=request.user,
            scope=scope,
            person=person,
            version=int(request.POST.get("version", "0") or 0),
            full_name=request.POST.get("full_name", person.full_name),
            birth_year=_int_or_none(request.POST.get("birth_year", "")),
            id_number=request.POST.get("id_number", ""),
            phone=request.POST.get("phone", ""),
            address=request.POST.get("address", ""),
            village=request.POST.get("village", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Corrected."))
    return redirect("outbreak:person", person_id=person_id)


@login_required
@require_POST
def person_anonymise(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=person_id)
    try:
        persons_svc.person_anonymise(
            actor=request.user, scope=scope, person=person, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Anonymised."))
    return redirect("outbreak:person", person_id=person_id)


@login_required
@require_POST
def persons_export(request: HttpRequest) -> HttpResponse:
    """CSV of the persons matching the search; a reason is required and every row is logged."""
    scope = request_scope(request)
    user = request.user
    reason = request.POST.get("reason", "").strip()
    if not reason:
        raise ValidationFailed(_("An export of personal data needs a reason."))
    found = persons_sel.persons_search(
        user=user, scope=scope, query=request.POST.get("q", ""), limit=5000
    )
    persons_svc.person_access_log(
        actor=user, persons=found, action=PersonalDataAction.EXPORT, reason=reason
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["id", "full_name", "birth_year", "sex", "id_number", "phone", "address", "village", "unit"]
    )
    for p in found:
        writer.writerow(
            [
                p.pk,
                p.full_name,
                p.birth_year or "",
                p.sex,
                p.id_number,
                p.phone,
                p.address,
                p.village,
                p.unit.code,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="persons.csv"'
    return response


# --------------------------------------------------------------------------------------------
# Cases, investigation, tracing


@login_required
@require_POST
def case_confirm(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request.user, scope=scope, person_id=person_id)
    try:
        confirmed = _local_dt(request.POST.get("confirmed_at", ""), "confirmed_at")
        if confirmed is None:
            raise ValidationFailed(_("The confirmation time is required."))
        case = cases_svc.case_confirm(
            actor=request.user,
            scope=scope,
            person=person,
            confirmed_at=confirmed,
            onset_date=_date(request.POST.get("onset_date", ""), "onset_date"),
            sampled_at=_local_dt(request.POST.get("sampled_at", ""), "sampled_at"),
            isolated_at=_local_dt(request.POST.get("isolated_at", ""), "isolated_at"),
            place=request.POST.get("place", ""),
            code=request.POST.get("code", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
        return redirect("outbreak:person", person_id=person_id)
    messages.success(request, _("Case confirmed."))
    return redirect("outbreak:case", case_id=case.pk)


@login_required
@require_POST
def case_update(request: HttpRequest, case_id: int) -> HttpResponse:
    """Isolation time, place and outcome of a case; a stale version is refused (Conflict)."""
    scope = request_scope(request)
    case = cases_sel.case_get(user=request.user, scope=scope, case_id=case_id)
    try:
        cases_svc.case_update(
            actor=request.user,
            scope=scope,
            case=case,
            version=int(request.POST.get("version", "0") or 0),
            isolated_at=_local_dt(request.POST.get("isolated_at", ""), "isolated_at"),
            place=request.POST.get("place", ""),
            outcome=request.POST.get("outcome", case.outcome),
            outcome_date=_date(request.POST.get("outcome_date", ""), "outcome_date"),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Case updated."))
    return redirect("outbreak:case", case_id=case_id)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """A case: visits, exposures and contacts. A traced case can have a million contacts, so
    exposures and contacts come a page of `CASE_PAGE` at a time, and only the persons shown are
    named (and their reading logged)."""
    scope = request_scope(request)
    user = request.user
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    contacts = _case_page(request, "contacts_page", cases_sel.case_contacts_query(case=case))
    exposures = _case_page(request, "exposures_page", cases_sel.case_exposures_query(case=case))
    ids = {case.person_id, *(c.person_id for c in contacts.object_list)}
    ids |= {e.source_id for e in exposures.object_list}
    ids |= {e.exposed_id for e in exposures.object_list}
    names = persons_sel.persons_names(user=user, scope=scope, ids=ids)
    if names:
        persons_svc.person_access_log(
            actor=user, persons=list(names), action=PersonalDataAction.VIEW
        )
    for c in contacts.object_list:
        c.display_name = names.get(c.person_id, "")
    for e in exposures.object_list:
        e.source_name = names.get(e.source_id, "")
        e.exposed_name = names.get(e.exposed_id, "")
    return render(
        request,
        "outbreak/case.html",
        {
            "case": case,
            "case_name": names.get(case.person_id, ""),
            "visits": cases_sel.case_visits(case=case),
            "exposures": exposures,
            "contacts": contacts,
            "venues": cases_sel.venues_all(),
            "settings": ExposureSetting.choices,
            "outcomes": CaseOutcome.choices,
            "identities": bool(names),
            "can_identities": _has_personal(user),
        },
    )


CASE_PAGE = 200


def _case_page(request: HttpRequest, parameter: str, query: QuerySet[Any]) -> Page[Any]:
    """The requested page of `query` (`parameter` in the URL; the last page past the end)."""
    return Paginator(query, CASE_PAGE).get_page(request.GET.get(parameter))


@login_required
@require_POST
def visit_add(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request_scope(request)
    case = cases_sel.case_get(user=request.user, scope=scope, case_id=case_id)
    try:
        venue_id = _int_or_none(request.POST.get("venue", ""))
        venue = next((v for v in cases_sel.venues_all() if v.pk == venue_id), None)
        start = _local_dt(request.POST.get("start", ""), "start")
        end = _local_dt(request.POST.get("end", ""), "end")
        if start is None or end is None:
            raise ValidationFailed(_("A visit needs a start and an end."))
        cases_svc.visit_add(
            actor=request.user,
            scope=scope,
            case=case,
            place=request.POST.get("place", ""),
            start=start,
            end=end,
            venue=venue,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Visit recorded."))
    return redirect("outbreak:case", case_id=case_id)


@login_required
@require_POST
def exposure_add(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request_scope(request)
    user = request.user
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    try:
        source_id = _int_or_none(request.POST.get("source", "")) or case.person_id
        exposed_id = _int_or_none(request.POST.get("exposed", ""))
        if exposed_id is None:
            raise ValidationFailed(_("Choose the exposed person."))
        source = persons_sel.person_get(user=user, scope=scope, person_id=source_id)
        exposed = persons_sel.person_get(user=user, scope=scope, person_id=exposed_id)
        start = _local_dt(request.POST.get("start", ""), "start")
        end = _local_dt(request.POST.get("end", ""), "end")
        if start is None or end is None:
            raise ValidationFailed(_("An exposure needs a start and an end."))
        contacts_svc.exposure_record(
            actor=user,
            scope=scope,
            case=case,
            source=source,
            exposed=exposed,
            start=start,
            end=end,
            setting=request.POST.get("setting", ExposureSetting.OTHER),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Exposure recorded."))
    return redirect("outbreak:case", case_id=case_id)


def _depth(request: HttpRequest) -> int:
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
def case_trace(request: HttpRequest, case_id: int) -> HttpResponse:
    """The traced F1 (F2) list of a case, a page at a time (an HTMX fragment, or a page).

    Counts of F1/F2 persons and of entries cover the whole trace; names and venues are looked
    up, and the personal-data access logged, for the persons of the page shown only."""
    scope = request_scope(request)
    user = request.user
    case = cases_sel.case_get(user=user, scope=scope, case_id=case_id)
    depth = _depth(request)
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
        "can_identities": _has_personal(user),
    }
    template = (
        "outbreak/_trace.html" if request.headers.get("HX-Request") else "outbreak/trace.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def case_contacts_from_trace(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = request_scope(request)
    case = cases_sel.case_get(user=request.user, scope=scope, case_id=case_id)
    try:
        done = contacts_svc.contacts_from_trace(
            actor=request.user, scope=scope, case=case, depth=_depth(request)
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(
            request,
            _("%(n)s contact(s) to follow up, %(new)s new.")
            % {"n": format_number(done.total), "new": format_number(done.created)},
        )
    return redirect(reverse("outbreak:case", kwargs={"case_id": case_id}) + "#contacts")


# --------------------------------------------------------------------------------------------
# Chains


@login_required
def chains(request: HttpRequest) -> HttpResponse:
    persons_sel.require_outbreak_read(request.user)
    return render(request, "outbreak/chains.html", {"can_identities": _has_personal(request.user)})


@login_required
def chains_json(request: HttpRequest) -> JsonResponse:
    scope = request_scope(request)
    user = request.user
    data = chains_sel.chains_data(user=user, scope=scope)
    shown = data.pop("names_shown")
    if shown:
        assert isinstance(shown, list)
        persons_svc.person_access_log(actor=user, persons=shown, action=PersonalDataAction.LIST)
    return JsonResponse(data)
