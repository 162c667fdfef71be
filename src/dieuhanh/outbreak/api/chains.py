"""The chains of transmission as graph data."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from dieuhanh.accounts.access import module_required
from dieuhanh.accounts.permissions import Module
from dieuhanh.core.scope import request_scope
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.selectors import chains as chains_sel
from dieuhanh.outbreak.services import persons as persons_svc

router = Router(tags=["outbreak"])


@router.get("/outbreak/chains")
@module_required(Module.OUTBREAK)
def chains(request: HttpRequest) -> dict[str, object]:
    """The chain graph (chains with size and duration, nodes, links) of the cases in scope."""
    data = chains_sel.chains_data(user=request.user, scope=request_scope(request))
    shown = data.pop("names_shown")
    if isinstance(shown, list) and shown:
        persons_svc.person_access_log(
            actor=request.user, persons=shown, action=PersonalDataAction.LIST
        )
    return data
