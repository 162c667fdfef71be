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


_MODULE_NAV: tuple[tuple[Module, str | Promise, str], ...] = (
    (Module.INDICATORS, _("Indicators"), "indicators:review"),
    (Module.NTM, _("New-rural development"), "ntm:index"),
    (Module.OUTBREAK, _("Epidemic response"), "outbreak:dashboard"),
    (Module.DIRECTION, _("Direction"), "direction:tasks"),
    (Module.PARTY_INSPECTION, _("Inspection and supervision"), "direction:inspection"),
    (Module.PUBLIC_ORDER, _("Public order"), "direction:public_order"),
    (Module.REPORTS, _("Reports"), "reports:review"),
    (Module.ORGUNITS, _("Administrative units"), "orgunits:tree"),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"nav_items": []}
    urls = [
        (label, reverse(url_name))
        for module, label, url_name in _MODULE_NAV
        if role_can_read(user.role, module)
    ]
    # The longest matching URL is the active entry (/direction/inspection/ is not /direction/).
    active = max((url for _, url in urls if request.path.startswith(url)), key=len, default=None)
    items = [NavItem(label, url, url == active) for label, url in urls]
    return {"nav_items": items, "nav_is_admin": user.is_staff}
