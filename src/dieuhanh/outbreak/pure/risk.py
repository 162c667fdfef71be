"""Commune risk levels (cấp độ dịch) from configurable criteria, and zone geometry.

Levels 1..4 (low, medium, high, very high) come from the new cases per 100,000 people over the
last 7 days, against increasing thresholds; a vaccination coverage at or above the relief
coverage lowers the level by one (never below 1). Geometry works on WGS84 degrees: circles by
great-circle distance, polygons by ray casting (fine at the size of a village or township).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8
LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class RiskCriteria:
    """`thresholds`: three increasing weekly incidences (per 100,000) opening levels 2, 3, 4."""

    thresholds: tuple[float, float, float] = (20.0, 50.0, 150.0)
    relief_coverage: float | None = 0.7  # vaccinated share lowering the level by one

    def problems(self) -> list[str]:
        out: list[str] = []
        a, b, c = self.thresholds
        if not 0 <= a < b < c:
            out.append("thresholds must be non-negative and strictly increasing")
        if self.relief_coverage is not None and not 0 < self.relief_coverage <= 1:
            out.append("relief coverage must lie in (0, 1]")
        return out


def weekly_incidence(*, new_cases_7d: int, population: int) -> float | None:
    """New cases per 100,000 people over 7 days (None without a population)."""
    if new_cases_7d < 0:
        raise ValueError("new cases cannot be negative")
    if population <= 0:
        return None
    return new_cases_7d * 100_000 / population


def risk_level(incidence: float | None, coverage: float | None, criteria: RiskCriteria) -> int:
    """The level (1..4). Without an incidence (no population) the level is 1 unless cases
    exist, which the caller reports separately."""
    if incidence is None:
        return 1
    level = 1 + sum(1 for t in criteria.thresholds if incidence >= t)
    if (
        criteria.relief_coverage is not None
        and coverage is not None
        and coverage >= criteria.relief_coverage
    ):
        level = max(1, level - 1)
    return level


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def in_circle(lat: float, lon: float, *, center: tuple[float, float], radius_m: float) -> bool:
    """Inside (or on the edge of) the circle of `radius_m` around `center` (lat, lon)."""
    return distance_m(lat, lon, center[0], center[1]) <= radius_m


def in_polygon(lat: float, lon: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Inside the polygon of (lat, lon) vertices (ray casting; the ring need not be closed)."""
    inside = False
    n = len(ring)
    if n < 3:
        return False
    j = n - 1
    for i in range(n):
        yi, xi = ring[i]
        yj, xj = ring[j]
        if (yi > lat) != (yj > lat):
            x_cross = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def polygon_problems(ring: Sequence[tuple[float, float]]) -> list[str]:
    out: list[str] = []
    if len(ring) < 3:
        out.append("a polygon needs at least 3 points")
    for lat, lon in ring:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            out.append(f"point ({lat}, {lon}) is not a valid latitude/longitude")
    return out


@dataclass(frozen=True)
class Gap:
    """Required against available for one readiness item (4 tại chỗ)."""

    required: int
    available: int

    @property
    def missing(self) -> int:
        return max(self.required - self.available, 0)

    @property
    def ready_pct(self) -> float | None:
        if self.required <= 0:
            return None
        return min(self.available / self.required, 1.0) * 100.0
