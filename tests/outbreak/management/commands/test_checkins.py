"""`dieuhanh checkins import` (outbreak/management/commands/checkins.py): rows written, a time
without offset refused, the row and field of an error named, a dry run writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.outbreak.checkin_store import checkins_count
from dieuhanh.outbreak.models import Case, Person
from tests.outbreak.factories import csv_file, venue

pytestmark = pytest.mark.django_db


def test_checkins_import_writes_rows(tmp_path: Path, traced: tuple[Case, Person]) -> None:
    _c, other = traced
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    call_command(
        "checkins",
        "import",
        csv_file(
            tmp_path,
            "person_id,venue_id,checked_in_at,checked_out_at\n"
            f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,2021-07-10T09:00:00+07:00\n"
            f"{other.pk},{v.pk},2021-07-11T08:00:00+07:00,\n",
        ),
    )
    assert checkins_count() == before + 2


def test_checkins_import_refuses_time_without_offset(
    tmp_path: Path, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    with pytest.raises(CommandError):
        call_command(
            "checkins",
            "import",
            csv_file(
                tmp_path,
                "person_id,venue_id,checked_in_at,checked_out_at\n"
                f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,\n"
                f"{other.pk},{v.pk},2021-07-10T08:00:00,\n",
            ),
        )
    assert checkins_count() == before


def test_checkins_import_names_row_and_field(
    tmp_path: Path, traced: tuple[Case, Person], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(CommandError):
        call_command(
            "checkins",
            "import",
            csv_file(
                tmp_path,
                "person_id,venue_id,checked_in_at,checked_out_at\n"
                "999999,1,2021-07-10T08:00:00+07:00,\n",
            ),
        )
    err = capsys.readouterr().err
    assert "file.csv, dòng 2, person_id" in err or "file.csv, row 2, person_id" in err


def test_checkins_import_dry_run_writes_nothing(
    tmp_path: Path, traced: tuple[Case, Person]
) -> None:
    _c, other = traced
    v = venue("Bến xe Chư Sê")
    before = checkins_count()
    call_command(
        "checkins",
        "import",
        csv_file(
            tmp_path,
            "person_id,venue_id,checked_in_at,checked_out_at\n"
            f"{other.pk},{v.pk},2021-07-10T08:00:00+07:00,\n",
        ),
        "--dry-run",
    )
    assert checkins_count() == before
