"""Completeness endpoints (indicators/api/completeness.py): the count of a total, the rate
summary, scope refused, a role without the module refused."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.indicators.conftest import Put


def test_completeness_api_counts_the_communes(
    client: Client, make_user: MakeUser, put: Put
) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    body = client.get(
        "/api/completeness?unit=633&period=2021S1",
        **bearer(make_user(role=Role.LEADER, capture=("633",))),
    ).json()
    assert (body["reported"], body["expected"], body["text_vi"]) == (1, 15, "1/15 xã đã báo cáo")


def test_rates_api_gives_the_summary(client: Client, make_user: MakeUser, put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "1")
    body = client.get(
        "/api/reporting-rates?data_set=KTXH_THANG&unit=633&period=202101",
        **bearer(make_user(role=Role.LEADER, capture=("633",))),
    ).json()
    assert body["total"]["expected"] == 15 and body["total"]["reported"] == 1
    assert body["periods"] == ["202101"] and body["due"] == ["2021-01-19"]


def test_rates_api_refuses_a_unit_outside_the_scope(
    client: Client, make_user: MakeUser, put: Put
) -> None:
    answer = client.get(
        "/api/reporting-rates?data_set=KTXH_THANG&unit=633&period=202101",
        **bearer(make_user(role=Role.DATA_OFFICER, capture=("23962",))),
    )
    assert answer.status_code == 403


def test_rates_api_refuses_a_role_without_indicators(
    client: Client, make_user: MakeUser, put: Put
) -> None:
    answer = client.get(
        "/api/reporting-rates?data_set=KTXH_THANG&unit=633&period=202101",
        **bearer(make_user(role=Role.SECURITY_OFFICER, capture=("633",))),
    )
    assert answer.status_code == 403
