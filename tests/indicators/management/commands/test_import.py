"""`dieuhanh import` (indicators/management/commands/import.py): the counts, each bad row on
stderr and nothing changed, the console's exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dieuhanh.accounts.models import User
from dieuhanh.indicators.models import DataValue, Indicator
from tests.indicators.files import GOOD, SIBLING


def test_import_command_reports_counts(
    tmp_path: Path, catalogue: dict[str, Indicator], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(GOOD)
    call_command("import", str(path))
    out = capsys.readouterr().out
    assert "1 created" in out and "1 mới" in out and DataValue.objects.count() == 1


def test_import_command_lists_each_bad_row_on_stderr_and_changes_nothing(
    tmp_path: Path,
    officer: User,
    catalogue: dict[str, Indicator],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(SIBLING)
    with pytest.raises(CommandError) as exc:
        call_command("import", str(path), "--user", officer.username)
    err = capsys.readouterr().err
    assert "values.csv" in err and "3" in err and len(err.strip().splitlines()) == 1
    assert "nothing was imported" in str(exc.value) and not DataValue.objects.exists()


def test_console_exit_status_is_1_on_a_bad_file_and_0_on_a_good_one(
    tmp_path: Path, catalogue: dict[str, Indicator], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connections

    from dieuhanh.cli import main

    # run_from_argv closes the connections when it ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"dataValues": [{"dataElement": "X", "value": "1"}]}))
    with pytest.raises(SystemExit) as exc:
        main(["import", str(bad)])
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    main(["import", str(good), "--dry-run"])  # returns normally: exit status 0
    assert exc.value.code == 1 and not DataValue.objects.exists()
