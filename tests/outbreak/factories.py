"""Builders for the outbreak tests. Tracing: persons, cases, venues and check-ins over the
real services (`person`, `case`, `venue`, `checkin`) and two small traces (`traced_setup`,
`two_f2s`). Care: rows made directly (`make_person`, `make_case`, `make_contact`,
`make_facility`, `contacts`), a zone made through the API, a CSV file for the commands."""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.accounts.selectors import user_scope
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.checkin_store import checkins_insert
from dieuhanh.outbreak.models import Case, Contact, Facility, Person, Venue
from dieuhanh.outbreak.services.cases import case_confirm
from dieuhanh.outbreak.services.persons import person_register
from tests.auth import bearer
from tests.conftest import BEFORE, unit_on

VN = ZoneInfo("Asia/Ho_Chi_Minh")
IA_BLANG = "23962"
DUN = "23965"
CHU_SE = "633"
DISTRICT = "633"  # Huyện Chư Sê
TOWNSHIP = "23941"  # Thị trấn Chư Sê (2021)
OTHER_DISTRICT = "632"  # outside Chư Sê
D = datetime.date
JULY_10 = D(2021, 7, 10)
ON = "2021-07-14"
ALL = Scope.everything()

# --- tracing: over the real services ---------------------------------------------------------


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
        **kw,  # type: ignore[arg-type]  # any person_register argument, checked by it
    )


def case(p: Person, onset: datetime.date | None = datetime.date(2021, 7, 10), **kw: object) -> Case:
    defaults: dict[str, object] = {"confirmed_at": at(12, 9), "onset_date": onset}
    defaults.update(kw)
    return case_confirm(actor=None, scope=Scope.everything(), person=p, **defaults)  # type: ignore[arg-type]  # case_confirm args


def venue(name: str = "Chợ Chư Sê") -> Venue:
    return Venue.objects.create(name=name)


def checkin(p: Person, v: Venue, start: datetime.datetime, end: datetime.datetime | None) -> None:
    checkins_insert([(p.pk, v.pk, ep(start), None if end is None else ep(end))])


def traced_setup() -> tuple[Case, Person, Person, Person]:
    index = person("Nguyễn Văn An")
    c = case(index, isolated_at=at(12, 10))
    market, cafe = venue("Chợ Chư Sê"), venue("Quán cà phê Phố Núi")
    f1, f2, before = person("Phạm Thị Dung"), person("Đỗ Văn Em"), person("Lý Văn Sớm")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(f1, market, at(9, 7, 30), at(9, 9))
    checkin(before, market, at(7, 7), at(7, 8))  # before the window (08/07 00:00)
    checkin(index, market, at(7, 7), at(7, 8))
    checkin(f1, cafe, at(10, 19), None)
    checkin(f2, cafe, at(10, 19, 30), None)
    return c, f1, f2, before


def two_f2s() -> tuple[Case, int, list[int]]:
    index, f1 = person("Nguyễn Văn An"), person("Phạm Thị Dung")
    c = case(index, isolated_at=at(12, 10))
    market, cafe, shop = venue("Chợ Chư Sê"), venue("Quán cà phê Phố Núi"), venue("Tạp hóa Hòa")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(f1, market, at(9, 7, 30), at(9, 9))
    f2s = [person("Đỗ Văn Em"), person("Lý Thị Hoa")]
    for p in f2s:  # each meets the F1 twice: listed once, at the first
        checkin(p, cafe, at(10, 19, 30), None)
        checkin(p, shop, at(11, 9), at(11, 10))
    checkin(f1, cafe, at(10, 19), None)
    checkin(f1, shop, at(11, 9), at(11, 11))
    return c, f1.pk, [p.pk for p in f2s]


# --- care: rows made directly --------------------------------------------------------------


def make_person(code: str = TOWNSHIP, name: str = "Nguyễn Văn A", on: D = BEFORE) -> Person:
    unit = unit_on(code, on)
    return Person.objects.create(full_name=name, unit=unit, unit_path=unit.path, birth_year=1990)


def make_case(person: Person, confirmed: D = JULY_10) -> Case:
    at = timezone.make_aware(datetime.datetime.combine(confirmed, datetime.time(9)))
    return Case.objects.create(
        person=person, code=f"BN{person.pk}", confirmed_at=at, unit_path=person.unit_path
    )


def make_contact(case: Case, person: Person, generation: int = 1) -> Contact:
    return Contact.objects.create(
        case=case,
        person=person,
        generation=generation,
        last_exposure_at=case.confirmed_at,
        follow_up_until=D(2021, 8, 1),
        unit_path=person.unit_path,
    )


def make_facility(code: str = DISTRICT, capacity: int = 2) -> Facility:
    unit = unit_on(code)
    return Facility.objects.create(
        unit=unit, unit_path=unit.path, name="Khu cách ly tập trung huyện Chư Sê", capacity=capacity
    )


def scope_of(user: User) -> Scope:
    return user_scope(user=user)


def contacts(n: int) -> list[Contact]:
    case = make_case(make_person(name="F0"))
    return [make_contact(case, make_person(name=f"F1 {i}")) for i in range(n)]


# --- through the interfaces -----------------------------------------------------------------


def zone_created(client: Client, user: User) -> dict[str, object]:
    response = client.post(
        "/api/outbreak/care/zones",
        {
            "unit": "23941",
            "name": "Phong tỏa Tổ dân phố 3",
            "kind": "lockdown",
            "shape": "circle",
            "start": "2021-06-10",
            "center_lat": 13.7015,
            "center_lon": 108.079,
            "radius_m": 250,
        },
        content_type="application/json",
        **bearer(user),
    )
    zone: dict[str, object] = response.json()
    return zone


def csv_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def reasoned(client: Client, person_id: int, purpose: str = "tracing") -> Client:
    """`client` after giving, for this session, the reason to open `person_id`'s records."""
    response = client.post(f"/outbreak/persons/{person_id}/reason/", {"purpose": purpose})
    assert response.status_code == 302, response.content[:300]
    return client
