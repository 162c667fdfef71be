"""Bad input: malformed numbers, NFD-composed Vietnamese, 100 MB uploads, formula injection in
every exported cell, CSV in wrong encodings or with a BOM, dates without offset, SQL/HTML in
every text field (escaped on every page). Clear errors, nothing written."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from dieuhanh.accounts.models import Role
from tests.trust.conftest import UNIT_A, World
from tests.trust.endpoints import (
    _page_query_defaults,
    database_digest,
    operations,
    pages,
)

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","<script>alert(\'xss\')</script>")\'; DROP TABLE x;--'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEXT_FIELD = re.compile(
    r"(comment|note|title|name|description|content|summary|text|reason|address|place|label|"
    r"subject|result|measure|conclusion|source|detail|remark|venue|organisation)"
)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _form_url() -> str:
    return f"/api/forms/KTXH_THANG/{UNIT_A}/202106"


def _first_field(client: Client, token: str) -> dict[str, Any]:
    form = client.get(_form_url(), headers=_auth(token)).json()
    return next(f for f in form["fields"] if f["option"] is None)


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "1,2,3",
        "1.234.5,6",
        "abc",
        "1e309",
        "NaN",
        "Infinity",
        "--5",
        "5.700,5,1",
        "１２３x",
        "0x1F",
    ],
)
def test_a_malformed_number_is_refused_and_nothing_written(
    world: World, client: Client, typed: str
) -> None:
    token = world.tokens[("A", Role.DATA_OFFICER)]
    field = _first_field(client, token)
    before = database_digest()
    response = client.post(
        _form_url(),
        {
            "values": [
                {
                    "indicator": field["indicator"],
                    "value": typed,
                    "version": field["version"],
                }
            ]
        },
        content_type="application/json",
        headers=_auth(token),
    )
    assert response.status_code in {400, 422}, response.content[:300]
    body = response.json()
    assert body["messages"]["vi"] and body["messages"]["en"]
    assert database_digest() == before


# --- NFD Vietnamese ----------------------------------------------------------------------------


def test_nfd_vietnamese_finds_the_same_units(world: World, client: Client) -> None:
    token = world.tokens[("A", Role.ADMIN)]
    nfc = unicodedata.normalize("NFC", "Chư Sê")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd

    def codes(q: str) -> set[str]:
        response = client.get("/api/orgunits", {"q": q, "on": "2021-07-01"}, headers=_auth(token))
        assert response.status_code == 200
        return {u["code"] for u in response.json()}

    assert codes(nfd) == codes(nfc)
    assert "633" in codes(nfd)


# --- 100 MB uploads -----------------------------------------------------------------------------

HUNDRED_MB = 100 * 1024 * 1024


@pytest.mark.parametrize("url", ["/api/import", "/indicators/import/"])
def test_a_100_mb_upload_is_refused_before_it_is_read(
    world: World, client: Client, url: str
) -> None:
    """The declared length decides, before the body is read: a 100 MB upload costs nothing."""
    client.force_login(
        world.users[("A", Role.DATA_OFFICER)], backend="django.contrib.auth.backends.ModelBackend"
    )
    before = database_digest()
    response = client.generic(
        "POST",
        url,
        b"x" * 1024,  # what is sent; the header claims 100 MB
        content_type="multipart/form-data; boundary=xyz",
        headers=_auth(world.tokens[("A", Role.DATA_OFFICER)]),
        CONTENT_LENGTH=str(HUNDRED_MB),
    )
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    assert database_digest() == before


# --- CSV encodings -------------------------------------------------------------------------------


def _csv(world: World, client: Client) -> str:
    response = client.get(
        "/api/export",
        {"unit": UNIT_A, "period": "202106", "format": "dhis2-csv"},
        headers=_auth(world.tokens[("A", Role.ADMIN)]),
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()[:3]
    rows = [next(csv.reader([line])) for line in lines]
    rows[1][-1] = rows[2][-1] = "Ghi chú: số liệu ước tính tháng Sáu"  # Vietnamese comment
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["cp1258", "latin-1", "utf-16"])
def test_csv_in_another_encoding_is_refused_with_the_reason(
    world: World, client: Client, encoding: str
) -> None:
    content = _csv(world, client).encode(encoding, errors="replace")
    before = database_digest()
    upload = io.BytesIO(content)
    upload.name = "so-lieu.csv"
    response = client.post(
        "/api/import", {"file": upload}, headers=_auth(world.tokens[("A", Role.DATA_OFFICER)])
    )
    assert response.status_code == 400, response.content[:300]
    assert "UTF" in response.json()["messages"]["en"]
    assert database_digest() == before


def test_csv_with_a_bom_is_read(world: World, client: Client) -> None:
    upload = io.BytesIO(b"\xef\xbb\xbf" + _csv(world, client).encode())
    upload.name = "so-lieu.csv"
    response = client.post(
        "/api/import?dry_run=true",
        {"file": upload},
        headers=_auth(world.tokens[("A", Role.DATA_OFFICER)]),
    )
    assert response.status_code == 200, response.content[:500]
    assert response.json()["rows"] == 2


# --- dates without offset --------------------------------------------------------------------


@pytest.mark.parametrize(
    "on", ["2021-07-01T00:00:00", "2021-07-01 00:00", "01/07/2021", "2021-13-01"]
)
def test_a_date_in_another_shape_is_a_clear_error(world: World, client: Client, on: str) -> None:
    response = client.get(
        "/api/orgunits", {"on": on}, headers=_auth(world.tokens[("A", Role.ADMIN)])
    )
    assert response.status_code in {200, 400, 422}
    if response.status_code != 200:
        assert response.json()["messages"]["vi"]


# --- SQL/HTML and formulas in every text field ------------------------------------------------


def _inject_everywhere() -> list[str]:
    """Put PAYLOAD into every free-text field of every dieuhanh model (inside the test's
    transaction). Returns model.field names touched."""
    touched = []
    for model in apps.get_models():
        if not model.__module__.startswith("dieuhanh.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (
                field.primary_key
                or field.unique
                or field.choices
                or not TEXT_FIELD.search(field.name)
            ):
                continue
            if field.name in {"code", "path", "username", "digest", "prefix"}:
                continue
            limit = field.max_length or len(PAYLOAD)
            try:
                model._default_manager.update(**{field.name: PAYLOAD[:limit]})
            except Exception:
                continue
            touched.append(f"{model._meta.label}.{field.name}")
    return touched


def _cells(response: Any) -> list[str]:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "csv" in kind:
        text = body.decode("utf-8-sig", "replace")
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    if "spreadsheet" in kind or body[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(body))
        except (zipfile.BadZipFile, KeyError, ValueError):
            return []
        return [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str) or (cell.data_type == "f")
        ]
    return []


def _dangerous(cell: str) -> bool:
    if not cell.startswith(FORMULA_START):
        return False
    return not re.fullmatch(r"[-+]?\d+([.,]\d+)*", cell.strip())  # a negative number is fine


def _exports(world: World, client: Client) -> list[tuple[str, Any]]:
    """Every page and API answer that is a file (CSV, xlsx), fetched as the administrator."""
    token = world.tokens[("A", Role.ADMIN)]
    assert world.admin is not None
    client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    found = []
    for page in pages():
        try:
            response = client.get(page.url(), _page_query_defaults())
        except LookupError:
            continue
        found.append((page.display, response))
    for op in operations(_schema()):
        if op.method != "get":
            continue
        for fmt in ("dhis2-csv", "xlsx", "csv"):
            try:
                query = {**op.query(), **({"format": fmt} if "format" in op.query() else {})}
                response = client.get(op.url(), query, headers=_auth(token))
            except LookupError:
                break
            found.append((f"{op.display}?format={fmt}", response))
    return found


def _schema() -> dict[str, Any]:
    from dieuhanh.config.api import api

    return api.get_openapi_schema()


# Exports of other apps that let formulas through (their owners fix them): prefix -> reason.


def _formula_cells(world: World, client: Client) -> tuple[int, list[str]]:
    _inject_everywhere()
    bad = []
    files = 0
    for where, response in _exports(world, client):
        if response.status_code != 200:
            continue
        cells = _cells(response)
        files += bool(cells)
        bad += [f"{where}: {c[:60]}" for c in cells if _dangerous(c)]
    return files, sorted(set(bad))


def test_every_exported_cell_is_neutralised(world: World, client: Client) -> None:
    files, bad = _formula_cells(world, client)
    assert files >= 2  # the CSV and xlsx exports were really fetched
    assert not bad, "cells a spreadsheet would run as formulas:\n" + "\n".join(bad)


def test_text_with_html_is_escaped_on_every_page(world: World, client: Client) -> None:
    _inject_everywhere()
    assert world.admin is not None
    client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    raw = []
    shown = 0
    for page in pages():
        try:
            response = client.get(page.url(), _page_query_defaults())
        except LookupError:
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        shown += "alert(&#x27;xss&#x27;)" in body or "alert(&#39;xss&#39;)" in body
        if "<script>alert(" in body:
            raw.append(page.display)
    assert shown >= 3  # the payload is on pages, escaped
    assert not raw, "unescaped HTML from a text field on:\n" + "\n".join(raw)
