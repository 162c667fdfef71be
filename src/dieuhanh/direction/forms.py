"""Reading typed values out of submitted forms and query strings, with clear errors."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dieuhanh.core.errors import ValidationFailed
from dieuhanh.core.periods import period_parse


def get_date(
    data: Mapping[str, str], name: str, label: str | Promise, *, required: bool = True
) -> datetime.date | None:
    text = (data.get(name) or "").strip()
    if not text:
        if required:
            raise ValidationFailed(_("%(field)s is required."), field=label)
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not a date (YYYY-MM-DD)."), field=label, value=text
        ) from None


def req_date(data: Mapping[str, str], name: str, label: str | Promise) -> datetime.date:
    day = get_date(data, name, label)
    assert day is not None
    return day


def get_int(
    data: Mapping[str, str],
    name: str,
    label: str | Promise,
    *,
    required: bool = True,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    text = (data.get(name) or "").strip().replace(".", "")
    if not text:
        if required:
            raise ValidationFailed(_("%(field)s is required."), field=label)
        return None
    try:
        value = int(text)
    except ValueError:
        raise ValidationFailed(
            _("%(field)s: %(value)s is not a whole number."), field=label, value=text
        ) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationFailed(
            _("%(field)s must be between %(low)s and %(high)s."),
            field=label,
            low=low if low is not None else "",
            high=high if high is not None else "",
        )
    return value


def req_int(
    data: Mapping[str, str],
    name: str,
    label: str | Promise,
    *,
    low: int | None = None,
    high: int | None = None,
) -> int:
    value = get_int(data, name, label, low=low, high=high)
    assert value is not None
    return value


def period_bounds(code: str) -> tuple[datetime.date, datetime.date, str]:
    """A period code (2021, 2021S1, 2021Q3, 202107) as its first and last day."""
    period = period_parse(code)
    return period.start, period.end, period.code
