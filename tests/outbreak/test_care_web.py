"""Care pages and API: grants and denials (module, unit scope, identities), logging of reads."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Person, PersonalDataAccess, Quarantine, Sample
from tests.conftest import MakeUser
from tests.outbreak.conftest import bearer
from tests.outbreak.test_care_services import (
    DISTRICT,
    OTHER_DISTRICT,
    contacts,
    make_facility,
)

Login = Callable[[User], Client]
ON = "2021-07-14"
PAGES = [
    "care/",
    "care/contacts/",
    "care/testing/",
    "care/arrivals/",
    "care/zones/",
    "care/readiness/",
]


@pytest.mark.parametrize("page", PAGES)
def test_health_officer_opens_every_care_page(health: User, login: Login, page: str) -> None:
    response = login(health).get(f"/outbreak/{page}?unit={DISTRICT}&on={ON}")
    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_a_data_officer_is_refused_every_care_page(
    make_user: MakeUser, login: Login, page: str
) -> None:
    officer = make_user(role=Role.DATA_OFFICER, capture=(DISTRICT,))
    assert login(officer).get(f"/outbreak/{page}?unit={DISTRICT}&on={ON}").status_code == 403


def test_a_health_officer_of_another_district_is_refused_this_one(
    make_user: MakeUser, login: Login
) -> None:
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    assert login(other).get(f"/outbreak/care/?unit={DISTRICT}&on={ON}").status_code == 403


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
    body = client.get(
        f"/outbreak/care/quarantines/{q.pk}/?unit={DISTRICT}&on={ON}"
    ).content.decode()
    viewed = PersonalDataAccess.objects.filter(person_id=c.person_id, action="view").exists()
    assert ("F1-2021-07" in body, viewed) == (True, True)


def test_care_pages_are_csp_ready(health: User, login: Login) -> None:
    body = login(health).get(f"/outbreak/care/zones/?unit={DISTRICT}&on={ON}").content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert (inline_scripts, re.findall(r"\son\w+=", body), " style=" in body) == ([], [], False)


# --- API -------------------------------------------------------------------------------------


def test_api_counts(health: User, client: Client) -> None:
    facility = make_facility()
    cs = contacts(2)
    client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk for c in cs], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(health),
    )
    response = client.get(
        f"/api/outbreak/care/counts?unit={DISTRICT}&on=2021-07-15", **bearer(health)
    )
    assert response.json()["active_quarantines"] == 2


def test_api_refuses_a_role_without_the_module(make_user: MakeUser, client: Client) -> None:
    viewer = make_user(role=Role.VIEWER, view=(DISTRICT,))
    response = client.get(f"/api/outbreak/care/counts?unit={DISTRICT}&on={ON}", **bearer(viewer))
    assert response.status_code == 403


def test_api_refuses_a_unit_outside_the_scope(make_user: MakeUser, client: Client) -> None:
    other = make_user(role=Role.HEALTH_OFFICER, capture=(OTHER_DISTRICT,))
    response = client.get(f"/api/outbreak/care/counts?unit={DISTRICT}&on={ON}", **bearer(other))
    assert response.status_code == 403


def test_api_quarantine_by_a_leader_is_refused_and_changes_nothing(
    make_user: MakeUser, client: Client
) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    response = client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(leader),
    )
    assert (response.status_code, Quarantine.objects.count()) == (403, 0)


def test_api_quarantine_list_gives_names_only_to_health_roles(
    health: User, make_user: MakeUser, client: Client
) -> None:
    leader = make_user(role=Role.LEADER, capture=(DISTRICT,))
    facility = make_facility()
    [c] = contacts(1)
    client.post(
        "/api/outbreak/care/quarantines/contacts",
        {"contact_ids": [c.pk], "start": ON, "facility_id": facility.pk},
        content_type="application/json",
        **bearer(health),
    )
    url = f"/api/outbreak/care/quarantines?unit={DISTRICT}&on=2021-07-15"
    names = (
        client.get(url, **bearer(health)).json()[0]["name"],
        client.get(url, **bearer(leader)).json()[0]["name"],
    )
    assert names == ("F1 0", None)


def test_api_zone_with_bad_geometry_is_a_400_naming_the_problem(
    health: User, client: Client
) -> None:
    response = client.post(
        "/api/outbreak/care/zones",
        {"unit": "23941", "name": "X", "kind": "lockdown", "shape": "circle", "start": ON},
        content_type="application/json",
        **bearer(health),
    )
    assert (response.status_code, "radius" in response.json()["messages"]["en"]) == (400, True)


def test_api_pool_advice(health: User, client: Client) -> None:
    body = client.get(
        f"/api/outbreak/care/pools/advice?unit={DISTRICT}&on={ON}", **bearer(health)
    ).json()
    assert (body["positivity_used"], body["pool_size"]) == (0.01, 11)


def test_api_review_of_a_quiet_period_reports_no_activity(health: User, client: Client) -> None:
    body = client.get(
        f"/api/outbreak/care/review?unit={DISTRICT}&start=2020-01-01&end=2020-06-14",
        **bearer(health),
    ).json()
    assert body["activity"] is False


def test_admin_refuses_a_rule_whose_test_days_exceed_it(make_user: MakeUser) -> None:
    from dieuhanh.outbreak.admin.care import QuarantineRuleForm

    form = QuarantineRuleForm(
        data={
            "code": "X",
            "disease": "covid19",
            "subject": "f1",
            "valid_from": "2021-01-01",
            "min_origin_risk": 0,
            "facility_days": 7,
            "home_days": 0,
            "monitoring_days": 0,
            "test_days": "[1, 8]",
        }
    )
    assert (form.is_valid(), "test days" in str(form.errors)) == (False, True)


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


def test_pool_from_the_testing_page(health: User, login: Login) -> None:
    people = [c.person_id for c in contacts(3)]
    response = login(health).post(
        "/outbreak/care/testing/pools/",
        {"unit": DISTRICT, "on": ON, "code": "CS-01", "collected_on": ON, "person": people},
    )
    assert (response.status_code, Sample.objects.filter(pool__code="CS-01").count()) == (302, 3)


def test_the_overview_query_count_does_not_grow_with_quarantines(
    health: User, login: Login, django_assert_max_num_queries: Callable[..., object]
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
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        client.get(f"/outbreak/care/?unit={DISTRICT}&on=2021-07-20")


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


def _zone(client: Client, user: User) -> dict[str, object]:
    response = client.post(
        "/api/outbreak/care/zones",
        {
            "unit": "23941",
            "name": "Phong tỏa Tổ dân phố 3",
            "kind": "lockdown",
            "shape": "circle",
            "start": "2021-06-10",
            "center_lat": 13.7015,
            "center_lon": 108.079,
            "radius_m": 250,
        },
        content_type="application/json",
        **bearer(user),
    )
    return response.json()  # type: ignore[no-any-return]


def test_api_lifts_a_zone(health: User, client: Client) -> None:
    zone = _zone(client, health)
    response = client.post(
        f"/api/outbreak/care/zones/{zone['id']}/close",
        {"end": "2021-06-30", "version": zone["version"]},
        content_type="application/json",
        **bearer(health),
    )
    assert response.json()["end"] == "2021-06-30"


def test_api_lifting_a_zone_with_a_stale_version_is_a_409(health: User, client: Client) -> None:
    zone = _zone(client, health)
    response = client.post(
        f"/api/outbreak/care/zones/{zone['id']}/close",
        {"end": "2021-06-30", "version": 99},
        content_type="application/json",
        **bearer(health),
    )
    assert response.status_code == 409


def test_a_location_set_on_the_quarantine_page_puts_the_contact_in_the_zone(
    health: User, login: Login, client: Client
) -> None:
    facility = make_facility()
    [c] = contacts(1)
    web = login(health)
    web.post(
        "/outbreak/care/contacts/quarantine/",
        {"unit": DISTRICT, "on": ON, "contact": [c.pk], "start": ON, "facility": facility.pk},
    )
    q = Quarantine.objects.get()
    web.post(
        f"/outbreak/care/quarantines/{q.pk}/location/",
        {"unit": DISTRICT, "on": ON, "latitude": "13,7016", "longitude": "108,0791"},
    )
    zone = _zone(client, health)
    members = client.get(f"/api/outbreak/care/zones/{zone['id']}/members", **bearer(health)).json()
    assert [m["person_id"] for m in members["contacts"]] == [c.person_id]


def test_a_viewer_cannot_place_a_person(make_user: MakeUser, client: Client) -> None:
    viewer = make_user(role=Role.VIEWER, view=(DISTRICT,))
    [c] = contacts(1)
    response = client.put(
        f"/api/outbreak/care/persons/{c.person_id}/location",
        {"latitude": 13.7, "longitude": 108.08},
        content_type="application/json",
        **bearer(viewer),
    )
    assert response.status_code == 403
