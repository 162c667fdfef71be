"""The navigation: only modules that exist and that the user's role may read, in groups.

The menu fits one line at 1366 px for every role (issue 20): modules are grouped ("Data",
"Direction"), a group of one module is a plain link, and the account's own pages (API tokens,
the API's documentation, the admin, logging out) sit in the user's menu at the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dieuhanh.accounts.models import User
from dieuhanh.accounts.permissions import Module, role_can_read
from dieuhanh.accounts.selectors import uses_api


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


@dataclass(frozen=True)
class NavGroup:
    """A menu entry: a dropdown of `items`, or, with one item, that item's link."""

    label: str | Promise
    items: tuple[NavItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def single(self) -> NavItem | None:
        return self.items[0] if len(self.items) == 1 else None


_GROUPS: tuple[tuple[str | Promise, tuple[tuple[Module, str | Promise, str], ...]], ...] = (
    (
        pgettext_lazy("menu group", "Data"),
        (
            (Module.INDICATORS, _("Indicators"), "indicators:review"),
            (Module.NTM, _("New-rural development"), "ntm:index"),
            (Module.REPORTS, _("Reports"), "reports:review"),
            (Module.ORGUNITS, _("Administrative units"), "orgunits:tree"),
        ),
    ),
    (
        _("Epidemic response"),
        ((Module.OUTBREAK, _("Epidemic response"), "outbreak:dashboard"),),
    ),
    (
        pgettext_lazy("menu group", "Direction"),
        (
            (Module.DIRECTION, _("Direction"), "direction:tasks"),
            (Module.PARTY_INSPECTION, _("Inspection and supervision"), "direction:inspection"),
            (Module.PUBLIC_ORDER, _("Public order"), "direction:public_order"),
        ),
    ),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return {"nav_groups": []}
    readable = [
        (index, label, reverse(url_name))
        for index, (_group, entries) in enumerate(_GROUPS)
        for module, label, url_name in entries
        if role_can_read(user.role, module)
    ]
    # The longest matching URL is the active entry (/direction/inspection/ is not /direction/).
    active = max(
        (url for _i, _l, url in readable if request.path.startswith(url)), key=len, default=None
    )
    groups = [
        NavGroup(
            group_label,
            tuple(NavItem(label, url, url == active) for i, label, url in readable if i == index),
        )
        for index, (group_label, _entries) in enumerate(_GROUPS)
    ]
    return {
        "nav_groups": [g for g in groups if g.items],
        "nav_is_admin": user.is_staff,
        "nav_api_docs": uses_api(user),
    }
