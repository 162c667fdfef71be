"""Builders (no tests) for the scale tests: one case at a market, `n` persons checked in
there during the case's stay (all F1), optionally `f2` persons meeting the first F1s elsewhere.

Persons are created with `bulk_create` (the services would take minutes for 20,000) and the
check-ins go through the packed store's bulk load, so the engine traces them for real.
"""

from __future__ import annotations

from dieuhanh.outbreak.checkin_store import checkins_insert
from dieuhanh.outbreak.models import Case, Person, Venue
from tests.conftest import unit_on
from tests.outbreak.factories import IA_BLANG, at, case, ep, person, venue

GIVEN = ("Văn", "Thị", "Đức", "Ngọc", "Minh")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Rơ Lan", "Ksor", "Siu")

Crowd = tuple[Case, list[int], list[int]]
"""A traced crowd: the case, the ids of its F1 persons, the ids of its F2 persons."""


def crowd(n: int, code: str = IA_BLANG, prefix: str = "Khách") -> list[int]:
    """`n` persons of unit `code`, ids in creation order."""
    unit = unit_on(code)
    rows = [
        Person(
            full_name=f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]} {prefix} {i}",
            unit=unit,
            unit_path=unit.path,
        )
        for i in range(n)
    ]
    Person.objects.bulk_create(rows, batch_size=2000)
    return [p.pk for p in rows]


def traced_crowd(n: int, f2: int = 0) -> Crowd:
    """A case whose trace holds `n` F1 persons (one interval each) and `f2` F2 persons."""
    index = person("Nguyễn Văn An")
    c = case(index, isolated_at=at(12, 10))
    market = venue("Chợ Chư Sê")
    f1s = crowd(n)
    rows: list[tuple[int, int, int, int | None]] = [
        (index.pk, market.pk, ep(at(9, 7)), ep(at(9, 11)))
    ]
    start = ep(at(9, 7))
    rows += [(pid, market.pk, start + (i % 180) * 60, None) for i, pid in enumerate(f1s)]
    f2s: list[int] = []
    if f2:
        cafe = venue("Quán cà phê Phố Núi")
        f2s = crowd(f2, prefix="Bạn")
        evening = ep(at(10, 19))
        rows += [(pid, cafe.pk, evening, evening + 3600) for pid in f1s[:50]]
        rows += [(pid, cafe.pk, evening + (i % 30) * 60, None) for i, pid in enumerate(f2s)]
    checkins_insert(rows)
    return c, f1s, f2s


def later_visit(c: Case, persons: list[int], day: int = 11) -> None:
    """The case and `persons` meet again on `day` (a later last exposure)."""
    shop: Venue = venue("Tạp hóa Hương")
    when = ep(at(day, 8))
    rows: list[tuple[int, int, int, int | None]] = [(c.person_id, shop.pk, when, when + 7200)]
    rows += [(pid, shop.pk, when + 600, when + 1800) for pid in persons]
    checkins_insert(rows)
