"""Case pages (outbreak/views/cases.py): confirm a registered person, update the outcome
(stale versions and leaders refused). The case page with many contacts: test_cases_at_scale.py."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person
from tests.auth import Login
from tests.outbreak.factories import IA_BLANG, at

pytestmark = pytest.mark.django_db


def test_register_then_confirm_through_the_pages(login: Login, health: User) -> None:
    client = login(health)
    response = client.post(
        "/outbreak/persons/",
        {"full_name": "Ksor H'Mai", "unit": IA_BLANG, "birth_year": "1988", "sex": "F"},
    )
    p = Person.objects.get(name_key="ksorhmai")
    assert response.status_code == 302
    client.post(
        f"/outbreak/persons/{p.pk}/confirm/",
        {"confirmed_at": "2021-07-12T09:00", "onset_date": "2021-07-10", "code": "BN-X"},
    )
    assert Case.objects.get(person=p).confirmed_at == at(12, 9)


def test_case_outcome_updated_through_the_page(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    login(health).post(
        f"/outbreak/cases/{c.pk}/update/",
        {"version": "1", "outcome": "recovered", "outcome_date": "2021-07-30", "place": "BV"},
    )
    c.refresh_from_db()
    assert (c.outcome, c.version) == ("recovered", 2)


def test_case_update_with_stale_version_changes_nothing(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    client = login(health)
    client.post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "recovered"})
    client.post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "died"})
    c.refresh_from_db()
    assert c.outcome == "recovered"


def test_leader_cannot_update_a_case(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    login(leader).post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "died"})
    c.refresh_from_db()
    assert c.outcome == "treatment"
