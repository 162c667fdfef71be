"""The dashboard and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scopes
from dieuhanh.core.commands import today
from dieuhanh.core.scope import request_scope
from dieuhanh.orgunits.models import UnitLevel
from dieuhanh.orgunits.selectors import unit_counts_by_level


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    on = today()
    counts = unit_counts_by_level(on=on, scope=request_scope(request))
    return render(
        request,
        "web/dashboard.html",
        {
            "on": on,
            "scopes": user_scopes(user=user),
            "level_counts": [(label, counts.get(value, 0)) for value, label in UnitLevel.choices],
        },
    )


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"status": status, "message": message}, status=status)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("You are not allowed to open this page."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("This page does not exist."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("Something went wrong on the server. Nothing was changed."))
