"""The Báo cáo page, downloads and the notes page (reports/views.py), with their denials."""

from __future__ import annotations

import io

import docx

from dieuhanh.accounts.models import Role
from dieuhanh.reports.models import SectionNote
from tests.auth import Login
from tests.conftest import MakeUser


def test_the_page_shows_the_review_of_the_users_unit(
    make_user: MakeUser,
    login: Login,
    chuse_values: None,
) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    response = client.get("/reports/?unit=633&period=2021S1")
    assert response.status_code == 200
    assert "trên 5.700 tỷ đồng" in response.content.decode()


def test_a_security_officer_gets_403(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.SECURITY_OFFICER, capture=("633",)))
    assert client.get("/reports/?unit=633&period=2021S1").status_code == 403


def test_another_communes_report_is_refused(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.DATA_OFFICER, capture=("23962",)))
    response = client.get("/reports/download/docx/?unit=23965&period=2021S1")
    assert response.status_code == 403


def test_download_a_docx(make_user: MakeUser, login: Login, chuse_values: None) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    response = client.get("/reports/download/docx/?unit=633&period=2021S1&layout=admin")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bao-cao-so-ket-633-2021S1-admin.docx" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng" in text


def test_an_unknown_format_is_404(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    assert client.get("/reports/download/exe/?unit=633&period=2021S1").status_code == 404


def test_notes_page_saves_and_reports_a_conflict(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    form = {"unit": "633", "period": "2021S1", "section": "limitations", "version": "0"}
    client.post("/reports/notes/", {**form, "text": "Lần một."})
    client.post("/reports/notes/", {**form, "text": "Lần hai, bản cũ."})
    page = client.get("/reports/notes/?unit=633&period=2021S1").content.decode()
    assert SectionNote.objects.get().text == "Lần một."
    assert "Lần hai, bản cũ." in page  # the loser's text is kept on screen


def test_notes_page_hides_sections_the_role_may_not_read(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.DATA_OFFICER, capture=("633",)))
    page = client.get("/reports/notes/?unit=633&period=2021S1").content.decode()
    assert 'data-section="economy"' in page
    assert 'data-section="security"' not in page


def test_notes_page_warns_of_the_parts_left_out_without_a_note(
    make_user: MakeUser, login: Login
) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    page = client.get("/reports/notes/?unit=633&period=2021S1").content.decode()
    assert 'data-testid="notes-missing"' in page
    assert "#section-limitations" in page
    assert "#section-directions" in page


def test_the_warning_goes_once_the_notes_are_written(make_user: MakeUser, login: Login) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    for section in ("limitations", "directions"):
        form = {"unit": "633", "period": "2021S1", "section": section, "version": "0"}
        client.post("/reports/notes/", {**form, "text": "Nội dung."})
    page = client.get("/reports/notes/?unit=633&period=2021S1").content.decode()
    assert 'data-testid="notes-missing"' not in page


def test_the_review_page_warns_the_writer_too(
    make_user: MakeUser, login: Login, chuse_values: None
) -> None:
    client = login(make_user(Role.LEADER, capture=("633",)))
    page = client.get("/reports/?unit=633&period=2021S1").content.decode()
    assert 'data-testid="notes-missing"' in page
    assert "Chưa có nội dung" not in page
