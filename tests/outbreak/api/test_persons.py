"""The persons endpoints (outbreak/api/persons.py): a read is logged, a leader is refused; who may
anonymise."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Person, PersonalDataAccess, PersonIdentifier
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import DUN

pytestmark = pytest.mark.django_db


def test_api_person_read_is_logged(
    client: Client, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    body = client.get(f"/api/outbreak/persons/{other.pk}", **bearer(health)).json()
    assert body["full_name"] == "Phạm Thị Dung"
    assert PersonalDataAccess.objects.filter(user=health, person=other, action="view").exists()


def test_api_person_read_gives_the_identifiers_on_record(
    client: Client, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    PersonIdentifier.objects.create(kind="phone", value="84905123456", person=other)
    body = client.get(f"/api/outbreak/persons/{other.pk}", **bearer(health)).json()
    assert body["identifiers"] == [{"kind": "phone", "value": "84905123456"}]


def test_api_person_read_with_identifiers_is_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    PersonIdentifier.objects.create(kind="phone", value="84905123456", person=other)
    response = client.get(f"/api/outbreak/persons/{other.pk}", **bearer(leader))
    assert response.status_code == 403
    assert "84905123456" not in response.content.decode()


def test_api_persons_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    assert client.get("/api/outbreak/persons", **bearer(leader)).status_code == 403


def _anonymise(client: Client, user: User, person: Person) -> int:
    response = client.post(
        f"/api/outbreak/persons/{person.pk}/anonymise",
        {"reason": "Hết căn cứ pháp lý"},
        content_type="application/json",
        **bearer(user),
    )
    return response.status_code


def test_api_anonymise_by_a_health_officer_of_the_unit(
    client: Client, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    assert _anonymise(client, health, other) == 200
    other.refresh_from_db()
    assert (other.full_name, other.anonymised) == (f"#{other.pk}", True)


def test_api_anonymise_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    assert _anonymise(client, leader, other) == 403
    other.refresh_from_db()
    assert (other.full_name, other.anonymised) == ("Phạm Thị Dung", False)


def test_api_anonymise_refused_outside_the_officers_units(
    client: Client, make_user: MakeUser, traced: tuple[Case, Person]
) -> None:
    _c, other = traced  # registered in Ia Blang
    officer = make_user(role=Role.HEALTH_OFFICER, capture=(DUN,))
    assert _anonymise(client, officer, other) == 404  # no existence leak outside the units
    other.refresh_from_db()
    assert not other.anonymised
