"""The outbreak demo: every venue has the address its QR poster prints above its commune."""

from __future__ import annotations

import pytest

from dieuhanh.demo.outbreak_demo import outbreak_demo_load
from dieuhanh.outbreak.models import Venue

pytestmark = pytest.mark.django_db


def test_every_demo_venue_has_an_address() -> None:
    outbreak_demo_load()
    addresses = list(Venue.objects.values_list("address", flat=True))
    assert addresses
    assert all(addresses)
