"""The history page (indicators/views/values.py): the changes listed."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import Indicator
from tests.auth import Login


def test_history_page_lists_changes(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    field = f"v-{catalogue['THU_NSNN'].pk}-0"
    client.post("/indicators/forms/KTXH_THANG/23962/202101/", {field: "12,5"})
    html = client.get("/indicators/history/23962/?period=2021S1").content.decode()
    assert "THU_NSNN" in html and "12,5" in html
