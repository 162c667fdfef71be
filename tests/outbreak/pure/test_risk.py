"""Risk levels from weekly incidence and vaccination, zone geometry, readiness gaps
(outbreak/pure/risk.py)."""

from __future__ import annotations

import pytest

from dieuhanh.outbreak.pure.risk import (
    Gap,
    RiskCriteria,
    distance_m,
    in_circle,
    in_polygon,
    risk_level,
    weekly_incidence,
)


def test_weekly_incidence_per_100000() -> None:
    assert weekly_incidence(new_cases_7d=7, population=35_000) == 20.0


def test_incidence_without_population_is_unknown() -> None:
    assert weekly_incidence(new_cases_7d=3, population=0) is None


@pytest.mark.parametrize(
    ("incidence", "level"), [(0.0, 1), (19.99, 1), (20.0, 2), (49.9, 2), (50.0, 3), (150.0, 4)]
)
def test_risk_level_thresholds_are_inclusive(incidence: float, level: int) -> None:
    assert risk_level(incidence, None, RiskCriteria()) == level


def test_high_vaccination_coverage_lowers_the_level_by_one() -> None:
    assert risk_level(60.0, 0.7, RiskCriteria()) == 2


def test_coverage_never_lowers_below_level_one() -> None:
    assert risk_level(0.0, 0.95, RiskCriteria()) == 1


def test_criteria_with_decreasing_thresholds_are_refused() -> None:
    assert RiskCriteria(thresholds=(50.0, 20.0, 150.0)).problems() != []


def test_distance_of_one_hundredth_degree_of_latitude_is_about_1112_m() -> None:
    assert distance_m(13.70, 108.08, 13.71, 108.08) == pytest.approx(1111.95, abs=0.5)


def test_point_on_the_circle_edge_is_inside() -> None:
    d = distance_m(13.70, 108.08, 13.701, 108.08)
    assert in_circle(13.701, 108.08, center=(13.70, 108.08), radius_m=d)


def test_point_beyond_the_radius_is_outside() -> None:
    assert not in_circle(13.71, 108.08, center=(13.70, 108.08), radius_m=1000)


SQUARE = [(13.69, 108.07), (13.69, 108.09), (13.71, 108.09), (13.71, 108.07)]


def test_point_inside_a_polygon() -> None:
    assert in_polygon(13.70, 108.08, SQUARE)


def test_point_outside_a_polygon() -> None:
    assert not in_polygon(13.72, 108.08, SQUARE)


def test_gap_counts_what_is_missing() -> None:
    assert (Gap(required=10, available=4).missing, Gap(10, 12).missing) == (6, 0)


def test_gap_readiness_is_capped_at_100_percent() -> None:
    assert Gap(required=10, available=12).ready_pct == 100.0
