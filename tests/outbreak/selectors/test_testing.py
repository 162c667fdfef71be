"""Testing selectors (outbreak/selectors/testing.py): overdue tests, pool advice from the
recent positivity."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.selectors.testing import overdue_tests, pool_advice
from dieuhanh.outbreak.services.quarantine import quarantine_contacts
from dieuhanh.outbreak.services.testing import sample_record
from tests.conftest import unit_on
from tests.outbreak.factories import DISTRICT, D, contacts, make_facility, make_person, scope_of


def test_overdue_tests_are_the_missed_due_dates(health: User) -> None:
    facility = make_facility()
    [c] = contacts(1)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    sample_record(
        actor=health,
        scope=scope_of(health),
        person_id=c.person_id,
        kind="pcr",
        collected_on=D(2021, 7, 14),
    )
    late = overdue_tests(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 22))
    assert [t.due_on for t in late] == [D(2021, 7, 20)]


def test_pool_advice_uses_the_recent_positivity(health: User) -> None:
    for i in range(50):
        sample_record(
            actor=health,
            scope=scope_of(health),
            person_id=make_person(name=f"N{i}").pk,
            kind="pcr",
            collected_on=D(2021, 7, 14),
            result="positive" if i == 0 else "negative",
        )
    plan = pool_advice(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 15))
    assert (plan.observed, plan.advice.pool_size) == (0.02, 8)
