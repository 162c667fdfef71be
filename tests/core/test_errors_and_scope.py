from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import connection
from django.utils.translation import gettext_lazy as _

from dieuhanh.config.settings import _SQLITE_OPTIONS
from dieuhanh.core.errors import AccessDenied, NotFound
from dieuhanh.core.models import AuditEvent
from dieuhanh.core.scope import Scope
from dieuhanh.core.services import audit_record
from dieuhanh.orgunits.models import OrgUnit
from tests.conftest import unit_on


def test_domain_error_renders_in_vietnamese_and_english() -> None:
    error = NotFound(_("Unknown administrative unit code: %(code)s."), code="99999")
    assert error.as_dict()["messages"] == {
        "vi": "Không có đơn vị hành chính mã 99999.",
        "en": "Unknown administrative unit code: 99999.",
    }


def test_access_denied_maps_to_403() -> None:
    assert AccessDenied("x").status_code == 403


def test_scope_path_check_is_by_prefix() -> None:
    scope = Scope(view_paths=("/64:20190101/",))
    assert scope.can_view_path("/64:20190101/633:20190101/")
    assert not scope.can_view_path("/640:20190101/")


def test_view_scope_grants_no_capture() -> None:
    assert not Scope(view_paths=("/64:20190101/",)).can_capture_path("/64:20190101/")


@pytest.mark.django_db
def test_empty_scope_filters_everything_out() -> None:
    assert not OrgUnit.objects.filter(Scope.nothing().view_q()).exists()


@pytest.mark.django_db
def test_scope_filter_keeps_the_subtree_only() -> None:
    scope = Scope(view_paths=(unit_on("633").path,))
    codes = set(OrgUnit.objects.filter(scope.view_q()).values_list("code", flat=True))
    assert len(codes) == 16 and "23965" in codes and "64" not in codes


@pytest.mark.django_db
def test_audit_record_without_a_user_is_by_system() -> None:
    event = audit_record(actor=None, action="test.action", object_type="x", object_id="1")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "system"


@pytest.mark.django_db
def test_database_is_the_one_configured() -> None:
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_sqlite_databases_open_in_wal_mode(tmp_path: Path, django_db_blocker) -> None:  # type: ignore[no-untyped-def]
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
