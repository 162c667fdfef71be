"""The tracing dashboard and the care overview (outbreak/views/dashboard.py): counts, names for
the health officer only, the default day, bounded queries."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Person
from tests.auth import Login
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, IA_BLANG, ON, contacts, make_facility
from tests.web.chart_attributes import attribute_problems, json_blocks

pytestmark = pytest.mark.django_db


def test_the_overview_opens_without_parameters_on_the_last_day_with_quarantines(
    health: User, login: Login
) -> None:
    facility = make_facility()
    [c] = contacts(1)
    client = login(health)
    client.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    response = client.get("/outbreak/care/")
    assert (response.status_code, response.context["on"].isoformat()) == (200, ON)


def test_the_overview_query_count_does_not_grow_with_quarantines(
    health: User, login: Login, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    facility = make_facility(capacity=100)
    cs = contacts(30)
    client = login(health)
    client.post(
        "/outbreak/care/contacts/quarantine/",
        {
            "unit": DISTRICT,
            "on": ON,
            "contact": [c.pk for c in cs],
            "start": ON,
            "facility": facility.pk,
        },
    )
    with django_assert_max_num_queries(25):
        client.get(f"/outbreak/care/?unit={DISTRICT}&on=2021-07-20")


def test_dashboard_shows_counts_to_a_leader(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    page = login(leader).get("/outbreak/")
    assert page.status_code == 200 and 'data-testid="count-cases">1<' in page.content.decode()


def test_dashboard_hides_names_from_a_leader(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    page = login(leader).get("/outbreak/")
    assert "Nguyễn Văn An" not in page.content.decode()


def test_dashboard_shows_names_to_the_health_officer(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    page = login(health).get("/outbreak/")
    assert "Nguyễn Văn An" in page.content.decode()


def test_dashboard_refused_to_a_data_officer(login: Login, make_user: MakeUser) -> None:
    officer = make_user(role=Role.DATA_OFFICER, capture=(IA_BLANG,))
    assert login(officer).get("/outbreak/").status_code == 403


def test_the_epidemic_curve_data_is_json_numbers_in_vietnamese(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    html = login(leader).get("/outbreak/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    (curve,) = [b for b in json_blocks(html) if isinstance(b, dict) and "days" in b]
    assert attribute_problems(html) == [] and (
        sum(curve["confirmed"]),
        set(curve["onset_avg"]),
    ) == (
        1,
        {None},  # fewer than 7 days: no average yet
    )


def test_the_epidemic_curve_has_a_table_for_readers_without_javascript(
    login: Login, leader: User, traced: tuple[Case, Person]
) -> None:
    html = login(leader).get("/outbreak/").content.decode()
    assert 'data-testid="epi-curve-table"' in html
