"""Where a page opens (mở trang ở đâu): the one rule for the unit, period and day of a page asked
without a query string (docs/design.md §2.10).

1. The unit: the one asked for; else the user's own unit (the highest of their grants); else,
   for a user without grants (administrators), the top of the tree above the unit holding the
   page's newest data; else the first unit at the top of the tree.
2. The day: the one asked for; else the newest day with data of the page under that unit,
   never after today, never after the unit's last day (a district abolished in 2025 opens on
   its own newest data, not on an empty today).
3. The period: the one asked for; else the period of the page's kind containing that day.

Each page knows what its data is (values, incidents, cases, assessments) and passes its newest
day; this module only combines, so that every page and the dashboard agree.
"""

from __future__ import annotations

import datetime

from dieuhanh.periods import Period, PeriodKind


def opening_day(
    *,
    today: datetime.date,
    newest: datetime.date | None,
    valid_to: datetime.date | None = None,
) -> datetime.date:
    """The day a page opens on: the newest day with data, capped by today and the unit's last
    day; today (capped by the unit's last day) when nothing is there yet."""
    day = today if newest is None else min(newest, today)
    if valid_to is not None and valid_to < day:
        day = valid_to
    return day


def opening_period(
    *,
    today: datetime.date,
    newest: datetime.date | None,
    kind: PeriodKind,
    valid_to: datetime.date | None = None,
) -> Period:
    """The period of `kind` a page opens on: the one containing the opening day."""
    return Period.containing(opening_day(today=today, newest=newest, valid_to=valid_to), kind)
