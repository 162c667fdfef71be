"""Pages of administrative units: the tree on a date, search, one unit with its history."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.opening import opening_day
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.selectors import (
    UnitPolicy,
    assumed_as_of,
    observed_from,
    scope_last_day,
    unit_children,
    unit_detail,
    unit_resolve,
    unit_roots,
    units_search,
)

# Dates a user is offered in one click: just before and just after the 2025 reform.
QUICK_DATES = (datetime.date(2021, 7, 1), datetime.date(2025, 6, 30), datetime.date(2025, 7, 1))


def _on(request: HttpRequest, default: datetime.date | None = None) -> datetime.date:
    raw = request.GET.get("on", "").strip()
    if not raw:
        return default or today()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(
            _("Invalid date %(value)s: use YYYY-MM-DD."), value=raw[:20]
        ) from None


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree on a date; without one, on the last day the user's own unit exists (today for
    a unit that still does: the opening rule of `core.opening`)."""
    scope = request_scope(request)
    on = _on(request, opening_day(today=today(), newest=None, valid_to=scope_last_day(scope=scope)))
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "on": on,
        "query": query,
        "quick_dates": QUICK_DATES,
        "roots": [] if query else unit_roots(on=on, scope=scope),
        "assumed_as_of": assumed_as_of(on),
        "results": units_search(query=query, on=on, scope=scope, limit=100) if query else [],
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "unit-results":
        return render(request, "orgunits/_results.html", context)
    return render(request, "orgunits/tree.html", context)


@login_required
def unit_children_partial(request: HttpRequest, code: str) -> HttpResponse:
    on = _on(request)
    scope = request_scope(request)
    unit = unit_resolve(code=code, on=on, scope=scope)
    children = unit_children(unit=unit, on=on, scope=scope)
    return render(request, "orgunits/_children.html", {"units": children, "on": on})


@login_required
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    scope = request_scope(request)
    if request.GET.get("on", "").strip():
        on = _on(request)
    else:  # the version of the code that exists today, else its last one, on its last day
        version = unit_resolve(code=code, on=today(), scope=scope, policy=UnitPolicy.LATEST_BEFORE)
        on = opening_day(today=today(), newest=None, valid_to=version.valid_to)
    detail = unit_detail(code=code, on=on, scope=scope)
    context = {"detail": detail, "on": on, "unit": detail.unit, "observed_from": observed_from()}
    return render(request, "orgunits/detail.html", context)


# How many units the picker lists: enough to see a name among namesakes, few enough to read.
PICK_LIMIT = 20


@login_required
def unit_pick(request: HttpRequest) -> JsonResponse:
    """The unit picker's suggestions (chọn đơn vị): units of the caller's scope valid on `on`
    whose name matches `q` with accents and case ignored ("ia blang" finds "Xã Ia Blang")."""
    scope = request_scope(request)
    on = _on(request)
    query = request.GET.get("q", "").strip()[:100]
    units = units_search(query=query, on=on, scope=scope, limit=PICK_LIMIT) if query else []
    return JsonResponse(
        {
            "on": on.isoformat(),
            "units": [
                {
                    "code": u.code,
                    "name": u.name,
                    "level": u.level,
                    "parent": u.parent.name if u.parent else "",
                }
                for u in units
            ],
        }
    )
