"""The reports API (reports/api.py): the review in Markdown, an unknown format, notes in conflict,
a viewer refused."""

from __future__ import annotations

from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.accounts.services import token_issue
from dieuhanh.reports.models import SectionNote
from tests.conftest import MakeUser


def api(user: User) -> Client:
    raw = token_issue(user=user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_api_returns_markdown(make_user: MakeUser, chuse_values: None) -> None:
    client = api(make_user(Role.LEADER, capture=("633",)))
    response = client.get("/api/reports/review?unit=633&period=2021S1&format=md")
    assert response.status_code == 200
    assert "trên 5.700 tỷ đồng" in response.content.decode()


def test_api_refuses_an_unknown_format(make_user: MakeUser) -> None:
    client = api(make_user(Role.LEADER, capture=("633",)))
    response = client.get("/api/reports/review?unit=633&period=2021S1&format=exe")
    assert response.status_code == 400


def test_api_note_conflict_is_409(make_user: MakeUser) -> None:
    client = api(make_user(Role.LEADER, capture=("633",)))
    body = {"unit": "633", "period": "2021S1", "section": "directions", "text": "A"}
    assert (
        client.put("/api/reports/notes", body, content_type="application/json").json()["version"]
        == 1
    )
    stale = client.put(
        "/api/reports/notes", {**body, "text": "B", "version": 0}, content_type="application/json"
    )
    assert stale.status_code == 409


def test_api_note_denied_for_a_viewer(make_user: MakeUser) -> None:
    client = api(make_user(Role.VIEWER, view=("633",)))
    body = {"unit": "633", "period": "2021S1", "section": "directions", "text": "A"}
    response = client.put("/api/reports/notes", body, content_type="application/json")
    assert response.status_code == 403
    assert not SectionNote.objects.exists()


def test_api_lists_the_parts_left_out_without_a_note(make_user: MakeUser) -> None:
    client = api(make_user(Role.LEADER, capture=("633",)))
    response = client.get("/api/reports/notes/missing?unit=633&period=2021S1")
    assert response.status_code == 200
    assert [m["section"] for m in response.json()] == ["limitations", "directions"]


def test_api_missing_notes_refuses_a_unit_outside_the_scope(make_user: MakeUser) -> None:
    client = api(make_user(Role.DATA_OFFICER, capture=("23962",)))
    response = client.get("/api/reports/notes/missing?unit=23965&period=2021S1")
    assert response.status_code in (403, 404)


def test_api_missing_notes_refuses_a_role_without_reports(make_user: MakeUser) -> None:
    client = api(make_user(Role.SECURITY_OFFICER, capture=("633",)))
    response = client.get("/api/reports/notes/missing?unit=633&period=2021S1")
    assert response.status_code == 403
