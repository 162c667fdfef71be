"""The export and import endpoints (ntm/api/exchange.py): scope denials, nothing written for
other communes, the own commune imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.ntm.models import Assessment, CriteriaSet
from tests.auth import bearer
from tests.ntm.factories import CHU_SE, DUN, IA_BLANG, exported_workbook, set_cell

pytestmark = pytest.mark.django_db


def test_api_export_refused_outside_the_scope(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    response = client.get(
        f"/api/ntm/export?unit={CHU_SE}&year=2021&on=2021-07-01", **bearer(officer)
    )
    assert response.status_code == 403


def test_api_import_refuses_other_communes_and_writes_nothing(
    sets: dict[str, CriteriaSet], officer: User, client: Client, tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, DUN, "12.1", "91,5")
    with path.open("rb") as f:
        response = client.post("/api/ntm/import", {"file": f}, **bearer(officer))
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_api_import_of_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client, tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    with path.open("rb") as f:
        response = client.post("/api/ntm/import", {"file": f}, **bearer(officer))
    assert (response.status_code, response.json()["written"]) == (200, 1)
