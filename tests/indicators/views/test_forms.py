"""Form pages (indicators/views/forms.py): entry and its checks as you type, the list of forms
with due dates, submit, approve and unlock through the pages."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.auth import Login
from tests.conftest import MakeUser


def test_entry_page_saves_a_typed_value(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    response = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/", {field: "12,5", f"{field}-status": "estimate"}
    )
    assert response.status_code == 302 and DataValue.objects.get().status == "estimate"


def test_entry_page_shows_the_error_and_keeps_what_was_typed(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    response = client.post("/indicators/forms/KTXH_THANG/23962/202101/", {field: "1.23"})
    assert response.status_code == 400 and 'value="1.23"' in response.content.decode()


def test_entry_page_of_a_sibling_commune_is_refused(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    assert client.get("/indicators/forms/KTXH_THANG/23966/202101/").status_code == 403


def test_check_as_you_type_explains_an_english_decimal(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    html = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/check/", {"field": field, field: "1.23"}
    ).content.decode()
    assert "1.234,5" in html


def test_check_as_you_type_is_silent_for_a_good_value(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    html = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/check/", {"field": field, field: "1.234,5"}
    ).content.decode()
    assert '"check-message"></div>' in html


def test_form_list_shows_the_six_months_of_a_half_year(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    html = client.get(
        "/indicators/forms/?data_set=KTXH_THANG&unit=23962&period=2021S1"
    ).content.decode()
    assert html.count("/indicators/forms/KTXH_THANG/23962/2021") == 6


def test_leader_sees_a_submitted_form_awaiting_approval(
    client: Client,
    officer: User,
    make_user: MakeUser,
    catalogue: dict[str, Indicator],
    login: Login,
) -> None:
    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    client.logout()
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert 'data-testid="awaiting"' in client.get("/indicators/forms/").content.decode()


def test_approve_then_unlock_through_the_pages(
    client: Client,
    officer: User,
    make_user: MakeUser,
    catalogue: dict[str, Indicator],
    login: Login,
) -> None:
    from dieuhanh.indicators.models import DataSetReport

    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    client.logout()
    login(make_user(role=Role.LEADER, capture=("633",)))
    client.post("/indicators/forms/KTXH_THANG/23962/202101/approve/")
    approved = DataSetReport.objects.get().state
    client.post("/indicators/forms/KTXH_THANG/23962/202101/unlock/", {"reason": "sửa số liệu"})
    assert (approved, DataSetReport.objects.get().state) == ("approved", "open")


def test_an_officer_cannot_approve_through_the_page(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    from dieuhanh.indicators.models import DataSetReport

    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    response = client.post("/indicators/forms/KTXH_THANG/23962/202101/approve/")
    assert response.status_code == 403 and DataSetReport.objects.get().state == "submitted"


def test_form_list_shows_the_due_date_and_overdue_forms(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    html = client.get(
        "/indicators/forms/?data_set=KTXH_THANG&unit=23962&period=2021S1"
    ).content.decode()
    assert "19/01/2021" in html and html.count("text-bg-danger") == 6  # cut-off 14/01 + 5 days


def test_an_officer_sees_no_approve_button(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    html = client.get("/indicators/forms/KTXH_THANG/23962/202101/").content.decode()
    assert "/approve/" not in html
