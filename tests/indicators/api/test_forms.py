"""The form endpoints (indicators/api/forms.py): saves, a sibling commune refused, a conflict is a
409 with both values, every bad field listed."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.auth import bearer
from tests.indicators.conftest import Put


def test_form_api_saves_values(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    payload = {"values": [{"indicator": "THU_NSNN", "value": "1.234,5"}]}
    response = client.post(
        "/api/forms/KTXH_THANG/23962/202101",
        json.dumps(payload),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 200 and DataValue.objects.get().value == 1234.5


def test_form_api_refuses_a_sibling_commune_and_saves_nothing(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    payload = {"values": [{"indicator": "THU_NSNN", "value": "1"}]}
    response = client.post(
        "/api/forms/KTXH_THANG/23966/202101",
        json.dumps(payload),
        content_type="application/json",
        **bearer(officer),
    )
    assert response.status_code == 403 and not DataValue.objects.exists()


def test_form_api_conflict_is_409_with_both_values(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
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


def test_form_api_lists_every_bad_field(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
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


def _post(client: Client, url: str, user: User, body: object) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(user))


def test_form_api_refuses_a_save_on_a_submitted_form(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    url = "/api/forms/KTXH_THANG/23962/202101"
    _post(client, url + "/submit", officer, {})
    response = _post(client, url, officer, {"values": [{"indicator": "THU_NSNN", "value": "1"}]})
    assert response.status_code == 409 and not DataValue.objects.exists()


def test_form_api_returns_a_form_with_its_reason(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    url = "/api/forms/KTXH_THANG/23962/202101"
    _post(client, url + "/submit", officer, {})
    _post(client, url + "/return", leader, {"reason": "Thiếu số liệu thu"})
    body = client.get(url, **bearer(officer)).json()
    assert (body["state"], body["read_only"], body["return_reason"]) == (
        "open",
        False,
        "Thiếu số liệu thu",
    )


def test_form_api_names_the_flags_of_an_unconfirmed_value(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    catalogue["THU_NSNN"].max_value = 100
    catalogue["THU_NSNN"].save()
    url = "/api/forms/KTXH_THANG/23962/202101"
    response = _post(client, url, officer, {"values": [{"indicator": "THU_NSNN", "value": "150"}]})
    assert response.status_code == 400 and response.json()["errors"][0]["flags"] == ["above_max"]


def test_followup_api_lists_a_confirmed_flagged_value(
    client: Client, officer: User, leader: User, catalogue: dict[str, Indicator]
) -> None:
    catalogue["THU_NSNN"].max_value = 100
    catalogue["THU_NSNN"].save()
    value = {"indicator": "THU_NSNN", "value": "150", "comment": "thu tiền đất"}
    _post(client, "/api/forms/KTXH_THANG/23962/202101", officer, {"values": [value]})
    rows = client.get("/api/followup?unit=633&period=2021S1", **bearer(leader)).json()
    assert [(r["unit"], r["value"], r["flags"]) for r in rows] == [("23962", 150.0, ["above_max"])]


def test_followup_api_refuses_a_unit_outside_the_scope(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.get("/api/followup?unit=23966&period=2021S1", **bearer(officer))
    assert response.status_code in (403, 404)


def test_form_api_save_replies_with_the_saved_value_and_its_new_version(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    url = "/api/forms/KTXH_THANG/23962/202101"
    headers = bearer(officer)
    client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "1"}]}),
        content_type="application/json",
        **headers,
    )
    response = client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "2", "version": 1}]}),
        content_type="application/json",
        **headers,
    )
    revenue = [f for f in response.json()["fields"] if f["indicator"] == "THU_NSNN"]
    assert (revenue[0]["value"], revenue[0]["version"]) == (2.0, 2)


def test_form_api_save_reply_has_every_field_of_the_form(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    url = "/api/forms/KTXH_THANG/23962/202101"
    headers = bearer(officer)
    read = client.get(url, **headers).json()
    saved = client.post(
        url,
        json.dumps({"values": [{"indicator": "THU_NSNN", "value": "1"}]}),
        content_type="application/json",
        **headers,
    ).json()
    keys = [(f["indicator"], f["option"]) for f in saved["fields"]]
    assert keys == [(f["indicator"], f["option"]) for f in read["fields"]]


def test_form_api_shows_the_previous_month_and_last_year(
    client: Client, officer: User, catalogue: dict[str, Indicator], put: Put
) -> None:
    put("THU_NSNN", "23962", "202012", "12")
    put("THU_NSNN", "23962", "202001", "10")
    read = client.get("/api/forms/KTXH_THANG/23962/202101", **bearer(officer)).json()
    revenue = next(f for f in read["fields"] if f["indicator"] == "THU_NSNN")
    assert (revenue["previous"], revenue["last_year"]) == (12.0, 10.0)
