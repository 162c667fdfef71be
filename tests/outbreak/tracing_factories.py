"""Builders for the tracing tests (persons, cases, venues, check-ins) over the real services."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import checkins_insert
from dieuhanh.outbreak.models import Case, Person, Venue
from dieuhanh.outbreak.services.cases import case_confirm
from dieuhanh.outbreak.services.persons import person_register
from tests.conftest import unit_on

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IA_BLANG = "23962"
DUN = "23965"
CHU_SE = "633"


def at(day: int, hour: int = 0, minute: int = 0, month: int = 7) -> datetime.datetime:
    return datetime.datetime(2021, month, day, hour, minute, tzinfo=VN)


def ep(value: datetime.datetime) -> int:
    return int(value.timestamp())


def person(name: str = "Nguyễn Văn An", code: str = IA_BLANG, **kw: object) -> Person:
    return person_register(
        actor=None,
        scope=Scope.everything(),
        full_name=name,
        unit=unit_on(code),
        allow_duplicate=True,
        **kw,  # type: ignore[arg-type]
    )


def case(p: Person, onset: datetime.date | None = datetime.date(2021, 7, 10), **kw: object) -> Case:
    defaults: dict[str, object] = {"confirmed_at": at(12, 9), "onset_date": onset}
    defaults.update(kw)
    return case_confirm(actor=None, scope=Scope.everything(), person=p, **defaults)  # type: ignore[arg-type]


def venue(name: str = "Chợ Chư Sê") -> Venue:
    return Venue.objects.create(name=name)


def checkin(p: Person, v: Venue, start: datetime.datetime, end: datetime.datetime | None) -> None:
    checkins_insert([(p.pk, v.pk, ep(start), None if end is None else ep(end))])
