"""How rows that point at a unit version are dated (thời điểm của số liệu theo đơn vị).

A unit version is valid over a span of days; a value of 2025S1, a task assigned on a day or a
new-rural assessment of a year belongs to the version in force then; a user's grant belongs to
the unit's last version. When a new unit dataset
splits a stored version in time (the old dataset's one Huyện Phú Vang of 2019–2025 becomes a
version to 2025-01-03 and another from 2025-01-04), `orgunits upgrade-data` moves each dated row
to the version it belongs to. Models declare their dating as a class attribute::

    unit_dating: ClassVar[tuple[UnitDating, ...]] = (
        UnitDating("unit", start="period_start", end="period_end"),
    )

The upgrade finds them through the model registry, so orgunits imports no app above it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dieuhanh.periods import PeriodError, parse_period


@dataclass(frozen=True)
class UnitDating:
    """One foreign key to a unit and the fields that date the row: `start` (and `end`, or the
    same day when there is no end or it is empty), a `period` code (its first and last day), or
    a `year` (1 January – 31 December). Exactly one of start, period and year is set."""

    unit: str
    start: str | None = None
    end: str | None = None
    period: str | None = None
    year: str | None = None
    latest: bool = False
    """Undated: the row belongs to the last version of its unit (a user's grant is over the unit
    as it is governed now; its history is seen through the successions)."""

    def __post_init__(self) -> None:
        dated = sum(x is not None for x in (self.start, self.period, self.year))
        if dated + int(self.latest) != 1:
            raise ValueError("UnitDating needs exactly one of start, period, year and latest")
        if self.end is not None and self.start is None:
            raise ValueError("UnitDating: end needs start")

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields to read, in the order `span` takes them."""
        if self.latest:
            return ()
        if self.start is not None:
            return (self.start, self.end) if self.end is not None else (self.start,)
        return (self.period,) if self.period is not None else (str(self.year),)

    def span(self, values: tuple[object, ...]) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day of a row from the values of `fields`; None when the row
        carries no readable date (it then stays where it is), or is dated by `latest`."""
        if self.latest:
            return None
        if self.period is not None:
            try:
                period = parse_period(str(values[0]))
            except PeriodError:
                return None
            return period.start, period.end
        if self.year is not None:
            if values[0] is None:
                return None
            year = int(str(values[0]))
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        first = _day(values[0])
        if first is None:
            return None
        last = _day(values[1]) if len(values) > 1 else None
        return first, (last if last is not None and last >= first else first)


def _day(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value in (None, ""):
        return None
    return datetime.date.fromisoformat(str(value)[:10])
