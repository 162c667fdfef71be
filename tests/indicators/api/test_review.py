"""The values endpoint (indicators/api/review.py): the review's rows, scope and period refused,
a role without the module refused."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.indicators.models import Indicator
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.indicators.conftest import Put


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
