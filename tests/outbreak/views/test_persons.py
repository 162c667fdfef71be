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
    assert login(health).get(f"/outbreak/persons/{other.pk}/").status_code == 200
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
