"""The database store (indexed reads, batched F2 prefetch) gives what the brute force gives."""

from __future__ import annotations

import random

import pytest

from dieuhanh.outbreak.pure.tracing import Stay, stay_end, trace, trace_brute_force
from dieuhanh.outbreak.selectors import DbCheckIns
from dieuhanh.outbreak.services import checkins_bulk_load, checkins_insert

pytestmark = pytest.mark.django_db
BASE = 1_622_480_400


def _rows(seed: int) -> list[tuple[int, int, int, int | None]]:
    rng = random.Random(seed)
    rows: list[tuple[int, int, int, int | None]] = []
    for _ in range(400):
        start = BASE + rng.randrange(0, 5 * 86400, 300)
        end = None if rng.random() < 0.3 else start + rng.randrange(300, 4 * 3600, 300)
        rows.append((rng.randint(1, 40), rng.randint(1, 6), start, end))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("depth", [1, 2])
def test_database_trace_matches_brute_force(seed: int, depth: int) -> None:
    rows = _rows(seed)
    checkins_insert(rows)
    plain = [Stay(p, v, s, stay_end(s, e)) for p, v, s, e in rows]
    start, end = BASE + 86400, BASE + 3 * 86400
    isolation = {5: BASE + 2 * 86400, 9: BASE + 4 * 86400}
    fast = trace(DbCheckIns(), case=1, start=start, end=end, depth=depth, isolation=isolation)
    slow = trace_brute_force(plain, case=1, start=start, end=end, depth=depth, isolation=isolation)
    assert fast == slow and fast


def test_f2_reads_are_batched() -> None:
    checkins_insert(_rows(4))
    store = DbCheckIns()
    trace(store, case=1, start=BASE, end=BASE + 5 * 86400, depth=2)
    f1_only = DbCheckIns()
    trace(f1_only, case=1, start=BASE, end=BASE + 5 * 86400, depth=1)
    assert store.queries <= f1_only.queries + 4


def test_bulk_load_keeps_the_indexes() -> None:
    from django.db import connection

    checkins_bulk_load([_rows(5)])
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "outbreak_checkin"))
    assert {"checkin_venue_time", "checkin_person_time"} <= names
