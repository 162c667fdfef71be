"""Pages, API and commands of tracing, with the personal-data denials next to the grants."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.checkin_store import checkins_count
from dieuhanh.outbreak.models import Case, Contact, Person, PersonalDataAccess
from tests.conftest import MakeUser
from tests.outbreak.conftest import bearer
from tests.outbreak.tracing_factories import IA_BLANG, at, case, checkin, person, venue

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]


@pytest.fixture
def traced() -> tuple[Case, Person]:
    index = person("Nguyễn Văn An")
    c = case(index, code="BN-GL01")
    market = venue()
    other = person("Phạm Thị Dung")
    checkin(index, market, at(9, 7), at(9, 8))
    checkin(other, market, at(9, 7, 30), None)
    return c, other


# --- pages -----------------------------------------------------------------------------------


def test_dashboard_shows_counts_to_a_leader(login: Login, leader: User, traced: object) -> None:
    page = login(leader).get("/outbreak/")
    assert page.status_code == 200 and 'data-testid="count-cases">1<' in page.content.decode()


def test_dashboard_hides_names_from_a_leader(login: Login, leader: User, traced: object) -> None:
    page = login(leader).get("/outbreak/")
    assert "Nguyễn Văn An" not in page.content.decode()


def test_dashboard_shows_names_to_the_health_officer(
    login: Login, health: User, traced: object
) -> None:
    page = login(health).get("/outbreak/")
    assert "Nguyễn Văn An" in page.content.decode()


def test_dashboard_refused_to_a_data_officer(login: Login, make_user: MakeUser) -> None:
    officer = make_user(role=Role.DATA_OFFICER, capture=(IA_BLANG,))
    assert login(officer).get("/outbreak/").status_code == 403


def test_person_page_refused_to_a_leader(login: Login, leader: User, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    assert login(leader).get(f"/outbreak/persons/{other.pk}/").status_code == 403


def test_person_page_of_another_district_is_not_found(
    login: Login, make_user: MakeUser, traced: object
) -> None:
    _c, other = traced  # type: ignore[misc]
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    assert login(elsewhere).get(f"/outbreak/persons/{other.pk}/").status_code == 404


def test_person_page_view_is_logged(login: Login, health: User, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    assert login(health).get(f"/outbreak/persons/{other.pk}/").status_code == 200
    assert PersonalDataAccess.objects.filter(user=health, person=other, action="view").exists()


def test_person_search_is_accent_insensitive(login: Login, health: User, traced: object) -> None:
    page = login(health).get("/outbreak/persons/", {"q": "pham thi dung"})
    assert "Phạm Thị Dung" in page.content.decode()


def test_export_without_reason_is_refused(login: Login, health: User, traced: object) -> None:
    assert login(health).post("/outbreak/persons/export/", {"q": ""}).status_code == 400


def test_export_with_reason_is_logged(login: Login, health: User, traced: object) -> None:
    response = login(health).post(
        "/outbreak/persons/export/", {"q": "", "reason": "Báo cáo Sở Y tế"}
    )
    assert response.status_code == 200 and "Phạm Thị Dung" in response.content.decode()
    assert PersonalDataAccess.objects.filter(action="export", reason="Báo cáo Sở Y tế").count() == 2


def test_register_then_confirm_through_the_pages(login: Login, health: User) -> None:
    client = login(health)
    response = client.post(
        "/outbreak/persons/",
        {"full_name": "Ksor H'Mai", "unit": IA_BLANG, "birth_year": "1988", "sex": "F"},
    )
    p = Person.objects.get(name_key="ksorhmai")
    assert response.status_code == 302
    client.post(
        f"/outbreak/persons/{p.pk}/confirm/",
        {"confirmed_at": "2021-07-12T09:00", "onset_date": "2021-07-10", "code": "BN-X"},
    )
    assert Case.objects.get(person=p).confirmed_at == at(12, 9)


def test_trace_fragment_and_contacts_button(login: Login, health: User, traced: object) -> None:
    c, other = traced  # type: ignore[misc]
    client = login(health)
    fragment = client.get(f"/outbreak/cases/{c.pk}/trace/?depth=1", HTTP_HX_REQUEST="true")
    assert "Phạm Thị Dung" in fragment.content.decode()
    client.post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "1"})
    assert Contact.objects.filter(case=c, person=other, generation=1).exists()


def test_leader_cannot_turn_trace_into_contacts(login: Login, leader: User, traced: object) -> None:
    c, _other = traced  # type: ignore[misc]
    login(leader).post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "1"})
    assert not Contact.objects.exists()


def test_chains_data_for_leader_has_no_names(login: Login, leader: User, traced: object) -> None:
    c, _other = traced  # type: ignore[misc]
    Client()
    from dieuhanh.core.scope import Scope
    from dieuhanh.outbreak.services.contacts import contacts_from_trace

    contacts_from_trace(actor=None, scope=Scope.everything(), case=c)
    data = login(leader).get("/outbreak/chains/data/").json()
    assert {n["label"] for n in data["nodes"]} == {"BN-GL01", "F1"}
    assert data["totals"]["chains"] == 1


# --- API -------------------------------------------------------------------------------------


def test_api_person_read_is_logged(client: Client, health: User, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    body = client.get(f"/api/outbreak/persons/{other.pk}", **bearer(health)).json()
    assert body["full_name"] == "Phạm Thị Dung"
    assert PersonalDataAccess.objects.filter(user=health, person=other, action="view").exists()


def test_api_persons_refused_to_a_leader(client: Client, leader: User, traced: object) -> None:
    assert client.get("/api/outbreak/persons", **bearer(leader)).status_code == 403


def test_api_trace_returns_the_design_shape(client: Client, leader: User, traced: object) -> None:
    c, other = traced  # type: ignore[misc]
    body = client.get(f"/api/outbreak/cases/{c.pk}/trace?depth=2", **bearer(leader)).json()
    assert body["case"] == c.person_id
    assert [e["person_id"] for e in body["exposures"]] == [other.pk]


def test_api_cases_of_other_district_not_listed(
    client: Client, make_user: MakeUser, traced: object
) -> None:
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    assert client.get("/api/outbreak/cases", **bearer(elsewhere)).json() == []


def test_api_checkins_import_refused_to_a_leader(
    client: Client, leader: User, traced: object
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", b"person_id,venue_id,checked_in_at,checked_out_at\n")
    response = client.post("/api/outbreak/checkins/import", {"file": upload}, **bearer(leader))
    assert response.status_code == 403


# --- commands --------------------------------------------------------------------------------


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_checkins_import_writes_rows(tmp_path: Path, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    call_command(
        "checkins",
        "import",
        _csv(
            tmp_path,
            "person_id,venue_id,checked_in_at,checked_out_at\n"
            f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,2021-07-10T09:00:00+07:00\n"
            f"{other.pk},{v.pk},2021-07-11T08:00:00+07:00,\n",
        ),
    )
    assert checkins_count() == before + 2


def test_checkins_import_refuses_time_without_offset(tmp_path: Path, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    with pytest.raises(CommandError):
        call_command(
            "checkins",
            "import",
            _csv(
                tmp_path,
                "person_id,venue_id,checked_in_at,checked_out_at\n"
                f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,\n"
                f"{other.pk},{v.pk},2021-07-10T08:00:00,\n",
            ),
        )
    assert checkins_count() == before


def test_checkins_import_names_row_and_field(
    tmp_path: Path, traced: object, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError):
        call_command(
            "checkins",
            "import",
            _csv(
                tmp_path,
                "person_id,venue_id,checked_in_at,checked_out_at\n"
                "999999,1,2021-07-10T08:00:00+07:00,\n",
            ),
        )
    err = capsys.readouterr().err
    assert "file.csv, dòng 2, person_id" in err or "file.csv, row 2, person_id" in err


def test_checkins_import_dry_run_writes_nothing(tmp_path: Path, traced: object) -> None:
    _c, other = traced  # type: ignore[misc]
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    call_command(
        "checkins",
        "import",
        _csv(
            tmp_path,
            "person_id,venue_id,checked_in_at,checked_out_at\n"
            f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,\n",
        ),
        "--dry-run",
    )
    assert checkins_count() == before


def test_cases_import_confirms_cases(tmp_path: Path) -> None:
    p = person("Siu H'Ly")
    call_command(
        "cases",
        "import",
        _csv(
            tmp_path,
            "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
            f"{p.pk},2021-07-12T09:00:00+07:00,2021-07-10,2021-07-11T08:00:00+07:00,\n",
        ),
    )
    assert Case.objects.get(person=p).onset_date.isoformat() == "2021-07-10"  # type: ignore[union-attr]


def test_cases_import_refuses_sampling_after_confirmation(tmp_path: Path) -> None:
    p = person("Siu H'Ly")
    with pytest.raises(CommandError):
        call_command(
            "cases",
            "import",
            _csv(
                tmp_path,
                "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
                f"{p.pk},2021-07-12T09:00:00+07:00,,2021-07-13T08:00:00+07:00,\n",
            ),
        )
    assert not Case.objects.exists()


def test_cases_import_as_leader_is_refused(tmp_path: Path, leader: User) -> None:
    p = person("Siu H'Ly")
    with pytest.raises(CommandError):
        call_command(
            "cases",
            "import",
            _csv(
                tmp_path,
                "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
                f"{p.pk},2021-07-12T09:00:00+07:00,,,\n",
            ),
            "--user",
            leader.username,
        )


def test_trace_command_prints_json(traced: object, capsys: pytest.CaptureFixture[str]) -> None:
    c, other = traced  # type: ignore[misc]
    call_command("trace", str(c.person_id), "--depth", "1", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert doc["case"] == c.person_id and doc["exposures"][0]["person_id"] == other.pk


def test_trace_command_as_user_outside_scope_is_refused(
    traced: object, make_user: MakeUser
) -> None:
    c, _other = traced  # type: ignore[misc]
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    with pytest.raises(CommandError):
        call_command("trace", str(c.person_id), "--json", "--user", elsewhere.username)


def test_case_outcome_updated_through_the_page(login: Login, health: User, traced: object) -> None:
    c, _other = traced  # type: ignore[misc]
    login(health).post(
        f"/outbreak/cases/{c.pk}/update/",
        {"version": "1", "outcome": "recovered", "outcome_date": "2021-07-30", "place": "BV"},
    )
    c.refresh_from_db()
    assert (c.outcome, c.version) == ("recovered", 2)


def test_case_update_with_stale_version_changes_nothing(
    login: Login, health: User, traced: object
) -> None:
    c, _other = traced  # type: ignore[misc]
    client = login(health)
    client.post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "recovered"})
    client.post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "died"})
    c.refresh_from_db()
    assert c.outcome == "recovered"


def test_leader_cannot_update_a_case(login: Login, leader: User, traced: object) -> None:
    c, _other = traced  # type: ignore[misc]
    login(leader).post(f"/outbreak/cases/{c.pk}/update/", {"version": "1", "outcome": "died"})
    c.refresh_from_db()
    assert c.outcome == "treatment"
