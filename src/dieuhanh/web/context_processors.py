"""The navigation: only modules that exist and that the user's role may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, role_can_read


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


# Module entries appear here as each capability lands (indicators, new-rural, outbreak, ...).
_MODULE_NAV: tuple[tuple[Module, str | Promise, str], ...] = (
    (Module.INDICATORS, _("Indicators"), "indicators:review"),
    (Module.REPORTS, _("Reports"), "reports:review"),
    (Module.ORGUNITS, _("Administrative units"), "orgunits:tree"),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        NavItem(label, reverse(url_name), request.path.startswith(reverse(url_name)))
        for module, label, url_name in _MODULE_NAV
        if role_can_read(user.role, module)
    ]
    return {"nav_items": items, "nav_is_admin": user.is_staff}
