"""`dieuhanh venues` (outbreak/management/commands/venues.py): register, list, posters."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from dieuhanh.outbreak.models import Venue
from tests.outbreak.factories import IA_BLANG

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("venues", *args, stdout=out)
    return out.getvalue()


def test_venues_create_prints_the_check_in_url() -> None:
    line = run("create", "--unit", IA_BLANG, "--name", "Chợ Ia Blang")
    venue = Venue.objects.get()
    assert line.strip().endswith(f"/c/{venue.checkin_token}")


def test_venues_poster_of_a_unit_writes_one_pdf(tmp_path: Path) -> None:
    run("create", "--unit", IA_BLANG, "--name", "Chợ Ia Blang")
    run("create", "--unit", IA_BLANG, "--name", "Trạm xăng")
    out = tmp_path / "posters.pdf"
    assert "2 poster(s)" in run("poster", "--unit", IA_BLANG, "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")
