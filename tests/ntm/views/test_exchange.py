"""Export and import pages (ntm/views/exchange.py): the leader's export, scope, the import page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.ntm.models import Assessment, CriteriaSet
from tests.auth import Login
from tests.ntm.factories import CHU_SE, DUN, IA_BLANG, ON, exported_workbook, save, set_cell

pytestmark = pytest.mark.django_db


def test_export_for_the_leader_lists_each_communes_rows(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    save(IA_BLANG, {"12.1": "92,5"})
    response = login(leader).get(f"/ntm/export/?unit={CHU_SE}&year=2021&{ON}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        r
        for r in sheet.iter_rows(min_row=4, values_only=True)
        if r[0] == IA_BLANG and r[4] == "12.1"
    ]
    assert rows[0][7] == "92,5"


def test_export_refused_outside_the_scope(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    assert login(officer).get(f"/ntm/export/?unit={CHU_SE}&year=2021&{ON}").status_code == 403


def test_the_import_page_imports_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, login: Login, tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    with path.open("rb") as f:
        response = login(officer).post("/ntm/import/", {"file": f})
    assert (response.status_code, Assessment.objects.count()) == (302, 1)


def test_the_import_page_lists_refused_rows_and_imports_nothing(
    sets: dict[str, CriteriaSet], officer: User, login: Login, tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    set_cell(path, DUN, "12.1", "91,5")
    with path.open("rb") as f:
        response = login(officer).post("/ntm/import/", {"file": f})
    assert (response.status_code, Assessment.objects.exists()) == (403, False)
    assert f"{DUN}/2021" in response.content.decode()
