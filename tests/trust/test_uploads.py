"""Every upload, attacked: each upload endpoint is found from the pages (a form that sends a
file) and the OpenAPI schema (a multipart body with a binary field) — a new one is attacked as
it lands — and is sent a compression bomb, a deeply nested JSON, a number that overflows and a
NUL byte. Each must be refused with a 4xx and a message in Vietnamese and English, write
nothing (database and stored files), and stay within a bounded memory."""

from __future__ import annotations

import contextlib
import csv
import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from dieuhanh.accounts.models import Role
from dieuhanh.config.api import api
from tests.trust.conftest import UNIT_A, World
from tests.trust.endpoints import (
    SAMPLES_BY_ROUTE,
    _page_query_defaults,
    body_for,
    database_digest,
    guarded,
    operations,
    pages,
)

pytestmark = pytest.mark.django_db

# What a refusal may cost the server, measured by tracemalloc over the request (Python's own
# allocations: the zip reader's and the parsers' buffers are Python objects).
MEMORY_BOUND = 50 * 1024 * 1024

BOMB_UNPACKED = 180 * 1024 * 1024  # the attack's sharedStrings.xml (441 KB packed)
OVERFLOW = "1E+999999999"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the attacks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """An .xlsx whose shared strings unpack to 180 MB (written in chunks: the test itself never
    holds the unpacked text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            chunk = b"<si><t>a</t></si>" * 65536
            for _ in range(BOMB_UNPACKED // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def _dhis2_csv(client: Client, token: str, value: str = "", comment: str = "") -> bytes:
    """Two rows of scope A's real values as DHIS2 CSV, the first with `value`/`comment`."""
    response = client.get(
        "/api/export",
        {"unit": UNIT_A, "period": "202106", "format": "dhis2-csv"},
        headers=_auth(token),
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:3]
    header = rows[0]
    if value:
        rows[1][header.index("value")] = value
    if comment:
        rows[1][header.index("comment")] = comment
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


# The CSV each importer reads, with the attack in a column it parses (the header it expects
# first): by the route's end, so that pages and operations of one importer share it.
def _csv_for(target: str, client: Client, token: str, attack: str) -> bytes:
    if target.endswith("/import") or target.endswith("/indicators/import/"):
        if "/outbreak/checkins/" in target:
            row = (
                f"{OVERFLOW},1,2021-07-01T08:00:00+07:00,2021-07-01T09:00:00+07:00"
                if attack == "overflow"
                else "1,1,2021-07-01T08:00:00+07:00\x00,2021-07-01T09:00:00+07:00"
            )
            return f"person_id,venue_id,checked_in_at,checked_out_at\n{row}\n".encode()
        if "/outbreak/cases/" in target:
            row = (
                f"1,2021-07-01T08:00:00+07:00,{OVERFLOW},,"
                if attack == "overflow"
                else "1,2021-07-01T08:00:00+07:00,2021-06-28\x00,,"
            )
            return f"person_id,confirmed_at,onset_date,sampled_at,isolated_at\n{row}\n".encode()
        if "ntm" not in target:
            if attack == "overflow":
                return _dhis2_csv(client, token, value=OVERFLOW)
            return _dhis2_csv(client, token, comment="Ghi chú\x00ẩn")
    # importers of other formats and attachments: the file's type is refused, which must be a
    # clean refusal too
    text = f"ma,gia_tri\n{UNIT_A},{OVERFLOW}\n" if attack == "overflow" else "ma\x00,gia_tri\n"
    return text.encode()


def _attack(name: str, bomb: bytes, target: str, client: Client, token: str) -> tuple[str, bytes]:
    if name == "bomb":
        return "bao-cao.xlsx", bomb
    if name == "deep_json":
        return "du-lieu.json", b"[" * 100_000
    return "du-lieu.csv", _csv_for(target, client, token, name)


ATTACKS = ("bomb", "deep_json", "overflow", "nul")


# --- discovery ------------------------------------------------------------------------------


@dataclass
class UploadForm:
    action: str
    file_field: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    """The forms of a page that send a file, with every field's value as the page fills it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[UploadForm] = []
        self._form: UploadForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("enctype") == "multipart/form-data":
            self._form = UploadForm(a.get("action", ""), "")
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind == "file":
                self._form.file_field = self._form.file_field or name
            elif kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.fields[name] = a.get("value", "on")
            elif kind not in {"submit", "button"}:
                self._form.fields.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if self._select not in self._form.fields or "selected" in a:
                self._form.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._form is not None:
            if self._form.file_field:
                self.found.append(self._form)
            self._form = None


@dataclass(frozen=True)
class Upload:
    """One way to send a file: a page's form (session) or an API operation (bearer token)."""

    where: str  # what the failure names
    url: str
    file_field: str
    fields: tuple[tuple[str, str], ...]
    api: bool


def _page_uploads(client: Client) -> list[Upload]:
    found: dict[str, Upload] = {}
    for page in pages():
        try:
            url = page.url()
        except LookupError:
            continue
        response = client.get(url, _page_query_defaults())
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.found:
            action = form.action or response.request["PATH_INFO"]
            found.setdefault(
                action,
                Upload(
                    f"page {page.display}",
                    action,
                    form.file_field,
                    tuple(form.fields.items()),
                    False,
                ),
            )
    return list(found.values())


def _api_uploads() -> list[Upload]:
    schema = api.get_openapi_schema()
    found = []
    for op in operations(schema):
        body = body_for(op, schema)
        if body is None or body[0] != "multipart":
            continue
        fields = body[1] if isinstance(body[1], dict) else {}
        file_field = next(k for k, v in fields.items() if v is None)
        query = op.query()
        url = op.url() + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
        extra = tuple((k, str(v)) for k, v in fields.items() if v is not None)
        found.append(Upload(op.display, url, file_field, extra, True))
    return found


@pytest.fixture(scope="module")
def uploads(world: World, django_db_blocker: Any) -> list[Upload]:
    client = Client()
    assert world.admin is not None
    client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    with django_db_blocker.unblock(), _open_task_sampled():
        return _page_uploads(client) + _api_uploads()


@contextlib.contextmanager
def _open_task_sampled() -> Iterator[None]:
    """The task page shows its progress form only for a task not yet completed."""
    from dieuhanh.direction.models import Task

    route = ("/direction/tasks/<int:task_id>/", "task_id")
    task = Task.objects.filter(completed_on__isnull=True, lead_unit__code=UNIT_A).first()
    task = task or Task.objects.filter(completed_on__isnull=True).order_by("pk").first()
    assert task is not None, "the demo has no open task: add one"
    SAMPLES_BY_ROUTE[route] = str(task.pk)
    try:
        yield
    finally:
        del SAMPLES_BY_ROUTE[route]


def test_every_upload_endpoint_is_found(uploads: list[Upload]) -> None:
    """The pages and operations known to take a file are all found (discovery works)."""
    urls = {u.url.split("?")[0] for u in uploads}
    assert {"/indicators/import/", "/ntm/import/", "/api/import", "/api/ntm/import"} <= urls
    assert {"/api/outbreak/checkins/import", "/api/outbreak/cases/import"} <= urls
    assert any(u.url.startswith("/direction/conferences/") for u in uploads)
    assert any("/attachments" in u.url for u in uploads if u.api)
    assert any(u.url.startswith("/direction/tasks/") for u in uploads)


# --- the attack -----------------------------------------------------------------------------


def _stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )


def _send(client: Client, upload: Upload, name: str, content: bytes, token: str) -> tuple[Any, int]:
    """Send `content` as the file; the answer and the peak memory the request allocated."""
    data: dict[str, Any] = dict(upload.fields)
    data[upload.file_field] = io.BytesIO(content)
    data[upload.file_field].name = name
    headers = _auth(token) if upload.api else {}
    tracemalloc.start()
    try:
        response = guarded(lambda: client.post(upload.url, data, headers=headers))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


def _messages(response: Any, api: bool) -> tuple[str, str]:
    """The refusal's message in Vietnamese and in English."""
    if api:
        body = response.json()
        return body["messages"]["vi"], body["messages"]["en"]
    return response.content.decode(), ""


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_upload_refuses_the_attack_and_writes_nothing(
    world: World, uploads: list[Upload], bomb: bytes, attack: str
) -> None:
    client = Client(raise_request_exception=False)
    assert world.admin is not None
    client.force_login(world.admin, backend="django.contrib.auth.backends.ModelBackend")
    token = world.tokens[("A", Role.ADMIN)]
    failures = []
    for upload in uploads:
        name, content = _attack(attack, bomb, upload.url, client, token)
        before, files = database_digest(), _stored_files()
        response, peak = _send(client, upload, name, content, token)
        where = f"{upload.where} ({upload.url}), {attack}"
        if not 400 <= response.status_code < 500 or response.status_code in {401, 404, 405}:
            failures.append(f"{where}: answered {response.status_code}")
            continue
        if peak > MEMORY_BOUND:
            failures.append(f"{where}: the refusal allocated {peak // 2**20} MB")
        if database_digest() != before or _stored_files() != files:
            failures.append(f"{where}: refused, yet something was written")
        vi, en = _messages(response, upload.api)
        if upload.api and (not vi or not en or vi == en):
            failures.append(f"{where}: the refusal is not said in Vietnamese and English: {vi!r}")
        if not upload.api and "alert" not in vi:
            failures.append(f"{where}: the page does not show the refusal")
    assert not failures, "\n".join(failures)
