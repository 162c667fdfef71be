"""The values endpoint (indicators/api/review.py): the review's rows, scope and period refused,
a role without the module refused."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import Indicator
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.indicators.conftest import MakeTarget, Put


def test_values_api_gives_the_review_rows(client: Client, make_user: MakeUser, put: Put) -> None:
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


def test_values_api_states_the_semantics_and_the_judgement(
    client: Client, make_user: MakeUser, put: Put, target: MakeTarget
) -> None:
    put("TY_LE_HO_NGHEO", "23962", "202106", "6.91")
    target("TY_LE_HO_NGHEO", "633", "2021", "5.80")
    body = client.get(
        "/api/values?unit=633&period=2021S1",
        **bearer(make_user(role=Role.LEADER, capture=("633",))),
    ).json()
    rate = next(r for r in body if r["indicator"] == "TY_LE_HO_NGHEO")
    assert (rate["kind"], rate["direction"], rate["plan_met"], rate["plan_gap"]) == (
        "rate",
        "lower_better",
        False,
        1.11,
    )


def test_values_api_gives_each_row_its_own_growth_basis(
    client: Client, make_user: MakeUser, put: Put
) -> None:
    put("GTSX", "23962", "202101", "90", "CURRENT")
    put("GTSX", "23962", "202001", "100", "CURRENT")
    body = client.get(
        "/api/values?unit=633&period=2021S1",
        **bearer(make_user(role=Role.LEADER, capture=("633",))),
    ).json()
    current = next(r for r in body if r["indicator"] == "GTSX" and r["option"] == "CURRENT")
    assert (current["growth_pct"], current["growth_basis"]) == (-10.0, "CURRENT")


def test_values_api_refuses_a_sibling_commune(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.get("/api/values?unit=23966&period=2021S1", **bearer(officer))
    assert response.status_code == 403 and "value" not in response.content.decode()


def test_values_api_refuses_a_malformed_period(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.get("/api/values?unit=23962&period=2021S3", **bearer(officer))
    assert response.status_code == 400 and response.json()["code"] == "invalid_period"


def test_a_role_without_indicators_cannot_use_the_api(
    client: Client, make_user: MakeUser, catalogue: dict[str, Indicator]
) -> None:
    user = make_user(role=Role.SECURITY_OFFICER, capture=("633",))
    assert client.get("/api/values?unit=633&period=2021S1", **bearer(user)).status_code == 403
