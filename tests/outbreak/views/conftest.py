"""The large trace the trace and contacts pages are tested on."""

from __future__ import annotations

import pytest

from tests.outbreak.crowds import Crowd, traced_crowd


@pytest.fixture
def crowd_case() -> Crowd:
    """1 250 F1 persons at the market, 60 F2 persons at the café."""
    return traced_crowd(1250, f2=60)
