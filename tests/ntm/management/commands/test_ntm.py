"""`dieuhanh ntm` (ntm/management/commands/ntm.py): an exported workbook imports back, empty
communes not recorded, a bad row imports nothing, other communes refused, the summary in JSON."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dieuhanh.accounts.models import User
from dieuhanh.ntm.models import Assessment, CriteriaSet, IndicatorValue
from tests.ntm.factories import (
    ALL_MET,
    CHU_SE,
    DUN,
    IA_BLANG,
    exported_workbook,
    recognise,
    save,
    set_cell,
)

pytestmark = pytest.mark.django_db


def test_an_exported_workbook_imports_back_with_a_change(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    call_command("ntm", "import", str(path))
    assert (
        str(
            IndicatorValue.objects.get(
                indicator__code="12.1", assessment__unit__code=IA_BLANG
            ).number
        )
        == "91.5000"
    )


def test_communes_left_empty_in_the_workbook_are_not_recorded(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    call_command("ntm", "import", str(path))
    assert list(Assessment.objects.values_list("unit__code", flat=True)) == [IA_BLANG]


def test_a_workbook_with_a_bad_row_imports_nothing(
    sets: dict[str, CriteriaSet], tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    set_cell(path, DUN, "15.1", "130")
    with pytest.raises(CommandError):
        call_command("ntm", "import", str(path))
    assert not Assessment.objects.exists()


def test_console_import_as_an_officer_is_refused_for_other_communes(
    sets: dict[str, CriteriaSet], officer: User, tmp_path: Path
) -> None:
    path = exported_workbook(tmp_path)
    set_cell(path, IA_BLANG, "12.1", "91,5")
    set_cell(path, DUN, "12.1", "91,5")
    with pytest.raises(CommandError):
        call_command("ntm", "import", str(path), "--user", officer.username)
    assert not Assessment.objects.exists()


def test_console_summary_json(
    sets: dict[str, CriteriaSet], capsys: pytest.CaptureFixture[str]
) -> None:
    save(DUN, results=ALL_MET, values={"12.1": "95", "16.1": "80"})
    recognise(DUN, datetime.date(2018, 3, 5))
    call_command("ntm", "summary", "--unit", CHU_SE, "--on", "2021-07-01", "--json")
    doc = json.loads(capsys.readouterr().out)
    assert (doc["communes"], doc["rural_communes"], doc["recognised"]) == (15, 14, 1)


def test_console_summary_refuses_an_unknown_unit(sets: dict[str, CriteriaSet]) -> None:
    with pytest.raises(CommandError):
        call_command("ntm", "summary", "--unit", "99999", "--on", "2021-07-01", "--json")
