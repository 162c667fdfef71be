"""Loading the shipped criteria sets (ntm/services/criteria_sets.py): what they hold, loading
again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.ntm.models import CriteriaSet, IndicatorTarget
from dieuhanh.ntm.services.criteria_sets import criteria_sets_load
from tests.ntm.factories import SET_1980

pytestmark = pytest.mark.django_db


def test_the_shipped_sets_have_19_criteria_for_1980_and_318(sets: dict[str, CriteriaSet]) -> None:
    counts = [sets[c].criteria.count() for c in (SET_1980, "qd-318-2022-xa")]
    assert counts == [19, 19]


def test_318_criteria_come_in_5_groups(sets: dict[str, CriteriaSet]) -> None:
    groups = set(sets["qd-318-2022-xa"].criteria.values_list("group", flat=True))
    assert len(groups) == 5


def test_a_set_without_its_tables_says_it_is_incomplete(sets: dict[str, CriteriaSet]) -> None:
    s51 = sets["qd-51-2025-xa"]
    assert (s51.complete, s51.criteria.count(), s51.expected_criteria) == (False, 0, 10)


def test_no_numeric_target_is_invented(sets: dict[str, CriteriaSet]) -> None:
    unknown = IndicatorTarget.objects.filter(indicator__code="15.3", threshold__isnull=True)
    assert unknown.exists()


def test_loading_again_creates_nothing(sets: dict[str, CriteriaSet]) -> None:
    assert criteria_sets_load() == 0


def test_loading_again_keeps_an_administrators_completion(sets: dict[str, CriteriaSet]) -> None:
    target = IndicatorTarget.objects.get(
        indicator__code="15.3", indicator__criterion__criteria_set__code=SET_1980
    )
    target.threshold = Decimal("30")
    target.save()
    criteria_sets_load()
    target.refresh_from_db()
    assert target.threshold == Decimal("30")
