"""The validation endpoint (indicators/api/rules.py): the rules broken are listed."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.indicators.conftest import Put


def test_validate_api_lists_violations(client: Client, make_user: MakeUser, put: Put) -> None:
    put("GTSX", "23962", "202101", "100", "CURRENT")
    put("GTSX_NLTS", "23962", "202101", "10", "CURRENT")
    put("GTSX_CNXD", "23962", "202101", "10", "CURRENT")
    put("GTSX_TMDV", "23962", "202101", "10", "CURRENT")
    body = client.get(
        "/api/validate?unit=633&period=2021S1", **bearer(make_user(role=Role.ADMIN))
    ).json()
    assert [(v["rule"], v["left"], v["right"]) for v in body] == [("GTSX_CO_CAU_HH", 100.0, 30.0)]
