"""Zones (outbreak/services/zones.py): bad polygons and stale versions refused."""

from __future__ import annotations

import pytest

from dieuhanh.accounts.models import User
from dieuhanh.core.errors import Conflict, ValidationFailed
from dieuhanh.outbreak.services.zones import ZoneInput, zone_save
from tests.outbreak.factories import TOWNSHIP, D, scope_of


def test_a_polygon_of_two_points_is_refused(health: User) -> None:
    with pytest.raises(ValidationFailed):
        zone_save(
            actor=health,
            scope=scope_of(health),
            data=ZoneInput(
                unit_code=TOWNSHIP,
                name="X",
                kind="zoning",
                shape="polygon",
                start=D(2021, 7, 10),
                polygon=((13.7, 108.0), (13.8, 108.1)),
            ),
        )


def test_a_zone_edit_with_a_stale_version_is_a_conflict(health: User) -> None:
    data = ZoneInput(
        unit_code=TOWNSHIP,
        name="Khu A",
        kind="zoning",
        shape="circle",
        start=D(2021, 7, 10),
        center_lat=13.70,
        center_lon=108.08,
        radius_m=800,
    )
    zone = zone_save(actor=health, scope=scope_of(health), data=data)
    zone_save(actor=health, scope=scope_of(health), data=data, zone_id=zone.pk, version=1)
    with pytest.raises(Conflict):
        zone_save(actor=health, scope=scope_of(health), data=data, zone_id=zone.pk, version=1)
