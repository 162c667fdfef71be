"""What the outbreak pages share: the unit and day a page is about, and form fields read the
Vietnamese way with a message naming the field."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dieuhanh.accounts.access import request_user
from dieuhanh.accounts.permissions import Module, role_can_read, role_can_write
from dieuhanh.accounts.selectors import home_unit
from dieuhanh.core.commands import today
from dieuhanh.core.errors import AccessDenied, ValidationFailed
from dieuhanh.core.scope import Scope, request_scope
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.outbreak.models import PersonalDataAction
from dieuhanh.outbreak.pure.stays import LOCAL_TZ
from dieuhanh.outbreak.selectors import quarantine as quarantine_sel
from dieuhanh.outbreak.selectors.persons import persons_names
from dieuhanh.outbreak.services.persons import person_access_log


def default_unit_code(request: HttpRequest, scope: Scope) -> str | None:
    """The unit asked for, else the user's own (the opening rule, `core.opening`)."""
    code = request.GET.get("unit", "").strip()
    if code:
        return code
    unit = home_unit(user=request.user, scope=scope, on=today())
    return unit.code if unit else None


def has_personal_data(user: object) -> bool:
    role = getattr(user, "role", None)
    return isinstance(role, str) and role_can_read(role, Module.PERSONAL_DATA)


def int_or_none(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationFailed(_("%(value)s is not a whole number."), value=text) from None


def form_datetime(text: str, field: str) -> datetime.datetime | None:
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


def form_date(text: str, field: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not a date."), field=field, value=text
        ) from None


DEFAULT_WINDOW_DAYS = 30


def query_day(text: str | None, default: datetime.date) -> datetime.date:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(
            _("Invalid date: %(text)s (expected YYYY-MM-DD)."), text=text
        ) from None


def form_int(text: str | None, field: str) -> int:
    try:
        return int((text or "").strip().lstrip("#"))
    except ValueError:
        raise ValidationFailed(_("%(field)s must be a whole number."), field=field) from None


def form_float(text: str | None, field: str) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationFailed(_("%(field)s must be a number."), field=field) from None


class CarePage:
    """The unit and day a care page shows, from ?unit=CODE&on=YYYY-MM-DD."""

    def __init__(self, request: HttpRequest) -> None:
        self.user = request_user(request)
        self.scope: Scope = request_scope(request)
        given = request.GET.get("on") or request.POST.get("on")
        code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
        if given:
            self.on = query_day(given, today())
        else:
            # No day asked: the latest day the unit is valid on (a unit abolished in the 2025
            # reform ends on 30 June 2025), then the last day with care activity there.
            unit = self._default_unit(code)
            self.on = quarantine_sel.care_default_day(scope=self.scope, unit=unit, today=today())
            code = code or unit.code
        if not code:
            code = self._default_unit("").code
        self.unit: OrgUnit = unit_resolve(code=code, on=self.on, scope=self.scope)
        self.can_write = role_can_write(
            self.user.role, Module.OUTBREAK
        ) and self.scope.can_capture_path(self.unit.path)

    def _default_unit(self, code: str) -> OrgUnit:
        if code:
            return unit_resolve(
                scope=self.scope, code=code, on=today(), policy=UnitPolicy.LATEST_VISIBLE
            )
        newest = quarantine_sel.newest_quarantine_unit(scope=self.scope)
        unit = home_unit(user=self.user, scope=self.scope, on=today(), data_unit=newest)
        if unit is None:
            raise AccessDenied(_("No unit has been assigned to you yet. Ask your administrator."))
        return unit

    def query(self) -> str:
        return f"?unit={self.unit.code}&on={self.on.isoformat()}"

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "on": self.on,
            "can_write": self.can_write,
            "q": self.query(),
            **extra,
        }

    def names(
        self,
        ids: Iterable[int],
        action: str = PersonalDataAction.LIST,
        reason: str | None = None,
    ) -> dict[int, str]:
        """Names the user may see, each read logged; others are shown by number."""
        names = persons_names(user=self.user, scope=self.scope, ids=ids)
        if names:
            person_access_log(actor=self.user, persons=list(names), action=action, reason=reason)
        return names

    def label(
        self,
        *groups: Iterable[Any],
        action: str = PersonalDataAction.LIST,
        reason: str | None = None,
    ) -> None:
        """Set `person_label` on every row (name when visible, else "#id"), logging reads."""
        rows = [r for g in groups for r in g]
        names = self.names((r.person_id for r in rows), action, reason)
        for r in rows:
            r.person_label = names.get(r.person_id) or f"#{r.person_id}"


def back_to(request: HttpRequest, name: str, ctx: CarePage) -> HttpResponse:
    return redirect(reverse(f"outbreak:{name}") + ctx.query())


# The purposes a health officer names before a person's record opens (mục đích truy cập), once
# per person and session; stored with every read of the record that follows.
ACCESS_PURPOSES: tuple[tuple[str, Any], ...] = (
    ("tracing", _lazy("Epidemiological investigation and tracing")),
    ("care", _lazy("Quarantine, isolation and care")),
    ("verify", _lazy("Checking or correcting the record")),
    ("report", _lazy("A report asked for by a higher level")),
)
_REASONS_KEY = "outbreak_access_reasons"


def access_reason(request: HttpRequest, person_id: int) -> str | None:
    """The reason given in this session to open `person_id`'s records, if any."""
    reasons = request.session.get(_REASONS_KEY, {})
    found = reasons.get(str(person_id)) if isinstance(reasons, dict) else None
    return found if isinstance(found, str) and found else None


def access_reason_remember(request: HttpRequest, person_id: int, reason: str) -> None:
    reasons = request.session.get(_REASONS_KEY, {})
    reasons = dict(reasons) if isinstance(reasons, dict) else {}
    reasons[str(person_id)] = reason
    request.session[_REASONS_KEY] = reasons


def access_reason_page(request: HttpRequest, person_id: int) -> HttpResponse:
    """Asked instead of the record: why the officer opens it (nothing of the person shown)."""
    return render(
        request,
        "outbreak/access_reason.html",
        {"person_id": person_id, "next": request.get_full_path(), "purposes": ACCESS_PURPOSES},
    )
