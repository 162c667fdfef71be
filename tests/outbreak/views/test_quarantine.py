"""Quarantine pages (outbreak/views/quarantine.py): contacts to quarantine, the quarantine
record, health checks and release, arrivals; names and the log for the health officer only."""

from __future__ import annotations

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Person, PersonalDataAccess, Quarantine
from tests.auth import Login
from tests.conftest import MakeUser
from tests.outbreak.factories import DISTRICT, ON, contacts, make_facility, reasoned


def test_contacts_page_shows_names_to_the_health_officer_and_logs_it(
    health: User, login: Login
) -> None:
    [c] = contacts(1)
    body = login(health).get(f"/outbreak/care/contacts/?unit={DISTRICT}&on={ON}").content.decode()
    logged = PersonalDataAccess.objects.filter(user=health, person_id=c.person_id).exists()
    assert ("F1 0" in body, logged) == (True, True)


def test_a_leader_sees_the_contact_by_number_only(make_user: MakeUser, login: Login) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    [c] = contacts(1)
    body = login(leader).get(f"/outbreak/care/contacts/?unit={DISTRICT}&on={ON}").content.decode()
    assert ("F1 0" in body, f"#{c.person_id}" in body) == (False, True)


def test_quarantine_from_the_contacts_page(health: User, login: Login) -> None:
    facility = make_facility()
    a, b = contacts(2)
    response = login(health).post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [a.pk, b.pk], "start": ON, "facility": facility.pk},
    )
    assert (response.status_code, Quarantine.objects.count()) == (302, 2)


def test_a_leader_cannot_quarantine_from_the_page(make_user: MakeUser, login: Login) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    response = login(leader).post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    assert (response.status_code, Quarantine.objects.count()) == (403, 0)


def test_the_quarantine_record_explains_its_rule_and_logs_the_view(
    health: User, login: Login
) -> None:
    facility = make_facility()
    [c] = contacts(1)
    client = login(health)
    client.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    q = Quarantine.objects.get()
    body = (
        reasoned(client, c.person_id)
        .get(f"/outbreak/care/quarantines/{q.pk}/?unit={DISTRICT}&on={ON}")
        .content.decode()
    )
    viewed = PersonalDataAccess.objects.filter(person_id=c.person_id, action="view").exists()
    assert ("F1-2021-07" in body, viewed) == (True, True)


def test_health_check_and_release_through_the_pages(health: User, login: Login) -> None:
    facility = make_facility()
    [c] = contacts(1)
    client = login(health)
    client.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    q = Quarantine.objects.get()
    base = f"/outbreak/care/quarantines/{q.pk}/"
    client.post(base + "check/", {"unit": DISTRICT, "on": ON, "day": ON, "temperature": "37,2"})
    client.post(
        base + "release/",
        {"unit": DISTRICT, "on": ON, "released_on": "2021-07-28", "version": q.version},
    )
    q.refresh_from_db()
    assert q.released_on is not None
    assert (str(q.checks.get().temperature), q.released_on.isoformat()) == ("37.2", "2021-07-28")


def test_a_bad_temperature_on_the_page_is_a_400_in_vietnamese(health: User, login: Login) -> None:
    facility = make_facility()
    [c] = contacts(1)
    client = login(health)
    client.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    q = Quarantine.objects.get()
    response = client.post(
        f"/outbreak/care/quarantines/{q.pk}/check/",
        {"unit": DISTRICT, "on": ON, "day": ON, "temperature": "50"},
    )
    assert (response.status_code, "không hợp lý" in response.content.decode()) == (400, True)


def test_register_a_new_person_arriving_from_an_epidemic_area(health: User, login: Login) -> None:
    make_facility()
    response = login(health).post(
        "/outbreak/care/arrivals/add/",
        {
            "unit": DISTRICT,
            "on": "2021-07-20",
            "full_name": "Lê Văn Thành",
            "birth_year": "1994",
            "sex": "M",
            "person_unit": "23941",
            "village": "Tổ dân phố 7",
            "origin": "TP. Hồ Chí Minh",
            "origin_risk": "4",
            "arrived_on": "2021-07-20",
        },
    )
    q = Quarantine.objects.get()
    assert (response.status_code, q.person.full_name, q.place, q.rule.code) == (
        302,
        "Lê Văn Thành",
        "facility",
        "ARR-2021-07",
    )


def test_a_refused_arrival_leaves_no_new_person(health: User, login: Login) -> None:
    response = login(health).post(
        "/outbreak/care/arrivals/add/",
        {
            "unit": DISTRICT,
            "on": "2021-07-20",
            "full_name": "Lê Văn Thành",
            "person_unit": "23941",
            "origin": "TP. Hồ Chí Minh",
            "origin_risk": "4",
            "arrived_on": "2021-07-20",
        },
    )  # no facility with a free bed: refused
    assert (response.status_code, Person.objects.filter(full_name="Lê Văn Thành").exists()) == (
        400,
        False,
    )
