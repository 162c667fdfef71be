"""The periods endpoint (core/api.py): the Decree 09 window of a period, its quarters and months,
malformed codes in both languages, authentication required."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role
from tests.auth import Login
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_period_document_has_the_decree_09_window(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.VIEWER, view=("64",)))
    body = client.get("/api/periods/2021S1").json()
    assert (
        body["label_vi"],
        body["cutoff_start"],
        body["cutoff_end"],
        body["same_period_last_year"],
    ) == (
        "6 tháng đầu năm 2021",
        "2020-12-15",
        "2021-06-14",
        "2020S1",
    )


def test_half_year_lists_its_quarters_and_months(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.VIEWER, view=("64",)))
    body = client.get("/api/periods/2021S2").json()
    assert (
        body["subperiods"]["quarter"] == ["2021Q3", "2021Q4"]
        and len(body["subperiods"]["month"]) == 6
    )


def test_nine_months_list_three_quarters_and_nine_months(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.VIEWER, view=("64",)))
    body = client.get("/api/periods/2021N9").json()
    assert (body["label_vi"], body["end"], body["subperiods"]) == (
        "9 tháng đầu năm 2021",
        "2021-09-30",
        {
            "quarter": ["2021Q1", "2021Q2", "2021Q3"],
            "month": [f"2021{m:02d}" for m in range(1, 10)],
        },
    )


def test_malformed_period_is_400_in_both_languages(
    client: Client, make_user: MakeUser, login: Login
) -> None:
    login(make_user(role=Role.VIEWER, view=("64",)))
    response = client.get("/api/periods/2021S3")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid_period"
    assert body["messages"]["vi"] != body["messages"]["en"]


def test_periods_need_authentication(client: Client) -> None:
    assert client.get("/api/periods/2021S1").status_code == 401
