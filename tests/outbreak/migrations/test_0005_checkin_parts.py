"""Migration 0005_checkin_parts: migrating back is refused while parts are not merged."""

from __future__ import annotations

import importlib
import types

import pytest
from django.db import connection

from dieuhanh.outbreak.checkin_store import checkins_compact
from tests.outbreak.factories import two_f2s

pytestmark = pytest.mark.django_db


def test_migrating_back_refuses_while_parts_are_not_merged() -> None:
    migration = importlib.import_module("dieuhanh.outbreak.migrations.0005_checkin_parts")
    editor = types.SimpleNamespace(connection=connection)
    two_f2s()
    with pytest.raises(RuntimeError, match="checkins compact"):
        migration._refuse_unmerged_parts(None, editor)
    checkins_compact()
    migration._refuse_unmerged_parts(None, editor)
