"""Quarantine selectors (outbreak/selectors/quarantine.py): facility occupancy, contacts still
to quarantine."""

from __future__ import annotations

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.selectors.quarantine import contacts_to_quarantine, facilities_load
from dieuhanh.outbreak.services.quarantine import quarantine_contacts
from tests.conftest import unit_on
from tests.outbreak.factories import DISTRICT, D, contacts, make_facility, scope_of


def test_facility_occupancy_counts_people_inside(health: User) -> None:
    facility = make_facility(capacity=5)
    cs = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk for c in cs],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    [load] = facilities_load(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 20))
    assert (load.occupied, load.free) == (2, 3)


def test_contacts_to_quarantine_leaves_out_those_in_quarantine(health: User) -> None:
    facility = make_facility()
    a, b = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[a.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    left = contacts_to_quarantine(scope=scope_of(health), unit=unit_on(DISTRICT), on=D(2021, 7, 15))
    assert [c.pk for c in left] == [b.pk]
