"""What the direction pages share: the page context (tabs the role may see), the unit and day a page
is about, the review period asked for, and the CSV answer of an export (text cells neutralised:
a title "=HYPERLINK(…)" reaches the spreadsheet as text, never as a formula)."""

from __future__ import annotations

import csv
import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from dieuhanh.accounts.access import request_user
from dieuhanh.core.cells import neutralise_row
from dieuhanh.core.commands import today
from dieuhanh.core.opening import opening_period
from dieuhanh.core.scope import request_scope
from dieuhanh.direction.access import default_unit, modules_of
from dieuhanh.direction.forms import get_date, get_int, period_bounds
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import UnitPolicy, unit_resolve
from dieuhanh.periods import PeriodKind


def page_context(request: HttpRequest, section: str, **extra: object) -> dict[str, object]:
    return {"section": section, "can": modules_of(request.user), **extra}


def next_url(request: HttpRequest, default: str) -> str:
    """The page to go back to: a local path only."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return default


def unit_and_day(request: HttpRequest) -> tuple[OrgUnit | None, datetime.date]:
    scope = request_scope(request)
    on = get_date(request.GET, "on", _("as of"), required=False) or today()
    code = request.GET.get("unit", "").strip()
    if code:
        return unit_resolve(code=code, on=on, scope=scope, policy=UnitPolicy.LATEST_BEFORE), on
    return default_unit(user=request_user(request), scope=scope, on=on), on


def day_for(unit: OrgUnit, day: datetime.date, fallback: datetime.date) -> datetime.date:
    """`day` when `unit` still exists then; otherwise `fallback` (a 2021 district's records are
    dated while it existed)."""
    return day if unit.is_valid_on(day) else fallback


def year_asked(request: HttpRequest) -> int:
    return (
        get_int(request.GET, "year", _("year"), required=False, low=2000, high=2100) or today().year
    )


def csv_response(filename: str, header: list[str], rows: list[list[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    writer = csv.writer(response)
    writer.writerow(neutralise_row(header))
    writer.writerows(neutralise_row(row) for row in rows)
    return response


def period_asked(
    request: HttpRequest, unit: OrgUnit | None = None, newest: datetime.date | None = None
) -> tuple[datetime.date, datetime.date, str]:
    """The half-year asked for; else the one holding the page's newest record under `unit`
    (the opening rule, `core.opening`)."""
    code = request.GET.get("period", "").strip()
    if not code:
        valid_to = unit.valid_to if unit is not None else None
        code = opening_period(
            today=today(), newest=newest, kind=PeriodKind.HALF_YEAR, valid_to=valid_to
        ).code
    return period_bounds(code)
