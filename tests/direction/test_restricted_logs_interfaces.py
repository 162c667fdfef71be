"""The restricted logs: Party inspection (party office, leaders, admin) and public order
(security officers, leaders, admin). Denials through the page, the API and the export, next to
the grants; others see nothing of them, not even a tab."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from tests.auth import Login, bearer
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


PUBLIC_ORDER_PAGE = "/direction/public-order/?unit=633&period=2021"
PUBLIC_ORDER_EXPORT = "/direction/public-order/export.csv?unit=633&period=2021"
PUBLIC_ORDER_API = "/api/direction/public-order?unit=633&period=2021"
INSPECTION_PAGE = "/direction/inspection/?year=2021"
INSPECTION_EXPORT = "/direction/inspection/export.csv?year=2021"
INSPECTION_API = "/api/direction/inspection?unit=633&year=2021"


@pytest.mark.parametrize("role", [Role.PARTY_OFFICE, Role.DATA_OFFICER, Role.VIEWER])
def test_public_order_page_is_refused_to_other_roles(
    role: str, make_user: MakeUser, login: Login, demo: int
) -> None:
    response = login(make_user(role, capture=("633",))).get(PUBLIC_ORDER_PAGE)
    assert response.status_code == 403
    assert "Tranh chấp" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.PARTY_OFFICE, Role.DATA_OFFICER, Role.HEALTH_OFFICER])
def test_public_order_export_is_refused_to_other_roles(
    role: str, make_user: MakeUser, login: Login, demo: int
) -> None:
    response = login(make_user(role, capture=("633",))).get(PUBLIC_ORDER_EXPORT)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("role", [Role.PARTY_OFFICE, Role.VIEWER])
def test_public_order_api_is_refused_to_other_roles(
    role: str, make_user: MakeUser, client: Client, demo: int
) -> None:
    user = make_user(role, capture=("633",))
    response = client.get(PUBLIC_ORDER_API, **bearer(user))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_public_order_api_is_refused_for_recording_too(
    party: User, client: Client, demo: int
) -> None:
    body = {
        "unit": "23962",
        "occurred_on": "2021-05-01",
        "category": "rural",
        "severity": "low",
        "title": "x",
    }
    response = client.post(
        "/api/direction/public-order/events",
        body,
        content_type="application/json",
        **bearer(party),
    )
    assert response.status_code == 403


def test_the_security_officer_sees_the_page_export_and_api(
    security: User, login: Login, client: Client, demo: int
) -> None:
    page = login(security).get(PUBLIC_ORDER_PAGE)
    assert page.status_code == 200 and "Tranh chấp đất rẫy" in page.content.decode()
    export = client.get(PUBLIC_ORDER_EXPORT)
    assert export.status_code == 200
    assert "Tranh chấp đất rẫy" in export.content.decode("utf-8-sig")
    api = Client().get(PUBLIC_ORDER_API, **bearer(security)).json()
    assert api["total"] == 6 and api["stable"] is True


def test_the_leader_reads_public_order_but_may_not_record(
    leader: User, login: Login, client: Client, demo: int
) -> None:
    assert login(leader).get(PUBLIC_ORDER_PAGE).status_code == 200
    response = client.post(
        "/direction/public-order/record/",
        {
            "unit": "633",
            "occurred_on": "2021-05-01",
            "category": "rural",
            "severity": "low",
            "title": "Thử",
        },
    )
    assert response.status_code == 302
    from dieuhanh.direction.models import PublicOrderEvent

    assert not PublicOrderEvent.objects.filter(title="Thử").exists()


def test_the_security_officer_records_an_event_through_the_page(
    security: User, login: Login, demo: int
) -> None:
    from dieuhanh.direction.models import PublicOrderEvent

    login(security).post(
        "/direction/public-order/record/",
        {
            "unit": "23965",
            "occurred_on": "2021-06-01",
            "category": "religion",
            "severity": "medium",
            "state": "open",
            "title": "Tụ tập trái phép",
        },
    )
    assert PublicOrderEvent.objects.get(title="Tụ tập trái phép").unit.code == "23965"


def test_the_security_officer_sees_no_inspection_anywhere(
    security: User, login: Login, client: Client, demo: int
) -> None:
    c = login(security)
    assert c.get(INSPECTION_PAGE).status_code == 403
    assert c.get(INSPECTION_EXPORT).status_code == 403
    assert Client().get(INSPECTION_API, **bearer(security)).status_code == 403


@pytest.mark.parametrize("role", [Role.DATA_OFFICER, Role.VIEWER, Role.HEALTH_OFFICER])
def test_inspection_is_refused_to_other_roles(
    role: str, make_user: MakeUser, login: Login, demo: int
) -> None:
    user = make_user(role, capture=("633",))
    c = login(user)
    assert c.get(INSPECTION_PAGE).status_code == 403
    assert c.get(INSPECTION_EXPORT).status_code == 403
    assert Client().get(INSPECTION_API, **bearer(user)).status_code == 403


def test_the_party_office_sees_the_inspection_page_export_and_api(
    party: User, login: Login, demo: int
) -> None:
    c = login(party)
    page = c.get(INSPECTION_PAGE).content.decode()
    assert "Đảng ủy xã Ia Blang" in page
    export = c.get(INSPECTION_EXPORT)
    assert export.status_code == 200
    assert export.content.decode("utf-8-sig").count("\n") == 9  # header and 8 items
    api = Client().get(INSPECTION_API, **bearer(party)).json()
    assert (api["programme_total"], api["programme_concluded"]) == (8, 6)


def test_other_roles_get_no_tab_for_the_restricted_logs(
    party: User, security: User, login: Login, demo: int
) -> None:
    party_page = login(party).get("/direction/").content.decode()
    assert "/direction/public-order/" not in party_page
    assert "/direction/inspection/" in party_page
    security_page = login(security).get("/direction/").content.decode()
    assert "/direction/inspection/" not in security_page
    assert "/direction/public-order/" in security_page


def test_a_security_officer_of_another_district_sees_none_of_chu_se(
    make_user: MakeUser, login: Login, demo: int
) -> None:
    other = make_user(Role.SECURITY_OFFICER, capture=("634",))
    assert login(other).get(PUBLIC_ORDER_PAGE).status_code == 403
    assert Client().get(PUBLIC_ORDER_API, **bearer(other)).status_code == 403


def test_exports_are_logged(security: User, login: Login, demo: int) -> None:
    from dieuhanh.core.models import AuditEvent

    login(security).get(PUBLIC_ORDER_EXPORT)
    assert AuditEvent.objects.filter(action="direction.public_order_export").count() == 1


def test_every_read_of_the_restricted_logs_is_logged(
    security: User, party: User, login: Login, demo: int
) -> None:
    from dieuhanh.core.models import AuditEvent

    login(security).get(PUBLIC_ORDER_PAGE)
    Client().get(PUBLIC_ORDER_API, **bearer(security))
    login(party).get(INSPECTION_PAGE)
    reads = AuditEvent.objects.filter(action__endswith="_read")
    assert sorted((e.action, e.actor_label) for e in reads) == sorted(
        [
            ("direction.public_order_read", security.username),
            ("direction.public_order_read", security.username),
            ("direction.inspection_read", party.username),
        ]
    )
