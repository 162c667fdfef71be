"""Settings (config/settings.py): the database configured is the one used, SQLite opens in WAL
mode and zeroes what it deletes; the API token lifetimes come from the environment and are
checked."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from pytest_django import DjangoDbBlocker

from dieuhanh.config.settings import _SQLITE_OPTIONS


@pytest.mark.django_db
def test_database_is_the_one_configured() -> None:
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_sqlite_databases_open_in_wal_mode(
    tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> None:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "x.sqlite3"),
            "OPTIONS": _SQLITE_OPTIONS,
        }
    )
    with django_db_blocker.unblock():
        wrapper.ensure_connection()
        wrapper.close()
    mode = sqlite3.connect(tmp_path / "x.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_sqlite_connections_zero_what_they_delete(
    tmp_path: Path, django_db_blocker: DjangoDbBlocker
) -> None:
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "x.sqlite3"),
            "OPTIONS": _SQLITE_OPTIONS,
        }
    )
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            mode = cursor.fetchone()[0]
        wrapper.close()
    assert mode == 1


def _settings_module(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings module in a process of its own, with `env` added."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("DIEUHANH_")}
    full.update({"DIEUHANH_VAR_DIR": str(tmp_path), **env})
    code = "import dieuhanh.config.settings as s; print(s.API_TOKEN_DAYS, s.API_TOKEN_MAX_DAYS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=60
    )


def test_api_token_days_come_from_the_environment(tmp_path: Path) -> None:
    result = _settings_module(
        tmp_path, DIEUHANH_API_TOKEN_DAYS="30", DIEUHANH_API_TOKEN_MAX_DAYS="60"
    )
    assert result.stdout.split() == ["30", "60"]


def test_api_token_days_default_to_90_at_most_365(tmp_path: Path) -> None:
    assert _settings_module(tmp_path).stdout.split() == ["90", "365"]


@pytest.mark.parametrize(
    "env",
    [
        {"DIEUHANH_API_TOKEN_DAYS": "0"},
        {"DIEUHANH_API_TOKEN_DAYS": "400"},
        {"DIEUHANH_API_TOKEN_DAYS": "30", "DIEUHANH_API_TOKEN_MAX_DAYS": "20"},
    ],
)
def test_api_token_days_outside_the_limits_refuse_to_start(
    tmp_path: Path, env: dict[str, str]
) -> None:
    result = _settings_module(tmp_path, **env)
    assert result.returncode != 0 and "DIEUHANH_API_TOKEN_DAYS" in result.stderr
