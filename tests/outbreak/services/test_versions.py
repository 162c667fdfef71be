"""The epidemic module's data version (outbreak/versions.py, core.versions) moves with the
writes that send no model signal (bulk_create, QuerySet.update())."""

from __future__ import annotations

import pytest

from dieuhanh.core.scope import Scope
from dieuhanh.core.versions import data_version
from dieuhanh.outbreak.services.imports import cases_import
from dieuhanh.outbreak.versions import OUTBREAK
from tests.outbreak.factories import person

pytestmark = pytest.mark.django_db


def test_cases_imported_in_bulk_move_the_version() -> None:
    p = person()
    before = data_version(OUTBREAK)
    cases_import(
        actor=None,
        scope=Scope.everything(),
        content=(
            b"person_id,confirmed_at,onset_date,sampled_at,isolated_at\n"
            + f"{p.pk},2021-07-12T09:00:00+07:00,,,\n".encode()
        ),
        file_name="f.csv",
    )
    assert data_version(OUTBREAK) != before
