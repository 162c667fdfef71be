"""The import endpoints (outbreak/api/imports.py): check-ins are not imported by a leader."""

from __future__ import annotations

import pytest
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_api_checkins_import_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", b"person_id,venue_id,checked_in_at,checked_out_at\n")
    response = client.post("/api/outbreak/checkins/import", {"file": upload}, **bearer(leader))
    assert response.status_code == 403
