from __future__ import annotations

import pytest

from dieuhanh.demo.services import demo_catalogue_load, demo_values_load


@pytest.fixture
def chuse_values(db: None) -> None:
    """The demo's catalogue and Chư Sê values (2019–2021, 2024–2025), in the test database."""
    demo_catalogue_load()
    demo_values_load()
