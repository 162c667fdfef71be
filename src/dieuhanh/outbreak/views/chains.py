"""Chains of transmission: the page and its graph data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.selectors import chains as chains_sel
from dieuhanh.outbreak.services import persons as persons_svc
from dieuhanh.outbreak.views.common import has_personal_data


@login_required
@module_required(Module.OUTBREAK)
def chains(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outbreak/chains.html", {"can_identities": has_personal_data(request.user)}
    )


@login_required
@module_required(Module.OUTBREAK)
def chains_json(request: HttpRequest) -> JsonResponse:
    scope = request_scope(request)
    user = request.user
    data = chains_sel.chains_data(user=user, scope=scope)
    shown = data.pop("names_shown")
    if shown:
        assert isinstance(shown, list)
        persons_svc.person_access_log(actor=user, persons=shown, action=PersonalDataAction.LIST)
    return JsonResponse(data)
