"""Quarantine rules as dated data (quy định cách ly theo thời kỳ) and the dates they give.

A rule applies to a subject (a contact F1, an arrival from an epidemic area, ...) from a date,
optionally until a date (inclusive), optionally only for vaccinated or unvaccinated people and
only for origins at or above a risk level. The rule in force for a decision is the one that
matches on the decision's start date; the most recent `valid_from` wins, then the more specific
one. Durations count the start date as day 1: 14 days from 1 July end with release on 15 July.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SUBJECT_CONTACT = "f1"
SUBJECT_CONTACT2 = "f2"
SUBJECT_ARRIVAL = "arrival"
SUBJECTS = (SUBJECT_CONTACT, SUBJECT_CONTACT2, SUBJECT_ARRIVAL)


@dataclass(frozen=True)
class RuleSpec:
    """One dated rule. `vaccinated` None applies whatever the vaccination status."""

    code: str
    subject: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    vaccinated: bool | None = None
    min_origin_risk: int = 0
    facility_days: int = 0
    home_days: int = 0
    monitoring_days: int = 0
    test_days: tuple[int, ...] = field(default_factory=tuple)

    def applies(
        self, *, subject: str, on: datetime.date, vaccinated: bool, origin_risk: int = 0
    ) -> bool:
        return (
            self.subject == subject
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
            and (self.vaccinated is None or self.vaccinated == vaccinated)
            and origin_risk >= self.min_origin_risk
        )

    @property
    def quarantine_days(self) -> int:
        """Days of quarantine proper (facility and home), before any monitoring."""
        return self.facility_days + self.home_days

    @property
    def needs_quarantine(self) -> bool:
        return self.quarantine_days > 0


@dataclass(frozen=True)
class Plan:
    """The dates a rule gives to a quarantine starting on `start`."""

    rule_code: str
    start: datetime.date
    facility_end: datetime.date  # leaves the facility (== start when no facility days)
    end: datetime.date  # released from quarantine (facility + home)
    monitoring_end: datetime.date  # end of health monitoring at home after release
    test_dates: tuple[datetime.date, ...]

    @property
    def place(self) -> str:
        """ "facility" when it starts in a facility, "home" when it starts at home,
        "monitoring" when there is no quarantine, only monitoring."""
        if self.facility_end > self.start:
            return "facility"
        if self.end > self.start:
            return "home"
        return "monitoring"


def validate_rule(rule: RuleSpec) -> list[str]:
    """Problems with a rule, in English (empty when sound)."""
    problems: list[str] = []
    if rule.subject not in SUBJECTS:
        problems.append(f"unknown subject {rule.subject!r}")
    if rule.valid_to is not None and rule.valid_to < rule.valid_from:
        problems.append("valid_to is before valid_from")
    for name in ("facility_days", "home_days", "monitoring_days", "min_origin_risk"):
        if getattr(rule, name) < 0:
            problems.append(f"{name} is negative")
    total = rule.quarantine_days + rule.monitoring_days
    if total <= 0:
        problems.append("the rule gives neither quarantine nor monitoring")
    if any(d < 1 or d > max(total, 1) for d in rule.test_days):
        problems.append("test days must lie within the quarantine and monitoring days")
    if list(rule.test_days) != sorted(set(rule.test_days)):
        problems.append("test days must be increasing and distinct")
    return problems


def _specificity(rule: RuleSpec) -> tuple[datetime.date, int, int]:
    return (rule.valid_from, 0 if rule.vaccinated is None else 1, rule.min_origin_risk)


def rule_in_force(
    rules: Iterable[RuleSpec],
    *,
    subject: str,
    on: datetime.date,
    vaccinated: bool,
    origin_risk: int = 0,
) -> RuleSpec | None:
    """The rule deciding a case of `subject` starting on `on` (None when no rule matches)."""
    matching = [
        r
        for r in rules
        if r.applies(subject=subject, on=on, vaccinated=vaccinated, origin_risk=origin_risk)
    ]
    if not matching:
        return None
    return max(matching, key=_specificity)


def day_date(start: datetime.date, day: int) -> datetime.date:
    """The calendar date of day `day` (1-based) of a period starting on `start`."""
    return start + datetime.timedelta(days=day - 1)


def plan_for(rule: RuleSpec, start: datetime.date) -> Plan:
    """The dates `rule` gives to a quarantine (or monitoring) starting on `start`."""
    facility_end = start + datetime.timedelta(days=rule.facility_days)
    end = facility_end + datetime.timedelta(days=rule.home_days)
    monitoring_end = end + datetime.timedelta(days=rule.monitoring_days)
    return Plan(
        rule_code=rule.code,
        start=start,
        facility_end=facility_end,
        end=end,
        monitoring_end=monitoring_end,
        test_dates=tuple(day_date(start, d) for d in rule.test_days),
    )


def overdue_dates(
    due: Sequence[datetime.date], done: Sequence[datetime.date], on: datetime.date
) -> list[datetime.date]:
    """Due dates before `on` with no test done on or after them (each test done covers the
    earliest uncovered due date at or before it)."""
    remaining = sorted(done)
    missing: list[datetime.date] = []
    for d in sorted(due):
        covering = next((t for t in remaining if t >= d), None)
        if covering is not None:
            remaining.remove(covering)
        elif d < on:
            missing.append(d)
    return missing


# The default rules for COVID-19 in Viet Nam (Ministry of Health guidance), kept as data; the
# database holds the editable copy (loaded by the demo and `care_rules_load`).
COVID19_RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        code="F1-2020",
        subject=SUBJECT_CONTACT,
        valid_from=datetime.date(2020, 3, 1),
        valid_to=datetime.date(2021, 5, 4),
        facility_days=14,
        monitoring_days=14,
        test_days=(1, 7, 14),
    ),
    RuleSpec(
        code="F1-2021-05",
        subject=SUBJECT_CONTACT,
        valid_from=datetime.date(2021, 5, 5),
        valid_to=datetime.date(2021, 7, 13),
        facility_days=21,
        monitoring_days=7,
        test_days=(1, 7, 14, 21),
    ),
    RuleSpec(
        code="F1-2021-07",
        subject=SUBJECT_CONTACT,
        valid_from=datetime.date(2021, 7, 14),
        facility_days=14,
        monitoring_days=14,
        test_days=(1, 7, 14),
    ),
    RuleSpec(
        code="F2-2020",
        subject=SUBJECT_CONTACT2,
        valid_from=datetime.date(2020, 3, 1),
        home_days=14,
        test_days=(1, 14),
    ),
    RuleSpec(
        code="ARR-2021-05",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 5, 5),
        valid_to=datetime.date(2021, 7, 13),
        min_origin_risk=3,
        facility_days=21,
        monitoring_days=7,
        test_days=(1, 7, 14, 21),
    ),
    RuleSpec(
        code="ARR-MON-2021-05",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 5, 5),
        valid_to=datetime.date(2021, 7, 13),
        monitoring_days=14,
        test_days=(1,),
    ),
    RuleSpec(
        code="ARR-2021-07",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 7, 14),
        min_origin_risk=3,
        facility_days=14,
        monitoring_days=14,
        test_days=(1, 7, 14),
    ),
    RuleSpec(
        code="ARR-MON-2021-07",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 7, 14),
        monitoring_days=14,
        test_days=(1,),
    ),
    RuleSpec(
        code="ARR-VAC-2021-08",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 8, 1),
        valid_to=datetime.date(2021, 11, 30),
        vaccinated=True,
        min_origin_risk=3,
        home_days=7,
        test_days=(1, 7),
    ),
    RuleSpec(
        code="ARR-VAC-2021-12",
        subject=SUBJECT_ARRIVAL,
        valid_from=datetime.date(2021, 12, 1),
        vaccinated=True,
        min_origin_risk=3,
        home_days=7,
        monitoring_days=7,
        test_days=(1, 7),
    ),
)
