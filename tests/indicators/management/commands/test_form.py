"""`dieuhanh form` (indicators/management/commands/form.py): the same states as the page and
the API — submit, a save refused while submitted, return with a reason, steps need --user."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataSetReport, Indicator

FORM = ("KTXH_THANG", "--unit", "23962", "--period", "202101")


def test_submit_then_show_as_json(
    officer: User, catalogue: dict[str, Indicator], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("form", "submit", *FORM, "--user", officer.username)
    capsys.readouterr()
    call_command("form", "show", *FORM, "--json")
    body = json.loads(capsys.readouterr().out)
    assert (body["state"], body["read_only"]) == ("submitted", True)


def test_return_with_a_reason(
    officer: User, leader: User, catalogue: dict[str, Indicator], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("form", "submit", *FORM, "--user", officer.username)
    call_command("form", "return", *FORM, "--user", leader.username, "--reason", "Thiếu số liệu")
    report = DataSetReport.objects.get()
    assert (report.state, report.return_reason) == ("open", "Thiếu số liệu")


def test_a_step_without_user_is_refused(catalogue: dict[str, Indicator]) -> None:
    with pytest.raises(CommandError):
        call_command("form", "submit", *FORM)
    assert not DataSetReport.objects.exists()


def test_an_officer_cannot_return_a_form(officer: User, catalogue: dict[str, Indicator]) -> None:
    call_command("form", "submit", *FORM, "--user", officer.username)
    with pytest.raises(CommandError):
        call_command("form", "return", *FORM, "--user", officer.username, "--reason", "x")
    assert DataSetReport.objects.get().state == "submitted"
