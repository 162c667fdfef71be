from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.services import token_issue
from dieuhanh.indicators.models import DataValue


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


@pytest.fixture
def officer(make_user):  # type: ignore[no-untyped-def]
    return make_user(role=Role.DATA_OFFICER, capture=("23962",))


def test_values_api_gives_the_review_rows(client: Client, make_user, put) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "55.16")
    body = client.get(
        "/api/values?unit=633&period=2021S1",
        **bearer(make_user(role=Role.LEADER, capture=("633",))),
    ).json()
    revenue = next(r for r in body if r["indicator"] == "THU_NSNN")
    assert (revenue["value"], revenue["unit"], revenue["orgunit"], revenue["period"]) == (
        55.16,
        "tỷ đồng",
        "633",
        "2021S1",
    )


def test_values_api_refuses_a_sibling_commune(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/values?unit=23966&period=2021S1", **bearer(officer))
    assert response.status_code == 403 and "value" not in response.content.decode()


def test_values_api_refuses_a_malformed_period(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/values?unit=23962&period=2021S3", **bearer(officer))
    assert response.status_code == 400 and response.json()["code"] == "invalid_period"


def test_form_api_saves_values(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    payload = {"values": [{"indicator": "THU_NSNN", "value": "1.234,5"}]}
    response = client.post(
        "/api/forms/KTXH_THANG/23962/202101",
        json.dumps(payload),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 200 and DataValue.objects.get().value == 1234.5


def test_form_api_refuses_a_sibling_commune_and_saves_nothing(
    client: Client, officer, catalogue
) -> None:  # type: ignore[no-untyped-def]
    payload = {"values": [{"indicator": "THU_NSNN", "value": "1"}]}
    response = client.post(
        "/api/forms/KTXH_THANG/23966/202101",
        json.dumps(payload),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 403 and not DataValue.objects.exists()


def test_form_api_conflict_is_409_with_both_values(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    url = "/api/forms/KTXH_THANG/23962/202101"
    headers = bearer(officer)
    client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "1"}]}),
        content_type="application/json",
        **headers,
    )
    client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "2", "version": 1}]}),
        content_type="application/json",
        **headers,
    )
    response = client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "3", "version": 1}]}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 409 and response.json()["conflicts"][0]["theirs"] == "2"


def test_form_api_lists_every_bad_field(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    payload = {
        "values": [
            {"indicator": "THU_NSNN", "value": "1.23"},
            {"indicator": "TY_LE_HO_NGHEO", "value": "abc"},
        ]
    }
    response = client.post(
        "/api/forms/KTXH_THANG/23962/202101",
        json.dumps(payload),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 400 and len(response.json()["errors"]) == 2


def test_validate_api_lists_violations(client: Client, make_user, put) -> None:  # type: ignore[no-untyped-def]
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "10", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "10", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "10", "CURRENT")
    body = client.get(
        "/api/validate?unit=633&period=2021S1", **bearer(make_user(role=Role.ADMIN))
    ).json()
    assert [(v["rule"], v["left"], v["right"]) for v in body] == [("GTSX_CO_CAU_HH", 100.0, 30.0)]


def test_entry_page_saves_a_typed_value(client: Client, officer, catalogue, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    response = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/", {field: "12,5", f"{field}-status": "estimate"}
    )
    assert response.status_code == 302 and DataValue.objects.get().status == "estimate"


def test_entry_page_shows_the_error_and_keeps_what_was_typed(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    response = client.post("/indicators/forms/KTXH_THANG/23962/202101/", {field: "1.23"})
    assert response.status_code == 400 and 'value="1.23"' in response.content.decode()


def test_entry_page_of_a_sibling_commune_is_refused(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    assert client.get("/indicators/forms/KTXH_THANG/23966/202101/").status_code == 403


def test_check_as_you_type_explains_an_english_decimal(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    html = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/check/", {"field": field, field: "1.23"}
    ).content.decode()
    assert "1.234,5" in html


def test_check_as_you_type_is_silent_for_a_good_value(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    html = client.post(
        "/indicators/forms/KTXH_THANG/23962/202101/check/", {"field": field, field: "1.234,5"}
    ).content.decode()
    assert '"check-message"></div>' in html


def test_review_page_shows_vietnamese_numbers(client: Client, make_user, put, login) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "5700.5")
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert "5.700,50" in client.get("/indicators/?unit=633&period=2021S1").content.decode()


def test_review_page_of_another_district_is_refused(
    client: Client, make_user, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert client.get("/indicators/?unit=632&period=2021S1").status_code == 403


def test_values_command_prints_json_rows(put, capsys) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "55.16")
    call_command("values", "--unit", "633", "--period", "2021S1", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert next(r for r in rows if r["indicator"] == "THU_NSNN")["value"] == 55.16


def test_validate_command_prints_json(put, capsys) -> None:  # type: ignore[no-untyped-def]
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "1", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "1", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "1", "CURRENT")
    call_command("validate", "--unit", "633", "--period", "2021S1", "--json")
    assert json.loads(capsys.readouterr().out)[0]["rule"] == "GTSX_CO_CAU_HH"


def test_form_list_shows_the_six_months_of_a_half_year(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    html = client.get(
        "/indicators/forms/?data_set=KTXH_THANG&unit=23962&period=2021S1"
    ).content.decode()
    assert html.count("/indicators/forms/KTXH_THANG/23962/2021") == 6


def test_leader_sees_a_submitted_form_awaiting_approval(
    client: Client, officer, make_user, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    client.logout()
    login(make_user(role=Role.LEADER, capture=("633",)))
    assert 'data-testid="awaiting"' in client.get("/indicators/forms/").content.decode()


def test_approve_then_unlock_through_the_pages(
    client: Client, officer, make_user, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
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
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    from dieuhanh.indicators.models import DataSetReport

    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    response = client.post("/indicators/forms/KTXH_THANG/23962/202101/approve/")
    assert response.status_code == 403 and DataSetReport.objects.get().state == "submitted"


def test_history_page_lists_changes(client: Client, officer, catalogue, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    client.post("/indicators/forms/KTXH_THANG/23962/202101/", {field: "12,5"})
    html = client.get("/indicators/history/23962/?period=2021S1").content.decode()
    assert "THU_NSNN" in html and "12,5" in html


def test_form_list_shows_the_due_date_and_overdue_forms(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    html = client.get(
        "/indicators/forms/?data_set=KTXH_THANG&unit=23962&period=2021S1"
    ).content.decode()
    assert "19/01/2021" in html and html.count("text-bg-danger") == 6  # cut-off 14/01 + 5 days


def test_review_page_defaults_to_the_users_unit_and_latest_data(
    client: Client, make_user, put, login
) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202103", "7")
    login(make_user(role=Role.LEADER, capture=("633",)))
    html = client.get("/indicators/").content.decode()
    assert "Huyện Chư Sê" in html and 'value="2021S1"' in html


def test_a_role_without_indicators_cannot_read_the_review(
    client: Client, make_user, put, login
) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "5")
    login(make_user(role=Role.SECURITY_OFFICER, capture=("633",)))
    assert client.get("/indicators/?unit=633&period=2021S1").status_code == 403


def test_a_role_without_indicators_cannot_use_the_api(client: Client, make_user, catalogue) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role=Role.SECURITY_OFFICER, capture=("633",))
    assert client.get("/api/values?unit=633&period=2021S1", **bearer(user)).status_code == 403


def test_an_officer_sees_no_approve_button(client: Client, officer, catalogue, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    client.post("/indicators/forms/KTXH_THANG/23962/202101/submit/")
    html = client.get("/indicators/forms/KTXH_THANG/23962/202101/").content.decode()
    assert "/approve/" not in html
