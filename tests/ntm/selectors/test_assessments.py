"""An assessment as read (ntm/selectors/assessments.py): values against their targets at the
boundary, the same value against the targets of two regions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dieuhanh.core.scope import Scope
from dieuhanh.ntm.models import CriteriaSet, Criterion, CriterionIndicator, IndicatorTarget, Region
from dieuhanh.ntm.selectors.assessments import assessment_view
from dieuhanh.ntm.services.criteria_sets import commune_profile_set
from tests.conftest import BEFORE, unit_on
from tests.ntm.factories import IA_BLANG, save

pytestmark = pytest.mark.django_db


def test_values_meet_the_target_at_the_boundary(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "90"}, version=0)
    view = assessment_view(scope=Scope.everything(), unit_code=IA_BLANG, on=BEFORE, year=2021)
    labour = next(line for line in view.lines if line.criterion.number == 12)
    assert labour.status == "met"


def test_values_just_below_the_target_miss_it(sets: dict[str, CriteriaSet]) -> None:
    save(IA_BLANG, {"12.1": "89,9"}, version=0)
    view = assessment_view(scope=Scope.everything(), unit_code=IA_BLANG, on=BEFORE, year=2021)
    labour = next(line for line in view.lines if line.criterion.number == 12)
    assert labour.status == "not_met"


@pytest.fixture
def regional_set(db: None) -> CriteriaSet:
    """A set whose only indicator has different targets by region (as Decision 318 has)."""
    s = CriteriaSet.objects.create(
        code="test-regional",
        name="Thử",
        decision="T/QĐ",
        period_from=2021,
        period_to=2025,
        level="standard",
        tier="commune",
    )
    c = Criterion.objects.create(criteria_set=s, number=1, name="Thu nhập", name_en="Income")
    i = CriterionIndicator.objects.create(criterion=c, code="10.1", name="Thu nhập", kind="number")
    IndicatorTarget.objects.create(indicator=i, region=Region.HIGHLANDS, threshold=Decimal(42))
    IndicatorTarget.objects.create(indicator=i, region=Region.RED_RIVER, threshold=Decimal(55))
    return s


def _regional_status(code: str, region: str) -> str:
    from dieuhanh.ntm.services.assessments import AssessmentChange, ValueInput, assessment_save

    commune_profile_set(unit=unit_on(code), region=region)
    assessment_save(
        actor=None,
        scope=Scope.everything(),
        unit_code=code,
        year=2021,
        change=AssessmentChange(values={"10.1": ValueInput("50")}),
        expected_version=0,
        on=BEFORE,
        set_code="test-regional",
    )
    view = assessment_view(
        scope=Scope.everything(), unit_code=code, on=BEFORE, year=2021, set_code="test-regional"
    )
    return view.lines[0].status


def test_the_same_value_meets_the_highlands_target(regional_set: CriteriaSet) -> None:
    assert _regional_status(IA_BLANG, Region.HIGHLANDS) == "met"


def test_the_same_value_misses_the_red_river_target(regional_set: CriteriaSet) -> None:
    assert _regional_status(IA_BLANG, Region.RED_RIVER) == "not_met"
