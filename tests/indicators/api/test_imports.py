"""The import and export endpoints (indicators/api/imports.py): all or nothing, a dry run, scope
denials, the size limit, CSV out."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.core.uploads import UploadLimits
from dieuhanh.indicators.models import DataValue, Indicator
from tests.auth import bearer
from tests.indicators.conftest import Put
from tests.indicators.files import GOOD, HEADER, SIBLING, upload


def test_api_imports_a_csv_file(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.post("/api/import", {"file": upload(GOOD)}, **bearer(officer))
    assert response.status_code == 200 and response.json()["created"] == 1
    assert DataValue.objects.get().updated_by == officer


def test_api_dry_run_writes_nothing(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.post(
        "/api/import?format=dhis2-csv&dry_run=true",
        {"file": upload(GOOD, "data.txt")},
        **bearer(officer),
    )
    assert response.json()["dry_run"] is True and not DataValue.objects.exists()


def test_api_refuses_a_row_of_a_sibling_commune_and_writes_nothing(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    response = client.post("/api/import", {"file": upload(SIBLING)}, **bearer(officer))
    body = response.json()
    assert response.status_code == 403 and body["code"] == "import_forbidden"
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "orgunit")]
    assert not DataValue.objects.exists()


def test_api_lists_every_bad_row(
    client: Client, officer: User, catalogue: dict[str, Indicator]
) -> None:
    content = (HEADER + "GTSX,202101,23962,,,1\nX,202101,23962,,,1\n").encode()
    body = client.post("/api/import", {"file": upload(content)}, **bearer(officer)).json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "catoptcombo"),
        (3, "dataelement"),
    ]


def test_api_refuses_a_file_over_the_limit(
    client: Client, officer: User, catalogue: dict[str, Indicator], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "dieuhanh.indicators.services.imports.UPLOAD_LIMITS", UploadLimits(max_bytes=10)
    )
    response = client.post("/api/import", {"file": upload(GOOD)}, **bearer(officer))
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_api_exports_csv_of_the_callers_units(client: Client, officer: User, put: Put) -> None:
    put("THU_NSNN", "23962", "202101", "55.16")
    response = client.get(
        "/api/export?unit=23962&period=2021S1&format=dhis2-csv", **bearer(officer)
    )
    assert (
        response.status_code == 200 and "THU_NSNN,202101,23962,,,55.16" in response.content.decode()
    )
    assert "attachment" in response["Content-Disposition"]


def test_api_export_of_a_sibling_commune_is_refused(
    client: Client, officer: User, put: Put
) -> None:
    put("THU_NSNN", "23966", "202101", "55.16")
    response = client.get("/api/export?unit=23966&period=2021S1", **bearer(officer))
    assert response.status_code == 403 and "55.16" not in response.content.decode()
