"""External identifiers wherever a person is named: `trace 0905123456`, the trace endpoint by
person, `cases import` with a phone column, the persons search and person page. Identifiers are
personal data: refused to roles that see no identities, every lookup logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.core.scope import Scope
from dieuhanh.outbreak.models import Case, Person, PersonalDataAccess, PersonIdentifier
from dieuhanh.outbreak.selectors.identifiers import LOOKUP_REASON
from dieuhanh.outbreak.services.identifiers import person_for_checkin
from dieuhanh.outbreak.services.imports import cases_import
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.factories import csv_file, person, reasoned

pytestmark = pytest.mark.django_db


@pytest.fixture
def phoned(traced: tuple[Case, Person]) -> tuple[Case, Person]:
    """The traced case's person with the phone 0905 123 456 on record."""
    c, other = traced
    PersonIdentifier.objects.create(kind="phone", value="84905123456", person_id=c.person_id)
    return c, other


def test_trace_command_takes_a_phone(
    phoned: tuple[Case, Person], capsys: pytest.CaptureFixture[str]
) -> None:
    c, other = phoned
    call_command("trace", "+84 905 123 456", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert doc["case"] == c.person_id
    assert doc["exposures"][0]["person_id"] == other.pk
    assert PersonalDataAccess.objects.filter(person_id=c.person_id, reason=LOOKUP_REASON).exists()


def test_trace_command_by_phone_is_refused_to_a_leader(
    phoned: tuple[Case, Person], make_user: MakeUser
) -> None:
    leader = make_user(role=Role.LEADER, capture=("633",))
    with pytest.raises(CommandError):
        call_command("trace", "0905123456", "--json", "--user", leader.username)
    assert not PersonalDataAccess.objects.filter(reason=LOOKUP_REASON).exists()


def test_trace_command_by_unknown_cccd_says_so(phoned: tuple[Case, Person]) -> None:
    with pytest.raises(CommandError, match="CCCD"):
        call_command("trace", "064090001234", "--json")


def test_api_trace_by_phone_for_a_health_officer(
    client: Client, health: User, phoned: tuple[Case, Person]
) -> None:
    c, other = phoned
    response = client.get("/api/outbreak/trace?person=0905123456", **bearer(health))
    assert response.status_code == 200
    assert [e["person_id"] for e in response.json()["exposures"]] == [other.pk]
    logged = PersonalDataAccess.objects.get(person_id=c.person_id, reason=LOOKUP_REASON)
    assert (logged.user_id, logged.action) == (health.pk, "view")


def test_api_trace_by_phone_is_denied_to_a_leader(
    client: Client, leader: User, phoned: tuple[Case, Person]
) -> None:
    response = client.get("/api/outbreak/trace?person=0905123456", **bearer(leader))
    assert response.status_code == 403
    assert not PersonalDataAccess.objects.filter(reason=LOOKUP_REASON).exists()


def test_api_trace_by_internal_id_needs_no_identity_role(
    client: Client, leader: User, phoned: tuple[Case, Person]
) -> None:
    c, _other = phoned
    response = client.get(f"/api/outbreak/trace?person={c.person_id}", **bearer(leader))
    assert response.status_code == 200


def test_api_trace_by_phone_outside_the_units_is_not_found(
    client: Client, make_user: MakeUser, phoned: tuple[Case, Person]
) -> None:
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",), view=("23965",))
    response = client.get("/api/outbreak/trace?person=0905123456", **bearer(elsewhere))
    assert response.status_code == 404


def test_cases_import_with_a_phone_column(tmp_path: Path) -> None:
    pid = person_for_checkin(phone="0905123456", full_name="Ksor H'Mai", id_number="064090001234")
    Person.objects.filter(pk=pid).update(unit_path=person().unit_path)
    done = cases_import(
        actor=None,
        scope=Scope.everything(),
        content=(
            b"so_dien_thoai,confirmed_at,onset_date,sampled_at,isolated_at\n"
            b"+84905123456,2021-07-12T09:00:00+07:00,,,\n"
        ),
        file_name="f.csv",
        columns="person=so_dien_thoai",
    )
    assert done.created == 1
    assert Case.objects.get().person_id == pid


def test_cases_import_unknown_cccd_names_the_row(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command(
            "cases",
            "import",
            csv_file(
                tmp_path,
                "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
                "064090001234,2021-07-12T09:00:00+07:00,,,\n",
            ),
        )
    assert not Case.objects.exists()


def test_persons_search_finds_a_phone_in_another_form(
    client: Client, health: User, login: object
) -> None:
    p = person("Rơ Mah Hlim")
    PersonIdentifier.objects.create(kind="phone", value="84905123456", person=p)
    login(health)  # type: ignore[operator]  # the conftest fixture
    response = client.get("/outbreak/persons/", {"q": "+84 905 123 456"})
    assert "Rơ Mah Hlim" in response.content.decode()


def test_person_page_shows_identifiers_to_a_health_officer(
    client: Client, health: User, login: object
) -> None:
    p = person("Rơ Mah Hlim")
    PersonIdentifier.objects.create(kind="cccd", value="064090001234", person=p)
    login(health)  # type: ignore[operator]  # the conftest fixture
    page = reasoned(client, p.pk).get(f"/outbreak/persons/{p.pk}/").content.decode()
    assert "064090001234" in page
    assert PersonalDataAccess.objects.filter(person=p, action="view").exists()


def test_person_page_is_refused_to_a_leader(client: Client, leader: User, login: object) -> None:
    p = person("Rơ Mah Hlim")
    PersonIdentifier.objects.create(kind="cccd", value="064090001234", person=p)
    login(leader)  # type: ignore[operator]  # the conftest fixture
    response = client.get(f"/outbreak/persons/{p.pk}/")
    assert "064090001234" not in response.content.decode()
    assert response.status_code in (403, 404)


def test_anonymising_a_person_deletes_their_identifiers() -> None:
    from dieuhanh.outbreak.services.persons import person_anonymise

    pid = person_for_checkin(phone="0905123456", full_name="Ksor H'Mai", id_number="064090001234")
    person_anonymise(
        actor=None, scope=Scope.everything(), person=Person.objects.get(pk=pid), reason="hết hạn"
    )
    assert not PersonIdentifier.objects.exists()


def test_api_trace_by_a_phone_no_one_has_is_logged_without_the_number(
    client: Client, health: User, phoned: tuple[Case, Person]
) -> None:
    from dieuhanh.core.models import AuditEvent

    response = client.get("/api/outbreak/trace?person=0912000111", **bearer(health))
    assert response.status_code == 404
    logged = AuditEvent.objects.get(action="outbreak.identifier_lookup_miss")
    assert logged.actor_id == health.pk
    assert "0912000111" not in json.dumps(logged.changes)


def test_trace_command_by_unknown_cccd_is_logged(phoned: tuple[Case, Person]) -> None:
    from dieuhanh.core.models import AuditEvent

    with pytest.raises(CommandError):
        call_command("trace", "064090001234", "--json")
    assert AuditEvent.objects.filter(action="outbreak.identifier_lookup_miss").count() == 1
