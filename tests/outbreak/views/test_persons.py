"""Person pages (outbreak/views/persons.py): denials, the view logged, accent-insensitive
search, export with a reason and its text cells neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Person, PersonalDataAccess
from tests.auth import Login
from tests.conftest import MakeUser
from tests.outbreak.factories import reasoned

pytestmark = pytest.mark.django_db


def test_person_page_refused_to_a_leader(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    assert login(leader).get(f"/outbreak/persons/{other.pk}/").status_code == 403


def test_person_page_of_another_district_is_not_found(
    login: Login, make_user: MakeUser, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    assert login(elsewhere).get(f"/outbreak/persons/{other.pk}/").status_code == 404


def test_person_page_view_is_logged(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    assert (
        reasoned(login(health), other.pk).get(f"/outbreak/persons/{other.pk}/").status_code == 200
    )
    assert PersonalDataAccess.objects.filter(user=health, person=other, action="view").exists()


def test_person_search_is_accent_insensitive(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    page = login(health).get("/outbreak/persons/", {"q": "pham thi dung"})
    assert "Phạm Thị Dung" in page.content.decode()


def test_export_without_reason_is_refused(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    assert login(health).post("/outbreak/persons/export/", {"q": ""}).status_code == 400


def test_export_with_reason_is_logged(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    response = login(health).post(
        "/outbreak/persons/export/", {"q": "", "reason": "Báo cáo Sở Y tế"}
    )
    assert response.status_code == 200 and "Phạm Thị Dung" in response.content.decode()
    assert PersonalDataAccess.objects.filter(action="export", reason="Báo cáo Sở Y tế").count() == 2


def test_export_neutralises_text_that_looks_like_a_formula(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    Person.objects.filter(pk=other.pk).update(
        full_name='=HYPERLINK("http://evil.example","Dung")', phone="+84901234567", village="@x"
    )
    response = login(health).post("/outbreak/persons/export/", {"q": "", "reason": "Kiểm tra"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    planted = next(r for r in rows if r[0] == str(other.pk))
    assert planted[1] == '\'=HYPERLINK("http://evil.example","Dung")'
    assert (planted[5], planted[7]) == ("'+84901234567", "'@x")


def test_export_keeps_numbers_as_numbers(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    Person.objects.filter(pk=other.pk).update(birth_year=1990)
    response = login(health).post("/outbreak/persons/export/", {"q": "", "reason": "Kiểm tra"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    planted = next(r for r in rows if r[0] == str(other.pk))
    assert planted[2] == "1990"


def test_a_record_first_asks_why_and_shows_nothing_of_the_person(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    response = login(health).get(f"/outbreak/persons/{other.pk}/")
    body = response.content.decode()
    assert 'data-testid="access-reason-form"' in body and other.full_name not in body
    assert not PersonalDataAccess.objects.filter(user=health, person=other).exists()


def test_the_reason_given_is_kept_with_each_read_of_the_record(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    client = login(health)
    client.post(
        f"/outbreak/persons/{other.pk}/reason/",
        {"purpose": "care", "note": "gọi điện hỏi thăm", "next": f"/outbreak/persons/{other.pk}/"},
    )
    body = client.get(f"/outbreak/persons/{other.pk}/").content.decode()
    logged = PersonalDataAccess.objects.get(user=health, person=other, action="view")
    assert other.full_name in body
    assert logged.reason == "Cách ly, điều trị, chăm sóc: gọi điện hỏi thăm"


def test_the_reason_is_asked_once_per_person(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    case, other = traced
    client = reasoned(login(health), other.pk)
    assert 'data-testid="access-reason-form"' not in (
        client.get(f"/outbreak/persons/{other.pk}/").content.decode()
    )
    assert 'data-testid="access-reason-form"' in (
        client.get(f"/outbreak/persons/{case.person_id}/").content.decode()
    )


def test_a_reason_outside_the_list_is_refused(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    response = login(health).post(f"/outbreak/persons/{other.pk}/reason/", {"purpose": "tò mò"})
    assert response.status_code == 400


def test_the_reason_form_sends_nowhere_outside_the_site(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    response = login(health).post(
        f"/outbreak/persons/{other.pk}/reason/",
        {"purpose": "tracing", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/outbreak/persons/{other.pk}/"


def test_a_reason_for_someone_outside_the_units_is_refused(
    login: Login, make_user: MakeUser, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    response = login(elsewhere).post(
        f"/outbreak/persons/{other.pk}/reason/", {"purpose": "tracing"}
    )
    assert response.status_code == 404
