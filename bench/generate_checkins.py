"""A deterministic province-scale check-in store for the outbreak benchmarks.

Scales (`--scale`):
- default: 50,000 people, 2,000 venues, 30 days, 1,000,000 check-ins (CI-sized);
- full:    1,500,000 people, 20,000 venues, 30 days, 100,000,000 check-ins (the issue's target).

Each person has a few usual venues (home commune market, workplace, café) drawn with a skewed
popularity, check-ins fall in daytime hours, about one in five has no check-out (60 minutes).
Rows come in chunks so the full scale never sits in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

START = 1_622_480_400  # 2021-06-01 00:00 +07:00
DAY = 86_400


@dataclass(frozen=True)
class Scale:
    people: int
    venues: int
    days: int
    checkins: int


SCALES = {
    "default": Scale(50_000, 2_000, 30, 1_000_000),
    "full": Scale(1_500_000, 20_000, 30, 100_000_000),
}


def checkin_chunks(
    scale: Scale, *, seed: int = 2021, chunk: int = 200_000, first_person: int = 1
) -> Iterator[list[tuple[int, int, int, int | None]]]:
    """(person_id, venue_id, checked_in_at, checked_out_at) rows, `chunk` at a time."""
    rng = random.Random(seed)  # noqa: S311 (deterministic data)
    per_person = max(1, scale.checkins // scale.people)
    # a skewed venue popularity: a few markets and bus stations, many small shops
    weights = [1.0 / (i + 1) ** 0.8 for i in range(scale.venues)]
    popular = rng.choices(range(1, scale.venues + 1), weights=weights, k=scale.people * 3)
    rows: list[tuple[int, int, int, int | None]] = []
    made = 0
    person = 0
    while made < scale.checkins:
        habits = popular[3 * person : 3 * person + 3]
        pid = first_person + person
        for _ in range(min(per_person, scale.checkins - made)):
            venue = (
                habits[rng.randrange(3)] if rng.random() < 0.85 else rng.randint(1, scale.venues)
            )
            start = START + rng.randrange(scale.days) * DAY + rng.randrange(6 * 3600, 21 * 3600)
            stay = rng.randrange(5 * 60, 3 * 3600)
            rows.append((pid, venue, start, None if rng.random() < 0.2 else start + stay))
            made += 1
            if len(rows) >= chunk:
                yield rows
                rows = []
        person = (person + 1) % scale.people
    if rows:
        yield rows
