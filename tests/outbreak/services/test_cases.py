"""Cases (outbreak/services/cases.py): confirmed once, aware times, visits, a contact confirmed
later becomes a case."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.outbreak.models import Contact, ContactStatus
from dieuhanh.outbreak.services.cases import visit_add
from dieuhanh.outbreak.services.contacts import contacts_from_trace
from tests.outbreak.factories import ALL, at, case, person, traced_setup

pytestmark = pytest.mark.django_db


def test_case_confirmed_twice_is_refused() -> None:
    p = person()
    case(p)
    with pytest.raises(Conflict):
        case(p)


def test_case_with_naive_time_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        case(person(), confirmed_at=datetime.datetime(2021, 7, 12, 9, 0))


def test_visit_must_end_after_it_starts() -> None:
    c = case(person())
    with pytest.raises(ValidationFailed):
        visit_add(actor=None, scope=ALL, case=c, place="Chợ", start=at(9, 10), end=at(9, 10))


def test_a_contact_confirmed_later_becomes_a_case() -> None:
    c, f1, _f2, _ = traced_setup()
    contacts_from_trace(actor=None, scope=ALL, case=c)
    case(f1, confirmed_at=at(13, 9))
    assert Contact.objects.get(person=f1).status == ContactStatus.BECAME_CASE
