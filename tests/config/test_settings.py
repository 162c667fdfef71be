"""Database settings (config/settings.py): the database configured is the one used, SQLite
opens in WAL mode and zeroes what it deletes."""

from __future__ import annotations

import os
import sqlite3
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
