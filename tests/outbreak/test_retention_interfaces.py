"""Retention where people meet it: `dieuhanh checkins purge` (and its dry run), and the notice a
trace reaching before the purge horizon carries on the page, in the API and on the console."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.checkin_store import checkins_count
from dieuhanh.outbreak.models import Case, Person
from dieuhanh.outbreak.services.retention import checkins_purge
from tests.auth import Login, bearer

pytestmark = pytest.mark.django_db

NOTICE_VI = "Dữ liệu check-in trước 09/07/2021 đã bị xoá theo thời hạn lưu trữ"


def test_purge_command_deletes_and_says_how_many(traced: tuple[Case, Person]) -> None:
    out = io.StringIO()
    call_command("checkins", "purge", "--before", "2021-07-10", stdout=out)
    assert checkins_count() == 0
    assert "đã xoá 2 lượt check-in trước 10/07/2021" in out.getvalue()


def test_purge_command_dry_run_deletes_nothing(traced: tuple[Case, Person]) -> None:
    out = io.StringIO()
    call_command("checkins", "purge", "--before", "2021-07-10", "--dry-run", stdout=out)
    assert checkins_count() == 2 and "would delete 2 check-in(s)" in out.getvalue()


def test_purge_command_refuses_a_date_it_cannot_read() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("checkins", "purge", "--before", "10/07/2021")


def test_trace_page_shows_the_purge_notice(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    checkins_purge(before=datetime.date(2021, 7, 9))
    html = login(health).get(f"/outbreak/cases/{c.pk}/trace/?depth=1").content.decode()
    assert NOTICE_VI in html


def test_trace_page_without_purge_has_no_notice(
    login: Login, health: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    html = login(health).get(f"/outbreak/cases/{c.pk}/trace/?depth=1").content.decode()
    assert 'data-testid="trace-purged"' not in html


def test_api_trace_gives_the_purge_horizon(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    c, _other = traced
    checkins_purge(before=datetime.date(2021, 7, 9))
    body = client.get(f"/api/outbreak/cases/{c.pk}/trace", **bearer(leader)).json()
    assert body["purged_before"] == "2021-07-09" and NOTICE_VI in body["notice"]


def test_trace_command_prints_the_purge_line(traced: tuple[Case, Person]) -> None:
    c, _other = traced
    checkins_purge(before=datetime.date(2021, 7, 9))
    err = io.StringIO()
    call_command("trace", str(c.person_id), "--json", stdout=io.StringIO(), stderr=err)
    assert NOTICE_VI in err.getvalue()
