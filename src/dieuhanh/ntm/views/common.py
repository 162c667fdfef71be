"""What the new-rural pages share: the day and year asked for, the unit a page opens on, and what
the user may change there."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.models import Role
from dieuhanh.accounts.permissions import Module, role_can_write
from dieuhanh.accounts.selectors import home_unit
from dieuhanh.core.commands import today
from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.opening import opening_day
from dieuhanh.core.scope import request_scope
from dieuhanh.ntm.models import Recognition


def day_asked(text: str | None, default: datetime.date) -> datetime.date:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            _("Invalid date: %(text)s (expected YYYY-MM-DD)."), text=text
        ) from None


def year_asked(text: str | None, default: int) -> int:
    if not text:
        return default
    try:
        year = int(text)
    except ValueError:
        raise ValidationFailed(_("Invalid year: %(text)s."), text=text) from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("The year %(year)s is out of range."), year=year)
    return year


def default_unit(request: HttpRequest) -> tuple[str, datetime.date] | None:
    """The user's own unit (administrators: the province of the newest recognition), on today
    or, for a unit that no longer exists, its last day (the opening rule, `core.opening`)."""
    scope = request_scope(request)
    newest = (
        Recognition.objects.filter(scope.view_q("unit__path"))
        .select_related("unit")
        .order_by("-decision_date")
        .first()
    )
    unit = home_unit(
        user=request_user(request),
        scope=scope,
        on=today(),
        data_unit=newest.unit if newest else None,
    )
    if unit is None:
        return None
    return unit.code, opening_day(today=today(), newest=None, valid_to=unit.valid_to)


def can_capture(request: HttpRequest, path: str) -> bool:
    user = request_user(request)
    return role_can_write(user.role, Module.NTM) and request_scope(request).can_capture_path(path)


def can_recognise(request: HttpRequest, path: str) -> bool:
    return request_user(request).role in (Role.ADMIN, Role.LEADER) and can_capture(request, path)
