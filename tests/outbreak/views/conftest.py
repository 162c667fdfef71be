"""The large trace the trace and contacts pages are tested on."""

from __future__ import annotations

import pytest

from dieuhanh.outbreak.models import Case
from tests.outbreak.crowds import traced_crowd


@pytest.fixture
def crowd_case() -> tuple[Case, list[int], list[int]]:
    """1 250 F1 persons at the market, 60 F2 persons at the café."""
    return traced_crowd(1250, f2=60)
