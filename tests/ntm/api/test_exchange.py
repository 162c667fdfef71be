"""The export and import endpoints (ntm/api/exchange.py): scope denials, nothing written for
other communes, the own commune imported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.ntm.models import Assessment, CriteriaSet
from tests.auth import bearer
from tests.conftest import MakeUser
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


def _bomb() -> io.BytesIO:
    """An .xlsx whose shared strings unpack to 8 MB from a few kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<si><t>a</t></si>" * 500_000)
    out.seek(0)
    out.name = "bom.xlsx"
    return out


def test_api_import_by_a_viewer_is_refused_before_the_file_is_opened(
    sets: dict[str, CriteriaSet], make_user: MakeUser, client: Client
) -> None:
    """403 (the role), not 400 (the bomb): the file was never looked at."""
    viewer = make_user(role=Role.VIEWER, view=(IA_BLANG,))
    response = client.post("/api/ntm/import", {"file": _bomb()}, **bearer(viewer))
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_api_import_by_an_officer_without_a_unit_to_enter_is_refused(
    sets: dict[str, CriteriaSet], make_user: MakeUser, client: Client
) -> None:
    reader = make_user(role=Role.DATA_OFFICER, view=(IA_BLANG,))
    response = client.post("/api/ntm/import", {"file": _bomb()}, **bearer(reader))
    assert response.status_code == 403


def test_api_import_of_a_bomb_is_refused_by_the_guard(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    response = client.post("/api/ntm/import", {"file": _bomb()}, **bearer(officer))
    assert (response.status_code, response.json()["code"]) == (400, "upload_refused")
