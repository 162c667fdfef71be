"""Import and export through the API, the console and the pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from dieuhanh.accounts.models import Role
from dieuhanh.accounts.services import token_issue
from dieuhanh.indicators.models import DataValue

HEADER = "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n"
GOOD = (HEADER + "THU_NSNN,202101,23962,,,1.5\n").encode()
SIBLING = (HEADER + "THU_NSNN,202101,23962,,,1\nTHU_NSNN,202101,23966,,,2\n").encode()


def bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def upload(content: bytes, name: str = "data.csv") -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


@pytest.fixture
def officer(make_user):  # type: ignore[no-untyped-def]
    return make_user(role=Role.DATA_OFFICER, capture=("23962",))


def test_api_imports_a_csv_file(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/import", {"file": upload(GOOD)}, **bearer(officer))
    assert response.status_code == 200 and response.json()["created"] == 1
    assert DataValue.objects.get().updated_by == officer


def test_api_dry_run_writes_nothing(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/import?format=dhis2-csv&dry_run=true",
        {"file": upload(GOOD, "data.txt")},
        **bearer(officer),
    )
    assert response.json()["dry_run"] is True and not DataValue.objects.exists()


def test_api_refuses_a_row_of_a_sibling_commune_and_writes_nothing(
    client: Client, officer, catalogue
) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/import", {"file": upload(SIBLING)}, **bearer(officer))
    body = response.json()
    assert response.status_code == 403 and body["code"] == "import_forbidden"
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "orgunit")]
    assert not DataValue.objects.exists()


def test_api_lists_every_bad_row(client: Client, officer, catalogue) -> None:  # type: ignore[no-untyped-def]
    content = (HEADER + "GTSX,202101,23962,,,1\nX,202101,23962,,,1\n").encode()
    body = client.post("/api/import", {"file": upload(content)}, **bearer(officer)).json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "catoptcombo"),
        (3, "dataelement"),
    ]


def test_api_refuses_a_file_over_the_limit(client: Client, officer, catalogue, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("dieuhanh.indicators.api.imports.IMPORT_MAX_BYTES", 10)
    response = client.post("/api/import", {"file": upload(GOOD)}, **bearer(officer))
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_api_exports_csv_of_the_callers_units(client: Client, officer, put) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "55.16")
    response = client.get(
        "/api/export?unit=23962&period=2021S1&format=dhis2-csv", **bearer(officer)
    )
    assert (
        response.status_code == 200 and "THU_NSNN,202101,23962,,,55.16" in response.content.decode()
    )
    assert "attachment" in response["Content-Disposition"]


def test_api_export_of_a_sibling_commune_is_refused(client: Client, officer, put) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23966", "202101", "55.16")
    response = client.get("/api/export?unit=23966&period=2021S1", **bearer(officer))
    assert response.status_code == 403 and "55.16" not in response.content.decode()


def test_import_command_reports_counts(tmp_path, catalogue, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "values.csv"
    path.write_bytes(GOOD)
    call_command("import", str(path))
    out = capsys.readouterr().out
    assert "1 created" in out and "1 mới" in out and DataValue.objects.count() == 1


def test_import_command_lists_each_bad_row_on_stderr_and_changes_nothing(
    tmp_path, officer, catalogue, capsys
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "values.csv"
    path.write_bytes(SIBLING)
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), "--user", officer.username)
    err = capsys.readouterr().err
    assert "values.csv" in err and "3" in err and len(err.strip().splitlines()) == 1
    assert "nothing was imported" in str(exc.value) and not DataValue.objects.exists()


def test_console_exit_status_is_1_on_a_bad_file_and_0_on_a_good_one(
    tmp_path, catalogue, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections

    from dieuhanh.cli import main

    # run_from_argv closes the connections when it ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"dataValues": [{"dataElement": "X", "value": "1"}]}))
    with pytest.raises(SystemExit) as exc:
        main(["import", str(bad)])
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    main(["import", str(good), "--dry-run"])  # returns normally: exit status 0
    assert exc.value.code == 1 and not DataValue.objects.exists()


def test_export_command_writes_each_format(tmp_path, put) -> None:  # type: ignore[no-untyped-def]
    put("THU_NSNN", "23962", "202101", "55.16")
    for fmt, name in [("dhis2-json", "a.json"), ("dhis2-csv", "a.csv"), ("xlsx", "a.xlsx")]:
        call_command(
            "export",
            "--unit",
            "23962",
            "--period",
            "2021S1",
            "--format",
            fmt,
            "-o",
            str(tmp_path / name),
        )
    doc = json.loads((tmp_path / "a.json").read_text())
    assert doc["dataValues"][0]["value"] == "55.16"
    assert "202101" in load_workbook(tmp_path / "a.xlsx").sheetnames


def test_import_page_shows_every_bad_row(client: Client, officer, catalogue, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(SIBLING)})
    html = response.content.decode()
    assert response.status_code == 403 and 'data-testid="import-problems"' in html
    assert not DataValue.objects.exists()


def test_import_page_shows_the_counts(client: Client, officer, catalogue, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    response = client.post("/indicators/import/", {"file": upload(GOOD), "dry_run": "1"})
    assert (
        response.status_code == 200 and 'data-testid="import-result"' in response.content.decode()
    )
    assert not DataValue.objects.exists()


def test_forms_page_links_the_template_which_downloads(
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
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
    client: Client, officer, catalogue, login
) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    assert client.get("/indicators/template/KTXH_THANG/23966/2021S1/").status_code == 403


def test_import_page_offers_the_upload_form(client: Client, officer, login) -> None:  # type: ignore[no-untyped-def]
    login(officer)
    html = client.get("/indicators/import/").content.decode()
    assert 'data-testid="import-form"' in html and 'name="dry_run"' in html
