"""The import endpoints (outbreak/api/imports.py): check-ins are not imported by a leader; a
file of phones and QR codes registers its persons and venues."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dieuhanh.accounts.models import User
from dieuhanh.outbreak.models import Case, Person, VenueIdentifier
from tests.auth import bearer

pytestmark = pytest.mark.django_db


def test_api_checkins_import_refused_to_a_leader(
    client: Client, leader: User, traced: tuple[Case, Person]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", b"person_id,venue_id,checked_in_at,checked_out_at\n")
    response = client.post("/api/outbreak/checkins/import", {"file": upload}, **bearer(leader))
    assert response.status_code == 403


def test_api_checkins_import_with_external_identifiers(client: Client, health: User) -> None:
    upload = SimpleUploadedFile(
        "xuat.csv",
        b"so_dien_thoai,ma_qr,gio_vao,gio_ra\n0905123456,QR-1,2021-07-10T08:00:00+07:00,\n",
    )
    response = client.post(
        "/api/outbreak/checkins/import?columns=person=so_dien_thoai,venue=ma_qr,"
        "checked_in_at=gio_vao,checked_out_at=gio_ra",
        {"file": upload},
        **bearer(health),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["persons_registered"], body["venues_registered"]) == (1, 1, 1)
    assert Person.objects.get().full_name == ""
    assert VenueIdentifier.objects.get().value == "QR-1"
