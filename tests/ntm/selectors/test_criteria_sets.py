"""The criteria set of a year (ntm/selectors/criteria_sets.py)."""

from __future__ import annotations

import pytest

from dieuhanh.ntm.models import (
    CriteriaSet,
)
from dieuhanh.ntm.selectors.criteria_sets import criteria_set_for_year
from tests.ntm.factories import SET_1980

pytestmark = pytest.mark.django_db


def test_2021_is_assessed_by_1980_because_318_came_in_2022(sets: dict[str, CriteriaSet]) -> None:
    found = criteria_set_for_year(year=2021)
    assert found is not None and found.code == SET_1980


def test_2023_is_assessed_by_318(sets: dict[str, CriteriaSet]) -> None:
    found = criteria_set_for_year(year=2023)
    assert found is not None and found.code == "qd-318-2022-xa"
