"""Import pages (indicators/views/imports.py): every bad row, the counts, the template from the
forms page, a sibling commune's template refused."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.auth import Login
from tests.indicators.files import GOOD, SIBLING, upload


def test_import_page_shows_every_bad_row(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(SIBLING)})
    html = response.content.decode()
    assert response.status_code == 403 and 'data-testid="import-problems"' in html
    assert not DataValue.objects.exists()


def test_import_page_shows_the_counts(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(GOOD), "dry_run": "1"})
    assert (
        response.status_code == 200 and 'data-testid="import-result"' in response.content.decode()
    )
    assert not DataValue.objects.exists()


def test_forms_page_links_the_template_which_downloads(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    html = client.get(
        "/indicators/forms/?data_set=KTXH_THANG&unit=23962&period=2021S1"
    ).content.decode()
    url = "/indicators/template/KTXH_THANG/23962/2021S1/"
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "202101"


def test_template_of_a_sibling_commune_is_refused(
    client: Client, officer: User, catalogue: dict[str, Indicator], login: Login
) -> None:
    login(officer)
    assert client.get("/indicators/template/KTXH_THANG/23966/2021S1/").status_code == 403


def test_import_page_offers_the_upload_form(client: Client, officer: User, login: Login) -> None:
    login(officer)
    html = client.get("/indicators/import/").content.decode()
    assert 'data-testid="import-form"' in html and 'name="dry_run"' in html
