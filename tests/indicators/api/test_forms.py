"""The form endpoints (indicators/api/forms.py): saves, a sibling commune refused, a conflict is a
409 with both values, every bad field listed."""

from __future__ import annotations

import json

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.auth import bearer


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
