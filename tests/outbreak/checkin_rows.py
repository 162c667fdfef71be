"""Check-in rows for the packed store's tests: seeded random rows around 1 June 2021 and the
blocks as stored (to compare two loads byte for byte)."""

from __future__ import annotations

import random

from django.db import connection
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.checkin_blocks import PERSON_BUCKET

BASE = 1_622_480_400  # 2021-06-01 00:00 +07:00
SPAN_EDGE = (BASE // PERSON_BUCKET + 1) * PERSON_BUCKET  # a person-block boundary (UTC)

stays = st.lists(
    st.tuples(
        st.integers(1, 6),
        st.integers(1, 3),
        st.integers(0, 40),
        st.one_of(st.none(), st.integers(1, 12)),
    ),
    max_size=30,
)
"""Random check-ins as (person, venue, start step, stay in half hours or None): the property
tests' rows."""

EDGE_IDS = {1: 1, 2: 63, 3: 64, 4: 255, 5: 256, 6: 2**31 - 1}
"""Ids for `stays`' small ones that sit either side of a chunk edge (64 venues, 256 persons)
and at the top of the int32 range."""


def checkin_rows(seed: int, n: int = 400) -> list[tuple[int, int, int, int | None]]:
    rng = random.Random(seed)
    rows: list[tuple[int, int, int, int | None]] = []
    for _ in range(n):
        start = BASE + rng.randrange(0, 5 * 86400, 300)
        end = None if rng.random() < 0.3 else start + rng.randrange(300, 4 * 3600, 300)
        rows.append((rng.randint(1, 40), rng.randint(1, 6), start, end))
    return rows


def stored_blocks() -> dict[str, list[tuple[int, int, int, int, bytes]]]:
    out = {}
    with connection.cursor() as cursor:
        for table, key, bucket in (
            ("outbreak_checkinvenueblock", "venue_id", "day"),
            ("outbreak_checkinpersonblock", "person_id", "span"),
        ):
            cursor.execute(
                f"SELECT {key}, {bucket}, count, last_end, data FROM {table} "
                f"ORDER BY {key}, {bucket}"
            )
            out[table] = [(k, b, c, e, bytes(d)) for k, b, c, e, d in cursor.fetchall()]
    return out
