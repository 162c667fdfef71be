"""`dieuhanh tasks list|table|remind` (direction/management/commands/tasks.py)."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.direction.models import TaskAlert

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("tasks", *args, stdout=out)
    return out.getvalue()


def test_list_json_is_one_document_with_statuses(demo: int) -> None:
    rows = json.loads(run("list", "--unit", "633", "--on", "2021-10-15", "--json"))
    assert len(rows) == 12
    assert {r["status"] for r in rows} == {"done", "done_late", "overdue", "in_progress"}


def test_list_filters_by_status(demo: int) -> None:
    rows = json.loads(
        run("list", "--unit", "633", "--on", "2021-10-15", "--status", "overdue", "--json")
    )
    assert [r["assignee"] for r in rows] == ["UBND xã Dun"]


def test_list_of_a_commune_is_its_tasks_only(demo: int) -> None:
    rows = json.loads(run("list", "--unit", "23962", "--on", "2021-10-15", "--json"))
    assert {r["lead_unit"] for r in rows} == {"23962"}


def test_table_json(demo: int) -> None:
    table = json.loads(run("table", "--unit", "633", "--on", "2022-01-31", "--json"))
    total = table["total"]
    assert (total["on_time"], total["late"], total["overdue"], total["in_progress"]) == (
        6,
        2,
        4,
        0,
    )


def test_an_unknown_unit_is_a_one_line_error(demo: int) -> None:
    with pytest.raises(CommandError, match="999999"):
        run("list", "--unit", "999999", "--json")


def test_a_bad_date_is_a_one_line_error(demo: int) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("list", "--unit", "633", "--on", "15/10/2021")


def test_remind_mails_the_assignees_and_escalates_to_the_leaders(
    leader: User, party: User, demo: int
) -> None:
    sent = json.loads(run("remind", "--today", "2021-11-26", "--json"))
    kinds = {(s["kind"], s["title"][:20]) for s in sent}
    assert ("reminder", "Hoàn thiện hồ sơ đề ") in kinds
    escalation = next(s for s in sent if s["kind"] == "escalation")
    assert set(escalation["recipients"]) == {"lanhdao@example.vn", "vanphong@example.vn"}
    reminder = next(s for s in sent if s["kind"] == "reminder")
    assert reminder["recipients"] == ["vanphong@example.vn"]
    assert len(mail.outbox) == len(sent)
    assert any("[Quá hạn" in m.subject for m in mail.outbox)


def test_remind_twice_on_the_same_day_sends_nothing_new(party: User, demo: int) -> None:
    first = json.loads(run("remind", "--today", "2021-11-26", "--json"))
    second = json.loads(run("remind", "--today", "2021-11-26", "--json"))
    assert first and second == []
    assert TaskAlert.objects.count() == len(first)


def test_remind_sends_nothing_about_finished_tasks(party: User, demo: int) -> None:
    sent = json.loads(run("remind", "--today", "2022-06-01", "--json"))
    titles = {s["title"] for s in sent}
    assert "Hoàn thành tiêu chí giao thông nông thôn (bê tông hóa đường liên thôn)" not in titles
    assert all(s["kind"] == "escalation" for s in sent)
