"""`dieuhanh cases import` (outbreak/management/commands/cases.py): cases confirmed from a
CSV file, bad rows refused, a leader refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person
from tests.outbreak.factories import csv_file, person

pytestmark = pytest.mark.django_db


def test_cases_import_confirms_cases(tmp_path: Path) -> None:
    p = person("Siu H'Ly")
    call_command(
        "cases",
        "import",
        csv_file(
            tmp_path,
            "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
            f"{p.pk},2021-07-12T09:00:00+07:00,2021-07-10,2021-07-11T08:00:00+07:00,\n",
        ),
    )
    assert Case.objects.get(person=p).onset_date.isoformat() == "2021-07-10"  # type: ignore[union-attr]  # confirmed with an onset date


def test_cases_import_refuses_sampling_after_confirmation(tmp_path: Path) -> None:
    p = person("Siu H'Ly")
    with pytest.raises(CommandError):
        call_command(
            "cases",
            "import",
            csv_file(
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
            csv_file(
                tmp_path,
                "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
                f"{p.pk},2021-07-12T09:00:00+07:00,,,\n",
            ),
            "--user",
            leader.username,
        )


def test_cases_import_of_more_persons_than_one_sql_list_holds(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's limit of variables per statement")
    first = person("Siu H'Ly")
    Person.objects.bulk_create(
        Person(full_name=f"Người {i}", unit=first.unit, unit_path=first.unit_path)
        for i in range(1_100)
    )
    ids = list(Person.objects.values_list("pk", flat=True))
    rows = "".join(f"{pk},2021-07-12T09:00:00+07:00,,,\n" for pk in ids)
    connection.ensure_connection()
    raw = connection.connection
    limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 1_000)  # as an older SQLite's 999
    try:
        call_command(
            "cases",
            "import",
            csv_file(tmp_path, "person_id,confirmed_at,onset_date,sampled_at,isolated_at\n" + rows),
        )
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    assert Case.objects.count() == len(ids)
