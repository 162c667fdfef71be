"""Public holidays of Viet Nam (ngày nghỉ lễ, Tết) as data: the days off for state agencies.

Fixed holidays (Labour Code 2019, art. 112): 1 January; Tết Nguyên đán (five days, set each
year by the Prime Minister's decision together with swapped days); the Hùng Kings'
commemoration (10th day of the 3rd lunar month); 30 April; 1 May; 2 September and one adjacent
day. The lists below are the days actually off per year, including compensating and swapped
days announced by the Ministry of Labour (Ministry of Home Affairs from 2025). Add a year's list
when it is announced; a year without a list falls back to the fixed solar holidays only.
"""

from __future__ import annotations

import datetime

_D = datetime.date


def _days(first: datetime.date, last: datetime.date) -> tuple[datetime.date, ...]:
    n = (last - first).days
    return tuple(first + datetime.timedelta(days=i) for i in range(n + 1))


# Days off per year (weekends inside the ranges are harmless: they are non-working anyway).
HOLIDAYS: dict[int, tuple[datetime.date, ...]] = {
    2020: (
        _D(2020, 1, 1),
        *_days(_D(2020, 1, 23), _D(2020, 1, 29)),
        _D(2020, 4, 2),
        _D(2020, 4, 30),
        _D(2020, 5, 1),
        _D(2020, 9, 2),
    ),
    2021: (
        _D(2021, 1, 1),
        *_days(_D(2021, 2, 10), _D(2021, 2, 16)),
        _D(2021, 4, 21),
        _D(2021, 4, 30),
        _D(2021, 5, 3),  # 1 May fell on a Saturday
        _D(2021, 9, 2),
        _D(2021, 9, 3),
    ),
    2022: (
        _D(2022, 1, 3),  # 1 January fell on a Saturday
        *_days(_D(2022, 1, 31), _D(2022, 2, 4)),
        _D(2022, 4, 11),  # 10/3 lunar fell on a Sunday
        _D(2022, 5, 2),
        _D(2022, 5, 3),
        _D(2022, 9, 1),
        _D(2022, 9, 2),
    ),
    2023: (
        _D(2023, 1, 2),
        *_days(_D(2023, 1, 20), _D(2023, 1, 26)),
        *_days(_D(2023, 4, 29), _D(2023, 5, 3)),
        _D(2023, 9, 1),
        _D(2023, 9, 4),
    ),
    2024: (
        _D(2024, 1, 1),
        *_days(_D(2024, 2, 8), _D(2024, 2, 14)),
        _D(2024, 4, 18),
        *_days(_D(2024, 4, 29), _D(2024, 5, 1)),
        _D(2024, 9, 2),
        _D(2024, 9, 3),
    ),
    2025: (
        _D(2025, 1, 1),
        *_days(_D(2025, 1, 27), _D(2025, 1, 31)),
        _D(2025, 4, 7),
        _D(2025, 4, 30),
        _D(2025, 5, 1),
        _D(2025, 5, 2),
        _D(2025, 9, 1),
        _D(2025, 9, 2),
    ),
    2026: (
        _D(2026, 1, 1),
        _D(2026, 1, 2),
        *_days(_D(2026, 2, 16), _D(2026, 2, 20)),
        _D(2026, 4, 27),
        _D(2026, 4, 30),
        _D(2026, 5, 1),
        _D(2026, 9, 1),
        _D(2026, 9, 2),
    ),
}


def fixed_holidays(year: int) -> tuple[datetime.date, ...]:
    """The solar-calendar holidays, for a year without an announced list."""
    return (_D(year, 1, 1), _D(year, 4, 30), _D(year, 5, 1), _D(year, 9, 2))


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """Every public holiday in [start, end]."""
    days: set[datetime.date] = set()
    for year in range(start.year, end.year + 1):
        days.update(HOLIDAYS.get(year, fixed_holidays(year)))
    return frozenset(d for d in days if start <= d <= end)
