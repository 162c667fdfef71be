"""The unit and period pickers (bộ chọn đơn vị, kỳ) every page shares: no page asks the user to
type a unit code or a period code. The choices are plain HTML (a select of periods works without
script); `web/pickers.js` adds the accent-insensitive name search and the filter by kind."""

from __future__ import annotations

import datetime
import functools

from django import template
from django.utils.translation import get_language
from django.utils.translation import pgettext_lazy as pgettext

from dieuhanh.core.commands import today
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.periods import Period, PeriodKind, parse_period

register = template.Library()

# The first year the demo and the packaged units reach back to.
FIRST_YEAR = 2019

KIND_LABELS = {
    PeriodKind.MONTH: pgettext("period kind", "Month"),
    PeriodKind.QUARTER: pgettext("period kind", "Quarter"),
    PeriodKind.HALF_YEAR: pgettext("period kind", "Half-year"),
    PeriodKind.NINE_MONTHS: pgettext("period kind", "Nine months"),
    PeriodKind.YEAR: pgettext("period kind", "Year"),
}


def period_text(period: Period | str | None) -> str:
    """A period as people read it, in the interface language: "tháng 12 năm 2021"."""
    if period is None or period == "":
        return ""
    found = parse_period(period) if isinstance(period, str) else period
    return found.label(get_language() or "vi")


@register.filter
def period_label(period: Period | str | None) -> str:
    """`{{ c.period|period_label }}`: "6 tháng đầu năm 2021" for "2021S1"; a code that is not a
    period is shown as it is."""
    try:
        return period_text(period)
    except ValueError:
        return str(period)


def period_choices(
    last_year: int, kinds: tuple[PeriodKind, ...]
) -> list[tuple[PeriodKind, str, list[Period]]]:
    """Every period of each kind from FIRST_YEAR to `last_year`, newest first."""
    out = []
    for kind in kinds:
        periods: list[Period] = []
        for year in range(last_year, FIRST_YEAR - 1, -1):
            whole = Period.containing(datetime.date(year, 1, 1), PeriodKind.YEAR)
            if kind is PeriodKind.YEAR:
                periods.append(whole)
            elif kind is PeriodKind.NINE_MONTHS:
                periods.append(Period(kind, year))
            else:
                periods.extend(reversed(whole.subperiods(kind)))
        out.append((kind, str(KIND_LABELS[kind]), periods))
    return out


@functools.lru_cache(maxsize=64)
def _period_groups(
    last_year: int, allowed: tuple[PeriodKind, ...], language: str
) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """The picker's choices: the same for every page of a year and a language (built once per
    process: several hundred labels, read only by the template)."""
    return [
        (kind.value, label, [(p.code, p.label(language), p.end.isoformat()) for p in periods])
        for kind, label, periods in period_choices(last_year, allowed)
    ]


@register.inclusion_tag("web/_period_picker.html")
def period_picker(
    period: Period | str | None, field_id: str, name: str = "period", kinds: str = ""
) -> dict[str, object]:
    """`{% period_picker period "review-period" %}`: a chooser by kind (month, quarter,
    half-year, year) and then the period, labelled as people say it."""
    if isinstance(period, str):
        try:
            period = parse_period(period) if period else None
        except ValueError:
            period = None
    allowed = tuple(PeriodKind(k) for k in kinds.split(",") if k) or (
        PeriodKind.MONTH,
        PeriodKind.QUARTER,
        PeriodKind.HALF_YEAR,
        PeriodKind.NINE_MONTHS,
        PeriodKind.YEAR,
    )
    last_year = max(today().year, period.year if period else 0)
    return {
        "field_id": field_id,
        "name": name,
        "groups": _period_groups(last_year, allowed, get_language() or "vi"),
        "selected": period.code if period else "",
        "selected_kind": period.kind.value if period else PeriodKind.HALF_YEAR.value,
    }


@register.inclusion_tag("web/_unit_picker.html")
def unit_picker(
    unit: OrgUnit | str | None,
    field_id: str,
    on: datetime.date | Period | str | None = None,
    name: str = "unit",
) -> dict[str, object]:
    """`{% unit_picker unit "review-unit" period %}`: a search box for a unit's name (accents
    not needed) among the units of the user's scope valid on `on` (of a period: its last day),
    which submits the unit's code."""
    day: datetime.date | None = None
    if isinstance(on, Period):
        day = on.end
    elif isinstance(on, datetime.date):
        day = on
    elif on:  # a date written in a query string
        try:
            day = datetime.date.fromisoformat(on)
        except ValueError:
            day = None
    code = unit.code if isinstance(unit, OrgUnit) else (unit or "")
    return {
        "code": code,
        "label": unit.name if isinstance(unit, OrgUnit) else code,
        "field_id": field_id,
        "name": name,
        "unit": unit,
        "on": (day or today()).isoformat(),
    }
