"""The trace page (outbreak/views/tracing.py): a small trace's fragment, and a large trace a
page at a time: counts of the whole trace, names and the personal-data log for the rows shown
only, filters, page links for htmx and plain links, denials next to the grants."""

from __future__ import annotations

import re
from typing import TypedDict

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from dieuhanh.accounts.models import Role, User
from dieuhanh.outbreak.models import Case, Contact, Person, PersonalDataAccess
from dieuhanh.outbreak.selectors.tracing import trace_case
from tests.auth import Login
from tests.conftest import MakeUser
from tests.jobs.queue import run_queued
from tests.outbreak.crowds import Crowd

pytestmark = pytest.mark.django_db


def test_trace_fragment_and_contacts_button(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    c, other = traced
    client = login(health)
    fragment = client.get(f"/outbreak/cases/{c.pk}/trace/?depth=1", HTTP_HX_REQUEST="true")
    assert "Phạm Thị Dung" in fragment.content.decode()
    client.post(f"/outbreak/cases/{c.pk}/contacts/", {"depth": "1"})
    run_queued()  # the button starts a background job
    assert Contact.objects.filter(case=c, person=other, generation=1).exists()


class _Htmx(TypedDict, total=False):
    HTTP_HX_REQUEST: str


def _get(client: Client, case: Case, htmx: bool = True, **query: int | str) -> str:
    header: _Htmx = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(f"/outbreak/cases/{case.pk}/trace/", {"depth": 2, **query}, **header)
    assert response.status_code == 200
    return response.content.decode()


def _shown(html: str) -> list[int]:
    """Person ids of the rows (the `#id` of the person column)."""
    return [
        int(m)
        for m in re.findall(r'<tr data-testid="trace-row"><td>F\d</td><td>[^<]*#(\d+)<', html)
    ]


def test_a_page_holds_200_rows(login: Login, health: User, crowd_case: Crowd) -> None:
    c, _f1, _f2 = crowd_case
    assert len(_shown(_get(login(health), c))) == 200


def test_counts_cover_the_whole_trace_written_the_vietnamese_way(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    entries = len(trace_case(case=c, depth=2).exposures)
    html = _get(login(health), c)
    counts = re.search(r'data-testid="trace-counts">([^<]*)<', html)
    assert counts is not None
    assert "1.250 F1" in counts.group(1) and "60 F2" in counts.group(1)
    assert f"{entries:,}".replace(",", ".") in counts.group(1)


def test_third_page_shows_the_rows_after_the_second(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    order = [e.person_id for e in trace_case(case=c, depth=2).exposures]
    assert _shown(_get(login(health), c, page=3)) == order[400:600]


def test_names_are_looked_up_and_logged_for_the_page_only(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, page=2)
    shown = set(_shown(html))
    logged = set(
        PersonalDataAccess.objects.filter(user=health, action="list").values_list(
            "person_id", flat=True
        )
    )
    assert logged == shown | {c.person_id}  # the rows and their "via" (the case)


def test_the_names_of_the_page_are_shown_to_the_health_officer(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c)
    first = _shown(html)[0]
    assert Person.objects.get(pk=first).full_name in html


def test_a_leader_sees_counts_and_numbers_but_no_names_on_any_page(
    login: Login, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    client = login(leader)
    for page in (1, 4, 7):
        html = _get(client, c, page=page)
        shown = _shown(html)
        assert shown and "1.250 F1" in html
        names = Person.objects.filter(pk__in=shown).values_list("full_name", flat=True)
        assert not any(name in html for name in names)
    assert not PersonalDataAccess.objects.filter(user=leader).exists()


def test_a_health_officer_of_another_district_gets_not_found(
    login: Login, make_user: MakeUser, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("634",))
    response = login(elsewhere).get(f"/outbreak/cases/{c.pk}/trace/", {"depth": 2, "page": 2})
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.filter(user=elsewhere).exists()


def test_a_role_without_the_outbreak_module_is_refused(
    login: Login, make_user: MakeUser, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    officer = make_user(role=Role.DATA_OFFICER, capture=("633",))
    assert login(officer).get(f"/outbreak/cases/{c.pk}/trace/", {"page": 2}).status_code == 403


def test_the_f2_filter_shows_f2_rows_only(login: Login, health: User, crowd_case: Crowd) -> None:
    c, _f1, _f2 = crowd_case
    f2 = [e.person_id for e in trace_case(case=c, depth=2).exposures if e.generation == 2]
    html = _get(login(health), c, gen=2)
    assert _shown(html) == f2[:200]
    assert re.findall(r'<tr data-testid="trace-row"><td>(F\d)<', html) == ["F2"] * len(_shown(html))


def test_the_f1_filter_pages_over_f1_rows(login: Login, health: User, crowd_case: Crowd) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, gen=1, page=7)  # 1 250 F1 rows: the 7th page holds 50
    assert len(_shown(html)) == 50 and "Trang 7/7" in html


def test_a_page_past_the_end_shows_the_last_page(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, page=999)
    total = len(trace_case(case=c, depth=2).exposures)
    assert len(_shown(html)) == total - 200 * (total // 200)


def test_a_page_that_is_not_a_number_shows_the_first(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    assert "Trang 1/" in _get(login(health), c, page="abc")


def test_page_links_work_with_htmx_and_without(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, page=2)
    link = re.search(
        r'<a class="page-link" href="([^"]+)" hx-get="([^"]+)" hx-target="#trace" rel="next"', html
    )
    assert link is not None and link.group(1) == link.group(2)
    assert "page=3" in link.group(1).replace("&amp;", "&")


def test_without_htmx_the_page_is_whole_with_the_trace_target(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, htmx=False, page=2)
    assert "<html" in html and 'id="trace"' in html and len(_shown(html)) == 200


def test_the_fragment_has_no_inline_script_or_style(
    login: Login, health: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    html = _get(login(health), c, page=2)
    assert "<script" not in html and "style=" not in html and not re.search(r"\son\w+=", html)


def test_the_page_reads_a_bounded_number_of_rows(
    login: Login,
    health: User,
    crowd_case: Crowd,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    c, _f1, _f2 = crowd_case
    client = login(health)
    # 20, one for the trace cache's key and one for the store's person ids (the F2 table's
    # bounds; SQLite reads the store on its own connection, which is not counted)
    with django_assert_max_num_queries(22):
        _get(client, c, page=3)


def test_a_leader_is_told_names_are_not_shown(
    login: Login, leader: User, crowd_case: Crowd
) -> None:
    c, _f1, _f2 = crowd_case
    assert "không xem được họ tên" in _get(login(leader), c)
