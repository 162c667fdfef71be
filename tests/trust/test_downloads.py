"""Every download neutralises formulas, and no answer is stored (issue 19).

The downloads are found, not remembered: every page, API operation and console command whose
code makes a file, and every answer of a sweep over every page and API operation that is a file,
must be registered in tests/trust/exports.py. Each registered download is fetched by a user of
scope A allowed to, after text starting with =, +, -, @, tab or CR was put into every text field
it carries: no cell may start a formula, and every planted text is there, neutralised ('=…).
Numbers stay numbers. The same sweep checks `Cache-Control: no-store` on every answer.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from pytest_django import DjangoDbBlocker

from dieuhanh.accounts.models import Role
from dieuhanh.config.api import api
from dieuhanh.core.cells import FORMULA_START
from tests.trust.conftest import World
from tests.trust.endpoints import guarded, operations, page_query, pages
from tests.trust.exports import (
    CSV,
    DOWNLOADS,
    FORMULA_PREFIXES,
    NOT_SPREADSHEETS,
    Download,
    File,
    download_endpoints,
    known_endpoints,
    plant_values,
)

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"
REGISTERED = {d.endpoint for d in DOWNLOADS} | set(NOT_SPREADSHEETS)
# A number a spreadsheet reads as a number (a negative one starts with "-" and runs nothing).
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")
FILE_TYPES = ("csv", "spreadsheet", "excel", "octet-stream", "zip", "pdf", "word", "markdown")


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema()


# --- reading a download -----------------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A cell the workbook stores as a formula."""

    text: str


def cells(file: File) -> list[object]:
    """Every cell of a CSV (text) or of every sheet of a workbook, the hidden ones included."""
    if file.kind == CSV:
        text = file.content.decode("utf-8-sig")
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(file.content))
    return [
        Formula(str(cell.value)) if cell.data_type == "f" else cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def starts_a_formula(cell: object) -> bool:
    if isinstance(cell, Formula):
        return True
    return isinstance(cell, str) and cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell)


def test_the_reader_tells_formulas_from_numbers() -> None:
    assert starts_a_formula(Formula("SUM(A1)"))
    assert all(starts_a_formula(p + "x") for p in FORMULA_START)
    assert not any(starts_a_formula(c) for c in ("-5", "-1.5e3", "+84", "'=x", -5, None))


def _fetch(download: Download, world: World, client: Client, folder: Path) -> File:
    token = ""
    if download.role is not None:
        client.force_login(world.users[("A", download.role)], backend=BACKEND)
        token = world.tokens[("A", download.role)]
    return download.fetch(client, token, folder)


# --- every download is known ------------------------------------------------------------------


def test_every_download_in_the_code_is_registered() -> None:
    missing = sorted(download_endpoints(_schema()) - REGISTERED)
    assert not missing, (
        "code that makes a file no test covers; add a Download (or a reason in "
        "NOT_SPREADSHEETS) to tests/trust/exports.py:\n" + "\n".join(missing)
    )


def test_the_registry_names_only_endpoints_that_exist() -> None:
    stale = sorted(REGISTERED - known_endpoints(_schema()))
    assert not stale, "registered, but no such page, operation or command:\n" + "\n".join(stale)


def test_the_code_discovery_finds_what_it_looks_for() -> None:
    found = download_endpoints(_schema())
    assert {"/outbreak/persons/export/", "GET /api/ntm/export", "dieuhanh export"} <= found
    assert "/outbreak/persons/" not in found and "GET /api/outbreak/persons" not in found


# --- the sweep: every page and API operation, once ---------------------------------------------


@dataclass(frozen=True)
class Answer:
    endpoint: str  # spelled as in the registry
    status: int
    headers: dict[str, str]

    @property
    def is_file(self) -> bool:
        kind = self.headers.get("Content-Type", "")
        return "attachment" in self.headers.get("Content-Disposition", "") or any(
            t in kind for t in FILE_TYPES
        )


def _sweep(world: World) -> list[Answer]:
    """Every page (GET, the administrator's session), every API operation (GET with the
    administrator's token; the others with a viewer's token of scope B: refused, nothing
    written), the API's own pages and the admin site."""
    assert world.admin is not None
    session = Client(raise_request_exception=False)
    session.force_login(world.admin, backend=BACKEND)
    anonymous = Client(raise_request_exception=False)
    admin_token = {"Authorization": f"Bearer {world.tokens[('A', Role.ADMIN)]}"}
    viewer_token = {"Authorization": f"Bearer {world.tokens[('B', Role.VIEWER)]}"}
    answers = []

    def keep(endpoint: str, response: Any) -> None:
        answers.append(Answer(endpoint, response.status_code, dict(response.headers)))

    for page in pages():
        url = page.url()
        keep(page.display, guarded(lambda: session.get(url, page_query())))  # noqa: B023
    for op in operations(_schema()):
        url, query, method = op.url(), op.query(), op.method
        if method == "get":
            keep(op.display, guarded(lambda: anonymous.get(url, query, headers=admin_token)))  # noqa: B023
        else:
            keep(
                op.display,
                guarded(lambda: anonymous.generic(method.upper(), url, headers=viewer_token)),  # noqa: B023
            )
    extra = ["/api/openapi.json", "/api/docs", "/admin/"]
    extra += [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    for path in extra:
        keep(path, guarded(lambda: session.get(path)))  # noqa: B023
    return answers


@pytest.fixture(scope="module")
def swept(world: World, django_db_blocker: DjangoDbBlocker) -> list[Answer]:
    """The sweep, once per module, in a savepoint rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        answers = _sweep(world)
        transaction.set_rollback(True)
    return answers


def test_every_file_the_sweep_meets_is_registered(swept: list[Answer]) -> None:
    files = {a.endpoint for a in swept if a.status == 200 and a.is_file}
    assert {"GET /api/export", "/indicators/template/<str:data_set>/<str:unit>/<str:period>/"} <= (
        files
    )  # the control: the sweep meets downloads
    missing = sorted(files - REGISTERED)
    assert not missing, (
        "answers that are files no test covers; add them to tests/trust/exports.py:\n"
        + "\n".join(missing)
    )


def test_every_answer_of_the_sweep_is_not_stored(swept: list[Answer]) -> None:
    assert len(swept) >= len(pages()) + len(operations(_schema()))
    stored = [
        f"{a.endpoint} ({a.status}): {a.headers.get('Cache-Control')}"
        for a in swept
        if a.headers.get("Cache-Control") != "no-store" or a.headers.get("Pragma") != "no-cache"
    ]
    assert not stored, "answers a browser or proxy may keep:\n" + "\n".join(stored)


def test_the_sweep_reads_pages_of_personal_data(swept: list[Answer]) -> None:
    """The control: the sweep got the pages themselves (200), not only refusals."""
    ok = {a.endpoint for a in swept if a.status == 200}
    assert {"/outbreak/persons/", "GET /api/outbreak/persons", "/outbreak/care/zones/"} <= ok


# --- every registered download, with formulas planted -----------------------------------------


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES.values(), ids=FORMULA_PREFIXES.keys())
@pytest.mark.parametrize("download", DOWNLOADS, ids=[d.label for d in DOWNLOADS])
def test_no_downloaded_cell_starts_a_formula(
    world: World, client: Client, tmp_path: Path, download: Download, prefix: str
) -> None:
    planted = download.plant(prefix)
    got = cells(_fetch(download, world, client, tmp_path))
    formulas = [repr(c)[:80] for c in got if starts_a_formula(c)]
    assert not formulas, f"{download.endpoint}: cells a spreadsheet would run:\n" + "\n".join(
        formulas
    )
    texts = [c for c in got if isinstance(c, str)]
    absent = [p for p in planted if not any(t.startswith("'" + p) for t in texts)]
    assert not absent, f"{download.endpoint}: planted text not found, neutralised: {absent}"


@pytest.mark.parametrize(
    "download", [d for d in DOWNLOADS if d.role], ids=[d.label for d in DOWNLOADS if d.role]
)
def test_every_download_is_not_stored(
    world: World, client: Client, tmp_path: Path, download: Download
) -> None:
    file = _fetch(download, world, client, tmp_path)
    assert (file.headers["Cache-Control"], file.headers["Pragma"]) == ("no-store", "no-cache")


VALUE_DOWNLOADS = [d for d in DOWNLOADS if d.label.startswith("values-")]


@pytest.mark.parametrize("download", VALUE_DOWNLOADS, ids=[d.label for d in VALUE_DOWNLOADS])
def test_a_negative_value_stays_a_number(
    world: World, client: Client, tmp_path: Path, download: Download
) -> None:
    plant_values("=")  # its value is −5
    got = cells(_fetch(download, world, client, tmp_path))
    assert ("-5" if download.label.endswith("csv") else -5) in got
