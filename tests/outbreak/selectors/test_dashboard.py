"""Counts and reviews (outbreak/selectors/dashboard.py): the outbreak review (cases, contacts,
chains), the care counts of a day and the care review of a period; scope denials."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.core.errors import AccessDenied
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Facility
from dieuhanh.outbreak.selectors.dashboard import (
    care_dashboard_counts,
    care_review,
    outbreak_review,
)
from dieuhanh.outbreak.services.contacts import contacts_from_trace
from dieuhanh.outbreak.services.quarantine import (
    health_check_record,
    quarantine_contacts,
    quarantine_release,
)
from dieuhanh.outbreak.services.readiness import readiness_set
from tests.conftest import MakeUser, unit_on
from tests.outbreak.factories import (
    ALL,
    DISTRICT,
    DUN,
    IA_BLANG,
    OTHER_DISTRICT,
    TOWNSHIP,
    D,
    case,
    contacts,
    make_facility,
    person,
    scope_of,
    traced_setup,
)

pytestmark = pytest.mark.django_db


def test_outbreak_review_counts_cases_contacts_and_chains() -> None:
    c, _f1, _f2, _ = traced_setup()
    contacts_from_trace(actor=None, scope=ALL, case=c, depth=2)
    review = outbreak_review(
        scope=ALL, unit_code="633", start=datetime.date(2021, 1, 1), end=datetime.date(2021, 7, 31)
    )
    assert review is not None
    assert (
        review.cases_in_period,
        review.cases_cumulative,
        review.contacts_f1,
        review.contacts_f2,
        review.chains,
    ) == (1, 1, 1, 1, 1)
    assert [(u.code, u.cumulative) for u in review.by_unit] == [(IA_BLANG, 1)]


def test_outbreak_review_is_none_without_cases() -> None:
    assert (
        outbreak_review(
            scope=ALL,
            unit_code="633",
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 6, 30),
        )
        is None
    )


def test_outbreak_review_outside_scope_is_refused(make_user: MakeUser) -> None:
    case(person())
    with pytest.raises(AccessDenied):
        outbreak_review(
            scope=Scope(view_paths=(unit_on(DUN).path,)),
            unit_code="633",
            start=datetime.date(2021, 1, 1),
            end=datetime.date(2021, 7, 31),
        )


def test_dashboard_counts_active_quarantines_and_missing_health_checks(health: User) -> None:
    facility = make_facility()
    a, b = contacts(2)
    qa, _qb = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[a.pk, b.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    health_check_record(
        actor=health,
        scope=scope_of(health),
        quarantine_id=qa.pk,
        day=D(2021, 7, 15),
        temperature=Decimal("36.8"),
        symptoms=False,
    )
    counts = care_dashboard_counts(scope=scope_of(health), unit_code=DISTRICT, on=D(2021, 7, 16))
    assert (counts.active_quarantines, counts.in_facility, counts.overdue_health_checks) == (
        2,
        2,
        1,
    )


def test_dashboard_counts_refuse_a_unit_outside_the_scope(health: User) -> None:
    with pytest.raises(AccessDenied):
        care_dashboard_counts(scope=scope_of(health), unit_code=OTHER_DISTRICT, on=D(2021, 7, 16))


def test_care_review_counts_the_period(health: User) -> None:
    facility = make_facility()
    cs = contacts(2)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk for c in cs],
        start=D(2021, 6, 1),
        facility_id=facility.pk,
    )
    review = care_review(
        scope=scope_of(health), unit_code=DISTRICT, start=D(2021, 1, 1), end=D(2021, 6, 14)
    )
    assert review is not None and (review.quarantined, review.released) == (2, 0)


def test_care_review_of_a_quiet_period_is_none(health: User) -> None:
    assert (
        care_review(
            scope=scope_of(health), unit_code=DISTRICT, start=D(2020, 1, 1), end=D(2020, 6, 14)
        )
        is None
    )


def test_care_review_names_the_readiness_gaps_in_vietnamese(health: User) -> None:
    make_facility()
    [c] = contacts(1)
    quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 6, 1),
        facility_id=Facility.objects.get().pk,
    )
    for code, item, required, available in (
        (DISTRICT, "beds", 200, 150),
        (TOWNSHIP, "beds", 40, 32),
        (DISTRICT, "police", 60, 60),
    ):
        readiness_set(
            actor=health,
            scope=scope_of(health),
            unit_code=code,
            on=D(2021, 6, 1),
            item=item,
            required=required,
            available=available,
        )
    review = care_review(
        scope=scope_of(health), unit_code=DISTRICT, start=D(2021, 1, 1), end=D(2021, 6, 14)
    )
    assert review is not None
    assert review.readiness_gaps_vi == (("Giường điều trị và cách ly", 58),)


def test_a_quarantine_released_later_still_counts_as_active_before_its_release(
    health: User,
) -> None:
    facility = make_facility()
    [c] = contacts(1)
    [q] = quarantine_contacts(
        actor=health,
        scope=scope_of(health),
        contact_ids=[c.pk],
        start=D(2021, 7, 14),
        facility_id=facility.pk,
    )
    quarantine_release(actor=health, scope=scope_of(health), quarantine_id=q.pk, on=D(2021, 7, 25))
    s = scope_of(health)
    before = care_dashboard_counts(scope=s, unit_code=DISTRICT, on=D(2021, 7, 20))
    after = care_dashboard_counts(scope=s, unit_code=DISTRICT, on=D(2021, 7, 25))
    assert (before.active_quarantines, before.facility_occupied, after.active_quarantines) == (
        1,
        1,
        0,
    )
