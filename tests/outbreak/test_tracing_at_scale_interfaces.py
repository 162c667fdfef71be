"""GET /api/outbreak/cases/{id}/trace a page at a time, POST contacts-from-trace with a page of
contacts, and `dieuhanh trace --json` streaming the whole document; denials with the grants."""

from __future__ import annotations

import json
from typing import TypedDict, cast

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Contact
from dieuhanh.outbreak.selectors.tracing import trace_case, trace_document
from tests.auth import bearer
from tests.conftest import MakeUser
from tests.outbreak.crowds import Crowd, traced_crowd
from tests.outbreak.factories import at, case, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd_case() -> Crowd:
    return traced_crowd(1250, f2=40)


class Exposure(TypedDict):
    person_id: int
    generation: int
    via: int
    venue_id: int
    overlap_start: str
    overlap_end: str


class TracePage(TypedDict):
    """The body of GET /api/outbreak/cases/{id}/trace (TraceOut in outbreak/api/tracing.py)."""

    case: int
    exposures: list[Exposure]
    total: int
    f1: int
    f2: int
    offset: int
    limit: int
    generation: int | None


def _trace(client: Client, user: User, c: Case, **query: int) -> TracePage:
    response = client.get(
        f"/api/outbreak/cases/{c.pk}/trace", {"depth": 2, **query}, **bearer(user)
    )
    assert response.status_code == 200, response.content
    body: TracePage = response.json()
    return body


def test_the_first_page_holds_1000_entries_and_the_counts(
    client: Client, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    entries = len(trace_case(case=c, depth=2).exposures)
    body = _trace(client, leader, c)
    assert len(body["exposures"]) == 1000
    assert (body["case"], body["total"], body["f1"], body["f2"]) == (c.person_id, entries, 1250, 40)


def test_the_pages_put_together_are_the_whole_document(
    client: Client, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    # trace_document's "exposures" is exposure_documents(...): a list of dicts.
    whole = cast(list[dict[str, object]], trace_document(trace_case(case=c, depth=2))["exposures"])
    pages: list[object] = []
    for offset in range(0, len(whole), 700):
        pages += _trace(client, leader, c, offset=offset, limit=700)["exposures"]
    assert pages == whole


def test_the_generation_filter_counts_its_own_entries(
    client: Client, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    f2 = [e for e in trace_case(case=c, depth=2).exposures if e.generation == 2]
    body = _trace(client, leader, c, generation=2, limit=10)
    assert body["total"] == len(f2)
    assert [e["person_id"] for e in body["exposures"]] == [e.person_id for e in f2[:10]]


def test_an_offset_past_the_end_gives_an_empty_page(
    client: Client, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    body = _trace(client, leader, c, offset=10**6)
    assert body["exposures"] == [] and body["f1"] == 1250


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"limit": 0}, ("limit phải từ 1 đến 10000", "limit must be between 1 and 10000")),
        ({"limit": 10_001}, ("không thể là 10001", "not 10001")),
        ({"offset": -1}, ("offset phải từ 0 trở lên", "offset must be 0 or more")),
        ({"generation": 3}, ("generation (thế hệ) phải là 1 hoặc 2", "generation must be 1")),
    ],
)
def test_bad_paging_is_refused_in_both_languages(
    client: Client, leader: User, query: dict[str, int], words: tuple[str, str]
) -> None:
    c = case(person())
    response = client.get(f"/api/outbreak/cases/{c.pk}/trace", query, **bearer(leader))
    messages = response.json()["messages"]
    assert response.status_code == 400
    assert words[0] in messages["vi"] and words[1] in messages["en"]


def test_a_limit_of_10000_is_accepted(client: Client, leader: User) -> None:
    c = case(person())
    body = _trace(client, leader, c, limit=10_000)
    assert (body["limit"], body["total"], body["exposures"]) == (10_000, 0, [])


def test_the_trace_of_a_case_out_of_scope_is_not_found(
    client: Client, make_user: MakeUser, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("634",))
    response = client.get(f"/api/outbreak/cases/{c.pk}/trace", {"limit": 5}, **bearer(elsewhere))
    assert response.status_code == 404


def test_the_trace_is_refused_to_a_role_without_the_module(
    client: Client, make_user: MakeUser, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    officer = make_user(role=Role.DATA_OFFICER, capture=("633",))
    response = client.get(f"/api/outbreak/cases/{c.pk}/trace", **bearer(officer))
    assert response.status_code == 403


def test_contacts_from_trace_returns_counts_and_a_page_of_contacts(
    client: Client, health: User, crowd_case: Crowd
) -> None:
    c, f1, f2 = crowd_case
    url = f"/api/outbreak/cases/{c.pk}/contacts-from-trace?depth=2&offset=1000&limit=100"
    body = client.post(url, **bearer(health)).json()
    expected = sorted(f1 + f2)[1000:1100]
    assert (body["total"], body["created"], body["updated"]) == (1290, 1290, 0)
    assert [x["person_id"] for x in body["contacts"]] == expected


def test_contacts_from_trace_again_creates_nothing(
    client: Client, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    url = f"/api/outbreak/cases/{c.pk}/contacts-from-trace?depth=2&limit=10"
    client.post(url, **bearer(health))
    body = client.post(url, **bearer(health)).json()
    assert (body["created"], body["updated"], body["exposures"], len(body["contacts"])) == (
        0,
        0,
        0,
        10,
    )


def test_contacts_from_trace_refuses_a_leader(
    client: Client, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    url = f"/api/outbreak/cases/{c.pk}/contacts-from-trace?depth=2"
    assert client.post(url, **bearer(leader)).status_code == 403
    assert not Contact.objects.exists()


def test_contacts_from_trace_refuses_a_limit_too_large(
    client: Client, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    url = f"/api/outbreak/cases/{c.pk}/contacts-from-trace?limit=20000"
    assert client.post(url, **bearer(health)).status_code == 400
    assert not Contact.objects.exists()


# --- the command: the whole document, streamed ------------------------------------------------


def test_trace_json_prints_the_whole_document(
    crowd_case: Crowd, capsys: pytest.CaptureFixture[str]
) -> None:
    c, _f1, _f2 = crowd_case
    call_command("trace", str(c.person_id), "--depth", "2", "--json")
    assert json.loads(capsys.readouterr().out) == trace_document(trace_case(case=c, depth=2))


def test_trace_json_writes_one_exposure_a_line(
    crowd_case: Crowd, capsys: pytest.CaptureFixture[str]
) -> None:
    c, _f1, _f2 = crowd_case
    call_command("trace", str(c.person_id), "--depth", "2", "--json")
    lines = capsys.readouterr().out.splitlines()
    entries = len(trace_case(case=c, depth=2).exposures)
    assert lines[:2] == [f'{{"case": {c.person_id},', ' "exposures": [']
    assert lines[-1] == " ]}" and len(lines) == entries + 3


def test_trace_json_of_a_case_without_contacts_is_an_empty_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    c = case(person(), confirmed_at=at(12, 9))
    call_command("trace", str(c.person_id), "--json")
    assert json.loads(capsys.readouterr().out) == {"case": c.person_id, "exposures": []}


def test_trace_text_ends_with_the_count(
    crowd_case: Crowd, capsys: pytest.CaptureFixture[str]
) -> None:
    c, _f1, _f2 = crowd_case
    call_command("trace", str(c.person_id))
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1250 exposure(s)" and len(out) == 1251


def test_trace_command_out_of_scope_is_refused(crowd_case: Crowd, make_user: MakeUser) -> None:
    c, _f1, _f2 = crowd_case
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("634",))
    with pytest.raises(CommandError):
        call_command("trace", str(c.person_id), "--json", "--user", elsewhere.username)
