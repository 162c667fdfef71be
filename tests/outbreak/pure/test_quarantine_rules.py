"""Quarantine rules in force by date, vaccination and origin risk, their plans and test dates,
overdue tests (outbreak/pure/quarantine_rules.py)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

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

D = datetime.date


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


def test_arrival_in_june_2021_from_a_high_risk_origin_gets_21_days_in_a_facility() -> None:
    assert _arrival_rule(D(2021, 6, 1), vaccinated=False) == "ARR-2021-05"


def test_arrival_rule_changes_on_14_july_2021() -> None:
    assert (_arrival_rule(D(2021, 7, 13), False), _arrival_rule(D(2021, 7, 14), False)) == (
        "ARR-2021-05",
        "ARR-2021-07",
    )
