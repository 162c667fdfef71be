"""`dieuhanh trace` (outbreak/management/commands/trace.py) on a small trace: JSON out, a user
outside the scope refused. On a large trace: tests/outbreak/test_tracing_at_scale_interfaces.py."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.accounts.models import Role
from dieuhanh.outbreak.models import Case, Person
from tests.conftest import MakeUser

pytestmark = pytest.mark.django_db


def test_trace_command_prints_json(
    traced: tuple[Case, Person], capsys: pytest.CaptureFixture[str]
) -> None:
    c, other = traced
    call_command("trace", str(c.person_id), "--depth", "1", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert doc["case"] == c.person_id and doc["exposures"][0]["person_id"] == other.pk


def test_trace_command_as_user_outside_scope_is_refused(
    traced: tuple[Case, Person], make_user: MakeUser
) -> None:
    c, _other = traced
    elsewhere = make_user(role=Role.HEALTH_OFFICER, capture=("23965",))
    with pytest.raises(CommandError):
        call_command("trace", str(c.person_id), "--json", "--user", elsewhere.username)
