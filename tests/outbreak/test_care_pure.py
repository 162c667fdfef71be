"""Pure rules of care: Dorfman pooling, quarantine rule dates, risk levels, zone geometry."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.outbreak.pure.pooling import dorfman_best, dorfman_tests_per_person, positivity
from dieuhanh.outbreak.pure.quarantine_rules import (
    COVID19_RULES,
    SUBJECT_ARRIVAL,
    SUBJECT_CONTACT,
    RuleSpec,
    overdue_dates,
    plan_for,
    rule_in_force,
    validate_rule,
)
from dieuhanh.outbreak.pure.risk import (
    Gap,
    RiskCriteria,
    distance_m,
    in_circle,
    in_polygon,
    risk_level,
    weekly_incidence,
)

D = datetime.date


# --- Dorfman -------------------------------------------------------------------------------


def test_dorfman_formula_at_one_percent_and_pools_of_ten() -> None:
    assert dorfman_tests_per_person(0.01, 10) == pytest.approx(0.1 + 1 - 0.99**10)


def test_dorfman_individual_testing_costs_one_test() -> None:
    assert dorfman_tests_per_person(0.3, 1) == 1.0


def test_dorfman_best_size_at_one_percent_is_eleven() -> None:
    # Classic result: p = 1% gives k = 11 with about 0.196 tests per person.
    advice = dorfman_best(0.01)
    assert (advice.pool_size, round(advice.tests_per_person, 3)) == (11, 0.196)


def test_dorfman_best_at_high_positivity_is_individual_testing() -> None:
    # Above about 30% pooling never saves tests.
    assert dorfman_best(0.35).individual


def test_dorfman_best_with_no_positives_is_the_largest_pool() -> None:
    assert dorfman_best(0.0, max_size=20).pool_size == 20


def test_dorfman_refuses_a_positivity_outside_zero_one() -> None:
    with pytest.raises(ValueError):
        dorfman_best(1.5)


@given(st.floats(min_value=0.0, max_value=1.0), st.integers(min_value=1, max_value=30))
def test_dorfman_best_is_never_worse_than_any_size(p: float, k: int) -> None:
    assert dorfman_best(p).tests_per_person <= dorfman_tests_per_person(p, k) + 1e-12


def test_positivity_without_tests_is_unknown() -> None:
    assert positivity(tested=0, positive=0) is None


def test_positivity_is_the_positive_share() -> None:
    assert positivity(tested=200, positive=3) == 0.015


# --- Quarantine rules ----------------------------------------------------------------------


def _contact_rule(day: datetime.date, vaccinated: bool = False) -> str | None:
    rule = rule_in_force(COVID19_RULES, subject=SUBJECT_CONTACT, on=day, vaccinated=vaccinated)
    return rule.code if rule else None


def _arrival_rule(day: datetime.date, vaccinated: bool, risk: int = 3) -> str | None:
    rule = rule_in_force(
        COVID19_RULES, subject=SUBJECT_ARRIVAL, on=day, vaccinated=vaccinated, origin_risk=risk
    )
    return rule.code if rule else None


def test_contact_rule_the_day_before_14_july_2021_is_the_may_rule() -> None:
    assert _contact_rule(D(2021, 7, 13)) == "F1-2021-05"


def test_contact_rule_from_14_july_2021() -> None:
    assert _contact_rule(D(2021, 7, 14)) == "F1-2021-07"


def test_contact_rule_on_the_first_day_of_the_may_rule() -> None:
    assert _contact_rule(D(2021, 5, 5)) == "F1-2021-05"


def test_contact_rule_before_any_rule_is_none() -> None:
    assert _contact_rule(D(2020, 2, 29)) is None


def test_vaccinated_arrival_on_31_july_2021_still_goes_to_a_facility() -> None:
    assert _arrival_rule(D(2021, 7, 31), vaccinated=True) == "ARR-2021-07"


def test_vaccinated_arrival_from_1_august_2021_stays_7_days_at_home() -> None:
    assert _arrival_rule(D(2021, 8, 1), vaccinated=True) == "ARR-VAC-2021-08"


def test_vaccinated_arrival_on_30_november_2021_keeps_the_august_rule() -> None:
    assert _arrival_rule(D(2021, 11, 30), vaccinated=True) == "ARR-VAC-2021-08"


def test_vaccinated_arrival_from_1_december_2021_gets_7_plus_7() -> None:
    assert _arrival_rule(D(2021, 12, 1), vaccinated=True) == "ARR-VAC-2021-12"


def test_unvaccinated_arrival_in_august_2021_goes_to_a_facility() -> None:
    assert _arrival_rule(D(2021, 8, 1), vaccinated=False) == "ARR-2021-07"


def test_arrival_from_a_lower_risk_origin_is_only_monitored() -> None:
    assert _arrival_rule(D(2021, 8, 1), vaccinated=False, risk=2) == "ARR-MON-2021-07"


def test_f1_plan_from_14_july_is_14_days_facility_and_14_monitoring() -> None:
    rule = rule_in_force(
        COVID19_RULES, subject=SUBJECT_CONTACT, on=D(2021, 7, 14), vaccinated=False
    )
    assert rule is not None
    plan = plan_for(rule, D(2021, 7, 14))
    assert (plan.place, plan.facility_end, plan.end, plan.monitoring_end) == (
        "facility",
        D(2021, 7, 28),
        D(2021, 7, 28),
        D(2021, 8, 11),
    )


def test_plan_test_dates_count_the_start_as_day_one() -> None:
    rule = RuleSpec("X", SUBJECT_CONTACT, D(2021, 1, 1), facility_days=14, test_days=(1, 7, 14))
    assert plan_for(rule, D(2021, 7, 1)).test_dates == (
        D(2021, 7, 1),
        D(2021, 7, 7),
        D(2021, 7, 14),
    )


def test_vaccinated_arrival_december_plan_is_home_then_monitoring() -> None:
    rule = rule_in_force(
        COVID19_RULES, subject=SUBJECT_ARRIVAL, on=D(2021, 12, 1), vaccinated=True, origin_risk=3
    )
    assert rule is not None
    plan = plan_for(rule, D(2021, 12, 1))
    assert (plan.place, plan.end, plan.monitoring_end) == ("home", D(2021, 12, 8), D(2021, 12, 15))


def test_every_default_rule_is_sound() -> None:
    assert [validate_rule(r) for r in COVID19_RULES] == [[] for _ in COVID19_RULES]


def test_a_rule_ending_before_it_starts_is_refused() -> None:
    rule = RuleSpec("X", SUBJECT_CONTACT, D(2021, 2, 1), D(2021, 1, 1), facility_days=1)
    assert validate_rule(rule) == ["valid_to is before valid_from"]


def test_a_test_day_beyond_the_rule_is_refused() -> None:
    rule = RuleSpec("X", SUBJECT_CONTACT, D(2021, 1, 1), facility_days=7, test_days=(1, 8))
    assert validate_rule(rule) == ["test days must lie within the quarantine and monitoring days"]


def test_overdue_lists_due_dates_past_without_a_test() -> None:
    due = [D(2021, 7, 1), D(2021, 7, 7), D(2021, 7, 14)]
    assert overdue_dates(due, [D(2021, 7, 1)], on=D(2021, 7, 10)) == [D(2021, 7, 7)]


def test_a_test_due_today_is_not_yet_overdue() -> None:
    assert overdue_dates([D(2021, 7, 7)], [], on=D(2021, 7, 7)) == []


def test_a_late_test_covers_its_due_date() -> None:
    assert overdue_dates([D(2021, 7, 7)], [D(2021, 7, 8)], on=D(2021, 7, 10)) == []


@given(st.dates(min_value=D(2020, 3, 1), max_value=D(2023, 1, 1)), st.booleans())
def test_a_contact_always_has_exactly_one_rule_after_march_2020(
    day: datetime.date, vac: bool
) -> None:
    matching = [
        r for r in COVID19_RULES if r.applies(subject=SUBJECT_CONTACT, on=day, vaccinated=vac)
    ]
    assert len(matching) == 1


# --- Risk levels and geometry --------------------------------------------------------------


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


def test_arrival_in_june_2021_from_a_high_risk_origin_gets_21_days_in_a_facility() -> None:
    assert _arrival_rule(D(2021, 6, 1), vaccinated=False) == "ARR-2021-05"


def test_arrival_rule_changes_on_14_july_2021() -> None:
    assert (_arrival_rule(D(2021, 7, 13), False), _arrival_rule(D(2021, 7, 14), False)) == (
        "ARR-2021-05",
        "ARR-2021-07",
    )
