"""The outbreak demo: every venue has the address its QR poster prints."""

from __future__ import annotations

import pytest

from dieuhanh.demo.outbreak_demo import outbreak_demo_load
from dieuhanh.outbreak.models import Venue

pytestmark = pytest.mark.django_db


def test_every_demo_venue_has_an_address_in_its_commune() -> None:
    outbreak_demo_load()
    venues = list(Venue.objects.select_related("unit"))
    assert venues
    assert all(v.address.endswith(", " + v.unit.name) for v in venues)
