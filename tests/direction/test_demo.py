"""The direction demo (demo/direction_demo.py) loads once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(demo: int) -> None:
    from dieuhanh.demo.direction_demo import direction_demo_load

    assert demo > 0
    assert direction_demo_load() == 0
