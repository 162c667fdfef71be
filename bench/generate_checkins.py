"""A deterministic province-scale check-in store for the outbreak benchmarks (vectorised numpy).

Scales (`--scale`):
- default: 50,000 people, 2,000 venues, 30 days, 1,000,000 check-ins (CI-sized);
- full:    1,500,000 people, 20,000 venues, 30 days, 100,000,000 check-ins (the issue's target).

Each person has three usual venues (home commune market, workplace, café) drawn with a skewed
popularity; 85 % of their check-ins are at one of them, the rest anywhere. Check-ins fall in
daytime hours (06:00–21:00 of one of the days), stays last 5 minutes to 3 hours, about one in
five has no check-out (60 minutes). Rows come as numpy columns, `chunk` rows at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from dieuhanh.outbreak.pure.checkin_blocks import NO_CHECKOUT, CheckInColumns

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


def checkin_columns(
    scale: Scale,
    *,
    seed: int = 2021,
    chunk: int = 5_000_000,
    first_person: int = 1,
    total: int | None = None,
) -> Iterator[CheckInColumns]:
    """`total` (default: the scale's) check-ins as columns, `chunk` rows at a time. Person k
    (from `first_person`) has the check-ins `k * per_person …` of the sequence."""
    rng = np.random.default_rng(seed)
    total = scale.checkins if total is None else total
    per_person = max(1, scale.checkins // scale.people)
    weights = 1.0 / np.arange(1, scale.venues + 1, dtype=np.float64) ** 0.8
    habits = rng.choice(
        np.arange(1, scale.venues + 1, dtype=np.int64),
        size=3 * scale.people,
        p=weights / weights.sum(),
    )
    for a in range(0, total, chunk):
        m = min(chunk, total - a)
        index = (np.arange(a, a + m, dtype=np.int64) // per_person) % scale.people
        usual = habits[3 * index + rng.integers(0, 3, m)]
        anywhere = rng.integers(1, scale.venues + 1, m, dtype=np.int64)
        venue = np.where(rng.random(m) < 0.85, usual, anywhere)
        start = (
            START
            + rng.integers(0, scale.days, m, dtype=np.int64) * DAY
            + rng.integers(6 * 3600, 21 * 3600, m, dtype=np.int64)
        )
        stay = rng.integers(5 * 60, 3 * 3600, m, dtype=np.int64)
        checkout = np.where(rng.random(m) < 0.2, NO_CHECKOUT, start + stay)
        yield CheckInColumns(first_person + index, venue, start, checkout)
