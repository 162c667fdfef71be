"""Pages of persons: the register and search, one person, corrections, anonymisation, the export
(each read of an identity logged)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dieuhanh.accounts.access import module_required, request_user
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.cells import neutralise_row
from dieuhanh.core.errors import DomainError, ValidationFailed
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import PersonalDataAction, Sex
from dieuhanh.outbreak.selectors import identifiers as identifiers_sel
from dieuhanh.outbreak.selectors import persons as persons_sel
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.outbreak.views.common import (
    ACCESS_PURPOSES,
    access_reason,
    access_reason_page,
    access_reason_remember,
    int_or_none,
)


@login_required
@module_required(Module.OUTBREAK)
def persons(request: HttpRequest) -> HttpResponse:
    """Search persons (accent-insensitive) and register a new one."""
    scope = request_scope(request)
    user = request_user(request)
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
                birth_year=int_or_none(request.POST.get("birth_year", "")),
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
@module_required(Module.OUTBREAK)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    user = request_user(request)
    person = persons_sel.person_get(user=user, scope=scope, person_id=person_id)
    reason = access_reason(request, person.pk)
    if reason is None:
        return access_reason_page(request, person.pk)
    persons_svc.person_access_log(
        actor=user, persons=[person], action=PersonalDataAction.VIEW, reason=reason
    )
    case = person.cases.first()
    identifiers = identifiers_sel.person_identifiers(user=user, person=person)
    return render(
        request,
        "outbreak/person.html",
        {
            "person": person,
            "case": case,
            "identifiers": identifiers,
            "sexes": Sex.choices,
            "now": timezone.localtime(),
        },
    )


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def access_reason_give(request: HttpRequest, person_id: int) -> HttpResponse:
    """The reason to open a person's records, given once per session (docs/security.md §4)."""
    person = persons_sel.person_get(
        user=request_user(request), scope=request_scope(request), person_id=person_id
    )
    purposes = dict(ACCESS_PURPOSES)
    purpose = request.POST.get("purpose", "")
    if purpose not in purposes:
        raise ValidationFailed(_("Choose why you open this record."))
    note = " ".join(request.POST.get("note", "").split())[:200]
    # Stored in Vietnamese whatever the interface language: the log is read by inspectors.
    with translation.override("vi"):
        reason = str(purposes[purpose]) + (f": {note}" if note else "")
    access_reason_remember(request, person.pk, reason)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("outbreak:person", args=[person.pk])
    return redirect(target)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def person_correct(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request_user(request), scope=scope, person_id=person_id)
    try:
        persons_svc.person_correct(
            actor=request_user(request),
            scope=scope,
            person=person,
            version=int(request.POST.get("version", "0") or 0),
            full_name=request.POST.get("full_name", person.full_name),
            birth_year=int_or_none(request.POST.get("birth_year", "")),
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
@module_required(Module.OUTBREAK)
@require_POST
def person_anonymise(request: HttpRequest, person_id: int) -> HttpResponse:
    scope = request_scope(request)
    person = persons_sel.person_get(user=request_user(request), scope=scope, person_id=person_id)
    try:
        persons_svc.person_anonymise(
            actor=request_user(request),
            scope=scope,
            person=person,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.render())
    else:
        messages.success(request, _("Anonymised."))
    return redirect("outbreak:person", person_id=person_id)


@login_required
@module_required(Module.OUTBREAK)
@require_POST
def persons_export(request: HttpRequest) -> HttpResponse:
    """CSV of the persons matching the search; a reason is required and every row is logged.
    Text cells are neutralised (a name "=HYPERLINK(…)" stays text in the spreadsheet)."""
    scope = request_scope(request)
    user = request_user(request)
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
            neutralise_row(
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
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="persons.csv"'
    return response
