"""Pages, API, console and Excel: grants next to denials (role, unit scope), for the matrix,
the assessment form, recognitions and the export."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import token_issue
from dieuhanh.ntm.models import Assessment, Attachment, CriteriaSet, IndicatorValue, Recognition
from tests.conftest import MakeUser
from tests.ntm.conftest import ALL_MET, CHU_SE, DUN, IA_BLANG, recognise, save

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
ON = "on=2021-07-01"


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}


def form(version: int = 0, **extra: str) -> dict[str, str]:
    return {"version": str(version), "v-12.1": "92,5", "tc-10": "met", **extra}


# ---------------------------------------------------------------- pages


def test_leader_sees_the_district_matrix(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    response = login(leader).get(f"/ntm/?unit={CHU_SE}&{ON}")
    assert response.status_code == 200 and 'data-testid="ntm-matrix"' in response.content.decode()


def test_the_main_page_defaults_to_the_users_unit(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    response = login(leader).get("/ntm/")
    assert response.context["unit"].code == CHU_SE


def test_a_role_without_the_module_is_refused_the_page(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    health = make_user(role=Role.HEALTH_OFFICER, capture=(CHU_SE,))
    assert login(health).get(f"/ntm/?unit={CHU_SE}&{ON}").status_code == 403


def test_a_unit_outside_the_scope_is_refused_the_page(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    assert login(officer).get(f"/ntm/?unit={CHU_SE}&{ON}").status_code == 403


def test_officer_saves_the_own_communes_form(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    response = login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form())
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="12.1").assessment.unit.code == IA_BLANG


def test_officer_is_refused_the_sibling_communes_form(
    sets: dict[str, CriteriaSet], make_user: MakeUser, officer: User, login: Login
) -> None:
    response = login(officer).post(f"/ntm/communes/{DUN}/2021/?{ON}", form())
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_the_form_is_read_only_for_a_viewer(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    viewer = make_user(role=Role.VIEWER, view=(CHU_SE,))
    response = login(viewer).get(f"/ntm/communes/{IA_BLANG}/2021/?{ON}")
    assert response.status_code == 200 and not response.context["can_capture"]


def test_a_bad_value_redisplays_the_form_with_the_field_named(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    response = login(officer).post(
        f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form(**{"v-15.1": "120"})
    )
    assert response.status_code == 400 and "15.1" in response.content.decode()


def test_a_stale_form_is_a_conflict(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    save(IA_BLANG, {"12.1": "91"})
    response = login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", form(version=0))
    assert response.status_code == 409


def test_evidence_is_stored_and_served_within_the_scope(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"%PDF-1.4 bien ban")
    file.name = "bien-ban-tham-dinh.pdf"
    client = login(officer)
    client.post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    attachment = Attachment.objects.get()
    assert client.get(f"/ntm/attachments/{attachment.pk}/").status_code == 200


def test_evidence_is_not_served_outside_the_scope(
    sets: dict[str, CriteriaSet],
    officer: User,
    make_user: MakeUser,
    login: Login,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "a.pdf"
    login(officer).post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    other = make_user(role=Role.DATA_OFFICER, capture=(DUN,))
    pk = Attachment.objects.get().pk
    assert login(other).get(f"/ntm/attachments/{pk}/").status_code == 404


def test_leader_records_and_revokes_a_recognition_on_the_page(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    client = login(leader)
    client.post(
        f"/ntm/communes/{DUN}/recognitions/",
        {
            "on": "2021-07-01",
            "level": "standard",
            "decision_number": "140/QĐ-UBND",
            "decision_date": "2018-03-05",
            "year": "2017",
        },
    )
    rec = Recognition.objects.get()
    client.post(
        f"/ntm/recognitions/{rec.pk}/revoke/",
        {"version": "1", "decision": "77/QĐ-UBND", "revoked_on": "2021-05-01", "reason": "x"},
    )
    rec.refresh_from_db()
    assert rec.revoked_on == datetime.date(2021, 5, 1)


def test_officer_is_refused_recording_a_recognition(
    sets: dict[str, CriteriaSet], officer: User, login: Login
) -> None:
    response = login(officer).post(
        f"/ntm/communes/{IA_BLANG}/recognitions/",
        {
            "on": "2021-07-01",
            "level": "standard",
            "decision_number": "1/QĐ-UBND",
            "decision_date": "2021-03-05",
            "year": "2021",
        },
    )
    assert (response.status_code, Recognition.objects.exists()) == (403, False)


# ---------------------------------------------------------------- API


def test_api_summary_for_the_leader(
    sets: dict[str, CriteriaSet], leader: User, client: Client
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5))
    response = client.get(f"/api/ntm/summary?unit={CHU_SE}&on=2021-07-01", **bearer(leader))
    assert (response.status_code, response.json()["recognised"]) == (200, 1)


def test_api_summary_refused_outside_the_scope(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    response = client.get(f"/api/ntm/summary?unit={CHU_SE}&on=2021-07-01", **bearer(officer))
    assert response.status_code == 403


def test_api_saves_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    body = {"version": 0, "values": {"12.1": {"value": "92,5"}}, "results": {"10": {"met": True}}}
    response = client.put(
        f"/api/ntm/assessments/{IA_BLANG}/2021?on=2021-07-01",
        json.dumps(body),
        content_type="application/json",
        **bearer(officer),
    )
    assert (response.status_code, response.json()["version"]) == (200, 1)


def test_api_refuses_the_sibling_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    body = {"version": 0, "values": {"12.1": {"value": "92,5"}}}
    response = client.put(
        f"/api/ntm/assessments/{DUN}/2021?on=2021-07-01",
        json.dumps(body),
        content_type="application/json",
        **bearer(officer),
    )
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_api_refuses_a_role_without_the_module(
    sets: dict[str, CriteriaSet], make_user: MakeUser, client: Client
) -> None:
    security = make_user(role=Role.SECURITY_OFFICER, capture=(CHU_SE,))
    response = client.get(f"/api/ntm/matrix?unit={CHU_SE}&on=2021-07-01", **bearer(security))
    assert response.status_code == 403


# ---------------------------------------------------------------- export, import, console


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


def test_api_export_refused_outside_the_scope(
    sets: dict[str, CriteriaSet], officer: User, client: Client
) -> None:
    response = client.get(
        f"/api/ntm/export?unit={CHU_SE}&year=2021&on=2021-07-01", **bearer(officer)
    )
    assert response.status_code == 403


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "ntm.xlsx"
    call_command(
        "ntm", "export", "--unit", CHU_SE, "--year", "2021", "--on", "2021-07-01", "-o", str(path)
    )
    return path


def _set_cell(path: Path, code: str, item: str, value: str) -> None:
    book = load_workbook(path)
    sheet = book.active
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == code and row[4].value == item:
            row[7].value = value
    book.save(path)


def test_an_exported_workbook_imports_back_with_a_change(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    call_command("ntm", "import", str(path))
    assert (
        str(
            IndicatorValue.objects.get(
                indicator__code="12.1", assessment__unit__code=IA_BLANG
            ).number
        )
        == "91.5000"
    )


def test_communes_left_empty_in_the_workbook_are_not_recorded(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    call_command("ntm", "import", str(path))
    assert list(Assessment.objects.values_list("unit__code", flat=True)) == [IA_BLANG]


def test_a_workbook_with_a_bad_row_imports_nothing(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    _set_cell(path, DUN, "15.1", "130")
    with pytest.raises(CommandError):
        call_command("ntm", "import", str(path))
    assert not Assessment.objects.exists()


def test_console_import_as_an_officer_is_refused_for_other_communes(
    sets: dict[str, CriteriaSet], officer: User, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    _set_cell(path, DUN, "12.1", "91,5")
    with pytest.raises(CommandError):
        call_command("ntm", "import", str(path), "--user", officer.username)
    assert not Assessment.objects.exists()


def test_console_summary_json(
    sets: dict[str, CriteriaSet], capsys: pytest.CaptureFixture[str]
) -> None:
    save(DUN, results=ALL_MET, values={"12.1": "95", "16.1": "80"})
    recognise(DUN, datetime.date(2018, 3, 5))
    call_command("ntm", "summary", "--unit", CHU_SE, "--on", "2021-07-01", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert (doc["communes"], doc["rural_communes"], doc["recognised"]) == (15, 14, 1)


def test_console_summary_refuses_an_unknown_unit(sets: dict[str, CriteriaSet]) -> None:
    with pytest.raises(CommandError):
        call_command("ntm", "summary", "--unit", "99999", "--on", "2021-07-01", "--json")


def test_the_new_communes_page_states_the_merged_communes_recognitions(
    sets: dict[str, CriteriaSet], make_user: MakeUser, login: Login
) -> None:
    recognise(DUN, datetime.date(2018, 3, 5), number="140/QĐ-UBND")
    leader = make_user(role=Role.LEADER, capture=("23941",), on=datetime.date(2025, 7, 1))
    page = login(leader).get("/ntm/?unit=23941&on=2025-07-01").content.decode()
    assert "140/QĐ-UBND" in page and 'data-testid="ntm-recognised">0/1<' in page


def test_api_import_refuses_other_communes_and_writes_nothing(
    sets: dict[str, CriteriaSet], officer: User, client: Client, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, DUN, "12.1", "91,5")
    with path.open("rb") as f:
        response = client.post("/api/ntm/import", {"file": f}, **bearer(officer))
    assert (response.status_code, Assessment.objects.exists()) == (403, False)


def test_api_import_of_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, client: Client, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    with path.open("rb") as f:
        response = client.post("/api/ntm/import", {"file": f}, **bearer(officer))
    assert (response.status_code, response.json()["written"]) == (200, 1)


def test_evidence_of_a_refused_kind_is_not_stored(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    file = io.BytesIO(b"MZ")
    file.name = "virus.exe"
    response = login(officer).post(
        f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file}
    )
    assert (response.status_code, Assessment.objects.exists()) == (400, False)


def test_api_attaches_evidence_to_the_own_commune(
    sets: dict[str, CriteriaSet],
    officer: User,
    client: Client,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    save(IA_BLANG, {"12.1": "91"})
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "bien-ban.pdf"
    response = client.post(
        f"/api/ntm/assessments/{IA_BLANG}/2021/attachments?on=2021-07-01",
        {"file": file},
        **bearer(officer),
    )
    assert (response.status_code, Attachment.objects.count()) == (200, 1)


def test_api_refuses_evidence_for_a_sibling_commune(
    sets: dict[str, CriteriaSet],
    officer: User,
    client: Client,
    settings,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    save(DUN, {"12.1": "91"})
    file = io.BytesIO(b"%PDF-1.4")
    file.name = "bien-ban.pdf"
    response = client.post(
        f"/api/ntm/assessments/{DUN}/2021/attachments?on=2021-07-01",
        {"file": file},
        **bearer(officer),
    )
    assert (response.status_code, Attachment.objects.exists()) == (403, False)


def test_the_matrix_filters_communes_whatever_the_accents(
    sets: dict[str, CriteriaSet], leader: User, login: Login
) -> None:
    response = login(leader).get(f"/ntm/?unit={CHU_SE}&{ON}&q=BO NGOONG")
    assert [r["row"].unit.name for r in response.context["rows"]] == ["Xã Bờ Ngoong"]


def test_the_import_page_imports_the_own_commune(
    sets: dict[str, CriteriaSet], officer: User, login: Login, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    with path.open("rb") as f:
        response = login(officer).post("/ntm/import/", {"file": f})
    assert (response.status_code, Assessment.objects.count()) == (302, 1)


def test_the_import_page_lists_refused_rows_and_imports_nothing(
    sets: dict[str, CriteriaSet], officer: User, login: Login, tmp_path: Path
) -> None:
    path = _workbook(tmp_path)
    _set_cell(path, IA_BLANG, "12.1", "91,5")
    _set_cell(path, DUN, "12.1", "91,5")
    with path.open("rb") as f:
        response = login(officer).post("/ntm/import/", {"file": f})
    assert (response.status_code, Assessment.objects.exists()) == (403, False)
    assert f"{DUN}/2021" in response.content.decode()


def test_a_save_that_fails_after_storing_its_evidence_leaves_no_file(
    sets: dict[str, CriteriaSet],
    officer: User,
    login: Login,
    settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """The file is written before the commit: a failure after it (here the audit record) rolls
    the assessment back and removes the file."""

    def failing_audit(**_kwargs: object) -> None:
        raise RuntimeError("the database went away")

    settings.MEDIA_ROOT = tmp_path
    from dieuhanh.ntm.services import assessments

    monkeypatch.setattr(assessments, "audit_record", failing_audit)
    file = io.BytesIO(b"%PDF-1.4 bien ban")
    file.name = "bien-ban-tham-dinh.pdf"
    client = login(officer)
    client.raise_request_exception = False
    response = client.post(f"/ntm/communes/{IA_BLANG}/2021/?{ON}", {**form(), "attachment": file})
    assert response.status_code == 500
    assert (Assessment.objects.exists(), [p for p in tmp_path.rglob("*") if p.is_file()]) == (
        False,
        [],
    )
